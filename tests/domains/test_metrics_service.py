"""Service metric functions on small hand-made frames with hand-computed answers."""

from datetime import datetime

import pytest

from opsreview.domains.service import metrics as sv
from opsreview.month.months import Month
from opsreview.sample.market import canonical

FEB = Month.parse("2024-02")


def sessions(*specs):
    """specs: dicts overriding a plain routine session; `day`/`hour` set started_at."""
    rows = []
    for i, spec in enumerate(specs):
        spec = dict(spec)
        at = datetime(2024, 2, spec.pop("day", 5), spec.pop("hour", 10))
        row = dict(session_id=f"s{i}", started_at=at, agent="小桃", customer=f"tb{i:09d}",
                   phone="13800001234", category="routine", topic="freight",
                   first_response_seconds=30.0, handle_seconds=120.0, resolved=True,
                   converted=False, shake_count=0, message="包邮吗")
        row.update(spec)
        rows.append(row)
    return canonical("cs_sessions", rows)


def test_load_per_agent_day_and_peak():
    s = sessions({"agent": "A", "day": 5}, {"agent": "A", "day": 5}, {"agent": "A", "day": 5},
                 {"agent": "A", "day": 6}, {"agent": "B", "day": 5}, {"agent": "B", "day": 5})
    assert sv.sessions_per_agent_day(s) == 2.0  # 6 sessions / 3 agent-days
    assert sv.peak_agent_day(s) == 3
    load = sv.agent_load(s).set_index("agent")
    assert load.loc["A", "days"] == 2 and load.loc["A", "sessions"] == 4
    assert load.loc["A", "per_day"] == 2.0 and load.loc["A", "peak"] == 3
    assert load.loc["B", "per_day"] == 2.0
    empty = sessions()
    assert sv.sessions_per_agent_day(empty) is None and sv.peak_agent_day(empty) is None


def test_weekday_hour_counts_every_cell_and_divides_by_weekdays_in_month():
    # 2024-02-05 and 2024-02-12 are Mondays; February 2024 has 4 Mondays.
    s = sessions({"day": 5, "hour": 20}, {"day": 12, "hour": 20}, {"day": 6, "hour": 9})
    t = sv.weekday_hour(s, FEB).set_index(["weekday", "hour"])
    assert len(t) == 7 * 24
    assert t.loc[(0, 20), "sessions"] == 2 and t.loc[(0, 20), "per_day"] == 0.5
    assert t.loc[(1, 9), "sessions"] == 1 and t.loc[(3, 3), "sessions"] == 0
    # Thursdays: 1, 8, 15, 22, 29 February
    assert sv.weekday_hour(s, FEB).query("weekday == 3 and hour == 3")["per_day"].item() == 0


def test_first_response_figures_and_distribution():
    s = sessions(*({"first_response_seconds": v} for v in (10, 20, 30, 40, 50, 60, 70, 80, 90,
                                                             100)))
    f = sv.first_response_figures(s)
    assert f["first_response_mean_seconds"] == 55.0
    assert f["first_response_p90_seconds"] == pytest.approx(91.0)  # linear between 90 and 100
    assert f["within_60s_share"] == 0.6  # 60 itself is within
    d = sv.first_response_distribution(s, bins=(0, 30, 60, float("inf"))).set_index("low")
    assert list(d["sessions"]) == [2, 3, 5]
    assert d.loc[30.0, "cumulative_share"] == 0.5
    assert sv.first_response_figures(sessions())["first_response_mean_seconds"] is None


def test_first_response_by_agent():
    s = sessions({"agent": "A", "first_response_seconds": 20.0},
                 {"agent": "A", "first_response_seconds": 80.0},
                 {"agent": "B", "first_response_seconds": 45.0})
    t = sv.first_response_by_agent(s).set_index("agent")
    assert t.loc["A", "mean_seconds"] == 50.0 and t.loc["A", "within_60s_share"] == 0.5
    assert t.loc["B", "median_seconds"] == 45.0 and t.loc["B", "within_60s_share"] == 1.0


def test_category_shares_and_mix():
    s = sessions({"category": "dispute", "topic": "damaged"}, {}, {}, {"category": "emergency",
                                                                      "topic": "activity_bug"})
    shares = sv.category_shares(s)
    assert shares == {"share_routine": 0.5, "share_recommendation": 0.0, "share_dispute": 0.25,
                      "share_emergency": 0.25}
    mix = sv.category_mix(s).set_index("topic")
    assert mix.loc["freight", "sessions"] == 2 and mix.loc["damaged", "share"] == 0.25


def test_wilson_interval_known_values():
    # 30 of 100: centre (0.3 + 1.96²/200) / (1 + 1.96²/100) = 0.30740, half-width 0.08845
    low, high = sv.wilson_interval(30, 100)
    assert (round(low, 4), round(high, 4)) == (0.2189, 0.3959)
    low, high = sv.wilson_interval(0, 10)
    assert low == 0.0 and round(high, 4) == 0.2775
    assert sv.wilson_interval(0, 0) is None


def test_reco_conversion_ignores_unknown_conversion():
    s = sessions({"category": "recommendation", "topic": "bestseller_reco", "converted": True},
                 {"category": "recommendation", "topic": "bestseller_reco", "converted": False},
                 {"category": "recommendation", "topic": "bestseller_reco", "converted": None},
                 {"category": "recommendation", "topic": "need_reco", "converted": True})
    assert sv.converted_share(s, "bestseller_reco") == 0.5
    assert sv.converted_share(s, "need_reco") == 1.0
    t = sv.reco_conversion(s).set_index("topic")
    assert (t.loc["bestseller_reco", "sessions"], t.loc["bestseller_reco", "converted"]) == (2, 1)
    assert t.loc["bestseller_reco", "ci_low"] < 0.5 < t.loc["bestseller_reco", "ci_high"]
    assert sv.converted_share(sessions(), "need_reco") is None


def dispute(topic, resolved, reason=None):
    return {"category": "dispute", "topic": topic, "resolved": resolved,
            "unresolved_reason": reason}


def test_disputes_resolution_and_reasons():
    s = sessions(dispute("shipping_delay", True), dispute("shipping_delay", True),
                 dispute("logistics_stuck", False, "logistics"),
                 dispute("logistics_stuck", False, "logistics"),
                 dispute("damaged", False, "product"), dispute("damaged", False),
                 {"resolved": False, "unresolved_reason": "logistics"})  # not a dispute
    assert sv.dispute_resolution_rate(s) == pytest.approx(2 / 6)
    assert sv.unresolved_logistics_share(s) == 0.5  # 2 of 4, the one without reason counts
    t = sv.disputes_by_topic(s).set_index("topic")
    assert t.loc["shipping_delay", "resolution_rate"] == 1.0
    assert t.loc["logistics_stuck", "unresolved"] == 2
    r = sv.unresolved_reasons(s)
    assert r.dropna(subset=["reason"]).set_index("reason")["sessions"].to_dict() == {
        "logistics": 2, "product": 1, "policy": 0, "other": 0}
    assert r["reason"].isna().sum() == 1 and r["share"].sum() == pytest.approx(1.0)
    assert sv.dispute_resolution_rate(sessions({})) is None


def test_high_risk_against_the_rest():
    s = sessions({"shake_count": 3, "satisfaction": 5}, {"shake_count": 5, "satisfaction": 2},
                 {"shake_count": 4, "category": "dispute", "topic": "damaged"},
                 {"shake_count": 2, "satisfaction": 4}, {"shake_count": None, "satisfaction": 1},
                 {"satisfaction": 5}, {"satisfaction": 4})
    risky = sv.high_risk(s, 3)
    assert list(risky) == [True, True, True, False, False, False, False]
    assert sv.satisfied_share(s[risky]) == 0.5 and sv.satisfied_share(s[~risky]) == 0.75
    t = sv.high_risk_comparison(s, 3).set_index("group")
    assert (t.loc["high_risk", "sessions"], t.loc["high_risk", "rated"]) == (3, 2)
    assert t.loc["high_risk", "dispute_share"] == pytest.approx(1 / 3)
    assert t.loc["other", "satisfied"] == 3 and t.loc["other", "dispute_share"] == 0.0
    assert sv.satisfied_share(sessions({})) is None


def test_handling_stock_queries_and_self_service():
    s = sessions({"day": 5, "topic": "stock_query", "handle_seconds": 60.0},
                 {"day": 5, "topic": "tracking", "handle_seconds": 120.0},
                 {"day": 5, "category": "dispute", "topic": "damaged", "handle_seconds": 300.0},
                 {"day": 6, "topic": "stock_query", "handle_seconds": 60.0},
                 {"day": 6, "topic": "stock_query", "handle_seconds": 60.0},
                 {"day": 6, "topic": "promotion", "handle_seconds": 120.0})
    assert sv.avg_handle_minutes(s) == 2.0  # 720 s / 6 sessions / 60
    f = sv.stock_query_figures(s)
    assert f["stock_query_per_day"] == 1.5 and f["stock_query_time_share"] == 0.25
    d = sv.self_service_daily(s).set_index("date")
    day5 = d.loc["2024-02-05"]
    assert (day5["stock_query"], day5["tracking"], day5["self_service"]) == (1, 1, 2)
    assert day5["time_share"] == pytest.approx(180 / 480)
    assert d.loc["2024-02-06", "time_share"] == pytest.approx(0.5)
    assert sv.avg_handle_minutes(sessions()) is None


def test_tables_never_carry_buyer_data():
    s = sessions({"category": "dispute", "topic": "damaged", "resolved": False,
                  "unresolved_reason": "product", "shake_count": 4, "satisfaction": 2,
                  "converted": None},
                 {"category": "recommendation", "topic": "need_reco", "converted": True})
    tables = [sv.agent_days(s), sv.agent_load(s), sv.weekday_hour(s, FEB),
              sv.first_response_distribution(s), sv.first_response_by_agent(s),
              sv.category_mix(s), sv.reco_conversion(s), sv.disputes_by_topic(s),
              sv.unresolved_reasons(s), sv.high_risk_comparison(s, 3), sv.self_service_daily(s)]
    for t in tables:
        assert not {"customer", "phone", "message"} & set(t.columns)
        text = t.to_csv()
        assert "tb000000000" not in text and "13800001234" not in text and "包邮吗" not in text
