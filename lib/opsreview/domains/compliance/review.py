"""The platform rules' part of the review: each shop's trial, penalties, the deal's entry."""

from __future__ import annotations

from opsreview.contract.config import tmall_trial_applies
from opsreview.judging import fmt
from opsreview.judging.review import Facts
from opsreview.judging.verdicts import MET
from opsreview.month import scopes


def review_compliance(x: Facts) -> None:
    t = x.t
    trial = x.cfg.section("tmall_trial")
    indicators = {i["key"]: i for i in trial.get("indicators", [])}
    platforms = x.cfg.platforms
    for shop, fig in (x.f.get("shops") or {}).items():
        verdict, day = fig.get("trial_verdict"), t.format(fig.get("trial_day"), "int")
        failures = [k for k in fig.get("trial_failures") or [] if k in indicators]
        # the trial rules are Tmall's and bind a shop only inside its assessment window
        judged = fig.get("in_trial_window", verdict in ("pass", "fail")) \
            and tmall_trial_applies(platforms.get(shop))
        if judged and verdict == "pass":
            first, last = trial.get("window_days", (None, None))
            x.rule(True, x.say("trial_pass", shop=shop, day=day, first=first, last=last),
                   about=scopes.said_key(shop, "trial"))
            left = None if last is None or fig.get("trial_day") is None \
                else last - fig["trial_day"]
            if left is not None and left > 0:  # the assessment still runs: next month's aim
                x.aim(x.say("aims.trial", shop=shop, left=t.format(left, "int")))
        elif judged and (verdict == "fail" or failures):
            x.rule(False, x.say("trial_fail", shop=shop, day=day, failures=x.join(
                [_line(x, indicators[k]) for k in failures])), alert=True,
                about=scopes.said_key(shop, "trial"), brief=x.say("brief.trial_fail", shop=shop))
            x.aim(x.say("aims.standards", shop=shop, standards=x.join(
                [_standard(x, indicators[k]) for k in failures])))
        penalty = fig.get("penalty") or {}
        if penalty.get("tier_points"):
            left = penalty.get("points_to_next")
            latest = penalty.get("latest_serious") or {}
            why = "" if not latest else x.say(
                "penalty_why", date=t.format(latest["date"], "date"), rule=latest["rule"],
                points=t.format(latest["points"], "int"))
            x.rule(False, x.say("penalty_next" if left else "penalty", shop=shop, why=why,
                                points=t.format(fig.get("serious_points_ytd"), "int"),
                                consequence=penalty.get(f"consequence_{t.lang}") or "",
                                left=t.format(left, "int")), alert=True,
                   about=scopes.said_key(shop, "penalty"),
                   brief=_penalty_brief(x, shop, fig, penalty))
            x.aim(x.say("aims.penalty", shop=shop))
        if fig.get("red_line"):
            rule = x.cfg.section("taobao_penalties").get("red_line", {})
            x.rule(False, x.say("red_line", shop=shop,
                                consequence=(rule.get("consequence") or {}).get(t.lang, "")),
                   alert=True, brief=x.say("brief.red_line", shop=shop))
        if fig.get("deal_eligible") is True:  # a status the tables show: counted, not said
            x.out.checks.append(MET)
        elif fig.get("deal_eligible") is False:
            failed = fig.get("deal_failures")  # absent from a metrics.json of an older build
            x.rule(False, x.say("deal_missed", shop=shop,
                                rules=_deal_rules(x, failed, fig.get("deal_values")))
                   if failed else x.say("deal_no", shop=shop, rules=_deal_rules(x)),
                   about=scopes.said_key(shop, "deal"))
            x.aim(x.say("aims.deal", shop=shop))


def _penalty_brief(x: Facts, shop: str, fig: dict, penalty: dict) -> str:
    """The overview's clause on a penalty: what is still to act on is the next tier (the
    tier reached has been served or is being served), when there is one."""
    consequence = penalty.get(f"consequence_{x.t.lang}") or ""
    points = fig.get("serious_points_ytd")
    tiers = sorted(x.cfg.section("taobao_penalties").get("tiers", []),
                   key=lambda tier: tier["points"])
    nxt = next((tier for tier in tiers if points is not None and tier["points"] > points),
               None)
    if nxt is None or not penalty.get("points_to_next"):
        return x.say("brief.penalty", shop=shop, consequence=consequence)
    return x.say("brief.penalty_next", shop=shop, consequence=consequence,
                 points=x.t.format(points, "int"),
                 left=x.t.format(penalty["points_to_next"], "int"),
                 next=nxt["consequence"][x.t.lang])


def _kind(unit_or_key: str) -> str:
    """How a platform threshold is formatted: rates as percentages, money as CNY."""
    if "rate" in unit_or_key or "percentile" in unit_or_key:
        return "percent"
    return "money" if unit_or_key == "CNY" else "number"


def _label(x: Facts, group: str, key: str) -> str:
    """A compliance label inside a sentence: 'late shipping rate', but 'DSR score' kept."""
    return x.t.inline(x.t.get(f"compliance.{group}.{key}") or key)


def _line(x: Facts, indicator: dict) -> str:
    """'发货延迟率（淘汰线 > 5%）': an indicator and the elimination line it crossed."""
    rule = indicator.get("elimination") or {}
    above = "above" in rule
    line = rule.get("above", rule.get("below"))
    if line is None:
        return _label(x, "indicators", indicator["key"])
    kind = _kind(rule.get("column") or indicator.get("standard", {}).get("unit", ""))
    return x.say("line", label=_label(x, "indicators", rule.get("column") or indicator["key"]),
                 sign=">" if above else "<", line=x.t.format(line, kind))


def _standard(x: Facts, indicator: dict) -> str:
    """'发货延迟率 ≤ 5%': the standard next month's aim is to reach."""
    std = indicator.get("standard") or {}
    return x.say("aims.standard", label=_label(x, "indicators", indicator["key"]),
                 sign=fmt.sign(std.get("better")),
                 value=x.t.format(std.get("value"), _kind(std.get("unit", ""))))


def _deal_rules(x: Facts, keys: list[str] | None = None, values: dict | None = None) -> str:
    """'店铺 DSR 评分 ≥ 4.8、近 30 天纠纷退款率 ≤ 0.5%、商品库存 ≥ 500', from config (the rules
    named in `keys` only, when given); with the shop's VALUES, each says where the shop is:
    '店铺 DSR 评分 4.6（须 ≥ 4.8）'."""
    out = []
    for rule in x.cfg.section("deal_entry").get("rules", []):
        if keys is not None and rule["key"] not in keys:
            continue
        sign, limit = ("≥", rule["min"]) if "min" in rule else ("≤", rule.get("max"))
        label, kind = _label(x, "deal_rules", rule["key"]), _kind(rule["key"])
        value = (values or {}).get(rule["key"])
        # a score as the platform shows it (DSR 4.62), not rounded to one decimal
        shown = fmt.number(value, x.t.lang, 2) if kind == "number" and value is not None \
            else x.t.format(value, kind)
        out.append(f"{label} {sign} {x.t.format(limit, kind)}" if value is None else
                   x.say("deal_rule", label=label, value=shown, sign=sign,
                         limit=x.t.format(limit, kind)))
    return x.join(out)
