"""SEO metric functions on small hand-made frames with hand-computed answers."""

from datetime import date, timedelta

import pandas as pd
import pytest

from opsreview.domains.seo import metrics as seo
from opsreview.month.monthdata import MonthData
from opsreview.month.months import Month
from opsreview.sample.market import canonical

FEB = Month.parse("2024-02")
D1, D2, D3 = date(2024, 1, 29), date(2024, 2, 5), date(2024, 2, 26)


def ranks(*specs, engine="baidu"):
    """specs: (date, site, keyword, rank or None, search_volume)."""
    return canonical("seo_rankings", [
        dict(date=d, site=s, keyword=k, engine=engine, rank=r, search_volume=v)
        for d, s, k, r, v in specs])


# a.com: k1 5 → 3, k2 40 → unranked, k3 unranked → 60, k4 12 → 12; b.com: k1 8 → 9
RANKS = ranks(
    (D1, "a.com", "k1", 30, 100),
    (D2, "a.com", "k1", 5, 100), (D3, "a.com", "k1", 3, 300),
    (D2, "a.com", "k2", 40, 50), (D3, "a.com", "k2", None, 50),
    (D2, "a.com", "k3", None, 10), (D3, "a.com", "k3", 60, 10),
    (D2, "a.com", "k4", 12, 900), (D3, "a.com", "k4", 12, 900),
    (D2, "b.com", "k1", 8, 70), (D3, "b.com", "k1", 9, 70),
)


def test_effective_ranks_count_unranked_as_101():
    s = pd.array([3, None], dtype="Int64")
    assert seo.effective(pd.Series(s)).tolist() == [3.0, 101.0]


def test_keyword_moves_and_shares():
    m = seo.keyword_moves(RANKS, FEB).set_index(["site", "keyword"])
    assert len(m) == 5
    assert m.loc[("a.com", "k1"), "first_rank"] == 5  # January's snapshot is not in MONTH
    assert m.loc[("a.com", "k1"), "search_volume"] == 200.0
    assert m.loc[("a.com", "k2"), "gained"] == -61.0
    assert m.loc[("a.com", "k3"), "gained"] == 41.0
    moves = m.reset_index()
    assert seo.top10_share(moves) == pytest.approx(2 / 5)  # a.com k1 and b.com k1
    assert seo.improved_share(moves) == pytest.approx(2 / 5)  # k1 and k3 of a.com
    empty = seo.keyword_moves(RANKS, Month.parse("2023-12"))
    assert empty.empty and seo.top10_share(empty) is None


def test_rank_buckets():
    r = pd.Series(pd.array([1, 3, 4, 10, 11, 50, 51, 100, None], dtype="Int64"))
    assert seo.bucket(r).tolist() == ["top3", "top3", "4-10", "4-10", "11-50", "11-50",
                                      "51-100", "51-100", "unranked"]
    d = seo.rank_distribution(seo.keyword_moves(RANKS, FEB))
    a = d[d["site"] == "a.com"].set_index("bucket")
    assert a["keywords"].tolist() == [1, 0, 1, 1, 1]
    assert a.loc["top3", "share"] == 0.25
    assert d[d["site"] == "b.com"].set_index("bucket").loc["4-10", "keywords"] == 1


def test_movers_top_keywords_and_history():
    moves = seo.keyword_moves(RANKS, FEB)
    mv = seo.biggest_movers(moves, n=1)
    assert mv[["direction", "keyword", "gained"]].values.tolist() == [
        ["up", "k3", 41.0], ["down", "k2", -61.0]]
    top = seo.top_keywords(moves, n=2)
    assert top[["site", "keyword"]].values.tolist() == [["a.com", "k4"], ["a.com", "k1"]]
    h = seo.rank_history(RANKS, top)
    assert list(h.columns) == ["date", "site", "keyword", "rank"]
    assert len(h) == 5 and h.iloc[0]["rank"] == 30  # every snapshot, January's too


def test_main_engine_keeps_the_most_common_engine():
    both = pd.concat([RANKS, ranks((D2, "a.com", "k1", 1, 1), engine="so360")])
    assert set(seo.main_engine(both)["engine"]) == {"baidu"}


def index(site, start, pages):
    return [dict(date=start + timedelta(days=i), site=site, engine="baidu", indexed_pages=p)
            for i, p in enumerate(pages)]


INDEX = canonical("seo_index",
                  index("a.com", date(2024, 1, 30), [50, 40, 50, 30, 50, 50, 20, 10, 9, 50])
                  + index("b.com", date(2024, 1, 30), [5, 5, 5, 5, 1, 1, 1, 1, 1, 1]))


def test_index_collapse_is_a_day_at_or_below_a_fifth_of_the_prior_week_max():
    daily = seo.index_daily(INDEX)
    a = daily[daily["site"] == "a.com"].set_index("date")
    assert pd.isna(a["prior_max"].iloc[0]) and a["prior_max"].iloc[1] == 50
    assert a["collapse"].tolist() == [False] * 7 + [True, True, False]  # 10 ≤ 0.2 × 50
    assert not daily.loc[daily["site"] == "b.com", "collapse"].any()  # max 5 < 10
    found = seo.collapses(daily, FEB)
    assert found.to_dict("records") == [dict(site="a.com", date=pd.Timestamp("2024-02-06"),
                                             pages_before=50.0, pages=10, drop=-0.8)]
    assert seo.collapses(daily, Month.parse("2024-01")).empty


ACTIONS = canonical("seo_actions", [
    dict(date=date(2024, 2, 6), site="a.com", strategy="backlinks", keyword="k1"),
    dict(date=date(2024, 2, 20), site="a.com", strategy="backlinks", keyword="k4"),
    dict(date=date(2024, 2, 7), site="b.com", strategy="backlinks", keyword=None),
    dict(date=date(2024, 2, 8), site="a.com", strategy="title_optimization", keyword="k2"),
    dict(date=date(2024, 1, 20), site="a.com", strategy="site_speed", keyword=None),
])


def test_strategy_trials_measure_mean_rank_from_the_first_action():
    t = seo.strategy_trials(ACTIONS, RANKS, FEB).set_index(["site", "strategy"])
    assert len(t) == 3  # January's site_speed action is not a February trial
    bl = t.loc[("a.com", "backlinks")]
    # baseline 5 Feb: k1 5, k4 12 (mean 8.5); end 26 Feb: 3 and 12 (mean 7.5)
    assert (bl["actions"], bl["keywords"]) == (2, 2)
    assert bl["relative_change"] == pytest.approx(7.5 / 8.5 - 1)
    assert bl["verdict"] == "improved"
    b = t.loc[("b.com", "backlinks")]  # no keyword named: all of b.com's, 8 → 9
    assert b["relative_change"] == pytest.approx(0.125) and b["verdict"] == "worse"
    assert t.loc[("a.com", "title_optimization"), "end_mean_rank"] == 101.0


def test_trial_without_a_baseline_is_not_measured():
    late = canonical("seo_actions", [dict(date=date(2024, 2, 1), site="a.com",
                                          strategy="other", keyword="k3")])
    t = seo.strategy_trials(late, RANKS, FEB)
    assert t["keywords"].iloc[0] == 0 and t["relative_change"].iloc[0] is None
    assert t["verdict"].iloc[0] is None and seo.no_effect_share(t) is None


def test_verdicts_shares_grid_and_lesson():
    assert [seo.verdict(x) for x in (-0.3, -0.05, 0.0, 0.05, 0.051, None)] == [
        "improved", "no_effect", "no_effect", "no_effect", "worse", None]
    trials = pd.DataFrame({
        "site": ["a", "b", "a", "c", "d"],
        "strategy": ["backlinks", "backlinks", "content_update", "backlinks", "other"],
        "relative_change": [-0.3, 0.01, -0.02, None, 0.2]})
    trials["verdict"] = [seo.verdict(x) for x in trials["relative_change"]]
    assert seo.no_effect_share(trials) == 0.5  # 2 of the 4 measured
    grid = seo.trial_grid(trials)
    assert grid.loc["a", "backlinks"] == -0.3 and pd.isna(grid.loc["b", "content_update"])
    assert seo.split_strategies(trials) == [dict(
        strategy="backlinks", best_site="a", best_change=-0.3, best_verdict="improved",
        weakest_site="b", weakest_change=0.01, weakest_verdict="no_effect")]


def test_compute_with_the_previous_month():
    jan = {"seo_rankings": RANKS[RANKS["date"] < pd.Timestamp(FEB.start)],
           "seo_index": INDEX[INDEX["date"] < pd.Timestamp(FEB.start)]}
    feb = {"seo_rankings": RANKS[RANKS["date"] >= pd.Timestamp(FEB.start)],
           "seo_index": INDEX[INDEX["date"] >= pd.Timestamp(FEB.start)], "seo_actions": ACTIONS}
    md = MonthData.from_frames("2024-02", {"2024-01": jan, "2024-02": feb})
    m = seo.compute(md, None)
    assert (m["keywords"], m["strategy_trials"], m["index_collapses"]) == (5, 3, 1)
    assert m["collapses"] == [dict(site="a.com", date="2024-02-06", pages_before=50, pages=10,
                                   drop=-0.8)]  # January's days give the prior week
    assert m["best_trial"]["site"] == "a.com" and m["no_effect_share"] == 0.0
    assert m["changes"]["keywords"] == {"previous": 1, "change": 4, "relative": 4.0}
    prev = seo.compute(md.previous(), None)
    assert prev["strategy_trials"] is None and prev["top10_share"] == 0.0
    assert seo.compute(MonthData.from_frames("2024-03", {"2024-03": {}}), None) is None
