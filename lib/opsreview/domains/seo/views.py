"""Charts, display tables and sentences of the SEO page, from the tables of domains.seo.metrics."""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib.dates
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from opsreview.domains.seo import metrics as m
from opsreview.domains.tables import Tables, busiest, drawn_from, given, top_title
from opsreview.judging.fmt import format_value
from opsreview.judging.labels import Labels
from opsreview.judging.verdicts import rank_words
from opsreview.pages import charts

BANDS = tuple(b[0] for b in m.BUCKETS) + ("unranked",)
# Ordered bands: dark to light blue, unranked grey (one hue, so no colour-vision trap).
BAND_COLORS = ("#08519C", "#3182BD", "#6BAED6", "#BDD7E7", "#D0D0D0")
VERDICTS = ("improved", "no_effect", "worse")
# Okabe–Ito blue / grey / vermillion: improved, no effect, worse.
VERDICT_COLORS = ("#0072B2", "#BBBBBB", "#D55E00")
UNRANKED_Y = 110  # where the rank chart draws "not in the top 100", below a gap
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def tables(md, cfg=None, figures: dict | None = None) -> Tables:
    """Every table the page shows; a table is None when its file is absent this month.

    Time series cover the previous month and this one, for context without crowding.
    """
    month = md.month
    since = month.previous().start
    rankings = md.history("seo_rankings")
    rankings = None if rankings is None else m.main_engine(rankings)
    moves = None if md.get("seo_rankings") is None else m.keyword_moves(rankings, month)
    index = md.history("seo_index")
    daily = None if md.get("seo_index") is None else m.index_daily(m.main_engine(index))
    actions = md.get("seo_actions")
    return Tables(
        moves=moves,
        distribution=None if moves is None else m.rank_distribution(moves),
        movers=None if moves is None else m.biggest_movers(moves),
        history=None if moves is None else m.rank_history(
            rankings[rankings["date"] >= since], m.top_keywords(moves)),
        index=None if daily is None else daily[daily["date"] >= since].reset_index(drop=True),
        collapses=None if daily is None else m.collapses(daily, month),
        trials=None if actions is None or rankings is None else m.strategy_trials(
            actions, rankings, month),
    )


# --- display tables -----------------------------------------------------------------------
def rank_text(rank, t: Labels) -> str:
    """A rank as people read it: 12, or "未排名" / "unranked" beyond the top 100."""
    return t("seo.ranks.unranked") if pd.isna(rank) else str(int(rank))


def strategy_name(code: str, t: Labels, inline: bool = False) -> str:
    """The strategy's label; lower-case inside an English sentence."""
    name = t.enum("seo_actions", "strategy", code)
    return name.lower() if inline and t.lang == "en" else name


@given
def movers_table(movers: pd.DataFrame, t: Labels) -> pd.DataFrame:
    """Biggest movers with direction and ranks in words (unranked is not "no data")."""
    return movers.assign(
        direction=[t(f"seo.directions.{d}") for d in movers["direction"]],
        first_rank=[rank_text(r, t) for r in movers["first_rank"]],
        last_rank=[rank_text(r, t) for r in movers["last_rank"]],
        gained=[f"{int(g):+d}" for g in movers["gained"]])


@given
def trials_table(trials: pd.DataFrame, t: Labels,
                 collapses: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per site × strategy trial, strategy and verdict in words; the move in places
    (上升 12 名) beside the relative change the verdict is judged on. A trial whose ranks
    fell on a site whose index collapsed (COLLAPSES) is not judged: the collapse is the
    likelier cause, as the review says."""
    fell = set() if collapses is None or collapses.empty else set(collapses["site"])
    verdicts = [("confounded" if v == "worse" and site in fell else v)
                for site, v in zip(trials["site"], trials["verdict"], strict=True)]
    return trials.assign(
        strategy=[strategy_name(s, t) for s in trials["strategy"]],
        places=[None if pd.isna(before) or pd.isna(after) else rank_words(before, after, t)
                for before, after in zip(trials["baseline_mean_rank"], trials["end_mean_rank"],
                                         strict=True)],
        verdict=[t(f"seo.verdicts.{v or 'none'}") for v in verdicts])[
        ["site", "strategy", "first_action", "keywords", "baseline_mean_rank", "end_mean_rank",
         "places", "relative_change", "verdict"]]


# --- charts -------------------------------------------------------------------------------
def _dates(ax) -> None:
    """Weekly ticks on Mondays, the rank snapshot day."""
    ax.xaxis.set_major_locator(matplotlib.dates.WeekdayLocator(matplotlib.dates.MO))
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%m-%d"))


@charts.drawable
@drawn_from("seo.charts.distribution_title")
def distribution_chart(distribution: pd.DataFrame, t: Labels):
    """Per site, its keywords split by rank band (share of the site's keywords, count inside)."""
    distribution, capped = busiest(distribution, "site", "keywords")
    counts = distribution.pivot(index="site", columns="bucket", values="keywords")
    counts = counts.reindex(columns=list(BANDS), fill_value=0)
    totals = counts.sum(axis=1)
    shares = counts.div(totals.where(totals > 0), axis=0).fillna(0)
    names = [t("seo.charts.site_label", site=s, n=int(n)) for s, n in totals.items()]
    fig, ax = charts.figure(height=max(2.4, 0.55 * len(names) + 1.6))
    left = np.zeros(len(names))
    for band, color in zip(BANDS, BAND_COLORS, strict=True):
        drawn = ax.barh(names, shares[band], left=left, color=color, height=0.6,
                        label=t(f"seo.buckets.{band}"))
        ax.bar_label(drawn, label_type="center", fontsize=9,
                     color="white" if band in BANDS[:2] else "black",
                     labels=[str(n) if s >= 0.06 else "" for n, s in
                             zip(counts[band], shares[band], strict=True)])
        left += shares[band].to_numpy()
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    charts.finish(ax, top_title(t("seo.charts.distribution_title"), capped, t),
                  t("seo.charts.distribution_axis"), t("seo.charts.site_axis"), values="x",
                  percent="x", legend="below", ncols=len(BANDS))
    return fig


@charts.drawable
@drawn_from("seo.charts.history_title")
def rank_chart(history: pd.DataFrame, t: Labels, collapses: pd.DataFrame | None = None):
    """Rank per snapshot of the main keywords, better rank higher; unranked drawn below 100.

    The days a site's index collapsed are marked: they explain its keywords' fall.
    """
    fig, ax = charts.figure(height=4.2)
    groups = history.groupby(["site", "keyword"], sort=False)
    for i, ((site, keyword), part) in enumerate(groups):
        y = part["rank"].astype("Float64").fillna(UNRANKED_Y).astype("float64")
        ax.plot(part["date"], y, marker=MARKERS[i % len(MARKERS)], markersize=4, linewidth=1.8,
                color=charts.series_color(i),
                label=t("seo.charts.series", keyword=keyword, site=site))
    ax.axhspan(102, UNRANKED_Y + 5, color="#F2F2F2", zorder=0)
    ax.set_ylim(UNRANKED_Y + 5, -4)  # inverted: rank 1 at the top
    ticks = [1, 20, 40, 60, 80, 100, UNRANKED_Y]
    ax.set_yticks(ticks, [str(v) for v in ticks[:-1]] + [t("seo.charts.unranked_tick")])
    for row in (collapses if collapses is not None else pd.DataFrame()).itertuples():
        ax.axvline(row.date, color=charts.BAD, linestyle=":", linewidth=1.2)
        # written left of the line: a collapse late in the month would run off the right
        ax.annotate(t("seo.charts.collapse_mark", site=row.site), (row.date, 0),
                    xytext=(-4, -2), textcoords="offset points", fontsize=9, color=charts.BAD,
                    va="top", ha="right", bbox=charts.LABEL_PATCH)
    _dates(ax)
    charts.finish(ax, t("seo.charts.history_title"), t("seo.charts.day"),
                  t("seo.charts.rank_axis"), legend="upper left", anchor=(1.01, 1.0))
    return fig


@charts.drawable
@drawn_from("seo.charts.index_title")
def index_chart(index: pd.DataFrame, t: Labels, collapses: pd.DataFrame | None = None):
    """Indexed pages per site per day; each collapse marked and labelled with before → after."""
    fig, ax = charts.figure(height=3.8)
    keep = () if collapses is None else tuple(collapses["site"])
    index, capped = busiest(index, "site", "indexed_pages", keep, n=8)
    for i, (site, part) in enumerate(index.groupby("site", sort=True)):
        ax.plot(part["date"], part["indexed_pages"], linewidth=1.8,
                color=charts.series_color(i), label=site)
    top = float(index["indexed_pages"].max())
    for row in (collapses if collapses is not None else pd.DataFrame()).itertuples():
        ax.axvline(row.date, color=charts.BAD, linestyle=":", linewidth=1.2)
        ax.plot([row.date], [row.pages], marker="v", markersize=9, color=charts.BAD)
        ax.annotate(t("seo.charts.collapse_note", site=row.site,
                      day=format_value(row.date, "date", t.lang),
                      before=format_value(row.pages_before, "int", t.lang),
                      pages=format_value(row.pages, "int", t.lang)),
                    (row.date, row.pages), xytext=(row.date, top * 0.33), color=charts.BAD,
                    fontsize=9, ha="center", bbox={"fc": "white", "ec": "none", "alpha": 0.85},
                    arrowprops={"arrowstyle": "->", "color": charts.BAD})
    ax.set_ylim(0, top * 1.08)
    _dates(ax)
    charts.finish(ax, top_title(t("seo.charts.index_title"), capped, t, n=8),
                  t("seo.charts.index_day"), t("seo.charts.index_axis"), legend="upper left",
                  anchor=(1.01, 1.0))
    return fig


@charts.drawable
@drawn_from("seo.charts.trials_title")
def trials_chart(trials: pd.DataFrame, t: Labels):
    """Site × strategy grid: the change in mean rank written in each cell, coloured by verdict."""
    change = m.trial_grid(trials)
    verdict = trials.pivot(index="site", columns="strategy", values="verdict")
    verdict = verdict.reindex(index=change.index, columns=change.columns)
    codes = verdict.apply(lambda col: col.map({v: i for i, v in enumerate(VERDICTS)}))
    grid = np.ma.masked_invalid(codes.to_numpy(dtype="float64"))
    rows, cols = change.shape
    fig, ax = charts.figure(width=min(8.5, 2.0 + 1.6 * cols), height=1.9 + 0.6 * rows)
    cmap = ListedColormap(VERDICT_COLORS).with_extremes(bad="#F5F5F5")  # bad = not tried
    ax.imshow(grid, cmap=cmap, vmin=-0.5, vmax=len(VERDICTS) - 0.5, aspect="auto")
    for r in range(rows):
        for c in range(cols):
            v, code = change.iat[r, c], verdict.iat[r, c]
            if pd.isna(v):
                text, color = (t("seo.charts.not_tried") if pd.isna(code) else
                               t("seo.verdicts.none")), charts.TARGET
            else:
                text = cell_text(v, code, t)
                color = "black" if code == "no_effect" else "white"
            ax.text(c, r, text, ha="center", va="center", fontsize=10, color=color)
    ax.set_xticks(range(cols), [strategy_name(s, t) for s in change.columns])
    ax.set_yticks(range(rows), list(change.index))
    ax.set_xticks(np.arange(cols + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(rows + 1) - 0.5, minor=True)
    ax.grid(False)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_ylabel(t("seo.charts.trial_site_axis"), labelpad=8)
    charts.finish(ax, t("seo.charts.trials_title"), t("seo.charts.strategy_axis"),
                  legend="below", ncols=len(VERDICTS),
                  handles=[Patch(color=c, label=t(f"seo.verdicts.{v}"))
                           for v, c in zip(VERDICTS, VERDICT_COLORS, strict=True)])
    return fig


def cell_text(change: float, verdict: str | None, t: Labels) -> str:
    """A trial in words a reader need not decode: a lower mean rank is a better one, so
    -30 % reads 名次提升 30 % / rank up 30 %, never a minus sign meaning good news."""
    size = format_value(abs(change), "percent", t.lang)
    key = {"improved": "up", "worse": "down"}.get(verdict or "", "flat")
    return t(f"seo.charts.cell_{key}", change=size if key != "flat" else
             format_value(change, "signed_percent", t.lang),
             verdict=t(f"seo.verdicts.{verdict or 'none'}"))


# --- alerts and sentences -------------------------------------------------------------------
def _collapse_values(row, t: Labels) -> dict:
    return dict(site=row.site, day=format_value(row.date, "date", t.lang),
                before=format_value(row.pages_before, "int", t.lang),
                pages=format_value(row.pages, "int", t.lang),
                drop=format_value(abs(row.drop), "percent", t.lang))


def collapse_alerts(collapses: pd.DataFrame | None, t: Labels) -> list[str]:
    """One alert per site whose index collapsed this month: site, day, and the drop."""
    if collapses is None:
        return []
    return [t("seo.findings.alert", **_collapse_values(r, t)) for r in collapses.itertuples()]


def show_alerts(page, tabs: SimpleNamespace) -> None:
    """Flag each collapsed site on its own, prominently."""
    for text in collapse_alerts(tabs.collapses, page.t):
        page.alert(text)


def extra_findings(figures: dict, tabs: Tables, cfg, t: Labels) -> list[tuple[str, str]]:
    """The page's own observations beyond the review part (which says the collapses, the
    trials without effect, the best and the worst trial and the strategies that split): each
    other trial that made ranks worse."""
    out: list[tuple[str, str]] = []
    if tabs.trials is None:
        return out
    collapsed = set() if tabs.collapses is None else set(tabs.collapses["site"])
    measured = tabs.trials.dropna(subset=["relative_change"])
    worst = (figures or {}).get("worst_trial") or {}
    for _, row in measured[measured["verdict"] == "worse"].iterrows():
        key = "worse_collapsed" if row["site"] in collapsed else "worse"
        said = (row["site"], row["strategy"]) == (worst.get("site"), worst.get("strategy"))
        out.append(("info", t(f"seo.findings.{key}", **_trial_values(row, t)),
                    *(("worst_trial",) if said else ())))  # the review's, when it said it
    return out


def _trial_values(row, t: Labels) -> dict:
    return dict(site=row["site"], strategy=strategy_name(row["strategy"], t, inline=True),
                change=format_value(abs(row["relative_change"]), "percent", t.lang),
                before=format_value(row["baseline_mean_rank"], "number", t.lang),
                after=format_value(row["end_mean_rank"], "number", t.lang))
