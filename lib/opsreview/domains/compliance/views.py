"""Tables, chart and sentences of the compliance page, from the tables of its metrics.py.

Every rule and threshold comes from config/targets.yml through Config().section(...). Mixed
figures (money, rates, counts) share a column here, so those cells are formatted in this
module and reach the page as text.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from opsreview.contract.catalog import BY_NAME
from opsreview.contract.config import tmall_trial_applies
from opsreview.domains.compliance import metrics as m
from opsreview.domains.tables import Tables, no_data_figure
from opsreview.judging import fmt
from opsreview.judging.labels import Labels
from opsreview.month import scopes
from opsreview.pages import charts
from opsreview.pages.shops import deal_words, trial_words


def tables(md, cfg, figures: dict | None = None) -> Tables:
    """Per shop: its status row, scorecard, verdict, deal checklist and penalty ledger line."""
    status, violations = md.get("shop_status"), md.get("violations")
    trial, deal = cfg.section("tmall_trial"), cfg.section("deal_entry")
    rules = cfg.section("taobao_penalties")
    names = m.shop_names(status, violations, cfg.shops)
    rows = {} if status is None else {r["shop"]: r for _, r in status.iterrows()}
    ytd = None if violations is None else m.year_to_date(violations, md.month)
    ledger = None if ytd is None else m.penalty_ledger(violations, names, md.month, rules)
    shops = []
    for name in names:
        row = rows.get(name)
        shop = SimpleNamespace(name=name, platform=_platform(cfg, name), row=row, day=None,
                               in_window=None, window_open=None, scorecard=None, verdict=None,
                               failures=[], checklist=None, eligible=None, penalty=None)
        if row is not None:
            shop.day = m.trial_day(row["entered_on"], md.month)
            shop.in_window = m.in_window(shop.day, trial)
            shop.window_open = m.window_open(shop.day, trial)
            shop.scorecard = m.trial_scorecard(row, trial)
            shop.verdict, shop.failures = m.trial_verdict(shop.scorecard, shop.in_window)
            shop.checklist = m.deal_checklist(row, deal)
            shop.eligible = m.deal_eligible(shop.checklist)
        if ledger is not None:
            shop.penalty = ledger[ledger["shop"] == name].iloc[0].to_dict()
        if row is not None or shop.penalty is not None:
            shops.append(shop)
    return Tables(shops=shops, trial=trial, deal=deal, rules=rules,
                           violations=ytd, month=md.month)


def _platform(cfg, shop: str) -> str | None:
    return cfg.platforms.get(shop)


# --- formatting mixed figures ---------------------------------------------------------------
def _rate(value, lang: str) -> str:
    """Rates here are small (0.06 %), so two decimals."""
    return fmt.percent(value, lang, digits=2)


def show(value, kind: str, t: Labels) -> str:
    """A figure by its kind: CNY, rate, items, int (a count) or num."""
    if value is None or pd.isna(value):
        return fmt.NO_DATA[t.lang]
    if kind == "CNY":
        return fmt.money(value, t.lang)
    if kind == "rate":
        return _rate(value, t.lang)
    if kind == "items":
        return t("compliance.units.items", n=fmt.integer(value, t.lang))
    if kind == "int":
        return fmt.integer(value, t.lang)
    return fmt.number(value, t.lang, digits=2)


def _column_kind(dataset: str, column: str) -> str:
    return BY_NAME[dataset].column(column).type


# --- display tables -------------------------------------------------------------------------
def summary_table(tabs: SimpleNamespace, t: Labels) -> pd.DataFrame:
    """One line per shop: trial verdict, serious points and penalty, deal eligibility."""
    rows = []
    for shop in tabs.shops:
        pen = shop.penalty
        rows.append({  # the verdicts first, a penalty the first of them: on a phone they
            "shop": shop.name,  # are in view without scrolling
            "penalty": "" if pen is None else penalty_text(pen, tabs.rules, t, tabs.month),
            "trial": verdict_text(shop, t),
            "deal": deal_text(shop.eligible, shop.checklist, t),
            "serious_points": None if pen is None else pen["serious_points_ytd"],
            "platform": t(f"compliance.platforms.{shop.platform}") if shop.platform else "",
        })
    return pd.DataFrame(rows)


def verdict_text(shop: SimpleNamespace, t: Labels) -> str:
    return trial_words(shop.verdict, shop.day, t, shop.window_open, shop.platform)


def penalty_text(pen: dict, rules: dict, t: Labels, month=None) -> str:
    """The tier reached and its consequence, and for a block of so many days (config
    `days`) from the serious violation that reached it, whether it was served by the
    month's end; a red line overrides every tier."""
    if pen["red_line"]:
        return t("compliance.penalty.red_line", consequence=rules["red_line"]["consequence"]
                 [t.lang])
    if pd.isna(pen["tier_points"]):
        return t("compliance.penalty.none")
    text = t("compliance.penalty.tier", points=int(pen["tier_points"]),
             consequence=pen[f"consequence_{t.lang}"])
    days = m.block(pen, rules)
    if days is None or month is None:
        return text
    start, end = days
    if end <= month.end:
        return text + t("compliance.penalty.served", start=t.format(start, "date"),
                        end=t.format(end, "date"))
    return text + t("compliance.penalty.serving", start=t.format(start, "date"))


def deal_text(eligible: bool | None, checklist: pd.DataFrame | None, t: Labels) -> str:
    if checklist is None:
        return fmt.NO_DATA[t.lang]
    return deal_words(eligible, t)


def trial_table(tabs: SimpleNamespace, t: Labels) -> pd.DataFrame:
    """Per shop with figures: entry date, day, the window, the verdict and what failed it."""
    first, last = tabs.trial["window_days"]
    window = t("compliance.units.window", first=first, last=last)
    rows = [{"shop": s.name, "verdict": verdict_text(s, t),  # in view on a phone
             # a shop the trial does not bind has no failures to list (never ✗ beside 不适用)
             "failures": t.join(t(f"compliance.indicators.{k}") for k in s.failures)
             if tmall_trial_applies(s.platform) else "",
             "trial_day": s.day, "window": window if tmall_trial_applies(s.platform) else "—",
             "entered_on": s.row["entered_on"]}
            for s in tabs.shops if s.row is not None]
    out = pd.DataFrame(rows)
    return out.drop(columns="failures") if len(out) and not out["failures"].any() else out


def scorecard_table(tabs: SimpleNamespace, t: Labels) -> pd.DataFrame:
    """Every indicator of every shop with figures: value, standard, elimination, status.
    A Tmall shop outside its window is listed too, for reference (the page's note says so); a
    shop the trial does not bind (Taobao) is not: it cannot fail what does not apply."""
    column_of = {ind["key"]: ind["column"] for ind in tabs.trial["indicators"]}
    frames = []
    for shop in tabs.shops:
        card = shop.scorecard
        if card is None or not tmall_trial_applies(shop.platform):
            continue
        frames.append(pd.DataFrame({  # the status beside its indicator: in view on a phone
            "shop": shop.name,
            "indicator": [t(f"compliance.indicators.{k}") for k in card["indicator"]],
            "status": [t(f"compliance.status.{s}") for s in card["status"]],
            "value": [show(v, u, t) for v, u in zip(card["value"], card["unit"], strict=True)],
            "standard": [f"{fmt.sign(b)} {show(v, u, t)}" for v, b, u in
                         zip(card["standard"], card["better"], card["unit"], strict=True)],
            "elimination": [_elimination(r, column_of[r["indicator"]], t)
                            for r in card.to_dict("records")],
            "group": [t(f"compliance.groups.{g}") if g else "" for g in card["group"]],
        }))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _elimination(rec: dict, own_column: str, t: Labels) -> str:
    """The elimination line; when it judges another column, that column's value too."""
    sign = "<" if rec["elimination_rule"] == "below" else ">"
    col = rec["elimination_column"]
    if col == own_column:
        return f"{sign} {show(rec['elimination_line'], rec['unit'], t)}"
    kind = _column_kind("shop_status", col)
    return t("compliance.units.elimination_other", label=t(f"compliance.indicators.{col}"),
             sign=sign, line=show(rec["elimination_line"], kind, t),
             value=show(rec["elimination_value"], kind, t))


def ledger_table(tabs: SimpleNamespace, t: Labels) -> pd.DataFrame:
    """Per shop: this year's serious and general points, the tier reached, the next tier."""
    rows = []
    for shop in tabs.shops:
        pen = shop.penalty
        if pen is None:
            continue
        nxt = pen["next_tier_points"]
        rows.append({  # the tier reached next to the points: in view on a phone
            "shop": shop.name, "serious_points": pen["serious_points_ytd"],
            "tier": t("compliance.penalty.no_tier") if pd.isna(pen["tier_points"]) else
            t("compliance.units.points", n=int(pen["tier_points"])),
            "consequence": _consequence(pen, tabs.rules, t.lang),
            "next_tier": t("compliance.penalty.last_tier") if pd.isna(nxt) else
            t("compliance.units.points", n=int(nxt)),
            "points_to_next": "" if pd.isna(nxt) else
            t("compliance.units.points", n=int(pen["points_to_next"])),
            "general_points": pen["general_points_ytd"],
        })
    return pd.DataFrame(rows)


def _consequence(pen: dict, rules: dict, lang: str) -> str:
    if pen["red_line"]:
        return rules["red_line"]["consequence"][lang]
    return "" if pd.isna(pen["tier_points"]) else pen[f"consequence_{lang}"]


def violations_table(tabs: SimpleNamespace, t: Labels) -> pd.DataFrame:
    """This year's penalty records, newest first, severity in words."""
    if tabs.violations is None:
        return pd.DataFrame()
    rows = tabs.violations.sort_values("date", ascending=False)
    return rows.assign(severity=[t.enum("violations", "severity", s) for s in rows["severity"]])[
        ["date", "shop", "rule", "severity", "points"]]


def deal_table(tabs: SimpleNamespace, t: Labels) -> pd.DataFrame:
    """The entry checklist per shop: value, requirement, met."""
    frames = []
    for shop in tabs.shops:
        if shop.checklist is None:
            continue
        ck = shop.checklist
        kinds = [_column_kind("shop_status", r["column"]) for r in tabs.deal["rules"]]
        frames.append(pd.DataFrame({
            "shop": shop.name,
            "condition": [t(f"compliance.deal_rules.{k}") for k in ck["rule"]],
            "met": [fmt.NO_DATA[t.lang] if v is None or pd.isna(v) else  # in view on a phone
                    t(f"compliance.deal.{'met' if v else 'missed'}") for v in ck["met"]],
            "value": [show(v, k, t) for v, k in zip(ck["value"], kinds, strict=True)],
            "requirement": [f"{fmt.sign(b)} {show(v, k, t)}" for b, v, k in
                            zip(ck["bound"], ck["limit"], kinds, strict=True)],
        }))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


# --- chart ----------------------------------------------------------------------------------
@charts.drawable
def points_chart(tabs: SimpleNamespace, t: Labels):
    """Serious points this year per shop; the penalty tiers are the dashed lines and ticks."""
    shops = [s for s in tabs.shops if s.penalty is not None]
    if not shops:
        return no_data_figure(t("compliance.charts.points_title"), t)
    points = [s.penalty["serious_points_ytd"] for s in shops]
    tiers = sorted(tier["points"] for tier in tabs.rules["tiers"])
    colors = [charts.BAD if p >= tiers[0] or s.penalty["red_line"] else charts.GOOD
              for p, s in zip(points, shops, strict=True)]
    fig = charts.bars([s.name for s in shops], points, t("compliance.charts.points_title"),
                      t("compliance.charts.points_axis"), None, horizontal=True, colors=colors,
                      annotate=lambda v: t("compliance.units.points", n=int(v)))
    ax = fig.axes[0]
    for tier in tiers:
        ax.axvline(tier, color=charts.TARGET, linestyle="--", linewidth=1)
    ax.set_xlim(0, max([*points, tiers[-1]]) * 1.08)
    ax.set_xticks([0, *tiers])
    ax.yaxis.grid(False)
    ax.xaxis.grid(False)
    return fig


def points_caption(tabs: SimpleNamespace, t: Labels) -> str | None:
    """What each dashed line of `points_chart` means (None when it draws no points)."""
    if not any(s.penalty is not None for s in tabs.shops):
        return None
    tiers = sorted(tabs.rules["tiers"], key=lambda tier: tier["points"])
    return t("compliance.charts.tiers_caption", tiers=t.join([
        t("compliance.charts.tier", points=t("compliance.units.points", n=tier["points"]),
          consequence=tier["consequence"][t.lang]) for tier in tiers]))


# --- alerts and sentences -------------------------------------------------------------------
def red_line_alerts(tabs: SimpleNamespace, t: Labels) -> list[str]:
    """One alert per shop with a red-line violation this year."""
    out = []
    for shop in tabs.shops:
        if shop.penalty is None or not shop.penalty["red_line"]:
            continue
        own = tabs.violations[(tabs.violations["shop"] == shop.name)
                              & (tabs.violations["severity"] == "red_line")]
        out.append(t("compliance.findings.red_line", shop=shop.name, n=len(own),
                     rules=t.join(dict.fromkeys(own["rule"])),
                     consequence=tabs.rules["red_line"]["consequence"][t.lang]))
    return out


def show_alerts(page, tabs: SimpleNamespace) -> None:
    """Flag each red-line shop on its own, above everything else."""
    for text in red_line_alerts(tabs, page.t):
        page.alert(text)


def extra_findings(figures: dict | None, tabs: Tables, cfg, t: Labels
                   ) -> list[tuple[str, str]]:
    """Per shop: the trial verdict, standards missed, penalty standing, deal eligibility."""
    out = [("bad", text) for text in red_line_alerts(tabs, t)]
    for shop in tabs.shops:  # each tagged with what the review says of it (once)
        for sentences, about in ((_trial_sentences(shop, tabs.trial, t), "trial"),
                                 (_penalty_sentences(shop, tabs.rules, t), "penalty"),
                                 (_general_sentences(shop, t), "general"),
                                 # a shop that meets the rules: its row says so
                                 ([] if shop.eligible else deal_sentences(shop, tabs.deal, t),
                                  "deal")):
            out += [(*item, scopes.said_key(shop.name, about)) for item in sentences]
    return out


def _trial_sentences(shop, trial: dict, t: Labels) -> list[tuple[str, str]]:
    if shop.verdict is None:
        return []
    first, last = trial["window_days"]
    if not tmall_trial_applies(shop.platform):  # the table says 不适用 (淘宝店铺)
        return []
    if shop.verdict == "not_in_window":
        return [("info", t("compliance.findings.trial_out", shop=shop.name, day=shop.day,
                           first=first, last=last))]
    names = [t(f"compliance.indicators.{k}") for k in shop.failures]
    # a pass is the review part's (Page.findings shows it); a failure names its indicators
    out = [] if shop.verdict == "pass" else [
        ("info", t("compliance.findings.trial_fail", shop=shop.name, day=shop.day,
                   indicators=t.join(names)))]
    below = shop.scorecard.loc[shop.scorecard["status"] == "below_standard", "indicator"]
    if len(below):
        out.append(("bad", t("compliance.findings.below_standard", shop=shop.name,
                             indicators=t.join([t(f"compliance.indicators.{k}")
                                               for k in below]))))
    return out


def _penalty_sentences(shop, rules: dict, t: Labels) -> list[tuple[str, str]]:
    pen = shop.penalty
    if pen is None:
        return []
    points, nxt = pen["serious_points_ytd"], pen["next_tier_points"]
    consequence = {tier["points"]: tier["consequence"][t.lang] for tier in rules["tiers"]}
    out = []
    general = pen["general_points_ytd"]
    if points == 0:  # nothing serious: one line, with the general points if any
        return [("info", t("compliance.findings.penalty_none", shop=shop.name, general=t(
            "compliance.findings.penalty_none_general", points=general) if general else ""))]
    if pd.isna(pen["tier_points"]):
        text = t("compliance.findings.penalty_clear", shop=shop.name, points=points,
                 next=int(nxt), left=int(pen["points_to_next"]))
        out.append(("info", text))
    else:
        text = t("compliance.findings.penalty_tier", shop=shop.name, points=points,
                 tier=int(pen["tier_points"]), consequence=pen[f"consequence_{t.lang}"])
        if not pd.isna(nxt):
            text += t("compliance.findings.penalty_next", next=int(nxt),
                      consequence=consequence[int(nxt)], left=int(pen["points_to_next"]))
        out.append(("bad", text))
    return out


def _general_sentences(shop, t: Labels) -> list[tuple[str, str]]:
    """A shop with serious points and general ones: the general points, which the review's
    penalty sentence leaves out (a shop without serious points says both in one line)."""
    pen = shop.penalty
    if pen is None or not pen["serious_points_ytd"] or not pen["general_points_ytd"]:
        return []
    return [("info", t("compliance.findings.general", shop=shop.name,
                       points=pen["general_points_ytd"]))]


def deal_sentences(shop, deal: dict, t: Labels) -> list[tuple[str, str]]:
    ck = shop.checklist
    if ck is None:
        return []
    if shop.eligible:
        return [("good", t("compliance.findings.deal_ok", shop=shop.name, n=len(ck)))]
    kinds = {r["key"]: _column_kind("shop_status", r["column"]) for r in deal["rules"]}
    if shop.eligible is None:
        missing = [t(f"compliance.deal_rules.{k}") for k in ck.loc[ck["met"].isna(), "rule"]]
        return [("info", t("compliance.findings.deal_incomplete", shop=shop.name,
                           rules=t.join(missing)))]
    gaps = [t("compliance.findings.rule_gap", label=t(f"compliance.deal_rules.{r['rule']}"),
              value=show(r["value"], kinds[r["rule"]], t), sign=fmt.sign(r["bound"]),
              limit=show(r["limit"], kinds[r["rule"]], t))
            for r in ck.to_dict("records") if r["met"] is not None and not r["met"]]
    return [("bad", t("compliance.findings.deal_missed", shop=shop.name, rules=t.join(gaps)))]
