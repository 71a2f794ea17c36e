"""Figures turned into plain sentences: targets met or missed (with the gap), moves on last month.

Used by every domain page's findings section and by the written review on the index page,
so the two always say the same thing.
"""

from __future__ import annotations

from ..config import Config
from ..domains import REGISTRY
from . import fmt
from .fmt import format_value
from .labels import Labels

GOOD, BAD, INFO = "good", "bad", "info"


def _gap(value: float, target: float, kind: str, lang: str) -> str:
    diff = abs(value - target)
    if kind in ("percent", "signed_percent"):
        return format_value(diff, "points", lang).lstrip("+")
    return format_value(diff, kind, lang)


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
            "gap": _gap(float(value), target.value, hl.format, t.lang),
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


def progress_sentences(name: str, metrics: dict, previous: dict | None, cfg: Config,
                       t: Labels) -> list[tuple[str, str]]:
    """Targeted figures that moved on last month: better is an achievement, worse a problem."""
    out = []
    for hl in REGISTRY[name].headline:
        now, before = metrics.get(hl.metric), (previous or {}).get(hl.metric)
        direction = cfg.target(hl.target).better if hl.target else hl.better
        if not direction or not isinstance(now, int | float) \
                or not isinstance(before, int | float) or now == before:
            continue
        better = (now > before) == (direction == "higher")
        out.append(("good" if better else "bad", moved(name, hl, now, before, t)))
    return out


def domain_sentences(name: str, metrics: dict, t: Labels) -> list[tuple[str, str]]:
    """What a domain without targeted headline figures has to say (compliance, team)."""
    out: list[tuple[str, str]] = []
    if name == "compliance":
        for shop, fig in (metrics.get("shops") or {}).items():
            verdict = fig.get("trial_verdict")
            if verdict in ("pass", "fail"):
                out.append(("good" if verdict == "pass" else "bad", t(
                    f"common.review.trial_{verdict}", shop=shop, day=fig.get("trial_day"))))
            penalty = fig.get("penalty") or {}
            if penalty.get("tier_points"):
                out.append(("bad", t("common.review.penalty", shop=shop,
                                     points=fig.get("serious_points_ytd"),
                                     consequence=penalty.get(f"consequence_{t.lang}") or "",
                                     left=penalty.get("points_to_next"))))
            if fig.get("red_line"):
                out.append(("bad", t("common.review.red_line", shop=shop)))
            if fig.get("deal_eligible") is not None:
                out.append(("good" if fig["deal_eligible"] else "bad", t(
                    "common.review.deal_ok" if fig["deal_eligible"] else "common.review.deal_no",
                    shop=shop)))
    if name == "team" and metrics.get("headcount") is not None:
        out.append(("good", t("common.review.team", headcount=metrics["headcount"],
                              groups=metrics.get("groups"))))
    return out
