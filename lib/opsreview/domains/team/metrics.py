"""Team sheet figures, and the hand-kept kpis.csv table that every domain page shows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

OWN = ("team", "kpis")
# The team sheet's customer-service group is the group whose name holds one of these words;
# reconcile holds its headcount against the agents the service exports name (service.agents).
SERVICE_GROUP_WORDS = ("客服",)


def team_table(team: pd.DataFrame, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """Groups in file order with role, headcount and share of the team; with last month's
    team list, each group's headcount then and its change (a group new this month: no
    headcount then, its change all of its people)."""
    out = team[["group", "role", "headcount"]].copy()
    out["headcount"] = out["headcount"].astype("int64")
    whole = int(out["headcount"].sum())
    out["share"] = out["headcount"] / whole if whole else None
    if previous is not None:
        then = previous.groupby("group")["headcount"].sum()
        out["previous"] = out["group"].map(then).astype("Int64")
        out["change"] = (out["headcount"] - out["previous"].fillna(0)).astype("Int64")
    return out.reset_index(drop=True)


def team_figures(team: pd.DataFrame) -> dict:
    heads = team["headcount"].dropna()
    return {"headcount": int(heads.sum()) if len(heads) else None,
            "groups": int(team["group"].nunique()),
            "group_headcount": {str(g): int(n) for g, n
                                in zip(team["group"], team["headcount"], strict=True)
                                if pd.notna(n)}}


def _target_for(domain: str, kpi: str, unit: str | None, targets: Mapping):
    """The config target of a kpi (same key, or metric `<domain>.<kpi>`), in the kpi's unit
    (a rate's target as a percent for a `%` figure), so that its own `met` judges the kpi."""
    for key, target in targets.items():
        if key == kpi or target.metric == f"{domain}.{kpi}":
            percent = target.unit == "rate" and unit == "%"
            return replace(target, value=target.value * (100.0 if percent else 1.0),
                           unit="%" if percent else target.unit)
    return None


def kpi_table(kpis: pd.DataFrame, previous: pd.DataFrame | None = None,
              targets: Mapping | None = None,
              domains: tuple[str, ...] | None = None) -> pd.DataFrame:
    """kpis.csv rows (of the given domains, or all) with last month's value, the change and
    any target.

    change = value − previous in the row's unit (percentage points for `%`).
    """
    rows = kpis if domains is None else kpis[kpis["domain"].isin(domains)]
    before = {} if previous is None else {
        (d, k): v for d, k, v in zip(previous["domain"], previous["kpi"], previous["value"],
                                     strict=True)}
    out = []
    for rec in rows.to_dict("records"):
        value = None if pd.isna(rec["value"]) else float(rec["value"])
        prev = before.get((rec["domain"], rec["kpi"]))
        prev = None if prev is None or pd.isna(prev) else float(prev)
        target = _target_for(rec["domain"], rec["kpi"], rec["unit"], targets or {})
        out.append({
            "domain": rec["domain"], "kpi": rec["kpi"], "label": rec["label"] or rec["kpi"],
            "value": value, "unit": rec["unit"], "previous": prev,
            "change": None if value is None or prev is None else value - prev,
            "target": target.value if target else None,
            "target_kind": target.kind if target else None,
            "target_better": target.better if target else None,
            "target_met": target.met(value) if target else None,
        })
    columns = ["domain", "kpi", "label", "value", "unit", "previous", "change", "target",
               "target_kind", "target_better", "target_met"]
    return pd.DataFrame(out, columns=columns)


def kpis_for(md, cfg, domains: tuple[str, ...] | None = None) -> pd.DataFrame | None:
    """kpi_table for MONTH against the month before; None when MONTH has no kpis.csv."""
    kpis = md.get("kpis")
    if kpis is None:
        return None
    prev_md = md.previous()
    previous = prev_md.get("kpis") if prev_md is not None else None
    return kpi_table(kpis, previous, cfg.targets, domains)


def compute(md, cfg) -> dict | None:
    """headcount, groups, each group's headcount (and its change on last month's team list),
    the kpis.csv figure count and those of its figures that have a target."""
    team, kpis = md.get("team"), md.get("kpis")
    if team is None and kpis is None:
        return None
    out = team_figures(team) if team is not None else {
        "headcount": None, "groups": None, "group_headcount": {}}
    prev_md = md.previous()
    prev_team = prev_md.get("team") if prev_md is not None else None
    before = team_figures(prev_team)["headcount"] if prev_team is not None else None
    out["headcount_previous"] = before
    out["headcount_change"] = (None if before is None or out["headcount"] is None
                               else out["headcount"] - before)
    # where the team grew or shrank: each group's change on last month's list
    moved = team_table(team, prev_team) if team is not None and prev_team is not None else None
    out["group_changes"] = None if moved is None else {
        str(r.group): int(r.change) for r in moved.itertuples() if r.change}
    out["kpis"] = len(kpis) if kpis is not None else None
    out["kpi_targets"] = kpi_targets(kpis_for(md, cfg))
    out["service_group"] = service_group(team)
    return out


def service_group(team: pd.DataFrame | None) -> dict | None:
    """The team sheet's customer-service group (its name holds a SERVICE_GROUP_WORDS word)
    and its headcount; None without one. reconcile holds it against the service agents."""
    if team is None:
        return None
    rows = team[team["group"].astype(str).str.contains("|".join(SERVICE_GROUP_WORDS))]
    if rows.empty or rows["headcount"].isna().all():
        return None
    return {"group": str(rows["group"].iloc[0]), "headcount": int(rows["headcount"].sum())}


def kpi_targets(table: pd.DataFrame | None) -> list[dict]:
    """The kpis.csv figures that config gives a target, as plain records for metrics.json
    (the written review judges them the way each page's findings do)."""
    if table is None:
        return []
    keys = ("domain", "kpi", "label", "value", "unit", "target", "target_kind",
            "target_better", "target_met")
    rows = table[table["target"].notna()]
    return [{k: None if pd.isna(r[k]) else r[k] for k in keys}
            for r in rows.to_dict("records")]
