"""The written monthly review: one part per domain, the month's story, key points, a scorecard.

A domain's part is built on the verdicts of its figures (report/verdicts.py): a met line is
an achievement, a missed or caveated one a problem with its aim, a figure with only a
direction of good is placed by how it moved, and a figure with none is context. Each
domain's function adds the facts its figures cannot say (a downgraded site, a shop's penalty)
and may word a figure's verdict in its own sentence (`Facts.about`), never judge it again.
Every statement is recorded as a scored insight (report/insights.py); a part lists its
achievements and problems by score, and the month's overview and key points are its
highest-scoring insights. The domain pages show the same part (Page.findings), so the two
cannot disagree. Texts are plain; the index and the pages escape them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from opsreview.contract.config import Config, tmall_trial_applies
from opsreview.contract.figure import HIGHER, headlines
from opsreview.domains import domain
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
    rank_words,
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
    # every statement above, scored (report/insights.py): the overview, key points and the
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
        recorded as an insight of KIND and magnitude SIZE (report/insights.py)."""
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


def review_seo(x: Facts) -> None:
    f, t = x.f, x.t
    named = [c for c in f.get("collapses") or []
             if all(c.get(k) is not None for k in ("site", "date", "pages_before", "pages"))]
    for c in named:
        words = {"site": c["site"], "date": t.format(c["date"], "date"),
                 "before": t.format(c["pages_before"], "int"),
                 "after": t.format(c["pages"], "int")}
        x.add(BAD, x.say("collapse", **words), ALERT, brief=x.say("brief.collapse", **words))
        x.aim(x.say("aims.collapse", site=c["site"]))
    if not named and f.get("index_collapses"):
        x.aim(x.say("aims.collapses"))
    collapses = x.verdicts.get("index_collapses")
    if named and collapses is not None and collapses.side != GOOD:
        x.out.said["index_collapses"] = ""  # the downgraded sites say it
    improved = x.verdicts.get("improved_share")
    if named and improved is not None and improved.side == BAD:  # said beside the collapse
        x.about("improved_share", "improved_collapse",
                sites=t.join([c["site"] for c in named]))
    best = f.get("best_trial") or {}
    if best.get("relative_change") is not None and best["relative_change"] < 0:
        x.add(GOOD, x.say("best_trial", **_trial_words(best, t)))
    worst = f.get("worst_trial") or {}
    if worst.get("relative_change") is not None and worst["relative_change"] > 0:
        fell = worst.get("site") in {c["site"] for c in named}  # the collapse, not the trial
        words = _trial_words(worst, t)
        x.add(INFO if fell else BAD,
              x.say("worst_trial", **words, strategy_inline=t.inline(words["strategy"]),
                    collapsed=x.say("worst_collapsed") if fell else ""), figures=("worst_trial",))
    top, listed = x.verdicts.get("top10_share"), x.verdicts.get("keywords")
    if top is not None and listed is not None and is_number(top.previous) \
            and is_number(listed.previous) and listed.value != listed.previous:
        now, before = (round(k * s) for k, s in ((listed.value, top.value),
                                                 (listed.previous, top.previous)))
        if now != before and (now > before) != (top.value > top.previous):
            # more keywords watched: the count in the top 10 is the news, not its share
            more = listed.value > listed.previous
            x.place(top, x.say("top10_count" if more else "top10_count_fewer",
                               n=t.format(now, "int"),
                               before=t.format(before, "int"), value=x.v("top10_share"),
                               added=t.format(abs(listed.value - listed.previous), "int")),
                    side=INFO)
            x.out.said["keywords"] = ""  # the sentence says how many more are watched
    if x.has("no_effect_share", "strategy_trials"):
        v = x.verdicts.get("no_effect_share")
        words = {"trials": x.v("strategy_trials", "int"),
                 "idle": t.format(round(f["no_effect_share"] * f["strategy_trials"]), "int")}
        if f["strategy_trials"] < Editorial(x.cfg).settings["least_items"]:
            # a share of a handful of trials moves by chance: said, not judged by its move
            x.add(INFO, x.say("no_effect_few", value=x.v("no_effect_share", "percent"),
                              **words), figures=("no_effect_share",))
            x.out.said["no_effect_share"] = ""
        else:  # fewer trials without effect is an achievement, said as the fall it is
            better = v is not None and v.side == GOOD
            x.about("no_effect_share", "no_effect_better" if better else "no_effect",
                    before=t.format(v.previous if v is not None else None, "percent"), **words)
    for s in f.get("split_strategies") or []:
        if not (s.get("strategy") and s.get("best_site") and s.get("weakest_site")):
            continue
        x.add(BAD, x.say("split", strategy=t.inline(t.enum("seo_actions", "strategy",
                                                           s.get("strategy"))),
                         best=s.get("best_site"), weakest=s.get("weakest_site")))
        x.aim(x.say("aims.trials"))


def _trial_words(trial: dict, t: Labels) -> dict:
    """A strategy trial (metrics `best_trial` / `worst_trial`) for its sentence: the site, the
    strategy, the mean rank before and after, and the move in places."""
    before, after = trial["baseline_mean_rank"], trial["end_mean_rank"]
    return {"site": trial.get("site"), "before": t.format(before, "number"),
            "strategy": t.enum("seo_actions", "strategy", trial.get("strategy")),
            "after": t.format(after, "number"), "change": rank_words(before, after, t)}


def review_site(x: Facts) -> None:
    f, t = x.f, x.t
    site = f.get("site") or ""
    name = (x.cfg.site(site) or {}).get("name") or site
    if x.has("first_week_avg_daily_uv", "launched_on"):
        x.about("first_week_avg_daily_uv", "launch", kind=MILESTONE, brief="brief.launch",
                name=name, site=site, date=t.format(f["launched_on"], "date"))
    elif x.has("avg_daily_uv"):
        x.add(INFO, x.say("avg_uv", name=name, uv=x.v("avg_daily_uv")))
    if x.has("load_seconds_start", "load_seconds_end") \
            and f["load_seconds_start"] != f["load_seconds_end"]:
        faster = f["load_seconds_end"] < f["load_seconds_start"]
        x.add(faster, x.say("load_faster" if faster else "load_slower",
                            start=fmt.duration(f["load_seconds_start"], "seconds", t.lang),
                            end=fmt.duration(f["load_seconds_end"], "seconds", t.lang)))
    if x.has("other_faults", "other_faults_resolved"):
        x.about("fault_resolution_rate", "faults", n=x.v("other_faults", "int"),
                resolved=x.v("other_faults_resolved", "int"))
    if f.get("open_faults"):  # a fault still open at the month's end is a problem of its own
        which = x.join([x.say("fault", date=t.format(o["started_at"][:10], "date"),
                              kind=t.enum("site_incidents", "kind", o["kind"]))
                        for o in f["open_faults"]])
        n = t.format(len(f["open_faults"]), "int")
        x.add(BAD, x.say("open_faults", n=n, which=which), ALERT,
              brief=x.say("brief.open_faults", n=n, which=which))
        x.aim(x.say("aims.open_faults", which=which))
    x.about("articles_per_day", "articles")
    topics = f.get("uncovered_core_topics") or []
    if topics and x.has("core_topics_covered", "core_topics_planned"):
        x.about("core_topic_coverage", "coverage", covered=x.v("core_topics_covered", "int"),
                planned=x.v("core_topics_planned", "int"), topics=x.join(topics[:2]),
                uncovered=t.format(len(topics), "int"))
    if x.has("timeouts"):
        x.about("timeout_mttr_minutes", "timeouts", n=x.v("timeouts", "int"))
    if x.has("consultations_reviewed"):
        x.about("consultation_accuracy", "accuracy",
                reviewed=x.v("consultations_reviewed", "int"))


def review_market(x: Facts) -> None:
    f, t = x.f, x.t
    if x.has("new_branches", "cities_covered"):
        growth, cities = f.get("cities_covered_growth"), f["cities_covered"]
        before = None if growth is None or growth <= -1 else round(cities / (1 + growth))
        x.about("new_branches", "branches", brief="brief.branches",
                kind=MILESTONE if f["new_branches"] else None,  # none opened: no news
                companies=x.v("new_companies", "int"),
                offices=x.v("new_offices", "int"), cities=t.format(cities, "int"),
                last="" if not is_number(x.prev.get("new_branches")) else x.say(
                    "branches_last", n=t.format(x.prev["new_branches"], "int")),
                cities_since="" if before is None or before == cities else x.say(
                    "cities_since", before=t.format(before, "int")))
    if x.has("contracts_signed", "contract_received"):
        x.about("contract_amount", "contracts", brief="brief.contracts",
                n=x.v("contracts_signed", "int"),
                received=x.v("contract_received", "money"))
    x.concentration("contract_top_branch", "concentration")
    if x.has("self_run_amount"):
        amount, got = f["self_run_amount"], f.get("self_run_received")
        x.add(INFO, x.say("self_run", amount=x.v("self_run_amount", "money"),
                          received=x.v("self_run_received", "money"),
                          share=t.format(got / amount if got is not None and amount else None,
                                         "percent"),
                          progress=x.v("self_run_progress", "percent")),
              figures=("self_run_amount",))
    if x.has("contracts_on_time", "contracts_due"):
        x.about("on_time_rate", "on_time", on_time=x.v("contracts_on_time", "int"),
                due=x.v("contracts_due", "int"),
                delay="" if not f.get("mean_delay_days") else x.say(
                    "delay", delay=x.v("mean_delay_days", "days")))
    if x.has("review_pass_rate_core"):
        x.about("review_pass_rate_county", "county", core=x.v("review_pass_rate_core", "percent"))


def review_service(x: Facts) -> None:
    f, t = x.f, x.t
    if x.has("sessions_per_agent_day", "peak_agent_day"):
        mix = [f"{t.enum('cs_sessions', 'category', code)} {x.v(f'share_{code}', 'percent')}"
               for code in ("routine", "recommendation", "dispute", "emergency")
               if x.has(f"share_{code}")]
        x.about("sessions_per_agent_day", "overview", also=("peak_agent_day",),
                peak=x.v("peak_agent_day"), mix=x.join(mix))
    elif x.has("sessions_per_agent_day"):  # the per-agent export: buyers received, no mix
        x.about("sessions_per_agent_day", "overview_agents", agents=x.v("agents", "int"))
    if x.has("first_response_p90_seconds", "within_60s_share"):  # one sentence, three figures
        x.about("first_response_mean_seconds", "first_response",
                also=("first_response_p90_seconds", "within_60s_share"),
                p90=x.v("first_response_p90_seconds"), within=x.v("within_60s_share"),
                p90_since=_moved(x, "first_response_p90_seconds"),
                within_since=_moved(x, "within_60s_share"))
    if x.has("reco_conversion_need", "reco_conversion_bestseller") \
            and f["reco_conversion_need"] != f["reco_conversion_bestseller"]:
        higher = f["reco_conversion_need"] > f["reco_conversion_bestseller"]
        diff = f["reco_conversion_need"] - f["reco_conversion_bestseller"]
        x.add(higher, x.say("reco" if higher else "reco_low",
                            need=x.v("reco_conversion_need", "percent"),
                            best=x.v("reco_conversion_bestseller", "percent"),
                            gap=t.format(abs(diff), "points").lstrip("+")),
              figures=("reco_conversion_need", "reco_conversion_bestseller"))
        if not higher:
            x.aim(x.say("aims.reco"))
    if f.get("unresolved_logistics_share"):
        x.add(BAD, x.say("logistics", share=x.v("unresolved_logistics_share", "percent")),
              figures=("unresolved_logistics_share",))
        x.aim(x.say("aims.logistics"))
    if f.get("high_risk_sessions") and x.has("high_risk_satisfaction", "other_satisfaction"):
        diff = f["other_satisfaction"] - f["high_risk_satisfaction"]
        # the problem is their satisfaction; their count (and its move) is said with it
        x.add(BAD, x.say("high_risk", threshold=x.cfg.shake_threshold,
                         sessions=x.v("high_risk_sessions", "int"),
                         sessions_since=_moved(x, "high_risk_sessions"),
                         risk=x.v("high_risk_satisfaction", "percent"),
                         other=x.v("other_satisfaction", "percent"),
                         gap=t.format(diff, "points").lstrip("+")),
              figures=("high_risk_satisfaction",))
        x.out.said["high_risk_sessions"] = ""
        x.aim(x.say("aims.high_risk"))
    if f.get("stock_query_per_day") and x.has("self_service_per_day"):
        x.add(BAD, x.say("self_service", n=x.v("self_service_per_day", "int"),
                         share=x.v("self_service_time_share", "percent"),
                         stock=x.v("stock_query_per_day", "int")),
              figures=("stock_query_per_day", "self_service_per_day"))
        x.aim(x.say("aims.stock"))
    elif f.get("stock_query_per_day"):
        x.add(BAD, x.say("stock", n=x.v("stock_query_per_day"),
                         share=x.v("stock_query_time_share", "percent")),
              figures=("stock_query_per_day",))
        x.aim(x.say("aims.stock"))


def _moved(x: Facts, key: str) -> str:
    """'（较上月缩短 24 秒）' for a figure said inside another's sentence; nothing without
    last month."""
    v = x.verdicts.get(key)
    if v is None or v.move is None:
        return ""
    return x.t("verdict.context_since", change=change_words(v.figure, v.value, v.previous, x.t))


def review_campaigns(x: Facts) -> None:
    f, t = x.f, x.t
    if f.get("campaigns") == 0 and x.has("gmv", "orders"):  # a shop that ran none
        x.add(INFO, x.say("no_campaign", gmv=x.v("gmv", "money"), orders=x.v("orders", "int")))
    if x.has("deal_visitors", "deal_units", "deal_traffic_uplift"):
        x.about("deal_visitors", "deal", also=("deal_traffic_uplift",),
                uplift=t.format(abs(f["deal_traffic_uplift"]), "percent"),
                more=x.say("more" if f["deal_traffic_uplift"] >= 0 else "fewer"),
                units=x.v("deal_units", "int"), gmv=x.v("deal_gmv", "money"))
    margin, net = f.get("deal_margin_change"), f.get("deal_margin_after_cost")
    x.about("deal_roi", "roi", margin="" if margin is None or margin >= 0 else x.say(
        "margin", change=t.format(-margin, "points").lstrip("+")),
        loss="" if not is_number(net) or net >= 0 else x.say("loss", amount=t.format(-net,
                                                                                    "money")))
    if f.get("full_reduction_orders") and x.has("full_reduction_aov_uplift"):
        up = f["full_reduction_aov_uplift"]
        x.about("full_reduction_orders", "full_reduction",
                aov=t.format(abs(up), "percent"), more=x.say("higher" if up >= 0 else "lower"),
                conversion=x.v("full_reduction_conversion", "percent"))
    if x.has("coupon_issued"):
        x.about("coupon_redemption", "coupons", issued=x.v("coupon_issued", "int"))
    if f.get("bundle_orders"):
        x.about("bundle_share", "bundles", n=x.v("bundle_orders", "int"))
    if f.get("rule_bugs"):
        x.about("rule_bug_fix_minutes_max", "rule_bugs", n=x.v("rule_bugs", "int"))
    if f.get("emergencies"):
        still = f["emergencies"] - (f.get("emergencies_fixed") or 0)
        minutes = x.v("emergency_response_minutes_mean", "minutes")
        if still > 0 and f.get("emergencies_fixed") is not None:
            x.add(BAD, x.say("emergencies_open", n=x.v("emergencies", "int"), minutes=minutes,
                             open=t.format(still, "int")))
            x.aim(x.say("aims.emergencies"))
        elif still <= 0:
            # all fixed is an achievement only when none took longer than a rule bug may
            longest, limit = f.get("emergency_fix_minutes_max"), _fix_limit(x)
            slow = longest is not None and limit is not None and longest > limit
            over = [m for m in f.get("emergency_fix_minutes") or []
                    if limit is not None and m > limit]
            x.add(BAD if slow else GOOD, x.say(
                "emergencies_slow" if slow else "emergencies", n=x.v("emergencies", "int"),
                some=x.say("some_of", n=t.format(len(over), "int")) if over else x.say("some"),
                minutes=minutes, limit=t.format(None if limit is None else limit / 60, "hours"),
                slowest=x.v("emergency_fix_minutes_max", "minutes"),
                longest="" if longest is None else x.say(
                    "emergencies_longest", minutes=x.v("emergency_fix_minutes_max", "minutes"))),
                figures=("emergency_fix_minutes_max",))
            if slow:
                x.aim(x.say("aims.emergencies_slow",
                            limit=t.format(None if limit is None else limit / 60, "hours")))


def _fix_limit(x: Facts) -> float | None:
    """The minutes a rule bug may take to fix (the target of rule_bug_fix_minutes_max)."""
    v = x.verdicts.get("rule_bug_fix_minutes_max")
    return None if v is None or v.line is None else v.line.value


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


def review_team(x: Facts) -> None:
    f, t = x.f, x.t
    if x.has("headcount", "groups"):
        groups = [x.say("group", group=t.group(g), n=t.format(n, "int"))
                  for g, n in (f.get("group_headcount") or {}).items()]
        before = f.get("headcount_previous", x.prev.get("headcount"))
        moved = "" if not isinstance(before, int | float) or before == f["headcount"] else \
            x.say("grew" if f["headcount"] > before else "shrank",
                  n=t.format(abs(f["headcount"] - before), "int"),
                  before=t.format(before, "int"), now=x.v("headcount"))
        changes = f.get("group_changes") or {}
        if moved and changes:  # where the people came or went
            sizes = set(changes.values())
            if len(sizes) == 1 and len(changes) > 1:  # 策划组、市场组各增加 1 人
                n = sizes.pop()
                moved += x.say("where_each", groups=x.join([t.group(g) for g in changes]),
                               n=t.format(abs(n), "int"), more=x.say(_more(n)))
            else:
                moved += x.say("where", moves=x.join([
                    x.say("move", group=t.group(g), n=t.format(abs(n), "int"),
                          more=x.say(_more(n))) for g, n in changes.items()]))
        x.about("headcount", "overview", also=("groups",), groups=x.v("groups"),
                breakdown=x.join(groups), moved=moved)
    judged = {row["kpi"] for row in x.kpis if kpi_sentence(row, t) is not None}
    rows = {row["kpi"]: row for row in x.kpis if row["kpi"] not in judged
            and row.get("value") is not None}
    sizes = f.get("group_headcount") or {}
    for group, keys in x.cfg.group_work.items():  # each group's month, as the seed says it
        work = [_work_item(x, rows[k]) for k in keys if k in rows]
        if work:
            size = x.say("group_size", n=t.format(sizes[group], "int")) if group in sizes else ""
            # the group's output this month: what the seed lists as the team's results
            x.add(GOOD, x.say("work", group=t.group(group), size=size, items=x.join(work)),
                  figures=tuple(k for k in keys if k in rows))


def _work_item(x: Facts, row: dict) -> str:
    """A hand-kept figure inside a group's line: 发货准确率 99% / shipping accuracy (99%)."""
    label = kpi_label(row, x.t)
    return x.say("work_item", label=x.t.inline(label) if x.t.lang == "en" else label,
                 space="" if label.endswith("）") else " ",
                 value=with_unit(row["value"], row["unit"], x.t, row["kpi"]))


def _more(n: int) -> str:
    return "more" if n > 0 else "fewer"


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
