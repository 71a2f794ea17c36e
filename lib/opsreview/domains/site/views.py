"""Charts and sentences of the fishery-site page, drawn from the tables of domains.site.metrics."""

from __future__ import annotations

import pandas as pd

from opsreview.domains.site import metrics as m
from opsreview.domains.tables import Tables, drawn_from, given, no_data_figure
from opsreview.judging.fmt import format_value
from opsreview.judging.labels import Labels
from opsreview.pages import charts


def tables(md, cfg, figures: dict | None = None) -> Tables:
    """Every table the page shows, for the site the figures are about (domains.site.metrics's,
    computed here when not given)."""
    figures = m.compute(md, cfg) if figures is None else figures
    month, name = md.month, figures["site"]
    launched = pd.Timestamp(figures["launched_on"]) if figures.get("launched_on") else None
    traffic = m.of_site(md.history("site_traffic"), name)
    live = None if traffic is None else m.live_traffic(traffic, month, launched)
    articles = m.of_site(md.history("site_articles"), name)
    plan = m.of_site(md.get("site_topic_plan"), name)
    known = plan is not None and articles is not None  # coverage needs both (domains.site.metrics)
    covered = m.covered_topics(articles, month.end) if known else set()
    incidents = m.of_site(md.get("site_incidents"), name)
    incidents = None if incidents is None else m.in_month(incidents, "started_at", month)
    asked = m.of_site(md.get("site_consultations"), name)
    asked = None if asked is None else m.in_month(asked, "asked_at", month)
    target = cfg.target("articles_per_day").value
    return Tables(
        traffic=None if live is None else m.daily_traffic(
            live, launched, cfg.target("new_site_daily_uv").value),
        load=None if live is None else m.load_time_daily(live).dropna(),
        articles=None if articles is None else m.articles_daily(articles, month, launched,
                                                                target),
        coverage=m.topic_coverage(plan, covered) if known else None,
        uncovered=m.uncovered_core_topics(plan, covered) if known else None,
        incidents=None if incidents is None else m.incident_durations(incidents),
        by_kind=None if incidents is None else m.incidents_by_kind(incidents),
        by_module=None if asked is None else m.accuracy_by(asked, "module"),
        by_topic=None if asked is None else m.accuracy_by(asked, "topic"),
    )


@charts.drawable
@drawn_from("site.charts.traffic_title")
def traffic_chart(traffic: pd.DataFrame, t: Labels):
    """Daily UV and PV since launch, the new-site benchmark, the launch day marked."""
    launch = traffic.loc[traffic["launch"], "date"]
    marks = {launch.iloc[0]: t("site.charts.launch")} if len(launch) else None
    bench = traffic["benchmark_uv"].dropna()
    ref = (float(bench.iloc[0]), t("site.charts.benchmark_uv", value=int(bench.iloc[0]))) \
        if len(bench) else None
    return charts.line(traffic, "date", {"uv": t("site.charts.uv"), "pv": t("site.charts.pv")},
                       t("site.charts.traffic_title"), t("site.charts.day"),
                       t("site.charts.visits_unit"), reference=ref, marks=marks)


@charts.drawable
@drawn_from("site.charts.articles_title")
def articles_chart(articles: pd.DataFrame, t: Labels):
    """Articles per live day against the daily standard."""
    target = articles["target"].dropna()
    ref = (float(target.iloc[0]), t("site.charts.article_target", value=int(target.iloc[0]))) \
        if len(target) else None
    return charts.bars(articles["date"].dt.strftime("%m-%d"), articles["articles"],
                       t("site.charts.articles_title"), t("site.charts.day"),
                       t("site.charts.articles_unit"), reference=ref)


@charts.drawable
@drawn_from("site.charts.coverage_title")
def coverage_chart(coverage: pd.DataFrame, t: Labels):
    """Covered share of planned topics per column; core columns marked and coloured."""
    labels = [f"{c}{t('site.charts.core_mark') if core else ''}"
              for c, core in zip(coverage["column"], coverage["core"], strict=True)]
    colors = [charts.PALETTE[1] if core else charts.series_color() for core in coverage["core"]]
    return charts.bars(labels, coverage["coverage"].fillna(0), t("site.charts.coverage_title"),
                       t("site.charts.coverage_axis"), None, horizontal=True, colors=colors,
                       percent=True, annotate=lambda v: format_value(v, "percent", t.lang))


BY_KIND_FORMATS = {"incidents": "int", "resolved": "int", "mean_minutes": "minutes",
                   "max_minutes": "minutes"}


@given
def by_kind_table(by_kind: pd.DataFrame, t: Labels) -> pd.DataFrame:
    """Incidents per kind, the kind in words (None when site_incidents.csv is absent); a
    kind none of whose incidents has recovered says so where its minutes would be."""
    open_ = (by_kind["resolved"] < by_kind["incidents"]) & by_kind["mean_minutes"].isna()
    minutes = {c: by_kind[c].astype(object).where(~open_, t("site.columns.not_recovered"))
               for c in ("mean_minutes", "max_minutes")}
    return by_kind.assign(kind=[t.enum("site_incidents", "kind", k) for k in by_kind["kind"]],
                          **minutes)


@charts.drawable
@drawn_from("site.charts.incidents_title")
def incidents_chart(incidents: pd.DataFrame, t: Labels, standard: float):
    """Minutes to recover per incident (open ones at 0, labelled), with the standard line."""
    labels = [f"{s:%m-%d %H:%M} {t.enum('site_incidents', 'kind', k)}"
              for s, k in zip(incidents["started_at"], incidents["kind"], strict=True)]
    colors = [charts.BAD if tm else charts.series_color() for tm in incidents["timeout"]]
    return charts.bars(labels, incidents["minutes"].fillna(0), t("site.charts.incidents_title"),
                       t("site.charts.minutes_axis"), None, horizontal=True, colors=colors,
                       reference=(standard, t("site.charts.recovery_standard",
                                              value=int(standard))),
                       annotate=lambda v: format_value(v, "minutes", t.lang) if v else
                       t("site.charts.open"))


@charts.drawable
def accuracy_chart(table: pd.DataFrame, key: str, t: Labels, target: float):
    """Answer accuracy per module or topic (reviewed answers only), worst first."""
    rows = None if table is None else table.dropna(subset=["accuracy"])
    if rows is None or rows.empty:
        return no_data_figure(t(f"site.charts.accuracy_{key}_title"), t)
    labels = [t.enum("site_consultations", "module", v) if key == "module" else v
              for v in rows[key]]
    return charts.bars(labels, rows["accuracy"], t(f"site.charts.accuracy_{key}_title"),
                       t("site.charts.accuracy_axis"), None, horizontal=True, percent=True,
                       reference=(target, t("site.charts.accuracy_target",
                                            value=format_value(target, "percent", t.lang))),
                       annotate=lambda v: format_value(v, "percent", t.lang))


@charts.drawable
@drawn_from("site.charts.load_title")
def load_chart(load: pd.DataFrame, t: Labels):
    return charts.line(load, "date", {"load_seconds": t("site.charts.load_series")},
                       t("site.charts.load_title"), t("site.charts.day"),
                       t("site.charts.seconds_unit"))


def extra_findings(figures: dict, tabs: Tables, cfg, t: Labels) -> list[tuple[str, str]]:
    """The page's own observations beyond the review part (which says the first week, the
    load time, faults still open, every targeted figure and the topics still to write): the
    topics answered wrongly most."""
    out = []
    if tabs.by_topic is not None:
        worst = tabs.by_topic.dropna(subset=["accuracy"])
        worst = worst[worst["wrong"] > 0].head(2)
        if len(worst):
            out.append(("bad", t("site.findings.wrong_topics", topics=t.join(worst["topic"]),
                                 wrong=int(worst["wrong"].sum()))))
    return out
