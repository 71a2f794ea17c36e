"""The written monthly review on the index page, one small function per domain.

Each function reads only that domain's metrics.json figures, last month's headline figures
and config, and says what went well, what did not (with the gap to its target or benchmark)
and next month's aims. Every fact is said once, on one side. Texts are plain; the index
escapes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import needs
from ..config import Config
from ..domains import REGISTRY
from . import fmt
from .findings import gap, kpi_sentences
from .labels import Labels


@dataclass
class Review:
    """One domain's part of the review: an overview line, achievements, problems, aims."""

    overview: list[str] = field(default_factory=list)
    good: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    aims: list[str] = field(default_factory=list)


class Facts:
    """A domain's figures and the phrasing its sentences share (formats, targets, changes)."""

    def __init__(self, name: str, figures: dict, previous: dict | None, cfg: Config,
                 t: Labels) -> None:
        self.name, self.f, self.prev, self.cfg, self.t = name, figures, previous or {}, cfg, t
        self.kinds = {hl.metric: hl.format for hl in REGISTRY[name].headline}
        self.out = Review()

    def has(self, *keys: str) -> bool:
        return all(self.f.get(k) is not None for k in keys)

    def v(self, key: str, kind: str | None = None) -> str:
        """A figure of this domain formatted for people, in its headline kind by default."""
        return self.t.format(self.f.get(key), kind or self.kinds.get(key, "number"))

    def say(self, key: str, **values: Any) -> str:
        return self.t(f"review.{self.name}.{key}", **values)

    def since(self, key: str, before: Any = None, kind: str | None = None) -> str:
        """'（较上月 +8.2 个百分点）' when last month's figure is known, else nothing."""
        before = self.prev.get(key) if before is None else before
        now = self.f.get(key)
        if not isinstance(now, int | float) or not isinstance(before, int | float) \
                or now == before:
            return ""
        return self.t("review.since", change=fmt.change(
            now, before, kind or self.kinds.get(key, "number"), self.t.lang))

    def judge(self, target_key: str, value: float, kind: str) -> tuple[bool, str]:
        """Whether VALUE meets a config target, and the phrase that says so with the gap."""
        target = self.cfg.target(target_key)
        met = bool(target.met(value))
        kind_word = self.t(f"common.target.{target.kind}")
        return met, self.t(
            f"review.judge.{'met' if met else 'missed'}",
            kind=kind_word if self.t.lang == "zh" else kind_word.lower(),
            sign=fmt.sign(target.better),
            target=self.t.format(target.value, kind),
            gap=gap(float(value), target.value, kind, self.t.lang))

    def judged(self, sentence: str, key: str, target_key: str, **values: Any) -> bool:
        """Add a sentence on a targeted figure to the right side; a miss adds its aim."""
        met, phrase = self.judge(target_key, self.f[key], self.kinds.get(key, "number"))
        self.add(met, self.say(sentence, value=self.v(key), judged=phrase, **values))
        if not met:
            self.aim_of(target_key)
        return met

    def add(self, good: bool, text: str) -> None:
        (self.out.good if good else self.out.bad).append(text)

    def aim(self, text: str) -> None:
        if text and text not in self.out.aims:
            self.out.aims.append(text)

    def aim_of(self, target_key: str) -> None:
        """The config `action` text of a missed target."""
        self.aim((self.cfg.target(target_key).action or {}).get(self.t.lang, ""))

    def join(self, items: list[str]) -> str:
        return self.t.join(items)


def _seo(x: Facts) -> None:
    f, t = x.f, x.t
    if x.has("keywords"):
        x.out.overview.append(x.say("overview", keywords=x.v("keywords"),
                                    since=x.since("keywords", _previous(f, "keywords")),
                                    top10=x.v("top10_share")))
    named = [c for c in f.get("collapses") or []
             if all(c.get(k) is not None for k in ("site", "date", "pages_before", "pages"))]
    for c in named:
        x.add(False, x.say("collapse", site=c["site"], date=t.format(c["date"], "date"),
                           before=t.format(c["pages_before"], "int"),
                           after=t.format(c["pages"], "int")))
        x.aim(x.say("aims.collapse", site=c["site"]))
    if not named and f.get("index_collapses"):
        x.add(False, x.say("collapses", n=x.v("index_collapses")))
        x.aim(x.say("aims.collapses"))
    best = f.get("best_trial") or {}
    if best.get("relative_change") is not None and best["relative_change"] < 0:
        x.add(True, x.say("best_trial", site=best.get("site"),
                          strategy=t.enum("seo_actions", "strategy", best.get("strategy")),
                          change=t.format(-best["relative_change"], "percent")))
    if x.has("no_effect_share", "strategy_trials") and f["no_effect_share"] > 0:
        x.add(False, x.say("no_effect", trials=x.v("strategy_trials", "int"),
                           share=x.v("no_effect_share"),
                           since=x.since("no_effect_share", _previous(f, "no_effect_share"))))
        x.aim(x.say("aims.trials"))
    for s in f.get("split_strategies") or []:
        if not (s.get("strategy") and s.get("best_site") and s.get("weakest_site")):
            continue
        x.add(False, x.say("split", strategy=t.enum("seo_actions", "strategy", s.get("strategy")),
                           best=s.get("best_site"), weakest=s.get("weakest_site"),
                           weak_change=t.format(abs(s.get("weakest_change") or 0), "percent")))
        x.aim(x.say("aims.trials"))
    before = _previous(f, "improved_share")
    if x.has("improved_share") and isinstance(before, int | float) \
            and f["improved_share"] != before:
        x.add(f["improved_share"] > before,
              x.say("improved", share=x.v("improved_share"),
                    since=x.since("improved_share", before)))


def _previous(f: dict, key: str) -> Any:
    """Last month's value of a key the SEO metrics carry in their own `changes` table."""
    return ((f.get("changes") or {}).get(key) or {}).get("previous")


def _site(x: Facts) -> None:
    f, t = x.f, x.t
    site = f.get("site") or ""
    name = (x.cfg.site(site) or {}).get("name") or site
    if x.has("first_week_avg_daily_uv", "launched_on"):
        met, phrase = x.judge("new_site_daily_uv", f["first_week_avg_daily_uv"], "number")
        x.add(met, x.say("launch", name=name, site=site, date=t.format(f["launched_on"], "date"),
                         uv=x.v("first_week_avg_daily_uv"), judged=phrase,
                         vs=x.v("first_week_vs_benchmark", "signed_percent")))
        if not met:
            x.aim_of("new_site_daily_uv")
    elif x.has("avg_daily_uv"):
        x.out.overview.append(x.say("avg_uv", name=name, uv=x.v("avg_daily_uv")))
    if x.has("load_seconds_start", "load_seconds_end") \
            and f["load_seconds_start"] != f["load_seconds_end"]:
        faster = f["load_seconds_end"] < f["load_seconds_start"]
        x.add(faster, x.say("load_faster" if faster else "load_slower",
                            start=fmt.duration(f["load_seconds_start"], "seconds", t.lang),
                            end=fmt.duration(f["load_seconds_end"], "seconds", t.lang)))
    if x.has("other_faults", "other_faults_resolved", "fault_resolution_rate"):
        before = x.prev.get("fault_resolution_rate")
        x.add(before is None or f["fault_resolution_rate"] >= before,
              x.say("faults", n=x.v("other_faults", "int"),
                    resolved=x.v("other_faults_resolved", "int"),
                    rate=x.v("fault_resolution_rate")))
    if x.has("articles_per_day"):
        x.judged("articles", "articles_per_day", "articles_per_day")
    if x.has("core_topic_coverage"):
        topics = f.get("uncovered_core_topics") or []
        if topics and x.has("core_topics_covered", "core_topics_planned"):
            x.judged("coverage", "core_topic_coverage", "core_topic_coverage",
                     covered=x.v("core_topics_covered", "int"),
                     planned=x.v("core_topics_planned", "int"), topics=x.join(topics[:2]),
                     uncovered=t.format(len(topics), "int"))
        else:
            x.judged("coverage_short", "core_topic_coverage", "core_topic_coverage")
    if x.has("timeout_mttr_minutes", "timeouts"):
        x.judged("timeouts", "timeout_mttr_minutes", "incident_recovery_minutes",
                 n=x.v("timeouts", "int"))
    if x.has("consultation_accuracy"):
        x.judged("accuracy", "consultation_accuracy", "consultation_accuracy",
                 reviewed=x.v("consultations_reviewed", "int"))


def _market(x: Facts) -> None:
    f = x.f
    if x.has("visits", "intent_rate"):
        x.add(True, x.say("visits", visits=x.v("visits"), rate=x.v("intent_rate"),
                          since=x.since("intent_rate", f.get("intent_rate_previous"))))
    if x.has("new_branches", "cities_covered") and f["new_branches"] > 0:
        growth = f.get("cities_covered_growth")
        x.add(True, x.say("branches", n=x.v("new_branches"), companies=x.v("new_companies", "int"),
                          offices=x.v("new_offices", "int"), cities=x.v("cities_covered", "int"),
                          since="" if growth is None else x.t(
                              "review.since", change=x.t.format(growth, "signed_percent"))))
    if x.has("contracts_signed", "contract_amount"):
        x.add(True, x.say("contracts", n=x.v("contracts_signed", "int"),
                          amount=x.v("contract_amount"), since=x.since("contract_amount"),
                          received=x.v("contract_received", "money")))
    if x.has("fee_collection_rate"):
        x.judged("fees", "fee_collection_rate", "fee_collection_rate",
                 since=x.since("fee_collection_rate"))
    if x.has("self_run_amount"):
        amount, got = f["self_run_amount"], f.get("self_run_received")
        x.add(True, x.say("self_run", amount=x.v("self_run_amount", "money"),
                          received=x.v("self_run_received", "money"),
                          share=x.t.format(got / amount if got is not None and amount else None,
                                           "percent"),
                          progress=x.v("self_run_progress", "percent")))
    if x.has("on_time_rate"):
        x.judged("on_time", "on_time_rate", "on_time_delivery", since=x.since("on_time_rate"),
                 on_time=x.v("contracts_on_time", "int"), due=x.v("contracts_due", "int"),
                 delay=x.v("mean_delay_days", "days"))
    if x.has("review_pass_rate_county"):
        x.judged("county", "review_pass_rate_county", "county_review_pass_rate",
                 core=x.v("review_pass_rate_core", "percent"),
                 since=x.since("review_pass_rate_county"))
    if x.has("settlement_days_mean"):
        x.judged("settlement", "settlement_days_mean", "settlement_days",
                 since=x.since("settlement_days_mean"))
    if x.has("online_share"):
        x.judged("online", "online_share", "online_acquisition_share",
                 since=x.since("online_share"))


def _service(x: Facts) -> None:
    f, t = x.f, x.t
    mix = [f"{t.enum('cs_sessions', 'category', code)} {x.v(f'share_{code}', 'percent')}"
           for code in ("routine", "recommendation", "dispute", "emergency")
           if x.has(f"share_{code}")]
    if x.has("sessions_per_agent_day", "peak_agent_day") and mix:
        x.out.overview.append(x.say("overview", per_day=x.v("sessions_per_agent_day"),
                                    peak=x.v("peak_agent_day"), mix=x.join(mix)))
    elif x.has("sessions_per_agent_day"):  # the per-agent export: buyers received, no mix
        x.out.overview.append(x.say("overview_agents", per_day=x.v("sessions_per_agent_day"),
                                    agents=x.v("agents", "int")))
    shown = [x.say(f"agent_figures.{k}", value=x.v(k)) for k in
             ("inquiry_conversion", "satisfaction_rate", "service_sales") if x.has(k)]
    if shown:
        text = x.say("agent_figures.line", figures=x.join(shown))
        x.out.overview.append(text[:1].upper() + text[1:])
    for need, keys in needs.grouped(f, "service").items():
        x.out.overview.append(x.say("needs", n=len(keys), source=need.source(t)))
    if x.has("first_response_mean_seconds"):
        industry = x.cfg.target("industry_first_response_seconds")
        x.judged("response", "first_response_mean_seconds", "first_response_seconds",
                 since=x.since("first_response_mean_seconds"),
                 industry=t.format(industry.value, "seconds"))
        if industry.met(f["first_response_mean_seconds"]) is False:
            x.aim_of("industry_first_response_seconds")
    limit = x.cfg.target("first_response_seconds").value
    if x.has("within_60s_share", "first_response_p90_seconds") \
            and f["first_response_p90_seconds"] > limit:
        x.add(False, x.say("slow", late=t.format(1 - f["within_60s_share"], "percent"),
                           limit=t.format(limit, "seconds"), p90=x.v("first_response_p90_seconds")))
        x.aim(x.say("aims.slow", limit=t.format(limit, "seconds")))
    if x.has("reco_conversion_need", "reco_conversion_bestseller") \
            and f["reco_conversion_need"] != f["reco_conversion_bestseller"]:
        higher = f["reco_conversion_need"] > f["reco_conversion_bestseller"]
        diff = f["reco_conversion_need"] - f["reco_conversion_bestseller"]
        x.add(higher, x.say("reco" if higher else "reco_low",
                            need=x.v("reco_conversion_need", "percent"),
                            best=x.v("reco_conversion_bestseller", "percent"),
                            gap=t.format(abs(diff), "points").lstrip("+")))
        if not higher:
            x.aim(x.say("aims.reco"))
    if x.has("dispute_resolution_rate"):
        x.add(True, x.say("disputes", rate=x.v("dispute_resolution_rate"),
                          since=x.since("dispute_resolution_rate")))
    if f.get("unresolved_logistics_share"):
        x.add(False, x.say("logistics", share=x.v("unresolved_logistics_share", "percent")))
        x.aim(x.say("aims.logistics"))
    if f.get("high_risk_sessions") and x.has("high_risk_satisfaction", "other_satisfaction"):
        diff = f["other_satisfaction"] - f["high_risk_satisfaction"]
        x.add(False, x.say("high_risk", threshold=x.cfg.shake_threshold,
                           n=x.v("high_risk_sessions"),
                           risk=x.v("high_risk_satisfaction", "percent"),
                           other=x.v("other_satisfaction", "percent"),
                           gap=t.format(diff, "points").lstrip("+")))
        x.aim(x.say("aims.high_risk"))
    if f.get("stock_query_per_day"):
        x.add(False, x.say("stock", n=x.v("stock_query_per_day"),
                           share=x.v("stock_query_time_share", "percent")))
        x.aim(x.say("aims.stock"))


def _campaigns(x: Facts) -> None:
    f, t = x.f, x.t
    if x.has("deal_visitors", "deal_units"):
        x.add(True, x.say("deal", visitors=x.v("deal_visitors"),
                          uplift=x.v("deal_traffic_uplift", "signed_percent"),
                          units=x.v("deal_units", "int"), gmv=x.v("deal_gmv", "money")))
    if x.has("deal_roi"):
        _deal_roi(x)
    if x.has("full_reduction_orders") and f["full_reduction_orders"]:
        x.add(True, x.say("full_reduction", orders=x.v("full_reduction_orders"),
                          aov=x.v("full_reduction_aov_uplift", "signed_percent"),
                          conversion=x.v("full_reduction_conversion", "percent")))
    if x.has("coupon_issued", "coupon_redemption"):
        x.add(True, x.say("coupons", issued=x.v("coupon_issued", "int"),
                          rate=x.v("coupon_redemption"), since=x.since("coupon_redemption")))
    if f.get("bundle_orders"):
        x.add(True, x.say("bundles", n=x.v("bundle_orders", "int"), share=x.v("bundle_share")))
    if f.get("rule_bugs") and x.has("rule_bug_fix_minutes_max"):
        if not x.judged("rule_bugs", "rule_bug_fix_minutes_max", "rule_bug_fix_minutes",
                        n=x.v("rule_bugs", "int"), since=x.since("rule_bug_fix_minutes_max")) \
                and x.cfg.target("rule_bug_complaint_minutes").met(
                    f["rule_bug_fix_minutes_max"]) is False:
            x.aim_of("rule_bug_complaint_minutes")
    if f.get("emergencies"):
        still = f["emergencies"] - (f.get("emergencies_fixed") or 0)
        minutes = x.v("emergency_response_minutes_mean", "minutes")
        if still > 0 and f.get("emergencies_fixed") is not None:
            x.add(False, x.say("emergencies_open", n=x.v("emergencies", "int"), minutes=minutes,
                               open=t.format(still, "int")))
            x.aim(x.say("aims.emergencies"))
        elif still <= 0:
            x.add(True, x.say("emergencies", n=x.v("emergencies", "int"), minutes=minutes))


def _deal_roi(x: Facts) -> None:
    """ROI against the industry mean and, when the deal's margin rate is known, against the
    break-even ROI the campaigns page shows (1 / margin rate), so the two never disagree."""
    f, t = x.f, x.t
    roi, bench = f["deal_roi"], x.cfg.target("campaign_roi").value
    even = 1 / f["deal_margin_rate"] if f.get("deal_margin_rate") else None
    margin = f.get("deal_margin_change")
    margin_text = x.say("margin", change=t.format(margin, "points")) \
        if margin is not None and margin < 0 else ""
    values = {"roi": t.format(roi, "ratio"), "bench": t.format(bench, "ratio"),
              "even": t.format(even, "ratio"), "margin": margin_text}
    if roi < bench:
        _, phrase = x.judge("campaign_roi", roi, "ratio")
        x.add(False, x.say("roi_missed", judged=phrase, **values))
        x.aim_of("campaign_roi")
    elif even is not None and roi < even:
        x.add(False, x.say("roi_below_even", **values))
        x.aim(x.say("aims.break_even"))
    elif even is None and margin_text:
        x.add(False, x.say("roi_margin", **values))
        x.aim(x.say("aims.break_even"))
    else:
        x.add(True, x.say("roi_good", **{**values, "even": "" if even is None else x.say(
            "even_also", even=values["even"])}))


def _compliance(x: Facts) -> None:
    t = x.t
    trial = x.cfg.section("tmall_trial")
    indicators = {i["key"]: i for i in trial.get("indicators", [])}
    for shop, fig in (x.f.get("shops") or {}).items():
        verdict, day = fig.get("trial_verdict"), t.format(fig.get("trial_day"), "int")
        failures = [k for k in fig.get("trial_failures") or [] if k in indicators]
        lines = x.join([_line(x, indicators[k]) for k in failures])
        if verdict == "pass":
            x.add(True, x.say("trial_pass", shop=shop, day=day))
        elif verdict == "fail" or failures:
            x.add(False, x.say("trial_fail" if verdict == "fail" else "trial_out",
                               shop=shop, day=day, failures=lines))
            x.aim(x.say("aims.standards", shop=shop, standards=x.join(
                [_standard(x, indicators[k]) for k in failures])))
        penalty = fig.get("penalty") or {}
        if penalty.get("tier_points"):
            left = penalty.get("points_to_next")
            x.add(False, x.say("penalty_next" if left else "penalty", shop=shop,
                               points=t.format(fig.get("serious_points_ytd"), "int"),
                               consequence=penalty.get(f"consequence_{t.lang}") or "",
                               left=t.format(left, "int")))
            x.aim(x.say("aims.penalty", shop=shop))
        if fig.get("red_line"):
            rule = x.cfg.section("taobao_penalties").get("red_line", {})
            x.add(False, x.say("red_line", shop=shop,
                               consequence=(rule.get("consequence") or {}).get(t.lang, "")))
        if fig.get("deal_eligible") is True:
            x.add(True, x.say("deal_ok", shop=shop))
        elif fig.get("deal_eligible") is False:
            failed = fig.get("deal_failures")  # absent from a metrics.json of an older build
            x.add(False, x.say("deal_missed", shop=shop, rules=_deal_rules(x, failed))
                  if failed else x.say("deal_no", shop=shop, rules=_deal_rules(x)))
            x.aim(x.say("aims.deal", shop=shop))


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


def _deal_rules(x: Facts, keys: list[str] | None = None) -> str:
    """'店铺 DSR 评分 ≥ 4.8、近 30 天纠纷退款率 ≤ 0.5%、商品库存 ≥ 500', from config (the rules
    named in `keys` only, when given)."""
    out = []
    for rule in x.cfg.section("deal_entry").get("rules", []):
        if keys is not None and rule["key"] not in keys:
            continue
        sign, value = ("≥", rule["min"]) if "min" in rule else ("≤", rule.get("max"))
        out.append(f"{_label(x, 'deal_rules', rule['key'])} {sign} "
                   f"{x.t.format(value, _kind(rule['key']))}")
    return x.join(out)


def _team(x: Facts) -> None:
    f, t = x.f, x.t
    if x.has("headcount"):
        groups = [x.say("group", group=g, n=t.format(n, "int"))
                  for g, n in (f.get("group_headcount") or {}).items()]
        x.out.overview.append(x.say("overview", headcount=x.v("headcount"),
                                    groups=x.v("groups"), breakdown=x.join(groups)))
    before = f.get("headcount_previous", x.prev.get("headcount"))
    if x.has("headcount") and isinstance(before, int | float) and before != f["headcount"]:
        grew = f["headcount"] > before
        x.add(grew, x.say("grew" if grew else "shrank", n=t.format(abs(f["headcount"] - before),
                                                                  "int"),
                          before=t.format(before, "int"), now=x.v("headcount")))
        if not grew:
            x.aim(x.say("aims.hire"))
    for row in f.get("kpi_targets") or []:  # hand-kept figures judged as the pages judge them
        for kind, text in kpi_sentences([row], t):
            x.add(kind == "good", text)
            if kind == "bad" and row["kpi"] in x.cfg.targets:
                x.aim_of(row["kpi"])


REVIEWS: dict[str, Callable[[Facts], None]] = {
    "seo": _seo, "site": _site, "market": _market, "service": _service,
    "campaigns": _campaigns, "compliance": _compliance, "team": _team,
}


assert set(REVIEWS) == set(REGISTRY), "every domain has its part of the written review"


def domain_review(name: str, figures: dict, previous: dict | None, cfg: Config,
                  t: Labels) -> Review:
    """What the review says about one domain whose build is ok."""
    facts = Facts(name, figures, previous, cfg, t)
    REVIEWS[name](facts)
    return facts.out
