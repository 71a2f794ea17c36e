"""SEO: keyword ranks, index collapses and strategy trials.

Pure functions over the canonical frames; `compute` assembles the metrics.json figures. Ranks
compare with unranked counting as 101, so a keyword that drops out of the top 100 moves down.
Figures follow one engine: the one with the most rows (Baidu in practice).
"""

from __future__ import annotations

import pandas as pd

from opsreview.domains.calc import changes, mean, ratio
from opsreview.month.months import Month

OWN = ("seo_rankings", "seo_index", "seo_actions")
UNRANKED = 101
NO_EFFECT = 0.05  # a relative change of mean rank within ±5 % is no effect
COLLAPSE_RATIO = 0.2
COLLAPSE_FLOOR = 10
COLLAPSE_WINDOW = 7
BUCKETS = (("top3", 1, 3), ("4-10", 4, 10), ("11-50", 11, 50), ("51-100", 51, 100))


def main_engine(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of the engine with the most rows (missing engine = baidu)."""
    if frame.empty:
        return frame
    engine = frame["engine"].fillna("baidu")
    return frame[engine == engine.value_counts().index[0]]


def effective(rank: pd.Series) -> pd.Series:
    """Ranks as floats with unranked = 101, for comparing and averaging."""
    return rank.astype("Float64").fillna(UNRANKED).astype("float64")


def in_month(frame: pd.DataFrame, month: Month) -> pd.DataFrame:
    return frame[month.contains(frame["date"])]


# --- ranks --------------------------------------------------------------------------------------
def keyword_moves(rankings: pd.DataFrame, month: Month) -> pd.DataFrame:
    """Per (site, keyword) in MONTH: first and last snapshot rank and the places gained.

    gained = first − last with unranked = 101 (positive = moved up); search_volume is the
    month's mean.
    """
    rows = in_month(rankings, month).sort_values("date", kind="stable")
    cols = ["site", "keyword", "search_volume", "first_date", "first_rank", "last_date",
            "last_rank", "gained"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    groups = rows.groupby(["site", "keyword"], sort=True)
    first, last = groups.head(1).set_index(["site", "keyword"]), \
        groups.tail(1).set_index(["site", "keyword"])
    out = pd.DataFrame({
        "search_volume": groups["search_volume"].mean(),
        "first_date": first["date"], "first_rank": first["rank"],
        "last_date": last["date"], "last_rank": last["rank"],
    }).reset_index()
    out["gained"] = effective(out["first_rank"]) - effective(out["last_rank"])
    return out[cols]


def top10_share(moves: pd.DataFrame) -> float | None:
    return ratio(int((moves["last_rank"] <= 10).fillna(False).sum()), len(moves))


def improved_share(moves: pd.DataFrame) -> float | None:
    return ratio(int((moves["gained"] > 0).sum()), len(moves))


def bucket(rank: pd.Series) -> pd.Series:
    """Rank bucket labels: top3, 4-10, 11-50, 51-100, unranked."""
    out = pd.Series("unranked", index=rank.index, dtype=object)
    for name, low, high in BUCKETS:
        out[((rank >= low) & (rank <= high)).fillna(False).astype(bool)] = name
    return out


def rank_distribution(moves: pd.DataFrame) -> pd.DataFrame:
    """Per site and bucket (last snapshot of MONTH): keywords and share of the site's keywords."""
    names = [b[0] for b in BUCKETS] + ["unranked"]
    cols = ["site", "bucket", "keywords", "share"]
    moves = moves[moves["site"].notna()]
    if moves.empty:
        return pd.DataFrame(columns=cols)
    # one pass over all keywords (not one per site: sub-sites grow with the data)
    counts = (pd.crosstab(moves["site"], bucket(moves["last_rank"]))
              .reindex(columns=names, fill_value=0).sort_index())
    sizes = counts.sum(axis=1).to_numpy()
    keywords = counts.to_numpy(dtype="int64")
    return pd.DataFrame({
        "site": counts.index.to_numpy(dtype=object).repeat(len(names)),
        "bucket": names * len(counts),
        "keywords": keywords.ravel(),
        "share": (keywords / sizes[:, None]).ravel(),
    }, columns=cols)


def biggest_movers(moves: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The n keywords that gained most and the n that lost most (direction up / down)."""
    up = moves[moves["gained"] > 0].sort_values(["gained", "search_volume"],
                                                  ascending=False).head(n)
    down = moves[moves["gained"] < 0].sort_values(["gained", "search_volume"],
                                                    ascending=[True, False]).head(n)
    out = pd.concat([up.assign(direction="up"), down.assign(direction="down")],
                    ignore_index=True)
    return out[["direction", "site", "keyword", "search_volume", "first_rank", "last_rank",
                "gained"]]


def top_keywords(moves: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The n (site, keyword) pairs with the highest mean search volume in MONTH."""
    return moves.sort_values(["search_volume", "site", "keyword"],
                             ascending=[False, True, True]).head(n)[["site", "keyword",
                                                                     "search_volume"]]


def rank_history(rankings: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """Every snapshot of the given (site, keyword) pairs: date, site, keyword, rank."""
    picked = rankings.merge(keys[["site", "keyword"]], on=["site", "keyword"])
    return picked.sort_values(["site", "keyword", "date"])[
        ["date", "site", "keyword", "rank"]].reset_index(drop=True)


# --- index ------------------------------------------------------------------------------------
def index_daily(index: pd.DataFrame) -> pd.DataFrame:
    """Indexed pages per site per day, with the 7-day prior maximum and a collapse flag.

    A day collapses when its indexed_pages ≤ 20 % of the maximum over the 7 days before it and
    that maximum is ≥ 10 (homepage-only indexing). drop = pages / prior max − 1.
    """
    rows = index.sort_values(["site", "date"])[["date", "site", "indexed_pages"]]
    parts = []
    for _, part in rows.groupby("site", sort=True):
        series = part.set_index("date")["indexed_pages"].astype("float64")
        prior = series.rolling(f"{COLLAPSE_WINDOW}D", closed="left").max()
        parts.append(part.assign(prior_max=prior.to_numpy()))
    cols = ["date", "site", "indexed_pages", "prior_max", "collapse", "drop"]
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    pages = out["indexed_pages"].astype("float64")
    out["collapse"] = ((out["prior_max"] >= COLLAPSE_FLOOR)
                       & (pages <= COLLAPSE_RATIO * out["prior_max"])).fillna(False).astype(bool)
    out["drop"] = pages / out["prior_max"] - 1
    return out[cols]


def collapses(daily: pd.DataFrame, month: Month) -> pd.DataFrame:
    """The first collapsed day in MONTH of each site: site, date, pages before and after, drop."""
    collapsed = daily[daily["collapse"].astype(bool)]  # an empty flag column is object dtype
    hit = in_month(collapsed, month).sort_values("date").groupby("site").head(1)
    return hit.rename(columns={"prior_max": "pages_before", "indexed_pages": "pages"})[
        ["site", "date", "pages_before", "pages", "drop"]].reset_index(drop=True)


# --- strategy trials ----------------------------------------------------------------------------
def strategy_trials(actions: pd.DataFrame, rankings: pd.DataFrame, month: Month) -> pd.DataFrame:
    """(site, strategy) pairs with an action in MONTH and the change in mean rank they saw.

    Affected keywords are those the actions name (all the site's keywords when one action names
    none). Baseline: each keyword's last snapshot on or before the trial's first action in MONTH;
    end: its last snapshot in MONTH. relative_change = end mean / baseline mean − 1 over the
    keywords with both (unranked = 101); verdict improved (< −5 %), worse (> +5 %), no_effect.
    """
    cols = ["site", "strategy", "first_action", "actions", "keywords", "baseline_mean_rank",
            "end_mean_rank", "relative_change", "verdict"]
    acts = in_month(actions, month)
    ranks = rankings[rankings["date"] <= month.end]
    rows = []
    for (site, strategy), part in acts.groupby(["site", "strategy"], sort=True):
        first = part["date"].min()
        own = ranks[ranks["site"] == site]
        if part["keyword"].notna().all():
            own = own[own["keyword"].isin(set(part["keyword"]))]
        before = _last(own[own["date"] <= first])
        after = _last(in_month(own, month))
        both = before.join(after, lsuffix="_before", how="inner")
        base, end = mean(both["rank_before"]), mean(both["rank"])
        change = None if base is None or end is None else end / base - 1
        rows.append({"site": site, "strategy": strategy, "first_action": first,
                     "actions": len(part), "keywords": len(both), "baseline_mean_rank": base,
                     "end_mean_rank": end, "relative_change": change,
                     "verdict": verdict(change)})
    return pd.DataFrame(rows, columns=cols)


def _last(ranks: pd.DataFrame) -> pd.DataFrame:
    """Each keyword's last snapshot rank (unranked = 101), indexed by keyword."""
    last = ranks.sort_values("date", kind="stable").groupby("keyword").tail(1)
    return pd.DataFrame({"rank": effective(last["rank"]).to_numpy()},
                        index=last["keyword"].to_numpy())


def verdict(change: float | None) -> str | None:
    """improved below −5 %, worse above +5 %, no_effect between; None when not measured."""
    if change is None or pd.isna(change):
        return None
    if change < -NO_EFFECT:
        return "improved"
    return "worse" if change > NO_EFFECT else "no_effect"


def no_effect_share(trials: pd.DataFrame) -> float | None:
    """Share of the measured trials whose verdict is no_effect."""
    measured = trials["verdict"].dropna()
    return ratio(int((measured == "no_effect").sum()), len(measured))


def trial_grid(trials: pd.DataFrame) -> pd.DataFrame:
    """Site × strategy table of relative changes (NaN where a strategy was not tried)."""
    return trials.pivot(index="site", columns="strategy", values="relative_change")


def split_strategies(trials: pd.DataFrame) -> list[dict]:
    """Strategies tried on several sites with different verdicts: the seed's lesson from data.

    Each: strategy, best site and change, weakest site and change, and both verdicts.
    """
    out = []
    measured = trials.dropna(subset=["relative_change"])
    for strategy, part in measured.groupby("strategy", sort=True):
        if part["verdict"].nunique() < 2:
            continue
        best = part.loc[part["relative_change"].idxmin()]
        worst = part.loc[part["relative_change"].idxmax()]
        out.append({"strategy": strategy, "best_site": best["site"],
                    "best_change": float(best["relative_change"]),
                    "best_verdict": best["verdict"], "weakest_site": worst["site"],
                    "weakest_change": float(worst["relative_change"]),
                    "weakest_verdict": worst["verdict"]})
    return out


# --- the month's figures --------------------------------------------------------------------------
def compute(md, cfg) -> dict | None:
    """Every seo key of metrics.md; None when no SEO file exists this month (cfg: unused)."""
    figures = _figures(md)
    if figures is None:
        return None
    prev_md = md.previous()
    figures["changes"] = changes(figures, _figures(prev_md) if prev_md else None)
    return figures


def _figures(md) -> dict | None:
    if not any(md.has(name) for name in OWN):
        return None
    month = md.month
    out: dict = {}
    rankings = md.history("seo_rankings")
    rankings = None if rankings is None else main_engine(rankings)
    if md.get("seo_rankings") is None:
        out.update(dict.fromkeys(("keywords", "top10_share", "improved_share")))
    else:
        moves = keyword_moves(rankings, month)
        out.update(keywords=len(moves), top10_share=top10_share(moves),
                   improved_share=improved_share(moves))
    out.update(_index_figures(md, month))
    out.update(_trial_figures(md.get("seo_actions"), rankings, month))
    return out


def _index_figures(md, month: Month) -> dict:
    if md.get("seo_index") is None:
        return {"index_collapses": None, "collapses": None}
    found = collapses(index_daily(main_engine(md.history("seo_index"))), month)
    return {"index_collapses": len(found), "collapses": [
        {"site": r.site, "date": r.date.date().isoformat(), "pages_before": int(r.pages_before),
         "pages": int(r.pages), "drop": float(r.drop)} for r in found.itertuples()]}


def _trial_figures(actions, rankings, month: Month) -> dict:
    keys = ("strategy_trials", "no_effect_share", "best_trial", "split_strategies",
            "worst_trial")
    if actions is None:
        return dict.fromkeys(keys)
    if rankings is None:
        return dict(zip(keys, (len(in_month(actions, month)[["site", "strategy"]]
                                   .drop_duplicates()), None, None, [], None), strict=True))
    trials = strategy_trials(actions, rankings, month)
    measured = trials.dropna(subset=["relative_change"])
    best = worst = None
    if not measured.empty:
        best = _trial(measured.loc[measured["relative_change"].idxmin()])
        row = measured.loc[measured["relative_change"].idxmax()]
        if row["verdict"] == "worse":  # a trial after which the ranks fell
            worst = _trial(row)
    return dict(zip(keys, (len(trials), no_effect_share(trials), best,
                           split_strategies(trials), worst), strict=True))


def _trial(row) -> dict:
    return {"site": row["site"], "strategy": row["strategy"],
            "relative_change": float(row["relative_change"]),
            "baseline_mean_rank": float(row["baseline_mean_rank"]),
            "end_mean_rank": float(row["end_mean_rank"])}
