"""One verdict per figure and month, and the words for it.

`judge` decides, for a declared figure (contract/figure.py), whether the month met its line (met,
missed, or met with a caveat when a derived line such as the deal's break-even ROI is not
cleared), by how much, and whether it moved better or worse on last month by the figure's
direction of good. The page cards, the page findings, the index table, the trends and the
written review all read this verdict, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from opsreview.contract.config import Config, Target, meets
from opsreview.contract.figure import HIGHER, Figure
from opsreview.domains import headlines
from opsreview.judging import fmt
from opsreview.judging.fmt import format_value
from opsreview.judging.labels import Labels

MET, MISSED, CAVEAT = "met", "missed", "caveat"
GOOD, BAD, INFO = "good", "bad", "info"
BETTER, WORSE, SAME = "better", "worse", "same"

_DURATIONS = ("seconds", "minutes", "hours", "days")


def is_number(value: Any) -> bool:
    """A figure's value that can be judged or compared: a number, not NaN, not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


@dataclass(frozen=True)
class Verdict:
    """How one figure did this month. `state` is None when there is no line or no value;
    `trend` is None when there is no direction of good or no last month to compare with."""

    figure: Figure
    value: Any
    previous: Any = None
    state: str | None = None
    line: Target | None = None
    second: Target | None = None
    second_met: bool | None = None
    threshold: float | None = None
    move: str | None = None  # up | down | same
    trend: str | None = None  # better | worse | same
    aims: tuple[str, ...] = field(default=())
    scope: str | None = None  # the shop or site a figure of several shops' month is about

    @property
    def gap(self) -> float | None:
        """How far the figure is from its deciding line, in the figure's own unit."""
        if self.line is None or not is_number(self.value):
            return None
        return abs(float(self.value) - self.line.value)

    @property
    def rank(self) -> float:
        """The gap relative to the line, to rank misses and wins across units."""
        if self.gap is None:
            return 0.0
        return self.gap / abs(self.line.value) if self.line.value else self.gap

    @property
    def side(self) -> str:
        """Where the review and the findings list it: an achievement, a problem, or neither.
        A met line is good, a missed or caveated one bad; a figure with only a direction is
        good when it improved and bad when it got worse; anything else is information."""
        if self.state == MET:
            return GOOD
        if self.state in (MISSED, CAVEAT):
            return BAD
        return {BETTER: GOOD, WORSE: BAD}.get(self.trend or "", INFO)


def judge(fig: Figure, figures: dict, previous: dict | None, cfg: Config,
          lang: str = "zh") -> Verdict:
    """The verdict on FIG in FIGURES (this month's metrics.json figures of its domain), with
    PREVIOUS (last month's, or None) for the trend; aims in LANG."""
    value = figures.get(fig.key)
    before = (previous or {}).get(fig.key)
    move = trend = None
    if is_number(value) and is_number(before):
        shown, was = fmt.as_shown(value, fig.kind), fmt.as_shown(before, fig.kind)
        move = "same" if shown == was else ("up" if shown > was else "down")
        if fig.better and move:
            trend = SAME if move == "same" else \
                (BETTER if (move == "up") == (fig.better == HIGHER) else WORSE)
    if not is_number(value) or fig.judged_by is None:
        return Verdict(fig, value, before, move=move, trend=trend)
    line = cfg.target(fig.judged_by)
    second = cfg.target(fig.second) if fig.second else None
    threshold = figures.get(fig.threshold) if fig.threshold else None
    threshold = float(threshold) if is_number(threshold) else None
    aims: list[str] = []
    if line.met(value):
        state = MET
        if threshold is not None and not meets(value, threshold, fig.better):
            state = CAVEAT
            aims.append(Labels(lang).get(f"{fig.domain}.aims.{fig.threshold}") or "")
    else:
        state = MISSED
        aims.append(fig.aim(line.key, cfg, lang) or "")
    second_met = None if second is None else bool(second.met(value))
    if second is not None and not second_met:
        aims.append(fig.aim(second.key, cfg, lang) or "")
    return Verdict(fig, value, before, state, line, second, second_met, threshold, move,
                   trend, tuple(a for a in aims if a))


def domain_verdicts(name: str, figures: dict, previous: dict | None, cfg: Config,
                    lang: str = "zh") -> list[Verdict]:
    """Every headline figure of a domain, judged."""
    return [judge(fig, figures or {}, previous, cfg, lang) for fig in headlines(name)]


# --- words ----------------------------------------------------------------------------------
def amount(value: Any, fig: Figure, t: Labels, *, unit: bool | None = None) -> str:
    """A value as prose says it: 2 篇 in Chinese (a count with its measure word), 2 in
    English unless UNIT asks for the word (3 articles short)."""
    text = format_value(value, fig.kind, t.lang)
    want = t.lang == "zh" if unit is None else unit
    word = t.get(f"common.units.{fig.unit}") if fig.unit and want and is_number(value) else None
    if not word:
        return text
    return f"{text}{word}" if text[-1] in "万亿" else f"{text} {word}"


def difference(diff: float, fig: Figure, t: Labels) -> str:
    """A difference in the figure's own unit, unsigned: 6.7 个百分点 / 2 天 / 3 篇 / 0.1."""
    kind = fig.kind
    if kind in ("percent", "signed_percent"):
        return fmt.points(diff, t.lang).lstrip("+")
    if kind == "ratio":
        return fmt.number(diff, t.lang)
    if kind in ("int", "number"):
        return amount(diff, Figure(fig.key, fig.domain, "number", unit=fig.unit), t, unit=True)
    return format_value(diff, kind, t.lang)


def change_words(fig: Figure, value: float, before: float, t: Labels) -> str:
    """How a figure moved on last month in words: 上升 8.2 个百分点 / 缩短 13 秒 / 增加 7 个 /
    增长 41% / 持平; up 8.2 pts / down 13 s / unchanged. Never a signed percentage."""
    value, before = fmt.as_shown(value, fig.kind), fmt.as_shown(before, fig.kind)
    if value == before:
        return t("verdict.moves.same")
    up = value > before
    if fig.kind == "money" and before:
        size = fmt.percent(abs(value / before - 1), t.lang)
    else:
        size = difference(abs(value - before), fig, t)
    group = "duration" if fig.kind in _DURATIONS else \
        "rate" if fig.kind in ("percent", "signed_percent", "ratio") else \
        "money" if fig.kind == "money" else "count"
    return t(f"verdict.moves.{group}.{'up' if up else 'down'}", size=size)


def since(v: Verdict, t: Labels) -> str:
    """'；较上月缩短 13 秒' / '; down 13 s on last month', or nothing without last month."""
    if v.move is None:
        return ""
    return t("verdict.since", change=change_words(v.figure, v.value, v.previous, t))


def versus(v: Verdict, t: Labels) -> str:
    """'较上月增加 4 家（上月 1 家）' / 'up 3 people on last month (14 people)': a card's line
    on last month, in the same words as the sentences (a count's change in its measure word,
    never a percentage of a small count), or nothing without last month."""
    if v.move is None:
        return ""
    return t("verdict.versus", change=change_words(v.figure, v.value, v.previous, t),
             previous=amount(v.previous, v.figure, t, unit=True))


def rank_words(before: float, after: float, t: Labels) -> str:
    """'平均排名上升 3 名' / 'up 3 places': how a rank moved, in places (名). A smaller rank
    is better, so a fall in the number is a rise."""
    shown_before, shown_after = (fmt.as_shown(x, "number") for x in (before, after))
    if shown_before == shown_after:
        return t("verdict.rank.same")
    moved = abs(shown_after - shown_before)
    places = t(f"verdict.rank.{'place' if moved == 1 else 'places'}",
               n=fmt.number(moved, t.lang))
    return t(f"verdict.rank.{'up' if shown_after < shown_before else 'down'}", places=places)


def judged_words(v: Verdict, t: Labels) -> str:
    """'达到目标（≤ 60 秒）' / '低于行业基准（≥ 5 篇）3 篇' / 'meeting the target of ≤ 60 s'
    / '3 articles short of the benchmark of ≥ 5': the verdict against its line."""
    if v.state is None:
        return ""
    fig, line = v.figure, v.line
    values = {"kind": _kind_word(line, t), "sign": fmt.sign(line.better),
              "target": amount(line.value, fig, t), "gap": difference(v.gap, fig, t)}
    if v.state == MISSED:
        key = "short" if fig.better == HIGHER else "over"
        text = t(f"verdict.missed.{key}", **values)
    else:
        text = t("verdict.met", **values)
    if v.state == CAVEAT:
        text += t("verdict.caveat_joined", caveat=caveat_words(v, t))
    if v.second is not None:
        second = {"kind": _kind_word(v.second, t), "sign": fmt.sign(v.second.better),
                  "target": amount(v.second.value, fig, t)}
        if v.state == MISSED and v.second_met:
            text += t("verdict.second.met", **second)
        elif not v.second_met:
            text += t("verdict.second.missed", **second)
    return text


def caveat_words(v: Verdict, t: Labels) -> str:
    """'但低于保本 ROI 1:3.6' / 'but below the break-even ROI of 1:3.6', for a card."""
    fig = v.figure
    return t(f"verdict.caveat.{'below' if fig.better == HIGHER else 'above'}",
             line=t.inline(t(f"{fig.domain}.metrics.{fig.threshold}")),
             value=amount(v.threshold, fig, t)).lstrip("，, ")


def _kind_word(line: Target, t: Labels) -> str:
    word = t(f"common.target.{line.kind}")
    return word.lower() if t.lang == "en" else word


def sentence(v: Verdict, t: Labels) -> str:
    """The one sentence on a figure: its value, its verdict with the gap, its move."""
    label = v.figure.label(t)
    judged = judged_words(v, t)
    return t("verdict.sentence", label=label, value=amount(v.value, v.figure, t),
             judged=t("verdict.joined", judged=judged) if judged else "", since=since(v, t))


def mark(v: Verdict, t: Labels) -> str:
    """✓ 达标 / ✗ 未达标 / ⚠ 需关注: the short verdict of a card or an index row."""
    return "" if v.state is None else t(f"verdict.marks.{v.state}")


def line_text(v: Verdict, t: Labels) -> str:
    """'行业基准 ≥ 1:2.8': the deciding line as a card or the index writes it."""
    if v.line is None:
        return ""
    return f"{t(f'common.target.{v.line.kind}')} {fmt.sign(v.line.better)} " \
           f"{format_value(v.line.value, v.figure.kind, t.lang)}"
