"""Service figures from the per-agent export (cs_agents) on small hand-made frames: period
rows, dated rows, the weighting, and what stays null because it needs session rows."""

from datetime import datetime

import pandas as pd
import pytest

from opsreview.contract import needs
from opsreview.contract.catalog import BY_NAME
from opsreview.contract.config import Config
from opsreview.domains.service import agents as sa
from opsreview.domains.service import metrics as sv
from opsreview.ingest.loader import load
from opsreview.month.monthdata import MonthData
from opsreview.month.months import Month
from opsreview.sample.market import canonical

FEB_DAYS = 29


def agents(*specs):
    """specs: dicts overriding a plain period row of agent 小桃."""
    rows = []
    for spec in specs:
        row = dict(agent="小桃", consultations=110, received=100, inquiries=40, inquiry_paid=10,
                   first_response_seconds=30.0, avg_handle_seconds=300.0,
                   satisfaction_rate=0.9, sales=5000.0)
        row.update(spec)
        rows.append(row)
    return canonical("cs_agents", rows)


def compute(**frames):
    return sv.compute(MonthData.from_frames("2024-02", {"2024-02": frames}), Config())


def test_period_rows_take_days_worked_else_the_period_days():
    a = agents({"agent": "A", "received": 200, "days_worked": 20},
               {"agent": "B", "received": 90})
    assert sa.agent_days(a, FEB_DAYS) == 20 + 29
    assert sa.agent_days(a, 30) == 20 + 30  # the period is a parameter, not MONTH
    f = sa.figures(a, FEB_DAYS)
    assert f["sessions"] == 290 and f["agents"] == 2
    assert f["sessions_per_agent_day"] == pytest.approx(290 / 49)
    assert f["peak_agent_day"] is None  # no dated rows
    per = sa.per_agent(a, FEB_DAYS).set_index("agent")
    assert per.loc["A", "days"] == 20 and per.loc["A", "per_day"] == 10
    assert per.loc["B", "days"] == 29


def test_the_rows_own_period_wins_over_the_parameter():
    a = agents({"agent": "A", "received": 70}, {"agent": "B", "received": 70, "days_worked": 5})
    # what the inventory fills in for a file named …_2024-02-01至2024-02-07.xlsx
    a["period_start"], a["period_end"] = datetime(2024, 2, 1), datetime(2024, 2, 7)
    assert sa.agent_days(a, FEB_DAYS) == 7 + 5


def test_dated_rows_count_distinct_agent_dates_and_give_the_peak():
    a = agents({"date": datetime(2024, 2, 5), "agent": "A", "received": 30},
               {"date": datetime(2024, 2, 6), "agent": "A", "received": 50},
               {"date": datetime(2024, 2, 5), "agent": "B", "received": 20})
    f = sa.figures(a, FEB_DAYS)
    assert f["agent_days"] == 3 and f["sessions_per_agent_day"] == pytest.approx(100 / 3)
    assert f["peak_agent_day"] == 50
    per = sa.per_agent(a, FEB_DAYS).set_index("agent")
    assert per.loc["A", "days"] == 2 and per.loc["A", "peak"] == 50


def test_means_are_weighted_by_received_and_conversion_is_of_sums():
    a = agents({"agent": "A", "received": 100, "first_response_seconds": 30.0,
                "avg_handle_seconds": 300.0, "satisfaction_rate": 0.9,
                "inquiries": 40, "inquiry_paid": 10, "sales": 5000.0},
               {"agent": "B", "received": 300, "first_response_seconds": 70.0,
                "avg_handle_seconds": 180.0, "satisfaction_rate": 0.8,
                "inquiries": 60, "inquiry_paid": 30, "sales": 15000.0},
               {"agent": "C", "received": 0, "first_response_seconds": 999.0,
                "satisfaction_rate": 0.0, "inquiries": None, "inquiry_paid": None,
                "sales": None})
    f = sa.figures(a, FEB_DAYS)
    assert f["first_response_mean_seconds"] == pytest.approx((30 * 100 + 70 * 300) / 400)
    assert f["satisfaction_rate"] == pytest.approx((0.9 * 100 + 0.8 * 300) / 400)
    assert f["avg_handle_minutes"] == pytest.approx((300 * 100 + 180 * 300) / 400 / 60)
    assert f["inquiry_conversion"] == pytest.approx(40 / 100)  # not the mean of 25% and 50%
    assert f["service_sales"] == 20000.0
    per = sa.per_agent(a, FEB_DAYS).set_index("agent")
    assert pd.isna(per.loc["C", "mean_seconds"]) and pd.isna(per.loc["C", "inquiry_conversion"])


def test_columns_the_export_lacks_are_null_not_zero():
    a = agents({"sales": None, "inquiries": None, "inquiry_paid": None,
                "satisfaction_rate": None, "first_response_seconds": None})
    f = sa.figures(a, FEB_DAYS)
    for key in ("service_sales", "inquiry_conversion", "satisfaction_rate",
                "first_response_mean_seconds"):
        assert f[key] is None, key


def test_an_agent_written_shop_colon_nick_gives_the_shop(tmp_path):
    """Split once, at load (platforms.SPLITS): the nickname stays, the shop fills an empty
    店铺 cell, and a shop the file gives wins."""
    path = tmp_path / "客服绩效.csv"
    path.write_text("客服昵称,店铺,咨询人数,接待人数\n童装旗舰店:小美,,10,9\n渔具专营店：阿强,,8,8\n"
                    "童装旗舰店:小王,渔具专营店,5,5\n小李,童装旗舰店,4,4\n:x,童装旗舰店,3,3\n",
                    encoding="utf-8")
    got = load(path, BY_NAME["cs_agents"], Month.parse("2024-02")).frame
    assert list(got["agent"]) == ["小美", "阿强", "小王", "小李", ":x"]
    assert list(got["shop"]) == ["童装旗舰店", "渔具专营店", "渔具专营店", "童装旗舰店",
                                 "童装旗舰店"]
    same_nick = agents({"agent": "小美", "shop": "店铺甲"}, {"agent": "小美", "shop": "店铺乙"})
    assert sa.figures(same_nick, FEB_DAYS)["agents"] == 2


def test_agents_only_month_fills_the_spec_keys_and_marks_session_figures():
    f = compute(cs_agents=agents({"agent": "A", "days_worked": 20}, {"agent": "B"}))
    assert f["agents"] == 2 and f["sessions"] == 200
    assert f["sessions_per_agent_day"] == pytest.approx(200 / 49)
    for key in sv.SESSION_ONLY:
        assert f[key] is None
        assert needs.of(f, key, "service") == needs.Needs("service", "cs_sessions")
    assert needs.of(f, "peak_agent_day", "service").code == "daily"
    assert needs.of(f, "first_response_mean_seconds", "service") is None
    assert f["inquiry_conversion"] == 0.25 and f["service_sales"] == 10000.0


def test_both_datasets_session_figures_from_sessions_conversion_and_sales_from_agents():
    from test_metrics_service import sessions

    s = sessions({"agent": "A", "first_response_seconds": 10.0, "satisfaction": 5},
                 {"agent": "A", "first_response_seconds": 20.0, "satisfaction": 2})
    f = compute(cs_sessions=s, cs_agents=agents({"agent": "A", "first_response_seconds": 99.0}))
    assert f["sessions"] == 2 and f["first_response_mean_seconds"] == 15.0
    assert f["within_60s_share"] == 1.0 and f["share_routine"] == 1.0
    assert f["inquiry_conversion"] == 0.25 and f["service_sales"] == 5000.0
    assert f["satisfaction_rate"] == 0.9  # the platform's own rate when the export has it
    assert not f.get(needs.KEY)


def test_sessions_only_month_marks_the_per_agent_figures():
    from test_metrics_service import sessions

    f = compute(cs_sessions=sessions({"satisfaction": 5}, {"satisfaction": 3}))
    assert f["satisfaction_rate"] == 0.5  # rated sessions with 4-5 stars
    for key in sv.AGENTS_ONLY:
        assert f[key] is None and needs.of(f, key, "service").code == "cs_agents"
    assert compute() is None


def test_the_views_of_an_agents_only_month():
    from opsreview.domains.service import views as v
    from opsreview.judging.labels import Labels
    from opsreview.pages import charts

    charts.apply_theme()
    a = agents({"agent": "A", "shop": "店铺甲", "received": 200, "days_worked": 20},
               {"agent": "B", "shop": "店铺乙", "received": 90, "first_response_seconds": 80.0})
    md = MonthData.from_frames("2024-02", {"2024-02": {"cs_agents": a}})
    cfg, t = Config(), Labels("zh")
    figures = sv.compute(md, cfg)
    tabs = v.tables(md, cfg, figures)
    assert tabs.from_agents and v.section("load", tabs) == "load_agents"
    for name in v.SESSION_TABLES:
        assert getattr(tabs, name) == needs.Needs("service", "cs_sessions")
    heat = v.heatmap_chart(tabs.load, t)  # a chart that needs sessions: the Needs (left out)
    assert heat == needs.Needs("service", "cs_sessions")
    table = v.agents_table(tabs.agents, figures, t)
    assert list(table["shop"][:2]) == ["店铺甲", "店铺乙"]  # two shops: the column stays
    assert "received" in table and "p90_seconds" not in table
    assert table.iloc[-1]["received"] == 290
    target = cfg.target("first_response_seconds").value
    industry = cfg.target("industry_first_response_seconds").value
    for fig in (v.load_by_agent_chart(tabs, t), v.conversion_chart(tabs.performance, t, 0.25),
                v.response_agents_chart(tabs.agents, t, target, industry)):
        assert charts.to_png_data_uri(fig).startswith("data:image/png")
    slow = [s for _, s, *_ in v.extra_findings(figures, tabs, cfg, t) if "超过目标" in s]
    assert slow == [t("service.findings.slow_agents", target=t.format(target, "seconds"),
                      agents="B 80 秒")]
