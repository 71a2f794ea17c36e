"""Charts, display tables and sentences of the customer-service page, from domains.service.metrics.

Only aggregates reach the page: the tables built here never carry the buyer's nick, phone
or message (agents are staff and are named).
"""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import MaxNLocator, MultipleLocator

from opsreview.contract.needs import Needs, of, present
from opsreview.domains import figure
from opsreview.domains.service import agents as ma
from opsreview.domains.service import metrics as m
from opsreview.domains.tables import Tables, busiest, drawn_from, given, no_data_figure, top_title
from opsreview.judging import fmt
from opsreview.judging.fmt import format_value
from opsreview.judging.labels import Labels
from opsreview.judging.verdicts import judge
from opsreview.pages import charts

FORMATS = {
    "agents": {"days": "number", "sessions": "int", "received": "int", "per_day": "number",
               "peak": "int", "mean_seconds": "seconds", "p90_seconds": "seconds",
               "within_60s_share": "percent", "mean_minutes": "minutes",
               "received_per_day": "number"},
    "performance": {"inquiries": "int", "inquiry_paid": "int", "inquiry_conversion": "percent",
                    "satisfaction_rate": "percent", "sales": "money"},
    "mix": {"sessions": "int", "share": "percent"},
    "reco": {"sessions": "int", "converted": "int", "rate": "percent"},
    "disputes": {"sessions": "int", "resolved": "int", "unresolved": "int",
                 "resolution_rate": "percent"},
    "reasons": {"sessions": "int", "share": "percent"},
    "risk": {"sessions": "int", "rated": "int", "satisfied": "int", "satisfaction": "percent",
             "disputes": "int", "dispute_share": "percent"},
    "risk_rows": {"shake_count": "int", "first_response_seconds": "seconds",
                  "handle_minutes": "minutes"},
    "self_service": {"sessions": "int", "per_day": "number", "mean_minutes": "minutes",
                     "hours": "hours", "time_share": "percent"},
    "shops": {"agents": "int", "served": "int", "agent_days": "number",
              "sessions_per_agent_day": "number", "first_response_mean_seconds": "seconds",
              "satisfaction_rate": "percent", "inquiry_conversion": "percent",
              "service_sales": "money"},
}


SESSION_TABLES = ("load", "agent_days", "response", "mix", "reco", "disputes", "reasons",
                  "risk", "risk_rows", "self_service", "self_service_daily")
# The per-agent export's columns on the page: load and speed, then conversion, satisfaction
# and sales (its own section, which the session export cannot give).
AGENT_LOAD = ["shop", "agent", "days", "sessions", "per_day", "peak", "mean_seconds",
              "handle_minutes"]
PERFORMANCE = ["shop", "agent", "inquiries", "inquiry_paid", "inquiry_conversion",
               "satisfaction_rate", "sales"]


def tables(md, cfg, figures: dict | None = None) -> Tables:
    """Every table the page shows (aggregates only). Without cs_sessions the session tables
    are a `Needs` (the session export), without cs_agents the performance table is; with
    neither file every table is None. Load and speed come from cs_sessions when the month
    has it, else from cs_agents (`from_agents`)."""
    s, a = md.get("cs_sessions"), md.get("cs_agents")
    # per-day figures divide by the days the data covers (a partial month's), not the month's
    common = dict(threshold=cfg.shake_threshold, month_days=(md.covered(m.OWN) or md.month).days,
                  from_agents=s is None and a is not None)
    if s is None and a is None:
        return Tables(**dict.fromkeys((*SESSION_TABLES, "agents", "performance",
                                                "agent_totals")), **common)
    per_agent = None if a is None else ma.per_agent(a, md.month.days)
    out = Tables(
        performance=Needs("service", "cs_agents") if a is None else per_agent[PERFORMANCE],
        agent_totals=None if a is None else ma.figures(a, md.month.days), **common)
    if s is None:
        out.__dict__.update(dict.fromkeys(SESSION_TABLES, Needs("service", "cs_sessions")))
        out.agents = per_agent[AGENT_LOAD]
        return out
    days = m.agent_days(s)
    out.agents = m.agent_load(s, days).merge(
        m.first_response_by_agent(s).drop(columns=["sessions", "median_seconds"]), on="agent")
    out.__dict__.update(
        load=m.weekday_hour(s, md.period("cs_sessions") or md.month), agent_days=days,
        response=m.first_response_distribution(s), mix=m.category_mix(s),
        reco=m.reco_conversion(s), disputes=m.disputes_by_topic(s),
        reasons=m.unresolved_reasons(s), risk=m.high_risk_comparison(s, cfg.shake_threshold),
        risk_rows=m.high_risk_rows(s, cfg.shake_threshold), self_service=m.self_service_topics(s),
        self_service_daily=m.self_service_daily(s))
    return out


# --- words ------------------------------------------------------------------------------------
def enum(t: Labels, column: str, code: str | None) -> str:
    """A cs_sessions code in words; a missing one (no reason given) says so."""
    return t("service.enums.none") if code is None else t.enum("cs_sessions", column, code)


def weekday(t: Labels, day: int) -> str:
    return t(f"service.weekdays.d{day}")


# --- display tables ---------------------------------------------------------------------------
# A per-agent table's column -> the figure its last row (the whole team) shows.
TOTALS = {"days": "agent_days", "sessions": "sessions", "per_day": "sessions_per_agent_day",
          "peak": "peak_agent_day", "mean_seconds": "first_response_mean_seconds",
          "p90_seconds": "first_response_p90_seconds", "within_60s_share": "within_60s_share",
          "handle_minutes": "avg_handle_minutes", "inquiry_conversion": "inquiry_conversion",
          "satisfaction_rate": "satisfaction_rate", "sales": "service_sales"}
# The per-agent export counts buyers received (接待人数), not sessions.
AGENT_EXPORT_HEADERS = {"sessions": "received", "per_day": "received_per_day",
                        "handle_minutes": "mean_minutes"}


def section(key: str, tabs: SimpleNamespace) -> str:
    """The section key whose explanation fits the export the load and speed come from."""
    return f"{key}_agents" if tabs.from_agents else key


@given
def agents_table(agents: pd.DataFrame, figures: dict | None, t: Labels) -> pd.DataFrame:
    """Per agent load and speed (or conversion, satisfaction and sales), and a last row for
    the whole team (the figures of `figures`); columns the export lacks are left out."""
    f = figures or {}
    if not f or agents.empty:
        return agents
    total = {"agent": t("service.charts.all_agents"),
             **{c: f.get(key) for c, key in TOTALS.items() if c in agents}}
    if "inquiries" in agents:
        total.update({c: agents[c].sum(min_count=1) for c in ("inquiries", "inquiry_paid")})
    out = pd.concat([agents, pd.DataFrame([total])], ignore_index=True)
    out = out.drop(columns=[c for c in out if c != "agent" and out[c].iloc[:-1].isna().all()])
    if "shop" in out and out["shop"].nunique() < 2:  # one shop: a column that says nothing
        out = out.drop(columns=["shop"])
    return out.rename(columns=AGENT_EXPORT_HEADERS) if "shop" in agents else out


@given
def risk_rows_table(rows: pd.DataFrame, t: Labels) -> pd.DataFrame:
    """The high-risk sessions in words: time to the minute, yes / no, stars or "not rated"."""
    yes, no = t("service.charts.yes"), t("service.charts.no")
    return rows.assign(
        started_at=[at.strftime("%m-%d %H:%M") for at in rows["started_at"]],
        topic=[enum(t, "topic", c) for c in rows["topic"]],
        resolved=["" if pd.isna(r) else (yes if r else no) for r in rows["resolved"]],
        handle_seconds=rows["handle_seconds"] / 60,
        rating=[t("service.charts.not_rated") if pd.isna(v) else
                t("service.charts.stars", n=int(v)) for v in rows["satisfaction"]],
    ).drop(columns=["satisfaction"]).rename(columns={"handle_seconds": "handle_minutes"})


@given
def mix_table(mix: pd.DataFrame, t: Labels) -> pd.DataFrame:
    return mix.assign(category=[enum(t, "category", c) for c in mix["category"]],
                      topic=[enum(t, "topic", c) for c in mix["topic"]])


@given
def reco_table(reco: pd.DataFrame, t: Labels) -> pd.DataFrame:
    """Conversion per recommendation style with its 95 % interval written out."""
    out = reco.assign(topic=[enum(t, "topic", c) for c in reco["topic"]])
    out["interval"] = [t("service.charts.interval", low=t.format(lo, "percent"),
                         high=t.format(hi, "percent"))
                       if lo is not None and not pd.isna(lo) else "" for lo, hi in
                       zip(reco["ci_low"], reco["ci_high"], strict=True)]
    return out.drop(columns=["ci_low", "ci_high"])


@given
def disputes_table(disputes: pd.DataFrame, t: Labels) -> pd.DataFrame:
    return disputes.assign(topic=[enum(t, "topic", c) for c in disputes["topic"]])


@given
def reasons_table(reasons: pd.DataFrame, t: Labels) -> pd.DataFrame:
    return reasons.assign(reason=[enum(t, "unresolved_reason", c) for c in reasons["reason"]])


@given
def risk_table(risk: pd.DataFrame, t: Labels, threshold: int) -> pd.DataFrame:
    return risk.assign(group=[t(f"service.groups.{g}", n=threshold) for g in risk["group"]])


@given
def self_service_table(topics: pd.DataFrame, t: Labels) -> pd.DataFrame:
    return topics.assign(topic=[t("service.charts.together") if c is None
                                else enum(t, "topic", c) for c in topics["topic"]])


# --- charts -----------------------------------------------------------------------------------
@charts.drawable
@drawn_from("service.charts.heatmap_title")
def heatmap_chart(load: pd.DataFrame, t: Labels):
    """Mean sessions per weekday and hour (hours with no chat at all left out): the rota."""
    if not load["sessions"].sum():
        return no_data_figure(t("service.charts.heatmap_title"), t)
    grid = load.pivot(index="weekday", columns="hour", values="per_day").astype(float)
    busy = load.groupby("hour")["sessions"].sum()
    hours = [h for h in grid.columns if busy.get(h, 0) > 0] or list(grid.columns)
    grid = grid[list(range(min(hours), max(hours) + 1))]
    cmap = LinearSegmentedColormap.from_list("house", ["#FFFFFF", charts.PALETTE[4],
                                                       charts.PALETTE[0]])
    fig, ax = charts.figure(height=3.3)
    image = ax.imshow(grid.to_numpy(), aspect="auto", cmap=cmap, vmin=0)
    ax.set_xticks(range(len(grid.columns)), [str(h) for h in grid.columns])
    ax.set_yticks(range(7), [weekday(t, d) for d in grid.index])
    ax.grid(False)
    bar = fig.colorbar(image, ax=ax, pad=0.01, fraction=0.04)
    bar.set_label(t("service.charts.heatmap_unit"))
    bar.outline.set_visible(False)
    charts.finish(ax, t("service.charts.heatmap_title"), t("service.charts.hour_axis"))
    return fig


@charts.drawable
@drawn_from("service.charts.agents_title")
def agents_chart(agent_days: pd.DataFrame, t: Labels, peak_label: bool = True):
    """Per agent: each day on chat as a dot, the mean per day as a bar, the busiest day noted."""
    agent_days, capped = busiest(agent_days, "agent", "sessions")
    order = (agent_days.groupby("agent")["sessions"].mean().sort_values(ascending=False))
    fig, ax = charts.figure(height=max(2.2, 0.45 * len(order) + 1.0))
    y = {a: i for i, a in enumerate(order.index)}
    ax.barh(list(order.index), order.to_numpy(), color=charts.PALETTE[4], alpha=0.6,
            label=t("service.charts.mean_per_day"))
    ax.scatter(agent_days["sessions"], [y[a] for a in agent_days["agent"]], s=14,
               color=charts.series_color(), zorder=3, label=t("service.charts.one_day"))
    for agent, mean in order.items():
        peak = int(agent_days.loc[agent_days["agent"] == agent, "sessions"].max())
        ax.annotate(t("service.charts.agent_note", mean=format_value(mean, "number", t.lang),
                      peak=peak), (peak, y[agent]), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, agent_days["sessions"].max() * 1.35)
    charts.finish(ax, top_title(t("service.charts.agents_title"), capped, t),
                  t("service.charts.sessions_axis"), values="x", legend="upper left",
                  anchor=(1.0, 1.0))
    return fig


def load_by_agent_chart(tabs: SimpleNamespace, t: Labels):
    """Each agent's day-by-day load from sessions; from the per-agent export, the mean
    received per agent-day (the export has no day-by-day rows to plot)."""
    if present(tabs.agent_days):
        return agents_chart(tabs.agent_days, t)
    return agent_bars(tabs.agents, "per_day", "service.charts.per_day_title", "number", t)


@drawn_from("service.charts.conversion_title")
def conversion_chart(performance: pd.DataFrame, t: Labels, team: float | None = None):
    """Inquiry conversion per agent against the team's."""
    ref = None if team is None else (team, t("service.charts.team_line",
                                             value=t.format(team, "percent")))
    return agent_bars(performance, "inquiry_conversion", "service.charts.conversion_title",
                      "percent", t, reference=ref)


def agent_bars(rows: pd.DataFrame, column: str, title_key: str, kind: str, t: Labels,
               reference: tuple[float, str] | None = None):
    """One bar per agent (the busiest `MAX_ROWS`), largest first, its value written on it."""
    rows = rows.dropna(subset=[column])
    if rows.empty:
        return no_data_figure(t(title_key), t)
    weight = "sessions" if "sessions" in rows else column
    rows, capped = busiest(rows, "agent", weight)
    rows = rows.sort_values(column, ascending=False)
    return charts.bars(rows["agent"], rows[column].astype("float64"),
                       top_title(t(title_key), capped, t), None, None, horizontal=True,
                       percent=kind == "percent", reference=reference,
                       annotate=lambda v: format_value(v, kind, t.lang))


def _lines(ax, target: float | None, industry: float | None, t: Labels, vertical: bool = True):
    for value, key, style in ((target, "target_line", "--"), (industry, "industry_line", ":")):
        if value is None:
            continue
        draw = ax.axvline if vertical else ax.axhline
        draw(value, color=charts.TARGET, linestyle=style, linewidth=1.2,
             label=t(f"service.charts.{key}", value=format_value(value, "number", t.lang)))


@charts.drawable
@drawn_from("service.charts.response_title")
def response_chart(response: pd.DataFrame, t: Labels, target: float | None = None,
                   industry: float | None = None):
    """Share of sessions per 15-second first-response band; the last band is open."""
    if not response["sessions"].sum():
        return no_data_figure(t("service.charts.response_title"), t)
    response = response.assign(share=response["share"].astype(float))
    finite = response[np.isfinite(response["high"])]
    width = float((finite["high"] - finite["low"]).median()) if len(finite) else 15.0
    fig, ax = charts.figure(height=3.0)
    colors = [charts.GOOD if target is None or hi <= target else charts.BAD
              for hi in response["high"]]
    ax.bar(response["low"], response["share"].fillna(0), width=width * 0.92, align="edge",
           color=colors, alpha=0.85)
    _lines(ax, target, industry, t)
    last = response.iloc[-1]
    if not np.isfinite(last["high"]):
        ax.annotate(t("service.charts.open_band", low=int(last["low"])),
                    (last["low"] + width / 2, last["share"] or 0), xytext=(0, 3),
                    textcoords="offset points", ha="center", fontsize=8)
    ax.xaxis.set_major_locator(MultipleLocator(30))
    charts.finish(ax, t("service.charts.response_title"), t("service.charts.seconds_axis"),
                  t("service.charts.share_axis"), values="y", percent="y", decimals=0,
                  legend="upper right")
    return fig


@charts.drawable
@drawn_from("service.charts.response_agents_title")
def response_agents_chart(agents: pd.DataFrame, t: Labels, target: float | None = None,
                          industry: float | None = None):
    """Per agent: mean first response (bar) and its 90th percentile (tick, from sessions)."""
    rows, capped = busiest(agents.dropna(subset=["mean_seconds"]), "agent", "sessions")
    if rows.empty:
        return no_data_figure(t("service.charts.response_agents_title"), t)
    rows = rows.sort_values("mean_seconds")
    fig, ax = charts.figure(height=max(2.2, 0.42 * len(rows) + 1.1))
    colors = [charts.BAD if target is not None and v > target else charts.series_color()
              for v in rows["mean_seconds"]]
    bars = ax.barh(rows["agent"], rows["mean_seconds"], color=colors,
                   label=t("service.charts.mean"))
    p90 = rows["p90_seconds"] if "p90_seconds" in rows else pd.Series(dtype="float64")
    if p90.notna().any():  # the per-agent export has means only
        ax.scatter(p90, rows["agent"], marker="|", s=160, color=charts.PALETTE[1],
                   linewidths=2.5, zorder=3, label=t("service.charts.p90"))
    ax.bar_label(bars, labels=[format_value(v, "seconds", t.lang) for v in rows["mean_seconds"]],
                 label_type="center", color="white", fontsize=9)
    _lines(ax, target, industry, t)
    ax.invert_yaxis()
    ax.set_xlim(0, max(p90.max() if p90.notna().any() else 0, rows["mean_seconds"].max(),
                       industry or 0) * 1.15)
    charts.finish(ax, top_title(t("service.charts.response_agents_title"), capped, t),
                  t("service.charts.seconds_axis"), values="x", legend="upper left",
                  anchor=(1.0, 1.0))
    return fig


@charts.drawable
@drawn_from("service.charts.reco_title")
def reco_chart(reco: pd.DataFrame, t: Labels):
    """Conversion of each recommendation style with its Wilson 95 % interval and counts."""
    rows = reco[reco["sessions"] > 0]
    if rows.empty:
        return no_data_figure(t("service.charts.reco_title"), t)
    names = [enum(t, "topic", c) for c in rows["topic"]]
    rate = rows["rate"].astype(float).to_numpy()
    err = np.vstack([rate - rows["ci_low"].astype(float), rows["ci_high"].astype(float) - rate])
    fig, ax = charts.figure(width=6.5, height=3.0)
    bars = ax.bar(names, rate, width=0.5, color=[charts.PALETTE[1], charts.PALETTE[0]][:len(rows)],
                  yerr=err, capsize=8, error_kw={"ecolor": charts.TARGET, "linewidth": 1.2})
    ax.bar_label(bars, label_type="center", color="white", fontsize=10, labels=[
        t("service.charts.reco_note", rate=t.format(r, "percent"), converted=c, sessions=n)
        for r, c, n in zip(rate, rows["converted"], rows["sessions"], strict=True)])
    ax.set_ylim(0, min(1.0, float(rows["ci_high"].max()) * 1.25))
    charts.finish(ax, t("service.charts.reco_title"), None, t("service.charts.conversion_axis"),
                  values="y", percent="y", decimals=0)
    return fig


@charts.drawable
@drawn_from("service.charts.disputes_title")
def disputes_chart(disputes: pd.DataFrame, reasons: pd.DataFrame | None, t: Labels):
    """Left: disputes per topic, resolved and not. Right: why the unresolved ones stayed so."""
    rows = disputes[disputes["sessions"] > 0]
    if rows.empty:
        return no_data_figure(t("service.charts.disputes_title"), t)
    fig, (left, right) = charts.figure(height=2.6, ncols=2, width_ratios=(1.25, 1))
    names = [enum(t, "topic", c) for c in rows["topic"]]
    left.barh(names, rows["resolved"], color=charts.GOOD, label=t("service.charts.resolved"))
    open_ = left.barh(names, rows["unresolved"], left=rows["resolved"], color=charts.BAD,
                      label=t("service.charts.unresolved"))
    charts.value_labels(left, open_, [
        t("service.charts.resolved_note", rate=t.format(r, "percent"))
        for r in rows["resolution_rate"]])
    left.set_xlim(0, rows["sessions"].max() * 1.45)
    left.invert_yaxis()
    charts.finish(left, t("service.charts.disputes_title"), t("service.charts.sessions_axis"),
                  values="x", legend="lower right")
    reasons = None if reasons is None else reasons[reasons["sessions"] > 0]
    if reasons is None or reasons.empty:
        right.set_axis_off()
        return fig
    reasons = reasons.sort_values("sessions", ascending=False)
    colors = [charts.BAD if r == "logistics" else charts.PALETTE[7] for r in reasons["reason"]]
    bars = right.barh([enum(t, "unresolved_reason", r) for r in reasons["reason"]],
                      reasons["share"], color=colors, alpha=0.8)
    charts.value_labels(right, bars, [
        f"{t.format(s, 'percent')}（{n}）" if t.lang == "zh" else f"{t.format(s, 'percent')} ({n})"
        for s, n in zip(reasons["share"], reasons["sessions"], strict=True)])
    right.set_xlim(0, 1.15)
    right.invert_yaxis()
    charts.finish(right, t("service.charts.reasons_title"),
                  t("service.charts.unresolved_share_axis"), values="x", percent="x", decimals=0)
    return fig


@charts.drawable
@drawn_from("service.charts.risk_title")
def risk_chart(risk: pd.DataFrame, t: Labels, threshold: int):
    """High-risk buyers against everyone else: satisfied share and dispute share."""
    if not risk["sessions"].sum():
        return no_data_figure(t("service.charts.risk_title"), t)
    measures = (("satisfaction", "service.charts.satisfied"),
                ("dispute_share", "service.charts.dispute_share"))
    fig, ax = charts.figure(width=7.0, height=2.8)
    x = np.arange(len(measures))
    for i, row in enumerate(risk.itertuples()):
        values = [getattr(row, col) for col, _ in measures]
        shown = [0 if v is None or pd.isna(v) else v for v in values]
        bars = ax.bar(x + (i - 0.5) * 0.38, shown, width=0.38,
                      color=charts.BAD if row.group == "high_risk" else charts.series_color(),
                      label=t(f"service.groups.{row.group}", n=threshold)
                      + t("service.charts.n_sessions", n=format_value(row.sessions, "int",
                                                                      t.lang)))
        charts.value_labels(ax, bars, [t.format(v, "percent") for v in values])
    ax.set_xticks(x, [t(key) for _, key in measures])
    ax.set_ylim(0, 1.15)
    charts.finish(ax, t("service.charts.risk_title"), None, t("service.charts.share_of_sessions"),
                  values="y", percent="y", decimals=0, legend="upper left", anchor=(1.0, 1.0))
    return fig


@charts.drawable
@drawn_from("service.charts.self_service_title")
def self_service_chart(daily: pd.DataFrame, t: Labels):
    """Per day: sessions a buyer could have answered alone (by question), and the share of
    the day's agent time they took."""
    fig, (top, bottom) = charts.figure(height=4.2, nrows=2, sharex=True,
                                       height_ratios=(1.6, 1))
    bottom_stack = np.zeros(len(daily))
    for i, topic in enumerate(m.SELF_SERVICE_TOPICS):
        top.bar(daily["date"], daily[topic], bottom=bottom_stack, width=0.8,
                color=charts.PALETTE[i], label=enum(t, "topic", topic))
        bottom_stack += daily[topic].to_numpy()
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    charts.finish(top, t("service.charts.self_service_title"), None,
                  t("service.charts.sessions_unit"), values="y", legend="upper left", ncols=3)
    top.set_ylim(0, bottom_stack.max() * 1.3 or 1)
    bottom.plot(daily["date"], daily["time_share"], marker="o", markersize=3,
                color=charts.PALETTE[3])
    bottom.set_ylim(0, max(0.05, float(daily["time_share"].max()) * 1.2))
    bottom.xaxis.set_major_locator(mdates.DayLocator(interval=4))
    charts.finish(bottom, None, t("service.charts.day_axis"), t("service.charts.time_share_axis"),
                  percent="y", decimals=0, dates=True)
    half = pd.Timedelta(hours=14)
    bottom.set_xlim(daily["date"].min() - half, daily["date"].max() + half)
    return fig


# --- sentences ------------------------------------------------------------------------------
SHOP_COLUMNS = ("shop", "source", "agents", "served", "agent_days",
                "sessions_per_agent_day", "first_response_mean_seconds", "satisfaction_rate",
                "inquiry_conversion", "service_sales")


def shops_table(figures: dict, t: Labels) -> pd.DataFrame:
    """The shops side by side: which export, agents, buyers served, load, first response,
    satisfaction, inquiry conversion, sales; then all shops (sums, load and first response
    over every session; satisfaction and conversion pooled where every shop's come from the
    same export, else left out: `apart_words` says why, under the table)."""
    def row(name, f, source, apart=()):
        # a figure this shop's data does not measure (or the all-shops row does not add
        # up) is "—": not missing data, the note under the table says why
        # served: sessions where a shop counts sessions, buyers where it counts buyers (its
        # 统计口径 says which; the all-shops row adds them up as the load it is)
        return {"shop": name, "source": source, "served": f.get("sessions"),
                **{k: "—" if f.get(k) is None and k in apart else f.get(k)
                   for k in SHOP_COLUMNS[2:] if k != "served"}}

    rows = []
    for name, f in (figures.get("shops") or {}).items():
        session = f.get("first_response_p90_seconds") is not None
        rows.append(row(name, f, t(f"service.shops.{'sessions' if session else 'agents'}"),
                        m.AGENTS_ONLY if session else m.SESSION_ONLY))
    rows.append(row(t("service.shops.all"), figures, "", tuple(figures.get(m.APART) or ())))
    return pd.DataFrame(rows, columns=list(SHOP_COLUMNS))


def apart_words(figures: dict, t: Labels) -> str:
    """Why the all-shops row leaves a figure out (metrics' `apart`): one note under the
    shops table ('' when it leaves none out), so the row stays short on a phone."""
    apart = figures.get(m.APART) or {}
    if not apart:
        return ""
    by_why: dict[str, list[str]] = {}
    for key, code in apart.items():
        by_why.setdefault(code, []).append(t.inline(t(f"service.metrics.{key}")))
    why = t("service.apart.joiner").join(t(f"service.apart.{code}", figure=t.join(names))
                                         for code, names in by_why.items())
    return t("service.shops.apart", why=why)


def extra_findings(figures: dict | None, tabs: SimpleNamespace, cfg,
                   t: Labels) -> list[tuple[str, str]]:
    """Achievements, problems and suggestions beyond the target checks, from the data."""
    figures = figures or {}
    out: list[tuple] = []
    # each tagged with the figure it restates (left out when the review said it: the load's
    # hours and agents are in its section's heatmap and table); None: news of its own
    for part, about in ((_load, "peak_agent_day"), (_agent_load, "sessions_per_agent_day"),
                        (_mix, "sessions_per_agent_day"),
                        (_speed, "first_response_mean_seconds"),
                        (_reco, "reco_conversion_need"),
                        (_disputes, "dispute_resolution_rate"),
                        (_risk, "high_risk_satisfaction"),
                        (_self_service, "self_service_per_day"),
                        (_slow_agents, None),
                        (_conversion, None), (_satisfaction, None), (_sales, None)):
        out += [item if about is None else (*item, about)
                for item in part(figures, tabs, cfg, t)]
    return out


def _agent_load(figures, tabs, cfg, t):
    """Load from the per-agent export: the mean, and the agents with the most and least."""
    if present(tabs.agent_days) or not present(tabs.agents) \
            or figures.get("sessions_per_agent_day") is None:
        return []
    rows = tabs.agents.dropna(subset=["per_day"]).sort_values("per_day", ascending=False)
    if rows.empty:
        return []
    most, least = rows.iloc[0], rows.iloc[-1]
    return [("info", t(
        "service.findings.agent_load",
        per_day=format_value(figures["sessions_per_agent_day"], "number", t.lang),
        agents=figures.get("agents"), days=format_value(figures.get("agent_days"), "number",
                                                        t.lang),
        most=most["agent"], most_per_day=format_value(most["per_day"], "number", t.lang),
        least=least["agent"], least_per_day=format_value(least["per_day"], "number", t.lang)))]


def _extremes(rows: pd.DataFrame, column: str, t: Labels) -> tuple | None:
    """The best and worst agent on a rate column (None with fewer than two agents having
    it); agents tied as the rate is shown are named together ("周周、阿楠")."""
    rows = rows.dropna(subset=[column]).sort_values([column, "agent"], ascending=[False, True])
    if len(rows) < 2:
        return None
    shown = rows[column].map(lambda v: fmt.as_shown(v, "percent"))

    def named(end: float) -> pd.Series:
        row = rows[shown == end].iloc[0].copy()
        row["agent"] = t.join(list(rows.loc[shown == end, "agent"]))
        return row

    return named(shown.iloc[0]), named(shown.iloc[-1])


def _conversion(figures, tabs, cfg, t):
    rate = figures.get("inquiry_conversion")
    if not present(tabs.performance) or rate is None:
        return []
    perf = tabs.performance
    values = dict(rate=t.format(rate, "percent"),
                  inquiries=format_value(perf["inquiries"].sum(), "int", t.lang),
                  paid=format_value(perf["inquiry_paid"].sum(), "int", t.lang))
    ends = _extremes(perf, "inquiry_conversion", t)
    if ends is None:
        return [("info", t("service.findings.conversion", **values))]
    best, worst = ends
    return [("info", t("service.findings.conversion_agents", **values, best=best["agent"],
                       best_rate=t.format(best["inquiry_conversion"], "percent"),
                       worst=worst["agent"],
                       worst_rate=t.format(worst["inquiry_conversion"], "percent")))]


def _slow_agents(figures, tabs, cfg, t):
    """The agents whose own mean first response is over the target the team meets: who to
    coach, which the team's mean hides."""
    if not present(tabs.agents) or "mean_seconds" not in tabs.agents:
        return []
    target = cfg.target("first_response_seconds")
    line = target.value
    over = tabs.agents["mean_seconds"].map(lambda v: pd.notna(v) and target.met(v) is False)
    slow = tabs.agents[over.astype(bool)]
    slow = slow.sort_values("mean_seconds", ascending=False)
    if slow.empty:
        return []
    return [("bad", t("service.findings.slow_agents", target=format_value(line, "seconds",
                                                                           t.lang),
                      agents=t.join([f"{a} {format_value(s, 'seconds', t.lang)}" for a, s in
                                     zip(slow["agent"], slow["mean_seconds"], strict=True)])))]


def _satisfaction(figures, tabs, cfg, t):
    rate = figures.get("satisfaction_rate")
    if not present(tabs.performance) or rate is None:
        return []
    ends = _extremes(tabs.performance, "satisfaction_rate", t)
    # the rate itself is the review's; a spread of a few points names no one worth naming
    if ends is None or ends[0]["satisfaction_rate"] - ends[1]["satisfaction_rate"] < 0.05:
        return []
    return [("info", t("service.findings.satisfaction_agents", worst=ends[1]["agent"],
                       worst_rate=t.format(ends[1]["satisfaction_rate"], "percent")))]


def _sales(figures, tabs, cfg, t):
    total = figures.get("service_sales")
    if not present(tabs.performance) or not total:
        return []
    top = tabs.performance.dropna(subset=["sales"]).sort_values("sales", ascending=False)
    kind = "money_wan" if total >= 10_000 else "money"  # as the table beside it reads it
    return [("info", t("service.findings.sales", total=format_value(total, kind, t.lang),
                       agent=top.iloc[0]["agent"],
                       sales=format_value(top.iloc[0]["sales"], kind, t.lang),
                       share=t.format(top.iloc[0]["sales"] / total, "percent")))]


def _load(figures, tabs, cfg, t):
    """Load per agent-day, the busiest agent-day, and when the chat is busiest: the two
    busiest hours over the whole month and the busiest date (what the rota must cover)."""
    if not present(tabs.load) or figures.get("sessions_per_agent_day") is None:
        return []
    peak = tabs.agent_days.sort_values(["sessions", "date"], ascending=[False, True]).iloc[0]
    hourly = tabs.load.groupby("hour")["sessions"].sum() / tabs.month_days
    hours = sorted(hourly.nlargest(2).index)
    days = tabs.agent_days.groupby("date")["sessions"].sum()
    sep = "、" if t.lang == "zh" else " and "
    return [("info", t(
        "service.findings.load",
        per_day=format_value(figures["sessions_per_agent_day"], "number", t.lang),
        peak=int(peak["sessions"]), agent=peak["agent"],
        date=format_value(peak["date"], "date", t.lang),
        hours=sep.join(t("service.findings.hour", hour=int(h)) for h in hours),
        mean=format_value(hourly[hours].mean(), "number", t.lang),
        day=format_value(days.idxmax(), "date", t.lang),
        day_sessions=format_value(days.max(), "int", t.lang)))]


def _mix(figures, tabs, cfg, t):
    shares = [(c, figures.get(f"share_{c}")) for c in m.CATEGORIES]
    if any(v is None for _, v in shares):
        return []
    return [("info", t("service.findings.mix", parts=t.join(
        f"{t.inline(enum(t, 'category', c))} {t.format(v, 'percent')}" for c, v in shares)))]


def _speed(figures, tabs, cfg, t):
    """Against the industry mean: the line the verdict holds beside the target (`second`)."""
    verdict = judge(figure("service", "first_response_mean_seconds"), figures, None, cfg,
                    t.lang)
    if verdict.second_met is None:
        return []
    mean, industry = verdict.value, verdict.second.value
    word = "faster" if verdict.second_met else "slower"
    values = dict(mean=format_value(mean, "seconds", t.lang),
                  industry=format_value(industry, "seconds", t.lang),
                  faster=t(f"service.findings.{word}",
                           gap=format_value(abs(industry - mean), "seconds", t.lang)))
    kind = "good" if verdict.second_met else "bad"
    if of(figures, "within_60s_share", "service"):  # the per-agent export has means only
        return [(kind, t("service.findings.speed_mean", **values))]
    return [(kind, t("service.findings.speed", **values,
                     within=t.format(figures.get("within_60s_share"), "percent"),
                     p90=format_value(figures.get("first_response_p90_seconds"), "seconds",
                                      t.lang)))]


def _reco(figures, tabs, cfg, t):
    """The advice is drawn only when the two 95 % intervals do not overlap."""
    if not present(tabs.reco):
        return []
    r = tabs.reco.set_index("topic")
    if r["sessions"].min() == 0:
        return []
    best, need = r.loc["bestseller_reco"], r.loc["need_reco"]
    values = dict(need=t.format(need["rate"], "percent"), need_n=int(need["sessions"]),
                  need_k=int(need["converted"]), best=t.format(best["rate"], "percent"),
                  best_n=int(best["sessions"]), best_k=int(best["converted"]),
                  gap=format_value(abs(need["rate"] - best["rate"]), "points",
                                   t.lang).lstrip("+"))
    out = [("info", t("service.findings.reco", **values))]
    if not (need["ci_low"] > best["ci_high"] or best["ci_low"] > need["ci_high"]):
        out.append(("info", t("service.findings.reco_unclear")))  # the intervals overlap
    return out


def _disputes(figures, tabs, cfg, t):
    if not present(tabs.disputes) or not tabs.disputes["sessions"].sum():
        return []
    d = tabs.disputes
    n, done = int(d["sessions"].sum()), int(d["resolved"].sum())
    worst = d[d["sessions"] > 0].sort_values("resolution_rate").iloc[0]
    out = [("info", t(
        "service.findings.disputes", n=n, resolved=done,
        rate=t.format(done / n, "percent"), worst=t.inline(enum(t, "topic", worst["topic"])),
        worst_rate=t.format(worst["resolution_rate"], "percent")))]
    reasons = tabs.reasons[tabs.reasons["sessions"] > 0] if tabs.reasons is not None else None
    if reasons is not None and len(reasons):
        top = reasons.sort_values("sessions", ascending=False).iloc[0]
        out.append(("bad", t("service.findings.unresolved", n=n - done,
                             reason=t.inline(enum(t, "unresolved_reason", top["reason"])),
                             k=int(top["sessions"]), share=t.format(top["share"], "percent"))))
    return out


def _risk(figures, tabs, cfg, t):
    if not present(tabs.risk) or not figures.get("high_risk_sessions"):
        return []
    r = tabs.risk.set_index("group")
    hi, lo = r.loc["high_risk"], r.loc["other"]
    worse = (hi["satisfaction"] or 0) < (lo["satisfaction"] or 0)
    out = [("bad" if worse else "info", t(
        "service.findings.risk", n=int(hi["sessions"]), threshold=tabs.threshold,
        sat=t.format(hi["satisfaction"], "percent"),
        other_sat=t.format(lo["satisfaction"], "percent"),
        disputes=t.format(hi["dispute_share"], "percent"),
        other_disputes=t.format(lo["dispute_share"], "percent")))]
    return out


def _self_service(figures, tabs, cfg, t):
    if not present(tabs.self_service) or not tabs.self_service["sessions"].iloc[-1]:
        return []
    s = tabs.self_service.set_index(tabs.self_service["topic"].fillna("all"))
    every = s.loc["all"]  # the stock queries alone are the review's
    return [("info", t("service.findings.self_service",
                       per_day=format_value(every["per_day"], "number", t.lang),
                       share=t.format(every["time_share"], "percent"),
                       hours=format_value(every["hours"], "hours", t.lang)))]
