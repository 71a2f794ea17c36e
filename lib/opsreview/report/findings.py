"""Figures turned into plain sentences: targets met or missed (with the gap), moves on last month.

Used by every domain page's findings section; the written review on the index page
(report/review.py) shares the gap rule, so the two always measure a miss the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..config import Config
from ..domains import REGISTRY
from . import fmt
from .fmt import format_value
from .kpis import change_text, with_unit
from .labels import Labels

GOOD, BAD, INFO = "good", "bad", "info"
AIM = "aim"  # a view's own suggestion: listed with next month's aims, not as a finding


def gap(value: float, target: float, kind: str, lang: str) -> str:
    """How far a figure is from its target: points for rates, the plain difference else."""
    diff = abs(value - target)
    if kind in ("percent", "signed_percent"):
        return format_value(diff, "points", lang).lstrip("+")
    return format_value(diff, "number" if kind == "ratio" else kind, lang)


def _moved(now: Any, before: Any) -> bool:
    """Both months have a number and it moved: only then is there a change to state."""
    return isinstance(now, int | float) and isinstance(before, int | float) and now != before


def _move(hl, now: float, before: float, t: Labels) -> dict[str, str]:
    """The pieces that say how a headline figure moved: direction, change, the two values."""
    return {"direction": t(f"common.findings.{'up' if now > before else 'down'}"),
            "change": fmt.change(now, before, hl.format, t.lang).lstrip("+-"),
            "previous": fmt.format_value(before, hl.format, t.lang),
            "value": fmt.format_value(now, hl.format, t.lang)}


def _judged(met: bool, t: Labels, **values: str) -> tuple[str, str]:
    """The sentence for a figure against its target: met, or missed by the gap."""
    return (GOOD if met else BAD,
            t("common.findings.met" if met else "common.findings.missed", **values))


def target_sentences(name: str, metrics: dict, previous: dict | None, cfg: Config,
                     t: Labels) -> list[tuple[str, str]]:
    """One sentence per headline figure that has a target: met, or missed by how much, and
    how it moved on last month (so that figure needs no change sentence of its own)."""
    out = []
    for hl in REGISTRY[name].headline:
        value = metrics.get(hl.metric)
        if not hl.target or value is None:
            continue
        target = cfg.target(hl.target)
        before = (previous or {}).get(hl.metric)
        out.append(_judged(
            target.met(value), t, label=t.get(f"{name}.metrics.{hl.metric}") or hl.metric,
            value=format_value(value, hl.format, t.lang),
            kind=t(f"common.target.{target.kind}").lower(), sign=fmt.sign(target.better),
            target=format_value(target.value, hl.format, t.lang),
            gap=gap(float(value), target.value, hl.format, t.lang),
            since=t("common.findings.since", **_move(hl, value, before, t))
            if _moved(value, before) else ""))
    return out


def kpi_sentences(rows: Iterable[dict], t: Labels) -> list[tuple[str, str]]:
    """The same sentences for the hand-kept figures that have a target (kpi_table records, or
    the team's `kpi_targets` in metrics.json); the gap in points for a % figure."""
    out = []
    for r in rows:
        met = r["target_met"]
        if met is None or met != met or r["value"] is None:
            continue
        out.append(_judged(
            met, t, label=r["label"], value=with_unit(r["value"], r["unit"], t),
            kind=t(f"common.target.{r['target_kind']}").lower(),
            sign=fmt.sign(r["target_better"]), target=with_unit(r["target"], r["unit"], t),
            gap=change_text(abs(r["value"] - r["target"]), r["unit"], t).lstrip("+"),
            since=""))
    return out


def change_sentences(name: str, metrics: dict, previous: dict | None,
                     t: Labels) -> list[tuple[str, str]]:
    """How each numeric headline figure without a target moved on last month, where both
    months have it (a targeted figure's move is in its target sentence)."""
    out = []
    for hl in REGISTRY[name].headline:
        now, before = metrics.get(hl.metric), (previous or {}).get(hl.metric)
        if hl.target or hl.format == "date" or not _moved(now, before):
            continue
        out.append((INFO, t("common.findings.change", **_move(hl, now, before, t),
                            label=t.get(f"{name}.metrics.{hl.metric}") or hl.metric)))
    return out


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
