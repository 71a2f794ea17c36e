"""The industry website: traffic since launch, publishing, content plan, faults, consultations.

Pure functions over the canonical frames; `compute` assembles the metrics.json figures of each
site with data (`sites.<site>` when there are several, scopes.combine).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from opsreview.contract.catalog import dataset
from opsreview.domains.calc import changes, mean, ratio
from opsreview.month import scopes
from opsreview.month.months import Month

OWN = ("site_traffic", "site_articles", "site_topic_plan", "site_incidents", "site_consultations")
TIMEOUT_KINDS = ("timeout", "outage")
FIRST_WEEK_DAYS = 7
LOAD_DAYS = 3


def _iso(day: pd.Timestamp | None) -> str | None:
    return None if day is None else day.date().isoformat()


# --- which site, and when it went live --------------------------------------------------------
def main_site(frames: Iterable[pd.DataFrame | None], configured: Iterable[str]) -> str | None:
    """The first configured site that appears in the frames, else the most frequent site."""
    parts = [f["site"] for f in frames if f is not None and len(f)]
    if not parts:
        return None
    seen = pd.concat(parts, ignore_index=True)
    for site in configured:
        if (seen == site).any():
            return site
    return str(seen.value_counts().index[0])


def first_live_day(traffic: pd.DataFrame) -> pd.Timestamp | None:
    """First date with uv > 0 (traffic of one site, any months)."""
    live = traffic.loc[traffic["uv"].fillna(0) > 0, "date"]
    return None if live.empty else pd.Timestamp(live.min())


def launched_on(configured: object, traffic: pd.DataFrame | None) -> pd.Timestamp | None:
    """The configured launch date if set, else the first live day in the traffic history."""
    if configured:
        return pd.Timestamp(configured).normalize()
    return None if traffic is None else first_live_day(traffic)


def live_days(month: Month, launched: pd.Timestamp | None,
              until: pd.Timestamp | None = None) -> int | None:
    """Days of MONTH on or after the launch, up to UNTIL (the last day a partial month's
    traffic covers; default the month's end); None before launch or when it is unknown."""
    last = month.end if until is None else min(pd.Timestamp(until), month.end)
    if launched is None or launched > last:
        return None
    return (last - max(launched, month.start)).days + 1


def live_traffic(traffic: pd.DataFrame, month: Month, launched: pd.Timestamp | None
                 ) -> pd.DataFrame:
    """Traffic rows in MONTH on or after the launch, by date."""
    rows = traffic[month.contains(traffic["date"])]
    if launched is not None:
        rows = rows[rows["date"] >= launched]
    return rows.sort_values("date")


# --- traffic ------------------------------------------------------------------------------------
def first_week_avg_daily_uv(traffic: pd.DataFrame, launched: pd.Timestamp | None,
                            month: Month) -> float | None:
    """Mean uv over the launch day and the six after it; None unless the launch is in MONTH."""
    if launched is None or not month.start <= launched <= month.end:
        return None
    end = launched + pd.Timedelta(days=FIRST_WEEK_DAYS - 1)
    week = traffic[(traffic["date"] >= launched) & (traffic["date"] <= end)]
    return mean(week["uv"])


def vs_benchmark(figure: float | None, benchmark: float) -> float | None:
    """figure / benchmark − 1 (0.185 = 18.5 % above)."""
    return None if figure is None or not benchmark else figure / benchmark - 1


def load_seconds(live: pd.DataFrame, days: int = LOAD_DAYS) -> tuple[float | None, float | None]:
    """Mean avg_load_seconds over the first and the last `days` live days."""
    rows = live.dropna(subset=["avg_load_seconds"]).sort_values("date")
    return mean(rows["avg_load_seconds"].head(days)), mean(rows["avg_load_seconds"].tail(days))


def daily_traffic(live: pd.DataFrame, launched: pd.Timestamp | None,
                  benchmark: float | None = None) -> pd.DataFrame:
    """Daily uv and pv since launch, with the benchmark line and the launch day marked."""
    out = pd.DataFrame({"date": live["date"].to_numpy(),
                        "uv": live["uv"].astype("float64").to_numpy(),
                        "pv": live["pv"].astype("float64").to_numpy()})
    out["benchmark_uv"] = benchmark
    out["launch"] = out["date"] == launched if launched is not None else False
    return out


def load_time_daily(live: pd.DataFrame) -> pd.DataFrame:
    """Daily mean page load seconds (the chart of the speed work over the month)."""
    return pd.DataFrame({"date": live["date"].to_numpy(),
                         "load_seconds": live["avg_load_seconds"].to_numpy()})


# --- articles and the content plan ------------------------------------------------------------
def in_month(frame: pd.DataFrame, column: str, month: Month) -> pd.DataFrame:
    return frame[month.contains(frame[column])]


def articles_daily(articles: pd.DataFrame, month: Month, launched: pd.Timestamp | None,
                   target: float | None = None) -> pd.DataFrame:
    """Articles published on each live day of MONTH (0 on a day without one), with the target."""
    n = live_days(month, launched)
    if n is None:
        return pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]"),
                             "articles": pd.Series([], dtype="int64"), "target": []})
    days = pd.date_range(month.end - pd.Timedelta(days=n - 1), month.end, freq="D")
    counts = in_month(articles, "published_at", month)["published_at"].dt.normalize() \
        .value_counts()
    return pd.DataFrame({"date": days,
                         "articles": [int(counts.get(d, 0)) for d in days],
                         "target": target})


def covered_topics(articles: pd.DataFrame, until: pd.Timestamp) -> set[str]:
    """Topics with at least one article published on or before `until` (a day)."""
    done = articles[articles["published_at"] < until + pd.Timedelta(days=1)]
    return set(done["topic"].dropna())


def topic_coverage(plan: pd.DataFrame, covered: set[str]) -> pd.DataFrame:
    """Per column of the plan: planned topics, covered topics, coverage, core flag."""
    rows = []
    for column, part in plan.groupby("column", sort=False):
        done = int(part["topic"].isin(covered).sum())
        rows.append({"column": column, "core": bool(part["core"].fillna(False).any()),
                     "planned": len(part), "covered": done, "coverage": ratio(done, len(part))})
    return pd.DataFrame(rows, columns=["column", "core", "planned", "covered", "coverage"])


def core_topic_coverage(plan: pd.DataFrame, covered: set[str]) -> float | None:
    core = plan[plan["core"].fillna(False).astype(bool)]
    return ratio(core["topic"].isin(covered).sum(), len(core))


def uncovered_core_topics(plan: pd.DataFrame, covered: set[str]) -> pd.DataFrame:
    """Core-plan topics without an article yet, in plan order: the next things to write."""
    core = plan[plan["core"].fillna(False).astype(bool) & ~plan["topic"].isin(covered)]
    return core[["column", "topic"]].reset_index(drop=True)


# --- incidents ----------------------------------------------------------------------------------
def incident_durations(incidents: pd.DataFrame) -> pd.DataFrame:
    """One row per incident: kind, start, end, minutes to recover (NaN while open)."""
    minutes = (incidents["resolved_at"] - incidents["started_at"]).dt.total_seconds() / 60
    out = pd.DataFrame({"kind": incidents["kind"].to_numpy(),
                        "started_at": incidents["started_at"].to_numpy(),
                        "resolved_at": incidents["resolved_at"].to_numpy(),
                        "minutes": minutes.to_numpy(),
                        "resolved": incidents["resolved_at"].notna().to_numpy(),
                        "timeout": incidents["kind"].isin(TIMEOUT_KINDS).to_numpy()})
    return out.sort_values("started_at").reset_index(drop=True)


def incidents_by_kind(incidents: pd.DataFrame) -> pd.DataFrame:
    """Per kind (in the catalog's order): incidents, resolved, mean and longest minutes."""
    durations = incident_durations(incidents)
    rows = []
    for kind in dataset("site_incidents").column("kind").codes:
        part = durations[durations["kind"] == kind]
        if part.empty:
            continue
        rows.append({"kind": kind, "incidents": len(part), "resolved": int(part["resolved"].sum()),
                     "mean_minutes": mean(part["minutes"]),
                     "max_minutes": None if part["minutes"].isna().all()
                     else float(part["minutes"].max())})
    return pd.DataFrame(rows, columns=["kind", "incidents", "resolved", "mean_minutes",
                                       "max_minutes"])


def outages(incidents: pd.DataFrame) -> pd.DataFrame:
    """The timeouts and outages as the visitor lived them: records that overlap in time (two
    people logging one server timeout, or a second alarm while the first is open) are one
    outage, from the first start to the last recovery (open while any of them is open), with
    `records` saying how many rows it joins. metrics.md counts "incidents of kind timeout or
    outage"; an outage logged twice is one incident, so the counts and the recovery time are
    over these."""
    part = incident_durations(incidents)
    part = part[part["timeout"]]
    rows: list[dict] = []
    for start, end in zip(part["started_at"], part["resolved_at"], strict=True):
        last = rows[-1] if rows else None
        if last is not None and (pd.isna(last["resolved_at"]) or start < last["resolved_at"]):
            last["records"] += 1
            if pd.isna(end) or pd.isna(last["resolved_at"]):
                last["resolved_at"] = pd.NaT
            else:
                last["resolved_at"] = max(last["resolved_at"], end)
            continue
        rows.append({"started_at": start, "resolved_at": end, "records": 1})
    out = pd.DataFrame(rows, columns=["started_at", "resolved_at", "records"])
    out["minutes"] = (pd.to_datetime(out["resolved_at"]) - pd.to_datetime(out["started_at"])
                      ).dt.total_seconds() / 60
    return out


def timeout_figures(incidents: pd.DataFrame) -> dict:
    """Outages (overlapping timeout records merged, see `outages`) and the mean minutes to
    recover over the resolved ones."""
    merged = outages(incidents)
    return {"timeouts": len(merged), "timeout_mttr_minutes": mean(merged["minutes"]),
            "timeout_records": int(merged["records"].sum())}


def fault_figures(incidents: pd.DataFrame) -> dict:
    """Faults of every other kind and the share resolved."""
    other = incidents[~incidents["kind"].isin(TIMEOUT_KINDS)]
    resolved = int(other["resolved_at"].notna().sum())
    still = incidents[incidents["resolved_at"].isna()].sort_values("started_at")
    return {"other_faults": len(other), "other_faults_resolved": resolved,
            "fault_resolution_rate": ratio(resolved, len(other)),
            "open_faults": [{"started_at": f"{s:%Y-%m-%d %H:%M}", "kind": k}  # of every kind
                            for s, k in zip(still["started_at"], still["kind"], strict=True)]}


# --- consultations ------------------------------------------------------------------------------
def consultation_accuracy(consultations: pd.DataFrame) -> float | None:
    """accurate = true over the reviewed rows (accurate set)."""
    reviewed = consultations["accurate"].dropna()
    return ratio(int(reviewed.astype(bool).sum()), len(reviewed))


def accuracy_by(consultations: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """Per module, topic or both: questions, reviewed, accurate, wrong, accuracy (worst first)."""
    keys = [by] if isinstance(by, str) else list(by)
    rows = []
    for key, part in consultations.groupby(keys, sort=False):
        reviewed = part["accurate"].dropna().astype(bool)
        row = dict(zip(keys, key if isinstance(key, tuple) else (key,), strict=True))
        row.update(questions=len(part), reviewed=len(reviewed), accurate=int(reviewed.sum()),
                   wrong=int((~reviewed).sum()), accuracy=ratio(int(reviewed.sum()),
                                                                len(reviewed)))
        rows.append(row)
    out = pd.DataFrame(rows, columns=[*keys, "questions", "reviewed", "accurate", "wrong",
                                      "accuracy"])
    return out.sort_values(["wrong", "questions"], ascending=False, kind="stable") \
        .reset_index(drop=True)


# --- the month's figures --------------------------------------------------------------------------
# The all-sites figures of a month with several sites (scopes.combine): counts summed, the
# rates of those sums, the recovery time over every timeout; a site's own figures (launch,
# first week, UV, coverage, load time) are the one site's that has them, else left out.
POOLS = {key: scopes.total(key) for key in (
    "articles", "timeouts", "timeout_records", "other_faults", "other_faults_resolved",
    "consultations", "consultations_reviewed")}
POOLS.update(fault_resolution_rate=scopes.quotient("other_faults_resolved", "other_faults"),
             timeout_mttr_minutes=scopes.weighted("timeout_mttr_minutes", "timeouts"),
             consultation_accuracy=scopes.weighted("consultation_accuracy",
                                                   "consultations_reviewed"))


def compute(md, cfg) -> dict | None:
    """Every site key of metrics.md; None when none of the domain's files exist this month.
    Each configured site with data gets its figures: under `sites` when there are several."""
    if not any(md.has(name) for name in OWN):
        return None
    sites = scopes.present(md, OWN, "site", [s["site"] for s in cfg.sites])
    if len(sites) < 2:
        return site_figures(md, cfg)
    return scopes.combine({s: site_figures(scopes.only(md, "site", s), cfg) for s in sites},
                          POOLS, column="site")


def site_figures(md, cfg) -> dict | None:
    """One site's figures (the first configured site found in the data), with `changes`."""
    figures = _figures(md, cfg)
    if figures is None:
        return None
    prev_md = md.previous()
    figures["changes"] = changes(figures, _figures(prev_md, cfg) if prev_md else None)
    return figures


def _figures(md, cfg) -> dict | None:
    if not any(md.has(name) for name in OWN):
        return None
    month = md.month
    history = md.history("site_traffic")
    frames = [md.get(name) for name in OWN]
    site = main_site([history, *frames[1:]], [s["site"] for s in cfg.sites])
    traffic = of_site(history, site)
    entry = cfg.site(site) or {}
    launched = launched_on(entry.get("launched_on"), traffic)
    covered = md.period("site_traffic")  # a partial month: articles a day over its days
    out: dict = {"site": site, "launched_on": _iso(launched), "live_days": live_days(
        month, launched, None if covered is None else pd.Timestamp(covered.end))}
    out.update(_traffic_figures(traffic, month, launched, cfg))
    out.update(_content_figures(md, site, month, out["live_days"]))
    incidents = of_site(md.get("site_incidents"), site)
    incidents = None if incidents is None else in_month(incidents, "started_at", month)
    out.update(dict.fromkeys(("timeouts", "timeout_mttr_minutes", "timeout_records",
                              "other_faults", "other_faults_resolved", "fault_resolution_rate",
                              "open_faults"))
               if incidents is None else {**timeout_figures(incidents),
                                          **fault_figures(incidents)})
    asked = of_site(md.get("site_consultations"), site)
    asked = None if asked is None else in_month(asked, "asked_at", month)
    out.update({"consultations": None if asked is None else len(asked),
                "consultations_reviewed": None if asked is None
                else int(asked["accurate"].notna().sum()),
                "consultation_accuracy": None if asked is None
                else consultation_accuracy(asked)})
    return out


def _traffic_figures(traffic, month, launched, cfg) -> dict:
    keys = ("first_week_avg_daily_uv", "first_week_vs_benchmark", "avg_daily_uv",
            "avg_daily_pv", "load_seconds_start", "load_seconds_end")
    if traffic is None:
        return dict.fromkeys(keys)
    week = first_week_avg_daily_uv(traffic, launched, month)
    live = live_traffic(traffic, month, launched)
    start, end = load_seconds(live)
    return dict(zip(keys, (week, vs_benchmark(week, cfg.target("new_site_daily_uv").value),
                           mean(live["uv"]), mean(live["pv"]), start, end), strict=True))


def _content_figures(md, site, month, days) -> dict:
    articles = of_site(md.history("site_articles"), site)
    now = None if md.get("site_articles") is None else in_month(articles, "published_at", month)
    out = {"articles": None if now is None else len(now),
           "articles_per_day": None if now is None or not days else ratio(len(now), days)}
    plan = of_site(md.get("site_topic_plan"), site)
    keys = ("core_topic_coverage", "core_topics_planned", "core_topics_covered",
            "uncovered_core_topics")
    if plan is None or articles is None:  # no article file in any month: coverage unknown
        return {**out, **dict.fromkeys(keys)}
    covered = covered_topics(articles, month.end)
    missing = uncovered_core_topics(plan, covered)
    planned = int(plan["core"].fillna(False).astype(bool).sum())
    return {**out, **dict(zip(keys, (core_topic_coverage(plan, covered), planned,
                                     planned - len(missing), list(missing["topic"])),
                              strict=True))}


def of_site(frame: pd.DataFrame | None, site: str | None) -> pd.DataFrame | None:
    """The rows of one site (all rows when the site is unknown)."""
    if frame is None or site is None:
        return frame
    return frame[frame["site"] == site]
