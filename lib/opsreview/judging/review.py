"""The written monthly review: the domains' parts, the month's story, key points, a scorecard.

A domain's part is built on the verdicts of its figures (judging/verdicts.py): a met line is
an achievement, a missed or caveated one a problem with its aim, a figure with only a
direction of good is placed by how it moved, and a figure with none is context. Each
domain's `review_<name>` (domains/<name>/review.py) adds, through `Facts`, the facts its
figures cannot say (a downgraded site, a shop's penalty) and may word a figure's verdict in
its own sentence (`Facts.about`), never judge it again. Every statement is recorded as a
scored insight (judging/insights.py); a part lists its achievements and problems by score,
and the month's overview and key points are its highest-scoring insights. The domain pages
show the same part (Page.findings), so the two cannot disagree. Texts are plain; the index
and the pages escape them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from opsreview.contract.config import Config
from opsreview.contract.figure import HIGHER
from opsreview.domains import domain, headlines
from opsreview.judging import fmt
from opsreview.judging.insights import (
    ALERT,
    CHANGE,
    CONTEXT,
    FACT,
    MILESTONE,
    RULE,
    Editorial,
    Insight,
)
from opsreview.judging.labels import Labels
from opsreview.judging.verdicts import (
    BAD,
    BETTER,
    CAVEAT,
    GOOD,
    INFO,
    MET,
    MISSED,
    WORSE,
    Verdict,
    amount,
    change_words,
    domain_verdicts,
    is_number,
    judge,
    judged_words,
    sentence,
    since,
)
from opsreview.month import scopes
from opsreview.pages.kpis import with_unit


@dataclass
class Review:
    """One domain's part of the review: context lines, achievements, problems, aims, and the
    verdicts they come from (for the key points and the scorecard)."""

    overview: list[str] = field(default_factory=list)
    good: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    aims: list[str] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    said: dict[str, str] = field(default_factory=dict)  # figure key -> its sentence
    # judged facts that are no declared figure (hand-kept figures with a target, a shop's
    # platform rules): met / missed, counted by the scorecard
    checks: list[str] = field(default_factory=list)
    # every statement above, scored (judging/insights.py): the overview, key points and the
    # order of each list read them
    insights: list[Insight] = field(default_factory=list)

    @property
    def alerts(self) -> list[Insight]:
        """What can stop a shop trading or a site being found: key points whatever the
        figures."""
        return [i for i in self.insights if i.kind == ALERT]


class Facts:
    """A domain's figures, their verdicts and the phrasing its sentences share."""

    def __init__(self, name: str, figures: dict, previous: dict | None, cfg: Config,
                 t: Labels, kpis: Iterable[dict] = ()) -> None:
        self.name, self.f, self.prev, self.cfg, self.t = name, figures, previous or {}, cfg, t
        self.kpis = list(kpis)
        self.verdicts = {v.figure.key: v for v in
                         domain_verdicts(name, figures, previous, cfg, t.lang)}
        self.out = Review(verdicts=list(self.verdicts.values()))

    def has(self, *keys: str) -> bool:
        return all(self.f.get(k) is not None for k in keys)

    def v(self, key: str, kind: str | None = None) -> str:
        """A figure of this domain formatted for people (a headline one in its kind)."""
        v = self.verdicts.get(key)
        return self.t.format(self.f.get(key), kind or (v.figure.kind if v else "number"))

    def say(self, key: str, **values: Any) -> str:
        return self.t(f"review.{self.name}.{key}", **values)

    def about(self, key: str, sentence_key: str, also: tuple[str, ...] = (),
              kind: str | None = None, side: str | None = None, brief: str = "",
              **values: Any) -> Verdict | None:
        """Say headline figure KEY in the domain's own sentence, filled with its value, its
        verdict words and its move; placed on the verdict's side (or SIDE, for a figure whose
        level is news whatever its move), its aims added. ALSO: the figures without a
        direction the sentence states too (they need no sentence of their own). KIND: the
        insight's kind when it is more than the verdict (a launch is a milestone); BRIEF: a
        review.<domain> key wording it as a clause for the month's overview."""
        v = self.verdicts.get(key)
        if v is None or v.value is None:
            return None
        for other in also:
            self.out.said[other] = ""
        judged = judged_words(v, self.t)
        text = self.say(sentence_key, value=amount(v.value, v.figure, self.t),
                        judged=self.t("verdict.joined", judged=judged) if judged else "",
                        since=since(v, self.t), **values)
        self.place(v, text, kind, side, self.say(brief, value=amount(v.value, v.figure, self.t),
                                                 since=since(v, self.t), **values)
                   if brief else "")
        return v

    def place(self, v: Verdict, text: str, kind: str | None = None, side: str | None = None,
              brief: str = "") -> None:
        self.out.said[v.figure.key] = text
        if kind == MILESTONE and side is None and v.side == INFO:
            side = GOOD  # a launch, new branches: news on their own, moved or not
        if side is not None and side != v.side:  # its level is the news, not its move
            kind, size = kind or FACT, 0.0
        else:
            kind, size = kind or verdict_kind(v), magnitude(v)
        self.add(side or v.side, text, kind, size, (v.figure.key,), brief)
        for aim in v.aims:
            self.aim(aim)

    def add(self, side: str | bool, text: str, kind: str = FACT, size: float = 0.0,
            figures: tuple[str, ...] = (), brief: str = "") -> None:
        """An achievement (good / True), a problem (bad / False) or a context line (info),
        recorded as an insight of KIND and magnitude SIZE (judging/insights.py)."""
        side = GOOD if side is True else BAD if side is False else side
        self.out.insights.append(Insight(self.name, kind, side, text, figures, size,
                                         brief=brief))
        for key in figures:  # the page's own observations of these figures are said (a
            if key not in self.verdicts:  # headline figure keeps its own sentence)
                self.out.said.setdefault(key, text)

    def rule(self, met: bool, text: str, alert: bool = False, side: str | None = None,
             about: str = "", brief: str = "") -> None:
        """A platform rule judged for a shop: an achievement or a problem the scorecard counts
        (SIDE: info for a status that is no achievement); ALERT: a problem that is one of the
        month's key points; ABOUT: what of the shop it says (its page's own observation of
        that is then said); BRIEF: the clause the month's overview says it in."""
        self.add(side or (GOOD if met else BAD), text, ALERT if alert and not met else RULE,
                 figures=(about,) if about else (), brief=brief)
        self.out.checks.append(MET if met else MISSED)

    def concentration(self, key: str, sentence_key: str) -> None:
        """One item holding much of a total (a branch's share of the contracts), from a
        metrics `{item, share, items}`: said when its share reaches config/editorial.yml's
        `concentration_share` among at least three items."""
        top = self.f.get(key) or {}
        least = Editorial(self.cfg).settings["concentration_share"]
        if (top.get("items") or 0) < 3 or (top.get("share") or 0) < least:
            return
        self.add(INFO, self.say(sentence_key, item=top["item"],
                                share=self.t.format(top["share"], "percent"),
                                items=self.t.format(top["items"], "int")),
                 "concentration", top["share"], (key,))

    def aim(self, text: str) -> None:
        if text and text not in self.out.aims:
            self.out.aims.append(text)

    def aim_of(self, target_key: str) -> None:
        """The config `action` text of a missed target."""
        self.aim((self.cfg.target(target_key).action or {}).get(self.t.lang, ""))

    def join(self, items: list[str]) -> str:
        return self.t.join(items)

    def finish(self) -> Review:
        """Every headline figure the domain's own sentences did not say, in the verdict's
        words; then the domain's hand-kept figures with a target; then each side's
        statements in the order of their scores."""
        context = []
        for key, v in self.verdicts.items():
            if key in self.out.said or v.value is None or v.figure.kind == "date":
                continue
            if v.side == INFO:  # context: one line for all of them
                context.append(self.t("verdict.context", label=self.t.inline(v.figure.label(
                    self.t)), value=amount(v.value, v.figure, self.t), since="" if v.move is None
                    else self.t("verdict.context_since", change=change_words(
                        v.figure, v.value, v.previous, self.t))))
                self.out.said[key] = ""
            else:
                self.place(v, sentence(v, self.t))
        if context:
            line = self.t("review.context", items=self.join(context))
            self.add(INFO, line[:1].upper() + line[1:], CONTEXT)
        for row in self.kpis:
            said = kpi_sentence(row, self.t)
            if said is None:
                continue
            self.add(said[0], said[1], "target", _kpi_gap(row), (row["kpi"],))
            self.out.checks.append(MET if said[0] == GOOD else MISSED)
            if said[0] == BAD and row["kpi"] in self.cfg.targets:
                self.aim_of(row["kpi"])
        return arrange(self.out, Editorial(self.cfg))


def arrange(out: Review, editorial: Editorial) -> Review:
    """The part's lists from its insights, each in the order of their scores."""
    ranked = editorial.ranked(out.insights)
    out.good = [i.text for i in ranked if i.side == GOOD]
    out.bad = [i.text for i in ranked if i.side == BAD]
    out.overview = [i.text for i in ranked if i.side not in (GOOD, BAD)]
    return out


def verdict_kind(v: Verdict) -> str:
    """A verdict's insight kind: its line's (target / benchmark), a move by the figure's
    direction of good, or a plain fact."""
    if v.state is not None and v.line is not None:
        return v.line.kind
    return CHANGE if v.trend in (BETTER, WORSE) else FACT


def magnitude(v: Verdict) -> float:
    """How much a verdict says: the gap relative to its line, else its move on last month."""
    return v.rank if v.state is not None else move_size(v)


def move_size(v: Verdict) -> float:
    """The relative move on last month (a rate's move in points counts double: 10 points as
    a 20 % move; a count's move over at least 10); 0 without a move by a direction of good."""
    if v.trend not in (BETTER, WORSE):
        return 0.0
    value, before = float(v.value), float(v.previous)
    if v.figure.kind in ("percent", "signed_percent"):
        return abs(value - before) * 2
    if v.figure.kind == "int":  # a small count's move is noise as a percentage: 9 → 12
        return abs(value - before) / max(abs(before), 10)
    return abs(value / before - 1) if before else 1.0


def _kpi_gap(row: dict) -> float:
    target = row.get("target")
    if not target or row.get("value") is None:
        return 0.0
    return abs(row["value"] - target) / abs(target)


def kpi_sentence(row: dict, t: Labels) -> tuple[str, str] | None:
    """A hand-kept figure with a target (a kpi_table record) in the verdict's words: met, or
    short of / over it by the gap in its unit (points for a % figure)."""
    met = row.get("target_met")
    if met is None or met != met or row.get("value") is None:
        return None
    unit, better = row["unit"], row["target_better"]
    values = {"kind": t(f"common.target.{row['target_kind']}"), "sign": fmt.sign(better),
              "target": with_unit(row["target"], unit, t)}
    if t.lang == "en":
        values["kind"] = values["kind"].lower()
    gap = abs(row["value"] - row["target"])
    values["gap"] = fmt.points(gap / 100, t.lang).lstrip("+") if unit == "%" else \
        with_unit(gap, unit, t)
    judged = t("verdict.met", **values) if met else \
        t(f"verdict.missed.{'short' if better == 'higher' else 'over'}", **values)
    return (GOOD if met else BAD,
            t("verdict.sentence", label=kpi_label(row, t), value=with_unit(row["value"], unit, t),
              judged=t("verdict.joined", judged=judged), since=""))


def kpi_label(row: dict, t: Labels) -> str:
    """A hand-kept figure's name: its labels entry (`<domain>.kpis.<kpi>`), else the name
    kpis.csv gives it; in English a Chinese name from the data is quoted as data."""
    label = t.kpi(row["domain"], row["kpi"], row["label"])
    return label if t.lang == "zh" or label != row["label"] else \
        t("review.kpi_named", label=label)


def domain_review(name: str, figures: dict, previous: dict | None, cfg: Config,
                  t: Labels, kpis: Iterable[dict] = ()) -> Review:
    """What the review, and the domain's page, say about one domain whose build is ok.
    KPIS: the domain's own hand-kept figures with a target (kpi_table records). A month of
    several shops (sites) is reviewed shop by shop (`scoped_review`)."""
    column = scopes.DOMAINS.get(name)
    if column and len((figures or {}).get(scopes.KEY[column]) or {}) > 1:
        return scoped_review(name, figures, previous, cfg, t, kpis, column)
    facts = Facts(name, figures or {}, previous, cfg, t, kpis)
    domain(name).review_part(facts)
    return facts.finish()


def scoped_review(name: str, figures: dict, previous: dict | None, cfg: Config, t: Labels,
                  kpis: Iterable[dict], column: str) -> Review:
    """One part per shop (site), each built and judged exactly as a one-shop month's from
    that shop's figures and its own last month, every sentence opening with the shop's name
    (never two shops in one sentence); then the domain's hand-kept figures. The shops'
    statements are then ordered together by score."""
    out = Review()
    before = (previous or {}).get(scopes.KEY[column]) or {}
    for scope, own in figures[scopes.KEY[column]].items():
        last = before.get(scope) or (previous if (previous or {}).get(column) == scope
                                     else None)
        facts = Facts(name, own, last, cfg, t)
        domain(name).review_part(facts)
        part = facts.finish()

        def named(text: str, scope: str = scope) -> str:
            return t(f"review.of_{column}", name=scope, text=text) if text else ""

        out.insights += [replace(i, text=named(i.text), scope=scope,
                                 brief=named(i.brief)) for i in part.insights]
        out.aims += [named(text) for text in part.aims]
        out.verdicts += [replace(v, scope=scope) for v in part.verdicts]
        out.checks += part.checks
        out.said.update({scopes.said_key(scope, k): named(text) for k, text in part.said.items()})
    # an all-shops move each of whose shops has its own statement says nothing new
    stated = {(i.scope, i.figures[0]) for i in out.insights if i.side in (GOOD, BAD)
              and i.figures}
    out.insights += [c for c in contributors(name, figures, previous, column, t)
                     if not all((scope, c.figures[0]) in stated
                                for scope in figures[scopes.KEY[column]])]
    rest = Facts(name, {}, None, cfg, t, kpis).finish()
    out.checks += rest.checks
    out.insights += rest.insights
    out.aims += [a for a in rest.aims if a not in out.aims]
    return arrange(out, Editorial(cfg))


def contributors(name: str, figures: dict, previous: dict | None, column: str,
                 t: Labels, least: float = 0.1) -> list[Insight]:
    """In a month of several shops (sites): each all-shops figure that moved on last month
    by at least LEAST (a 10 % move, or 5 points of a rate: `move_size`),
    said with the shop whose own move in the same direction was largest — the top
    contributor to the change."""
    out = []
    together = scopes.together(figures) or []
    per, before = figures.get(scopes.KEY[column]) or {}, (previous or {})
    for fig in headlines(name):
        if fig.key not in together or fig.better is None:
            continue
        v = judge(fig, figures, before, Config())
        if move_size(v) < least:
            continue
        up = v.move == "up"
        moves = {}
        for scope, own in per.items():
            was = ((before.get(scopes.KEY[column]) or {}).get(scope) or {}).get(fig.key)
            now = own.get(fig.key)
            if is_number(now) and is_number(was) and now != was and (now > was) == up:
                moves[scope] = (now, was)
        if not moves or len(per) < 2:
            continue
        scope, (now, was) = max(moves.items(), key=lambda m: abs(m[1][0] - m[1][1]))
        text = t(f"review.contributor.{column}", label=fig.label(t),
                 value=amount(v.value, fig, t), change=change_words(fig, v.value, v.previous, t),
                 name=scope, own=change_words(fig, now, was, t))
        side = GOOD if v.trend == BETTER else BAD
        out.append(Insight(name, "contributor", side, text, (fig.key,), move_size(v)))
    return out


def history_insights(trends: dict | None, t: Labels, least: int = 6) -> list[Insight]:
    """A figure's month against its own history (the index's trend table, up to twelve
    months): at its best or worst of at least LEAST months with data (a record), else moved
    on last month more than in any month before (an unusual move). For the month's overview
    and key points; a domain's part keeps to the month and its last."""
    out = []
    for name, frame in (trends or {}).items():
        figs = {f.key: f for f in headlines(name)}
        for key, row in frame.iterrows():
            fig = figs.get(key)
            values = [None if v is None or v != v else float(v) for v in row]
            known = [v for v in values if v is not None]
            if fig is None or fig.better is None or len(known) < least or values[-1] is None:
                continue
            now, before = values[-1], known[:-1]
            higher = fig.better == HIGHER
            if now != max(known) and now != min(known) or now in before:
                moves = [b - a for a, b in zip(values, values[1:], strict=False)
                         if a is not None and b is not None]
                if values[-2] is None or len(moves) < least - 1 or \
                        abs(moves[-1]) <= max(abs(m) for m in moves[:-1]):
                    continue
                good = (moves[-1] > 0) == higher
                text = t("review.history.unusual", label=fig.label(t), n=len(known),
                         change=change_words(fig, now, values[-2], t))
                out.append(Insight(name, "unusual", GOOD if good else BAD, text, (key,), 1.0))
                continue
            good = (now == max(known)) == higher
            text = t(f"review.history.{'best' if good else 'worst'}", label=fig.label(t),
                     value=amount(now, fig, t), n=len(known))
            out.append(Insight(name, "record", GOOD if good else BAD, text, (key,), 1.0))
    return out


def key_points(parts: dict[str, Review], editorial: Editorial,
               history: list[Insight] = ()) -> list[Insight]:
    """本月要点: every alert, then the month's highest-scoring achievements and problems
    (at least `key_points_each_side` of each when the month has them), the wins together
    and the problems together, each in score order; a
    figure said once (its record or its verdict, whichever scores higher). HISTORY: records
    and unusual moves (history_insights)."""
    said = [i for part in parts.values() for i in part.insights if i.side in (GOOD, BAD)]
    ranked, seen = [], set()
    for i in editorial.ranked([*said, *history]):
        about = (i.domain, i.figures[:1]) if i.figures else None  # any shop's, or all
        if about is None or about not in seen:
            ranked.append(i)
            seen.add(about)
    alerts = [i for i in ranked if i.kind == ALERT]
    rest = [i for i in ranked if i.kind != ALERT]
    chosen = []
    for side in (GOOD, BAD):
        chosen += [i for i in rest if i.side == side][:editorial.each_side]
    for i in rest:
        if len(chosen) >= editorial.key_points:
            break
        if i not in chosen:
            chosen.append(i)
    # alerts, then the wins, then the problems: each side read together, by score
    return alerts + [i for side in (GOOD, BAD) for i in rest if i in chosen and i.side == side]


def story(parts: dict[str, Review], editorial: Editorial, t: Labels,
          history: list[Insight] = ()) -> list[str]:
    """本月概述: how the month went (its verdicts counted), its best news (up to three) and
    the things to act on first (the alerts, up to three, else the top two problems) — three
    sentences from the highest-scoring insights."""
    counts = {k: sum(c[k] for c in scorecard(parts).values()) for k in (MET, MISSED, CAVEAT)}
    out = []
    judged = sum(counts.values())
    if judged:
        out.append(t("review.story.verdicts", n=judged, met=counts[MET], missed=counts[MISSED],
                     caveat=t("review.story.caveat", n=counts[CAVEAT]) if counts[CAVEAT]
                     else ""))
    said = editorial.ranked([i for part in parts.values() for i in part.insights] + [*history])
    wins = [_clause(i, t) for i in said if i.side == GOOD][:3]
    alerts = [_clause(i, t) for i in said if i.kind == ALERT]  # every one, up to three
    acts = alerts[:3] or [_clause(i, t) for i in said if i.side == BAD][:2]
    if wins:
        out.append(t("review.story.wins", items=t("review.story.sep").join(wins)))
    if acts:
        out.append(t("review.story.act", items=t("review.story.sep").join(acts)))
    return out


def _clause(insight: Insight, t: Labels) -> str:
    """An insight as a clause of the overview: its brief, else its sentence without the
    final stop; its own semicolons become commas (the overview's list is joined by them)
    and, in English, its first word is no longer a sentence's (unless an acronym)."""
    text = (insight.brief or insight.text).rstrip("。. ").replace("；", "，")
    if t.lang != "en":
        return text
    text = text.replace("; ", ", ")
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def scorecard(parts: dict[str, Review]) -> dict[str, dict[str, int]]:
    """Per domain: how many judged figures met, missed, or met with a caveat (hand-kept
    figures with a target and a shop's platform rules included: the part's sentences judge
    them too)."""
    return {name: {state: sum(v.state == state for v in part.verdicts)
                   + part.checks.count(state) for state in (MET, MISSED, CAVEAT)}
            for name, part in parts.items()}
