"""Customer service: load per agent-day, first response, the category mix, recommendation
conversion, disputes, high-risk buyers and what self-service could take off the agents.

Pure functions over cs_sessions; the per-agent export (cs_agents) is in agents.py.
`compute` assembles the metrics.json figures from either or both. Nothing here returns the
buyer's nick, phone or message: only counts, rates and agents.
"""

from __future__ import annotations

import math

import pandas as pd

from opsreview.contract import needs
from opsreview.contract.catalog import dataset
from opsreview.domains.calc import as_float, mean, ratio
from opsreview.domains.service import agents
from opsreview.month import scopes
from opsreview.month.months import Month, Period

OWN = ("cs_sessions", "cs_agents")
CATEGORIES = dataset("cs_sessions").column("category").codes
TOPICS = dataset("cs_sessions").column("topic").codes
REASONS = dataset("cs_sessions").column("unresolved_reason").codes
RECO_TOPICS = ("bestseller_reco", "need_reco")
DISPUTE_TOPICS = ("shipping_delay", "logistics_stuck", "damaged")
SELF_SERVICE_TOPICS = ("stock_query", "freight", "tracking")
WITHIN_SECONDS = 60  # the within_60s_share key
# First-response histogram: 15-second bands to 3 minutes, then one band for the rest.
RESPONSE_BINS = (*range(0, 181, 15), math.inf)
SATISFIED_STARS = 4


def _dates(sessions: pd.DataFrame) -> pd.Series:
    return sessions["started_at"].dt.normalize()


# --- load -------------------------------------------------------------------------------------
def agent_days(sessions: pd.DataFrame) -> pd.DataFrame:
    """Sessions per (agent, date): the per-agent load chart and the base of the two keys below."""
    out = (sessions[["agent"]].assign(date=_dates(sessions)).groupby(["agent", "date"]).size()
           .rename("sessions").reset_index())
    return out.astype({"sessions": "int64"})


# DAYS: agent_days(sessions) when the caller has it (a pass over every session, 0.3 s of
# 1.36 M rows, made once per page and shop)
def sessions_per_agent_day(sessions: pd.DataFrame, days: pd.DataFrame | None = None
                           ) -> float | None:
    return ratio(len(sessions), len(agent_days(sessions) if days is None else days))


def peak_agent_day(sessions: pd.DataFrame, days: pd.DataFrame | None = None) -> int | None:
    days = agent_days(sessions) if days is None else days
    return None if days.empty else int(days["sessions"].max())


def agent_load(sessions: pd.DataFrame, days: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per agent: days on chat, sessions, sessions per day, busiest day."""
    days = agent_days(sessions) if days is None else days
    out = days.groupby("agent").agg(days=("date", "size"), sessions=("sessions", "sum"),
                                    peak=("sessions", "max")).reset_index()
    out["per_day"] = out["sessions"] / out["days"]
    return (out[["agent", "days", "sessions", "per_day", "peak"]]
            .sort_values("sessions", ascending=False).reset_index(drop=True))


def weekday_hour(sessions: pd.DataFrame, month: Month | Period | None = None) -> pd.DataFrame:
    """Sessions by weekday (0 = Monday) and hour, every cell present; per_day divides by how
    many times that weekday occurs in MONTH or the period the sessions cover (or among the
    data's dates without either)."""
    start = sessions["started_at"]
    counts = pd.crosstab(start.dt.weekday, start.dt.hour).reindex(
        index=range(7), columns=range(24), fill_value=0)
    if month is not None:
        days = pd.date_range(pd.Timestamp(month.start), pd.Timestamp(month.end), freq="D")
    else:
        days = pd.DatetimeIndex(_dates(sessions).unique())
    per_weekday = pd.Series(days.weekday).value_counts()
    rows = [{"weekday": wd, "hour": h, "sessions": int(counts.loc[wd, h]),
             "per_day": ratio(counts.loc[wd, h], per_weekday.get(wd, 0))}
            for wd in range(7) for h in range(24)]
    return pd.DataFrame(rows)


# --- first response -------------------------------------------------------------------------
def first_response_figures(sessions: pd.DataFrame) -> dict:
    """Mean, 90th percentile and share answered within 60 s, over all sessions."""
    s = sessions["first_response_seconds"].dropna()
    if s.empty:
        return dict.fromkeys(("first_response_mean_seconds", "first_response_p90_seconds",
                              "within_60s_share"))
    return {"first_response_mean_seconds": float(s.mean()),
            "first_response_p90_seconds": float(s.quantile(0.9)),
            "within_60s_share": float((s <= WITHIN_SECONDS).mean())}


def first_response_distribution(sessions: pd.DataFrame, bins=RESPONSE_BINS) -> pd.DataFrame:
    """Sessions per first-response band [low, high) seconds, with shares and the running share."""
    s = sessions["first_response_seconds"].dropna()
    rows = []
    for low, high in zip(bins[:-1], bins[1:], strict=True):
        rows.append({"low": float(low), "high": float(high),
                     "sessions": int(((s >= low) & (s < high)).sum())})
    out = pd.DataFrame(rows)
    out["share"] = out["sessions"] / len(s) if len(s) else None
    out["cumulative_share"] = out["sessions"].cumsum() / len(s) if len(s) else None
    return out


def first_response_by_agent(sessions: pd.DataFrame) -> pd.DataFrame:
    """Per agent: sessions, mean, median and 90th percentile first response, share within 60 s."""
    cols = ["agent", "sessions", "mean_seconds", "median_seconds", "p90_seconds",
            "within_60s_share"]
    if sessions.empty or sessions["agent"].notna().sum() == 0:
        return pd.DataFrame(columns=cols)
    # grouped aggregations, not a Python loop per agent (agents grow with the data)
    s = sessions[["agent"]].assign(seconds=sessions["first_response_seconds"].astype("float64"))
    s["within"] = (s["seconds"] <= WITHIN_SECONDS).astype("float64").where(s["seconds"].notna())
    g = s.groupby("agent", sort=True)
    within = g["within"].sum(min_count=1) / g["seconds"].count()
    rows = [{"agent": agent, "sessions": int(n), "mean_seconds": as_float(mean_),
             "median_seconds": as_float(median_), "p90_seconds": as_float(p90),
             "within_60s_share": as_float(share)}
            for agent, n, mean_, median_, p90, share in zip(
                g.size().index, g.size(), g["seconds"].mean(), g["seconds"].median(),
                g["seconds"].quantile(0.9), within, strict=True)]
    return pd.DataFrame(rows, columns=cols)


# --- what the sessions are about ----------------------------------------------------------------
def category_shares(sessions: pd.DataFrame) -> dict[str, float | None]:
    """share_<category> for each category of the catalog."""
    counts = sessions["category"].value_counts()  # one pass, not one per category
    return {f"share_{c}": ratio(counts.get(c, 0), len(sessions)) for c in CATEGORIES}


def category_mix(sessions: pd.DataFrame) -> pd.DataFrame:
    """Sessions per category and topic, with the topic's share of all sessions."""
    counts = sessions.groupby(["category", "topic"]).size()
    rows = [{"category": c, "topic": t, "sessions": int(counts.get((c, t), 0)),
             "share": ratio(counts.get((c, t), 0), len(sessions))}
            for c in CATEGORIES for t in TOPICS if counts.get((c, t), 0)]
    return pd.DataFrame(rows, columns=["category", "topic", "sessions", "share"])


# --- recommendations ---------------------------------------------------------------------------
def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """Wilson score interval of a proportion (95 % for z = 1.96); None when n is 0."""
    if not n:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def converted_share(sessions: pd.DataFrame, topic: str) -> float | None:
    """Converted share of the topic's sessions whose conversion is known."""
    known = sessions.loc[sessions["topic"] == topic, "converted"].dropna()
    return ratio(known.sum(), len(known))


def reco_conversion(sessions: pd.DataFrame) -> pd.DataFrame:
    """Per recommendation topic: sessions, converted, rate and its Wilson 95 % interval."""
    rows = []
    for topic in RECO_TOPICS:
        known = sessions.loc[sessions["topic"] == topic, "converted"].dropna()
        n, k = len(known), int(known.sum())
        low, high = wilson_interval(k, n) or (None, None)
        rows.append({"topic": topic, "sessions": n, "converted": k, "rate": ratio(k, n),
                     "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows)


# --- disputes ----------------------------------------------------------------------------------
def _disputes(sessions: pd.DataFrame) -> pd.DataFrame:
    """The dispute sessions, with the columns the dispute figures read (a copy of every
    column was most of their time on a large month)."""
    return sessions.loc[sessions["category"] == "dispute",
                        ["topic", "resolved", "unresolved_reason"]]


def dispute_resolution_rate(sessions: pd.DataFrame) -> float | None:
    d = _disputes(sessions)
    return ratio(d["resolved"].fillna(False).sum(), len(d))


def unresolved_logistics_share(sessions: pd.DataFrame) -> float | None:
    """Share of unresolved disputes whose reason is logistics (no reason counts as not)."""
    open_ = _disputes(sessions)
    open_ = open_[~open_["resolved"].fillna(False).astype(bool)]
    return ratio((open_["unresolved_reason"] == "logistics").sum(), len(open_))


def disputes_by_topic(sessions: pd.DataFrame) -> pd.DataFrame:
    """Per dispute topic: sessions, resolved, unresolved and the resolution rate."""
    d = _disputes(sessions)
    rows = []
    for topic in (*DISPUTE_TOPICS, *sorted(set(d["topic"]) - set(DISPUTE_TOPICS))):
        part = d[d["topic"] == topic]
        done = int(part["resolved"].fillna(False).sum())
        rows.append({"topic": topic, "sessions": len(part), "resolved": done,
                     "unresolved": len(part) - done, "resolution_rate": ratio(done, len(part))})
    return pd.DataFrame(rows, columns=["topic", "sessions", "resolved", "unresolved",
                                       "resolution_rate"])


def unresolved_reasons(sessions: pd.DataFrame) -> pd.DataFrame:
    """Why disputes stayed unresolved: sessions per reason (None = not given) and share."""
    d = _disputes(sessions)
    reasons = d.loc[~d["resolved"].fillna(False).astype(bool), "unresolved_reason"]
    rows = [{"reason": r, "sessions": int((reasons == r).sum())} for r in REASONS]
    if reasons.isna().any():
        rows.append({"reason": None, "sessions": int(reasons.isna().sum())})
    out = pd.DataFrame(rows, columns=["reason", "sessions"])
    out["share"] = [ratio(n, len(reasons)) for n in out["sessions"]]
    return out


# --- high-risk buyers --------------------------------------------------------------------------
def high_risk(sessions: pd.DataFrame, threshold: int) -> pd.Series:
    """Sessions whose buyer shook the window `threshold` times or more."""
    return (sessions["shake_count"] >= threshold).fillna(False).astype(bool)


def satisfied_share(sessions: pd.DataFrame) -> float | None:
    """Share of rated sessions with 4 or 5 stars."""
    rated = sessions["satisfaction"].dropna()
    return ratio((rated >= SATISFIED_STARS).sum(), len(rated))


def high_risk_comparison(sessions: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """High-risk vs other sessions: count, rated, satisfied share, dispute share."""
    risky = high_risk(sessions, threshold)
    rows = []
    s = sessions[["satisfaction", "category"]]
    for group, part in (("high_risk", s[risky]), ("other", s[~risky])):
        rated = part["satisfaction"].dropna()
        disputes = int((part["category"] == "dispute").sum())
        rows.append({"group": group, "sessions": len(part), "rated": len(rated),
                     "satisfied": int((rated >= SATISFIED_STARS).sum()),
                     "satisfaction": satisfied_share(part), "disputes": disputes,
                     "dispute_share": ratio(disputes, len(part))})
    return pd.DataFrame(rows)


# --- handling time and self-service --------------------------------------------------------------
def avg_handle_minutes(sessions: pd.DataFrame) -> float | None:
    seconds = mean(sessions["handle_seconds"])
    return None if seconds is None else seconds / 60


def stock_query_figures(sessions: pd.DataFrame) -> dict:
    """Stock queries per date with sessions, and their share of all handling seconds; the
    same for every question a buyer could answer alone (stock, freight, tracking)."""
    topics = self_service_topics(sessions)  # the page's table: its stock row and its total
    stock, every = topics.iloc[SELF_SERVICE_TOPICS.index("stock_query")], topics.iloc[-1]
    return {"stock_query_per_day": as_float(stock["per_day"]),
            "stock_query_time_share": as_float(stock["time_share"]),
            "self_service_per_day": as_float(every["per_day"]),
            "self_service_time_share": as_float(every["time_share"])}


def self_service_daily(sessions: pd.DataFrame) -> pd.DataFrame:
    """Per date: sessions a self-service tool could answer (stock, freight, tracking), their
    handling seconds and share of the day's agent time. One grouped sum over flags per
    session (a loop over the days compared every day's topics four times)."""
    topic, seconds = sessions["topic"], sessions["handle_seconds"]
    mine = topic.isin(SELF_SERVICE_TOPICS)
    flags = pd.DataFrame({"date": _dates(sessions), "sessions": 1,
                          **{t: (topic == t).astype("int64") for t in SELF_SERVICE_TOPICS},
                          "self_service": mine.astype("int64"),
                          "self_service_seconds": seconds.where(mine, 0.0),
                          "handle_seconds": seconds})
    rows = []
    for day, sums in flags.groupby("date").sum().iterrows():
        row = {"date": day, **{k: int(sums[k]) for k in ("sessions", *SELF_SERVICE_TOPICS,
                                                         "self_service")},
               "self_service_seconds": float(sums["self_service_seconds"]),
               "handle_seconds": float(sums["handle_seconds"])}
        row["time_share"] = ratio(row["self_service_seconds"], row["handle_seconds"])
        rows.append(row)
    return pd.DataFrame(rows, columns=["date", "sessions", *SELF_SERVICE_TOPICS, "self_service",
                                       "self_service_seconds", "handle_seconds", "time_share"])


# --- metrics.json -------------------------------------------------------------------------------
# Figures only session rows give: null, and marked as needing the session export, in a month
# with the per-agent export alone. The per-agent export's own figures need it in turn.
SESSION_ONLY = ("first_response_p90_seconds", "within_60s_share",
                *(f"share_{c}" for c in CATEGORIES), "reco_conversion_bestseller",
                "reco_conversion_need", "dispute_resolution_rate", "unresolved_logistics_share",
                "high_risk_sessions", "high_risk_satisfaction", "other_satisfaction",
                "stock_query_per_day", "stock_query_time_share", "self_service_per_day",
                "self_service_time_share")
AGENTS_ONLY = ("inquiry_conversion", "service_sales")


def session_figures(s: pd.DataFrame, cfg) -> dict:
    """Every key of metrics.md's service table, from cs_sessions."""
    threshold = cfg.shake_threshold
    risky = high_risk(s, threshold)
    days = agent_days(s)
    out = {"sessions": len(s), "agents": int(s["agent"].nunique()), "agent_days": len(days),
           "sessions_per_agent_day": sessions_per_agent_day(s, days),
           "peak_agent_day": peak_agent_day(s, days)}
    out.update(first_response_figures(s))
    out.update(category_shares(s))
    out.update(reco_conversion_bestseller=converted_share(s, "bestseller_reco"),
               reco_conversion_need=converted_share(s, "need_reco"),
               dispute_resolution_rate=dispute_resolution_rate(s),
               unresolved_logistics_share=unresolved_logistics_share(s),
               high_risk_sessions=int(risky.sum()),
               high_risk_satisfaction=satisfied_share(s.loc[risky, ["satisfaction"]]),
               other_satisfaction=satisfied_share(s.loc[~risky, ["satisfaction"]]),
               satisfaction_rate=satisfied_share(s))
    out.update(stock_query_figures(s))
    out["avg_handle_minutes"] = avg_handle_minutes(s)
    return out


# The all-shops figures of a month with several shops (scopes.combine): counts summed, the
# load as all sessions over all agent-days, the busiest agent-day, first response and handling
# time as means over every session; satisfaction and inquiry conversion pooled over every
# shop's rows when all shops measure them from the same export (ALIKE). Every other key is
# the one shop's that has it, else left out.
POOLS = {key: scopes.total(key) for key in (  # agents: compute counts people across shops
    "sessions", "agents", "agent_days", "high_risk_sessions", "service_sales")}
POOLS.update(sessions_per_agent_day=scopes.quotient("sessions", "agent_days"),
             peak_agent_day=scopes.most("peak_agent_day"),
             first_response_mean_seconds=scopes.weighted("first_response_mean_seconds",
                                                         "sessions"),
             avg_handle_minutes=scopes.weighted("avg_handle_minutes", "sessions"))


def compute(md, cfg) -> dict | None:
    """The service figures: per shop under `shops` when the month holds several (each shop
    from its own exports), and the all-shops ones that make sense; else `shop_figures`."""
    if not any(md.has(name) for name in OWN):
        return None
    shops = scopes.present(md, OWN, "shop", [s["shop"] for s in cfg.shops])
    if len(shops) < 2:
        out = {**shop_figures(md, cfg), "shop": shops[0] if shops else None}
        out.pop(SOURCE, None)
        return out
    out = scopes.combine({shop: shop_figures(scopes.only(md, "shop", shop), cfg)
                          for shop in shops}, POOLS)
    out["agents"] = len(agent_names(md))  # people, not sub-accounts: one agent, several shops
    return pool_alike(out, md)


ALIKE = ("satisfaction_rate", "inquiry_conversion")
SUMS_OF_SOME = ("service_sales",)  # only some exports give it: summed when every shop has it
SOURCE = "satisfaction_from"  # a shop's: the export its satisfaction rate comes from
APART = "apart"  # metrics key: {figure: why all shops' is null} (labels service.apart.<why>)


def pool_alike(out: dict, md) -> dict:
    """Satisfaction and inquiry conversion for all shops together (metrics.md, "Periods and
    comparisons"): when every shop's comes from the same kind of export, the figure over all
    their rows (a rate weighted by buyers received, conversion of all inquiries); else null,
    and `apart` says why: some shops lack it, or the shops measure it from different exports.
    The agents' sales likewise: a sum over every shop or null."""
    per = out[scopes.KEY["shop"]]
    sources = {"satisfaction_rate": [f.get(SOURCE) for f in per.values()],
               "inquiry_conversion": ["cs_agents" if f.get("inquiry_conversion") is not None
                                      else None for f in per.values()]}
    for f in per.values():
        f.pop(SOURCE, None)
    out.pop(SOURCE, None)
    why = {}
    for key in ALIKE:
        found = set(sources[key])
        if found == {"cs_agents"}:
            out[key] = agents.figures(md.get("cs_agents"), md.month.days)[key]
        elif found == {"cs_sessions"}:
            out[key] = satisfied_share(md.get("cs_sessions"))
        else:
            out[key] = None
            if found != {None}:
                why[key] = "some_shops" if None in found else "measured_apart"
        if out[key] is not None:
            out[scopes.TOGETHER].append(key)
    for key in SUMS_OF_SOME:  # a sum over some of the shops is no all-shops figure
        have = [f.get(key) is not None for f in per.values()]
        if any(have) and not all(have):
            out[key] = None
            why[key] = "some_shops"
    if why:
        out[APART] = why
    return out


def agent_names(md) -> set[str] | None:
    """The agents on chat this month over every shop, by name: one name in two shops' data
    is one person (a 客服组 serving several shops, as 千牛 sub-accounts `店铺:昵称`); None
    without a service export."""
    frames = [f for f in (md.get("cs_sessions"), md.get("cs_agents")) if f is not None]
    if not frames:
        return None
    return set().union(*(f["agent"].dropna().astype(str) for f in frames))


def shop_figures(md, cfg) -> dict | None:
    """Every service key of metrics.md; None when neither cs_sessions nor cs_agents is there.
    Session figures come from cs_sessions when the month has it, else from cs_agents (those
    it can give; the rest need the session export); inquiry conversion and sales always
    from cs_agents, and satisfaction from cs_agents when it has it (千牛's 客户满意率, the
    figure the shop is judged by), else the satisfied share of rated sessions."""
    s, a = md.get("cs_sessions"), md.get("cs_agents")
    if s is None and a is None:
        return None
    by_agent = None if a is None else agents.figures(a, md.month.days)
    if s is None:
        out = dict.fromkeys(("sessions", "agents", "agent_days", "sessions_per_agent_day",
                             "peak_agent_day", "first_response_mean_seconds",
                             *SESSION_ONLY, "satisfaction_rate", "avg_handle_minutes"))
        out.update(by_agent)
        needs.mark(out, SESSION_ONLY, "cs_sessions")
        if out["peak_agent_day"] is None and a["date"].isna().all():
            needs.mark(out, ["peak_agent_day"], "daily")
    else:
        out = session_figures(s, cfg)
        out.update({k: None if by_agent is None else by_agent[k] for k in AGENTS_ONLY})
        if by_agent is not None and by_agent["satisfaction_rate"] is not None:
            out["satisfaction_rate"] = by_agent["satisfaction_rate"]  # the platform's own
    if a is None:
        needs.mark(out, AGENTS_ONLY, "cs_agents")
    out[SOURCE] = None if out.get("satisfaction_rate") is None else \
        "cs_agents" if by_agent is not None and by_agent["satisfaction_rate"] is not None \
        else "cs_sessions"
    return out


# The columns a row-level example may show: the chat's own ID and what the shop did, never
# the buyer (customer, phone and message are PII in the catalog and are not selected).
RISK_ROW_COLUMNS = ("session_id", "started_at", "agent", "topic", "shake_count",
                    "first_response_seconds", "handle_seconds", "resolved", "satisfaction")


def high_risk_rows(sessions: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The high-risk sessions one by one (chat ID, time, agent, topic, outcome), for the
    team to reread the chats; by most shakes first."""
    rows = sessions.loc[high_risk(sessions, threshold), list(RISK_ROW_COLUMNS)]
    return rows.sort_values(["shake_count", "started_at"], ascending=[False, True],
                            ignore_index=True)


def self_service_topics(sessions: pd.DataFrame) -> pd.DataFrame:
    """Per question a buyer could answer alone: sessions, per day, mean and total handling
    time, and the share of all agent time; a last row for the three together."""
    days = sessions["started_at"].dt.normalize().nunique()
    total = sessions["handle_seconds"].sum()
    rows = []
    for topic in (*SELF_SERVICE_TOPICS, None):
        part = sessions.loc[sessions["topic"].isin(SELF_SERVICE_TOPICS if topic is None
                                                   else [topic]), ["handle_seconds"]]
        seconds = float(part["handle_seconds"].sum())
        rows.append({"topic": topic, "sessions": len(part),
                     "per_day": ratio(len(part), days),
                     "mean_minutes": None if part.empty else seconds / len(part) / 60,
                     "hours": seconds / 3600, "time_share": ratio(seconds, total)})
    return pd.DataFrame(rows)
