"""Figures turned into plain sentences: targets met or missed (with the gap), moves on last month.

Used by every domain page's findings section; the written review on the index page
(report/review.py) shares the gap rule, so the two always measure a miss the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..config import Config
from ..domains import REGISTRY
from . import fmt
from .fmt import format_value
from .kpis import with_unit
from .labels import Labels

GOOD, BAD, INFO = "good", "bad", "info"


def gap(value: float, target: float, kind: str, lang: str) -> str:
    """How far a figure is from its target: points for rates, the plain difference else."""
    diff = abs(value - target)
    if kind in ("percent", "signed_percent"):
        return format_value(diff, "points", lang).lstrip("+")
    return format_value(diff, "number" if kind == "ratio" else kind, lang)


def target_sentences(name: str, metrics: dict, cfg: Config, t: Labels) -> list[tuple[str, str]]:
    """One sentence per headline figure that has a target: met, or missed by how much."""
    out = []
    for hl in REGISTRY[name].headline:
        value = metrics.get(hl.metric)
        if not hl.target or value is None:
            continue
        target = cfg.target(hl.target)
        met = target.met(value)
        values = {
            "label": t.get(f"{name}.metrics.{hl.metric}") or hl.metric,
            "value": format_value(value, hl.format, t.lang),
            "kind": t(f"common.target.{target.kind}").lower(),
            "sign": "≥" if target.better == "higher" else "≤",
            "target": format_value(target.value, hl.format, t.lang),
            "gap": gap(float(value), target.value, hl.format, t.lang),
        }
        out.append((GOOD if met else BAD,
                     t("common.findings.met" if met else "common.findings.missed", **values)))
    return out


def kpi_sentences(rows: Iterable[dict], t: Labels) -> list[tuple[str, str]]:
    """The same sentences for the hand-kept figures that have a target (kpi_table records, or
    the team's `kpi_targets` in metrics.json)."""
    out = []
    for r in rows:
        met = r["target_met"]
        if met is None or met != met or r["value"] is None:
            continue
        values = {
            "label": r["label"], "value": with_unit(r["value"], r["unit"], t),
            "kind": t(f"common.target.{r['target_kind']}").lower(),
            "sign": "≥" if r["target_better"] == "higher" else "≤",
            "target": with_unit(r["target"], r["unit"], t),
            "gap": fmt.points(abs(r["value"] - r["target"]) / 100, t.lang).lstrip("+")
            if r["unit"] == "%" else with_unit(abs(r["value"] - r["target"]), r["unit"], t),
        }
        out.append((GOOD if met else BAD,
                     t("common.findings.met" if met else "common.findings.missed", **values)))
    return out


def change_sentences(name: str, metrics: dict, previous: dict | None,
                     t: Labels) -> list[tuple[str, str]]:
    """How each numeric headline figure moved on last month, where both months have it."""
    if not previous:
        return []
    out = []
    for hl in REGISTRY[name].headline:
        now, before = metrics.get(hl.metric), previous.get(hl.metric)
        if not isinstance(now, int | float) or not isinstance(before, int | float) \
                or now == before or hl.format == "date":
            continue
        out.append((INFO, moved(name, hl, now, before, t)))
    return out


def moved(name: str, hl, now: float, before: float, t: Labels) -> str:
    """'X rose 12% on last month (a → b)': the sentence for one headline figure's move."""
    return t("common.findings.change", label=t.get(f"{name}.metrics.{hl.metric}") or hl.metric,
             direction=t(f"common.findings.{'up' if now > before else 'down'}"),
             change=fmt.change(now, before, hl.format, t.lang).lstrip("+-"),
             previous=fmt.format_value(before, hl.format, t.lang),
             value=fmt.format_value(now, hl.format, t.lang))


def actions(name: str, metrics: dict, cfg: Config, t: Labels) -> list[str]:
    """Next month's aims: the `action` text of every missed target of the domain."""
    out = []
    for hl in REGISTRY[name].headline:
        if not hl.target:
            continue
        target = cfg.target(hl.target)
        if target.met(metrics.get(hl.metric)) is False and target.action:
            text = target.action.get(t.lang)
            if text and text not in out:
                out.append(text)
    return out
