"""Site metric functions on small hand-made frames with hand-computed answers."""

from datetime import date, datetime

import pandas as pd
import pytest

from opsreview.contract.config import Config
from opsreview.domains.site import metrics as st
from opsreview.month.monthdata import MonthData
from opsreview.month.months import Month
from opsreview.sample.market import canonical

FEB = Month.parse("2024-02")
LAUNCH = pd.Timestamp("2024-02-20")


def traffic(uvs, start=date(2024, 2, 20), site="a.com", loads=None):
    days = pd.date_range(start, periods=len(uvs), freq="D")
    return canonical("site_traffic", [
        dict(date=d, site=site, uv=uv, pv=3 * uv,
             avg_load_seconds=None if loads is None else loads[i])
        for i, (d, uv) in enumerate(zip(days, uvs, strict=True))])


def test_main_site_prefers_the_configured_one_then_the_most_frequent():
    t = pd.concat([traffic([1, 2], site="b.com"), traffic([1], site="a.com")])
    assert st.main_site([t, None], ["x.com", "a.com"]) == "a.com"
    assert st.main_site([t], ["x.com"]) == "b.com"
    assert st.main_site([None, traffic([])], ["a.com"]) is None


def test_launch_from_config_or_first_live_day():
    t = traffic([0, 0, 5, 7], start=date(2024, 2, 18))
    assert st.first_live_day(t) == pd.Timestamp("2024-02-20")
    assert st.launched_on(None, t) == pd.Timestamp("2024-02-20")
    assert st.launched_on(date(2024, 2, 19), t) == pd.Timestamp("2024-02-19")
    assert st.launched_on(None, traffic([0, 0])) is None
    assert st.launched_on(None, None) is None


def test_live_days():
    assert st.live_days(FEB, LAUNCH) == 10
    assert st.live_days(FEB, pd.Timestamp("2023-12-01")) == 29
    assert st.live_days(FEB, pd.Timestamp("2024-03-02")) is None
    assert st.live_days(FEB, None) is None


def test_first_week_average_and_benchmark():
    t = traffic([300, 310, 320, 330, 340, 300, 340, 999])  # the 8th day is not in the week
    assert st.first_week_avg_daily_uv(t, LAUNCH, FEB) == 320.0
    assert st.first_week_avg_daily_uv(t, LAUNCH, Month.parse("2024-03")) is None
    assert st.first_week_avg_daily_uv(t, None, FEB) is None
    assert st.vs_benchmark(320.0, 270) == pytest.approx(0.185185, abs=1e-6)
    assert st.vs_benchmark(None, 270) is None


def test_live_traffic_load_seconds_and_tables():
    t = traffic([10, 20, 30, 40, 50, 60, 70], start=date(2024, 2, 19),
                loads=[9.0, 6.0, 5.0, 4.0, None, 3.0, 2.0])
    live = st.live_traffic(t, FEB, LAUNCH)
    assert list(live["uv"]) == [20, 30, 40, 50, 60, 70]
    assert st.load_seconds(live) == (5.0, 3.0)  # NaN day skipped: last three are 4, 3, 2
    daily = st.daily_traffic(live, LAUNCH, 270)
    assert list(daily.columns) == ["date", "uv", "pv", "benchmark_uv", "launch"]
    assert list(daily["launch"]) == [True] + [False] * 5
    assert daily["pv"].iloc[0] == 60.0 and daily["benchmark_uv"].iloc[0] == 270
    load = st.load_time_daily(live)
    assert list(load.columns) == ["date", "load_seconds"] and load["load_seconds"].isna().sum() == 1
    assert st.load_seconds(live.iloc[:0]) == (None, None)


def articles(*specs):
    """specs: (published_at, topic)."""
    return canonical("site_articles", [
        dict(published_at=at, site="a.com", column="c", topic=topic, title=f"t{i}")
        for i, (at, topic) in enumerate(specs)])


PLAN = canonical("site_topic_plan", [
    dict(site="a.com", column="技术", topic="放苗", core=True),
    dict(site="a.com", column="技术", topic="增氧", core=True),
    dict(site="a.com", column="渔政", topic="禁渔", core=True),
    dict(site="a.com", column="渔政", topic="执法", core=True),
    dict(site="a.com", column="新闻", topic="动态", core=False),
])


def test_articles_daily_counts_every_live_day():
    a = articles((datetime(2024, 2, 28, 9), "放苗"), (datetime(2024, 2, 28, 15), None),
                 (datetime(2024, 1, 5, 9), "增氧"), (datetime(2024, 2, 29, 10), "动态"))
    d = st.articles_daily(a, FEB, pd.Timestamp("2024-02-27"), 5)
    assert list(d["articles"]) == [0, 2, 1] and set(d["target"]) == {5}
    assert d["date"].iloc[0] == pd.Timestamp("2024-02-27")
    assert st.articles_daily(a, FEB, None).empty


def test_topic_coverage_counts_articles_up_to_the_day():
    a = articles((datetime(2024, 1, 10, 9), "放苗"), (datetime(2024, 2, 29, 23, 50), "禁渔"),
                 (datetime(2024, 3, 1, 8), "增氧"), (datetime(2024, 2, 2, 8), "动态"))
    covered = st.covered_topics(a, FEB.end)
    assert covered == {"放苗", "禁渔", "动态"}
    assert st.core_topic_coverage(PLAN, covered) == 0.5
    t = st.topic_coverage(PLAN, covered).set_index("column")
    assert t.loc["技术", "covered"] == 1 and t.loc["技术", "planned"] == 2
    assert bool(t.loc["新闻", "core"]) is False and t.loc["新闻", "coverage"] == 1.0
    missing = st.uncovered_core_topics(PLAN, covered)
    assert list(missing["topic"]) == ["增氧", "执法"]
    assert st.core_topic_coverage(PLAN[~PLAN["core"]], covered) is None


INCIDENTS = canonical("site_incidents", [
    dict(site="a.com", started_at=datetime(2024, 2, 21, 10), resolved_at=datetime(2024, 2, 21, 11),
         kind="timeout"),
    dict(site="a.com", started_at=datetime(2024, 2, 22, 10), resolved_at=datetime(2024, 2, 22, 13),
         kind="outage"),
    dict(site="a.com", started_at=datetime(2024, 2, 23, 10), resolved_at=None, kind="timeout"),
    dict(site="a.com", started_at=datetime(2024, 2, 24, 10),
         resolved_at=datetime(2024, 2, 24, 10, 20), kind="not_found"),
    dict(site="a.com", started_at=datetime(2024, 2, 25, 10), resolved_at=None, kind="cc_attack"),
])


def test_incident_figures():
    assert st.timeout_figures(INCIDENTS) == {"timeouts": 3, "timeout_mttr_minutes": 120.0,
                                             "timeout_records": 3}
    assert st.fault_figures(INCIDENTS) == {
        "other_faults": 2, "other_faults_resolved": 1, "fault_resolution_rate": 0.5,
        "open_faults": [{"started_at": "2024-02-23 10:00", "kind": "timeout"},  # every kind
                        {"started_at": "2024-02-25 10:00", "kind": "cc_attack"}]}
    none = INCIDENTS[INCIDENTS["kind"] == "not_found"]
    assert st.timeout_figures(none) == {"timeouts": 0, "timeout_mttr_minutes": None,
                                        "timeout_records": 0}
    assert st.fault_figures(INCIDENTS.iloc[:0])["fault_resolution_rate"] is None


def _timeouts(*spans):
    """Timeout records of a.com from (start hour, end hour or None) on 2024-02-21."""
    day = datetime(2024, 2, 21)
    return canonical("site_incidents", [
        dict(site="a.com", started_at=day.replace(hour=a),
             resolved_at=None if b is None else day.replace(hour=b), kind="timeout")
        for a, b in spans])


def test_overlapping_timeouts_are_one_outage():
    # 10-12 and 11-13 overlap: one outage 10-13 (180 min); 14-15 apart; touching ends apart
    got = st.timeout_figures(_timeouts((10, 12), (11, 13), (14, 15), (15, 16)))
    assert got == {"timeouts": 3, "timeout_mttr_minutes": (180 + 60 + 60) / 3,
                   "timeout_records": 4}
    merged = st.outages(_timeouts((10, 12), (11, 13)))
    assert list(merged["records"]) == [2] and list(merged["minutes"]) == [180.0]
    # one record inside another: the outer span; an open record keeps the outage open
    assert st.timeout_figures(_timeouts((10, 14), (11, 12)))["timeout_mttr_minutes"] == 240.0
    still = st.timeout_figures(_timeouts((10, None), (11, 12)))
    assert still == {"timeouts": 1, "timeout_mttr_minutes": None, "timeout_records": 2}
    # other kinds never join an outage
    mixed = pd.concat([_timeouts((10, 12)), canonical("site_incidents", [dict(
        site="a.com", started_at=datetime(2024, 2, 21, 11),
        resolved_at=datetime(2024, 2, 21, 13), kind="not_found")])], ignore_index=True)
    assert st.timeout_figures(mixed)["timeouts"] == 1
    assert st.fault_figures(mixed)["other_faults"] == 1


def test_incident_tables():
    d = st.incident_durations(INCIDENTS)
    assert list(d["minutes"].fillna(-1)) == [60.0, 180.0, -1, 20.0, -1]
    assert list(d["timeout"]) == [True, True, True, False, False]
    k = st.incidents_by_kind(INCIDENTS)
    assert list(k["kind"]) == ["timeout", "outage", "not_found", "cc_attack"]  # catalog order
    row = k.set_index("kind").loc["timeout"]
    assert (row["incidents"], row["resolved"], row["mean_minutes"]) == (2, 1, 60.0)
    assert pd.isna(k.set_index("kind").loc["cc_attack", "max_minutes"])


CONSULT = canonical("site_consultations", [
    dict(site="a.com", asked_at=datetime(2024, 2, 21, 7), topic=topic, module=module,
         accurate=ok)
    for topic, module, ok in (("赤皮病", "diagnosis", False), ("赤皮病", "diagnosis", True),
                              ("烂鳃病", "medication", False), ("水质", "farming", True),
                              ("水质", "farming", True), ("水质", "farming", None))])


def test_consultation_accuracy_and_breakdowns():
    assert st.consultation_accuracy(CONSULT) == 0.6
    assert st.consultation_accuracy(CONSULT[CONSULT["accurate"].isna()]) is None
    m = st.accuracy_by(CONSULT, "module")
    assert list(m["module"]) == ["diagnosis", "medication", "farming"]  # most wrong first
    farming = m.set_index("module").loc["farming"]
    assert (farming["questions"], farming["reviewed"], farming["accuracy"]) == (3, 2, 1.0)
    both = st.accuracy_by(CONSULT, ["topic", "module"])
    assert list(both.columns[:2]) == ["topic", "module"]
    assert both.iloc[0][["topic", "wrong", "accuracy"]].tolist() == ["赤皮病", 1, 0.5]


def test_changes_compares_numbers_only():
    now = {"a": 3.0, "b": 2, "c": "x", "d": None, "e": True, "f": 1.0}
    before = {"a": 2.0, "b": 0, "c": "y", "d": 1.0, "e": False}
    assert st.changes(now, before) == {
        "a": {"previous": 2.0, "change": 1.0, "relative": 0.5},
        "b": {"previous": 0, "change": 2, "relative": None}}
    assert st.changes(now, None) == {}


def small_month():
    feb = {
        "site_traffic": traffic([300, 340, 320, 320, 320, 320, 320, 400],
                                loads=[5.0, 5.0, 5.0, 4.0, 3.0, 2.0, 2.0, 3.5]),
        "site_articles": articles((datetime(2024, 2, 20, 9), "放苗"),
                                  (datetime(2024, 2, 27, 9), "禁渔")),
        "site_topic_plan": PLAN,
    }
    return MonthData.from_frames("2024-02", {"2024-01": {}, "2024-02": feb})


def test_compute_on_a_small_month():
    cfg = Config()
    m = st.compute(small_month(), cfg)  # a.com is not configured: its first live day counts
    # the traffic ends on the 27th: the month's data covers 8 live days (issue 27's period)
    assert m["site"] == "a.com" and m["launched_on"] == "2024-02-20" and m["live_days"] == 8
    assert m["first_week_avg_daily_uv"] == 320.0
    assert m["avg_daily_uv"] == 330.0 and m["avg_daily_pv"] == 990.0
    assert (m["load_seconds_start"], m["load_seconds_end"]) == (5.0, 2.5)
    assert m["articles"] == 2 and m["articles_per_day"] == 0.25
    assert m["core_topic_coverage"] == 0.5 and m["uncovered_core_topics"] == ["增氧", "执法"]
    for key in ("timeouts", "timeout_mttr_minutes", "fault_resolution_rate",
                "consultation_accuracy"):
        assert m[key] is None  # no file: no figure
    assert m["changes"] == {}
    assert st.compute(MonthData.from_frames("2024-01", {"2024-01": {}}), cfg) is None
