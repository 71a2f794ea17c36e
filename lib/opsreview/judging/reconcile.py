"""Reconciliation: where two inputs give the same quantity, one declared rule says whether
they agree, and the build tells the analyst when they do not.

A shop's GMV comes from the platform's shop status (its 考核口径, on the compliance page) and
from the order export (the campaigns page); the 客服组 of the team sheet from the agents the
service exports name; the hand-kept satisfaction from the computed one; the timeouts from
incident records that may overlap. Each rule below names both sides (domain, figure key,
the datasets behind it) once. A rule either holds (the pages show one number) or its
difference is stated: to the analyst here (both values and their files, at every build),
and to the manager in one sentence per difference (`stated`, worded in the labels of the
domain it is about), beside the 口径 sentence a page says once. Rules read the month's
figures (metrics.json) and the hand-kept kpis.csv, never the raw exports, so they cost
almost nothing at build time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from opsreview.domains import figure
from opsreview.errors import DataError


@dataclass(frozen=True)
class Side:
    """One input's figure: `key` in the domain's figures (dots go deeper; per shop under
    `shops`), or a hand-kept kpis.csv figure (`kpi`: its domain and key, value in %)."""
    domain: str
    key: str
    datasets: tuple[str, ...]
    kpi: bool = False


@dataclass(frozen=True)
class Rule:
    key: str
    quantity: str  # what both sides measure, for the analyst's line
    left: Side
    right: Side
    per_shop: bool = False
    tolerance: float = 0.0  # relative difference still one number
    net_of: str | None = None  # a right-side key that, taken off, may explain the difference
    why: str = ""  # the reason the two differ, for the analyst
    words: str = ""  # label key of the manager's sentence (`_more` / `_fewer` when `signed`)
    kind: str = "int"  # how both values are written (judging.fmt kinds)
    signed: bool = False  # the sentence differs by which side is larger
    said_by: str = ""  # label key of the page text that says once why the two differ


RULES: tuple[Rule, ...] = (
    Rule("shop_gmv", "GMV",
         Side("compliance", "gmv", ("shop_status",)),
         Side("campaigns", "gmv", ("orders",)),
         per_shop=True, tolerance=0.005, net_of="refunded",
         why="the platform's assessment figure against the paid orders of the export",
         words="compliance.reconcile.shop_gmv", kind="money"),
    Rule("service_people", "customer-service people",
         Side("team", "service_group.headcount", ("team",)),
         Side("service", "agents", ("cs_sessions", "cs_agents")),
         why="agents on chat who are not in the team sheet's group, or members not on chat",
         words="team.reconcile.service_people", signed=True),
    Rule("satisfaction", "customer satisfaction",
         Side("service", "customer_satisfaction", ("kpis",), kpi=True),
         Side("service", "satisfaction_rate", ("cs_agents", "cs_sessions")),
         per_shop=True, tolerance=0.01,  # a hand-kept figure is a whole percent
         why="hand-kept for the whole team against each shop's export (千牛's rate, else "
             "4-5 star share of rated sessions); the hand-kept table sets them side by side",
         words="service.reconcile.satisfaction", kind="percent",
         said_by="common.columns.beside"),
    Rule("after_sales", "after-sales resolution",
         Side("service", "after_sales_resolution", ("kpis",), kpi=True),
         Side("service", "dispute_resolution_rate", ("cs_sessions",)),
         per_shop=True, tolerance=0.01,
         why="hand-kept for the whole team against the disputes of each shop's sessions",
         words="service.reconcile.after_sales", kind="percent",
         said_by="common.columns.beside"),
    Rule("outages", "timeouts and outages",
         Side("site", "timeout_records", ("site_incidents",)),
         Side("site", "timeouts", ("site_incidents",)),
         why="records overlapping in time are one outage (domains.site.metrics.outages)",
         words="site.reconcile.outages", said_by="site.sections.incidents.method"),
)
BY_KEY = {r.key: r for r in RULES}


@dataclass(frozen=True)
class Check:
    rule: Rule
    scope: str | None  # the shop, for a rule compared shop by shop
    left: float | None
    right: float | None
    holds: bool | None  # None: a side has no figure this month
    explained: bool = False  # the difference is the rule's net_of (e.g. refunds)


def holds(rule: Rule, left: float | None, right: float | None) -> bool | None:
    """Whether two values are one number under the rule's tolerance; None without both."""
    if left is None or right is None:
        return None
    return abs(left - right) <= rule.tolerance * max(abs(left), abs(right))


def _dig(figures: Mapping | None, key: str):
    for part in key.split("."):
        if not isinstance(figures, Mapping):
            return None
        figures = figures.get(part)
    return figures


def _figures(metrics: Mapping, domain: str) -> Mapping:
    return ((metrics.get(domain) or {}).get("metrics")) or {}


def _shops(figures: Mapping) -> dict[str, Mapping]:
    """Each shop's figures: under `shops`, else the one shop's (the figures name it)."""
    if isinstance(figures.get("shops"), Mapping):
        return dict(figures["shops"])
    return {figures["shop"]: figures} if figures.get("shop") else {}


def _kpi(kpis: pd.DataFrame | None, side: Side) -> float | None:
    if kpis is None:
        return None
    row = kpis[(kpis["domain"] == side.domain) & (kpis["kpi"] == side.key)]
    if row.empty or pd.isna(row["value"].iloc[0]):
        return None
    value = float(row["value"].iloc[0])
    return value / 100 if row["unit"].iloc[0] == "%" else value


def _value(side: Side, figures: Mapping | None, kpis: pd.DataFrame | None):
    if side.kpi:
        return _kpi(kpis, side)
    value = _dig(figures, side.key)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else None


def check(metrics: Mapping, kpis: pd.DataFrame | None = None,
          rules: Iterable[Rule] = RULES) -> list[Check]:
    """Every rule over a month's figures (metrics.json's `domains`), shop by shop where the
    rule says so; a rule whose sides have no figure this month gives no check."""
    out = []
    for rule in rules:
        left, right = _figures(metrics, rule.left.domain), _figures(metrics, rule.right.domain)
        if rule.per_shop:
            lefts, rights = _shops(left), _shops(right)
            pairs = [(shop, lefts.get(shop), rights.get(shop))
                     for shop in dict.fromkeys([*lefts, *rights])]
        else:
            pairs = [(None, left, right)]
        for scope, lf, rf in pairs:
            a, b = _value(rule.left, lf, kpis), _value(rule.right, rf, kpis)
            if a is None and b is None or rule.left.kpi and b is None:
                continue  # a whole-business hand-kept figure is no shop's without its own
            ok = holds(rule, a, b)
            net = _value(Side(rule.right.domain, rule.net_of, ()), rf, None) \
                if rule.net_of else None
            out.append(Check(rule, scope, a, b, ok,
                             explained=bool(ok is False and net and holds(rule, a, b - net))))
    return out


def _number(value: float | None) -> str:
    if value is None:
        return "none"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) >= 10 else f"{value:.4g}"


def _files(side: Side, inputs: Mapping[str, list[dict]], month: str, shop: str | None,
           shops: Iterable[str]) -> str:
    """The month's files behind a side (a build's fingerprint inputs), else its datasets; for
    one shop, those naming it (or, when none does, those naming no other shop)."""
    files = list(dict.fromkeys(
        e["file"] for e in inputs.get(side.domain, [])
        if e.get("dataset") in side.datasets and e["file"].startswith(f"{month}/")))
    if shop is not None:
        files = [f for f in files if shop in f] or \
            [f for f in files if not any(s in f for s in shops if s != shop)]
    return ", ".join(files) or ", ".join(f"{d} (absent)" for d in side.datasets)


def analyst_lines(checks: Iterable[Check], inputs: Mapping[str, list[dict]], month: str
                  ) -> list[str]:
    """One line per difference, for the analyst's terminal: the quantity, both values and
    their files, and why they may differ. Nothing for a rule that holds."""
    checks = list(checks)
    shops = {c.scope for c in checks if c.scope}
    lines = []
    for c in checks:
        if c.holds is not False:
            continue
        r = c.rule
        where = f" [{c.scope}]" if c.scope else ""
        why = f"{r.net_of} explain the difference" if c.explained else r.why
        left, right = (_files(side, inputs, month, c.scope, shops) for side in (r.left, r.right))
        lines.append(f"  ~ {r.quantity}{where}: {_number(c.left)} ({r.left.domain}: {left}) vs "
                     f"{_number(c.right)} ({r.right.domain}: {right}) - {why}")
    return lines


def echo_checks(metrics: Mapping, inputs: Mapping[str, list[dict]], month, raw_dir,
                processed_dir, echo=print) -> int:
    """The build's reconciliation lines (a difference is a fact to know, not a failure):
    the count of differences printed. METRICS: metrics.json's `domains`; INPUTS: each
    domain's fingerprint inputs (the files named)."""
    from opsreview.month.monthdata import MonthData

    try:
        kpis = MonthData.from_dirs(month, raw_dir, processed_dir).get("kpis")
    except DataError:  # an invalid kpis.csv is the pages' error to say, not this line's
        kpis = None
    lines = analyst_lines(check(metrics, kpis), inputs, str(month))
    if lines:
        echo(f"  {len(lines)} figure(s) that two inputs give differently (reconcile.RULES):")
    for line in lines:
        echo(line)
    return len(lines)


def stated(checks: Iterable[Check], t, every: bool = False) -> list[str]:
    """The manager's sentence for each difference: both figures in words and why, from the
    rule's label (a shop's, when the rule goes shop by shop). Nothing for what holds, nor
    (unless EVERY) for a rule whose page already says why its two figures differ."""
    out = []
    for c in checks:
        r = c.rule
        if c.holds is not False or (r.said_by and not every):
            continue
        key = r.words + ("_net" if c.explained else "")
        if r.signed:
            key += "_more" if c.right > c.left else "_fewer"
        out.append(t(key, shop=c.scope or "", left=t.format(c.left, r.kind),
                     right=t.format(c.right, r.kind),
                     diff=t.format(abs(c.right - c.left), r.kind)))
    return out


def beside_kpis(checks: Iterable[Check], t) -> dict[str, str]:
    """For the hand-kept figures table: each hand-kept figure a rule sets against a computed
    one, in words — agrees with it (one number, said once), or the computed values beside it
    and that the two are counted differently. Keyed by the hand-kept figure's kpi."""
    by_kpi: dict[str, list[Check]] = {}
    for c in checks:
        if c.rule.left.kpi and c.right is not None:
            by_kpi.setdefault(c.rule.left.key, []).append(c)
    out = {}
    for kpi, found in by_kpi.items():
        r = found[0].rule
        values = t.join([f"{c.scope} {t.format(c.right, r.kind)}" if c.scope
                         else t.format(c.right, r.kind) for c in found])
        agree = all(c.holds for c in found)
        out[kpi] = t("common.page.kpis_agrees" if agree else "common.page.kpis_apart",
                     label=figure(r.right.domain, r.right.key).label(t), values=values)
    return out


def stated_by_domain(checks: Iterable[Check], t) -> dict[str, list[str]]:
    """`stated`, each sentence under the domain whose part of the review says it (the
    domain of its rule's words): the index's 其他情况 of that domain."""
    out: dict[str, list[str]] = {}
    for c in checks:
        for text in stated([c], t):
            out.setdefault(c.rule.words.split(".")[0], []).append(text)
    return out
