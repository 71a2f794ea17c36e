"""Customer service from the per-agent export (cs_agents, 千牛 / 赤兔 客服绩效): load, first
response, inquiry conversion, satisfaction and sales per agent (metrics.md, "service from the
per-agent export").

A row is one agent on one day (`date` set) or one agent for the file's period (`date`
empty). A period row's agent-days are its `days_worked` (上班天数), else the days of its
own period: `period_start` .. `period_end` (the export's columns, or what the inventory
filled in from the file name's date range, context.period), else the `period_days` argument
(MONTH's days). Means are weighted by `received`, as the platform weights its own totals row.
"""

from __future__ import annotations

import pandas as pd

from opsreview.domains.calc import ratio

ID = ["shop", "agent"]  # one agent: the same nickname in two shops is two people


def weighted_mean(values: pd.Series, weights: pd.Series) -> float | None:
    """Mean of the known values weighted by the known weights; None when no weight is left."""
    known = values.notna() & weights.notna()
    w = weights[known].astype("float64")
    total = float(w.sum())
    return None if not total else float((values[known].astype("float64") * w).sum()) / total


def _sum(values: pd.Series) -> float | None:
    """Sum of the known values; None when the column has none (an export without it)."""
    known = values.dropna()
    return None if known.empty else float(known.sum())


def row_days(agents: pd.DataFrame, period_days: int) -> pd.Series:
    """Agent-days each period row stands for (0 for dated rows: those count by date)."""
    period = pd.Series(period_days, index=agents.index, dtype="Float64")
    if {"period_start", "period_end"} <= set(agents.columns):
        span = (pd.to_datetime(agents["period_end"]) - pd.to_datetime(agents["period_start"]))
        period = (span.dt.days + 1).astype("Float64").fillna(period)
    days = agents["days_worked"].astype("Float64").fillna(period)
    return days.where(agents["date"].isna(), 0).astype("float64")


def agent_days(agents: pd.DataFrame, period_days: int) -> float:
    """Distinct (agent, date) over dated rows, plus the period rows' days."""
    dated = agents[agents["date"].notna()]
    pairs = len(dated[[*ID, "date"]].drop_duplicates())
    return pairs + float(row_days(agents, period_days).sum())


def peak_agent_day(agents: pd.DataFrame) -> int | None:
    """Most received by one agent on one date; None without dated rows."""
    dated = agents[agents["date"].notna()]
    if dated.empty:
        return None
    per_day = dated.groupby([*ID, "date"], dropna=False)["received"].sum()
    return int(per_day.max())


def figures(agents: pd.DataFrame, period_days: int) -> dict:
    """The metrics.md keys of the per-agent export."""
    a = agents  # a `店铺:昵称` agent was split at load (platforms.SPLITS)
    days = agent_days(a, period_days)
    received = a["received"].astype("float64")
    inquiries = a[["inquiries", "inquiry_paid"]].dropna()
    handle = weighted_mean(a["avg_handle_seconds"], received)
    return {
        "agents": len(a[ID].drop_duplicates()), "sessions": int(received.sum()),
        "agent_days": days, "sessions_per_agent_day": ratio(received.sum(), days),
        "peak_agent_day": peak_agent_day(a),
        "first_response_mean_seconds": weighted_mean(a["first_response_seconds"], received),
        "avg_handle_minutes": None if handle is None else handle / 60,
        "inquiry_conversion": ratio(inquiries["inquiry_paid"].sum(),
                                    inquiries["inquiries"].sum()),
        "satisfaction_rate": weighted_mean(a["satisfaction_rate"], received),
        "service_sales": _sum(a["sales"]),
    }


PER_AGENT = ["shop", "agent", "days", "sessions", "per_day", "peak", "mean_seconds",
             "handle_minutes", "inquiries", "inquiry_paid", "inquiry_conversion",
             "satisfaction_rate", "sales"]


def per_agent(agents: pd.DataFrame, period_days: int) -> pd.DataFrame:
    """One row per agent, busiest first: the same figures as `figures`, agent by agent
    (`sessions` is the sum of received, as in metrics.json)."""
    rows = []
    for (shop, agent), part in agents.groupby(ID, dropna=False, sort=False):
        received = part["received"].astype("float64")
        days = agent_days(part, period_days)
        inquiries = part[["inquiries", "inquiry_paid"]].dropna()
        handle = weighted_mean(part["avg_handle_seconds"], received)
        rows.append({
            "shop": None if pd.isna(shop) else shop, "agent": agent, "days": days,
            "sessions": int(received.sum()), "per_day": ratio(received.sum(), days),
            "peak": peak_agent_day(part),
            "mean_seconds": weighted_mean(part["first_response_seconds"], received),
            "handle_minutes": None if handle is None else handle / 60,
            "inquiries": None if inquiries.empty else int(inquiries["inquiries"].sum()),
            "inquiry_paid": None if inquiries.empty else int(inquiries["inquiry_paid"].sum()),
            "inquiry_conversion": ratio(inquiries["inquiry_paid"].sum(),
                                        inquiries["inquiries"].sum()),
            "satisfaction_rate": weighted_mean(part["satisfaction_rate"], received),
            "sales": _sum(part["sales"])})
    out = pd.DataFrame(rows, columns=PER_AGENT)
    return out.sort_values(["sessions", "agent"], ascending=[False, True], ignore_index=True)
