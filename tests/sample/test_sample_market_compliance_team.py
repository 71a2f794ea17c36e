"""The sample months reproduce the seed's market, compliance and team figures."""

import json

import pandas as pd
import pytest

from conftest import plain_json
from opsreview.domains.compliance import metrics as compliance
from opsreview.domains.market import metrics as market
from opsreview.domains.team import metrics as team
from opsreview.month.monthdata import MonthData
from opsreview.sample import compliance as s_compliance
from opsreview.sample import market as s_market
from opsreview.sample import team as s_team

MODULES = (s_market, s_compliance, s_team)
MONTHS = ("2024-01", "2024-02")


def test_market_february_lands_on_the_seed(md, cfg):
    m = market.compute(md, cfg)
    assert m["visits"] == 42
    assert round(m["intent_rate"], 3) == 0.595
    assert round(m["intent_rate_previous"], 3) == 0.513
    assert round(m["intent_rate_change"] * 100, 1) == 8.2
    assert round(m["online_share"], 3) == 0.095  # the seed's 10 %, nearest whole count
    assert (m["new_branches"], m["new_companies"], m["new_offices"]) == (5, 3, 2)
    assert (m["cities_covered_previous"], m["cities_covered"]) == (10, 14)
    assert m["cities_covered_growth"] == pytest.approx(0.4)
    assert m["contracts_signed"] == 12
    assert (m["contract_amount"], m["contract_received"]) == (860_000, 450_000)
    assert round(m["fee_collection_rate"], 2) == 0.92
    assert (m["contracts_on_time"], m["contracts_due"]) == (10, 12)
    assert round(m["on_time_rate"], 3) == 0.833
    assert m["mean_delay_days"] == 3.0
    assert (m["review_pass_rate_core"], m["review_pass_rate_county"]) == (0.95, 0.7)
    assert m["settlement_days_mean"] == 7.0
    assert (m["self_run_amount"], m["self_run_received"]) == (350_000, 175_000)
    assert m["self_run_progress"] == pytest.approx(0.4)


def test_market_tables_on_the_sample(md, cfg):
    fees = market.contracts_by_branch(md.get("contracts"), md.month, cfg.hq_names)
    assert fees["contracts"].sum() == 12 and fees["fee_received"].sum() == 128_000
    opened = market.branches_opened(md.get("branches"), md.month)
    assert sorted(opened["city"]) == sorted(["临沂", "潍坊", "济宁", "泰安", "淄博"])
    assert (opened.groupby("kind")["branches"].sum().to_dict()
            == {"company": 3, "office": 2})


def test_raw_counts(md):
    assert len(md.get("client_visits")) == 42
    hq = md.get("contracts")["branch"] == s_market.HQ
    signed = md.month.contains(md.get("contracts")["signed_on"])
    assert (signed & ~hq).sum() == 12
    assert md.get("team")["headcount"].sum() == 17


def test_compliance_verdicts(md, cfg):
    shops = compliance.compute(md, cfg)["shops"]
    tmall, taobao = shops["童装旗舰店"], shops["渔具专营店"]
    assert tmall["in_trial_window"] and 61 <= tmall["trial_day"] <= 90
    assert tmall["trial_verdict"] == "pass" and tmall["trial_failures"] == []
    assert tmall["deal_eligible"] is True
    row = md.get("shop_status").set_index("shop").loc["童装旗舰店"]
    assert (row["training_participation"], row["meeting_attendance"]) == (1.0, 0.9)
    assert taobao["trial_verdict"] == "not_in_window"
    assert taobao["deal_eligible"] is False
    assert taobao["serious_points_ytd"] > 0 and taobao["general_points_ytd"] > 0
    assert taobao["penalty"]["tier_points"] == 12 and taobao["penalty"]["points_to_next"] == 6
    january = compliance.compute(md.previous(), cfg)["shops"]
    assert january["童装旗舰店"]["trial_verdict"] == "not_in_window"
    assert january["渔具专营店"]["serious_points_ytd"] < taobao["serious_points_ytd"]


def test_team_seventeen_people_in_six_groups(md, cfg):
    t = team.compute(md, cfg)
    assert (t["headcount"], t["groups"]) == (17, 6)
    assert t["group_headcount"] == {"运营总监": 1, "行政组": 2, "策划组": 3, "产品组": 4,
                                    "市场组": 2, "客服组": 5}


@pytest.mark.parametrize("kpi, jan, feb", [
    ("site_building_skill", 60, 82), ("project_violation_rate", 15, 5),
    ("quality_complaint_rate", 8, 2), ("visual_consistency", None, 95),
    ("fishery_knowledge", None, 65), ("customer_satisfaction", None, 92),
    ("branch_satisfaction", None, 80), ("shipping_hours", None, 18),
    ("shipping_accuracy", None, 99),
    ("fault_troubleshooting_time_saved", None, 25),
])
def test_kpis_carry_the_seed_figures(md, cfg, kpi, jan, feb):
    table = team.kpis_for(md, cfg).set_index("kpi")
    assert table.loc[kpi, "value"] == feb
    assert (pd.isna(table.loc[kpi, "previous"]) if jan is None
            else table.loc[kpi, "previous"] == jan)


def test_kpis_table_joins_config_targets(md, cfg):
    table = team.kpis_for(md, cfg, ("team",)).set_index("kpi")
    assert table.loc["shipping_hours", "target"] == 24
    assert bool(table.loc["shipping_hours", "target_met"])


def test_rows_respect_the_month_rules():
    for month in MONTHS:
        mkt = s_market.frames(month)
        start = pd.Timestamp(month)
        end = start + pd.offsets.MonthEnd(0)
        assert mkt["client_visits"]["date"].between(start, end).all()
        assert mkt["design_reviews"]["date"].between(start, end).all()
        c = mkt["contracts"]
        assert (c["signed_on"] <= end).all()
        for later in ("due_on", "delivered_on", "paid_on", "settled_on"):
            assert (c[later].isna() | (c[later] >= c["signed_on"])).all(), later
        assert (c["settled_on"].isna() | (c["settled_on"] >= c["paid_on"])).all()
        assert (c["received"] <= c["amount"]).all()
        assert (c["fee_received"].isna() | (c["fee_received"] <= c["fee_due"])).all()
        v = s_compliance.frames(month)["violations"]
        assert ((v["date"].dt.year == 2024) & (v["date"] <= end)).all()


def test_scale_multiplies_visits_and_keeps_the_rates():
    v = s_market.frames("2024-02", scale=3)["client_visits"]
    assert len(v) == 126
    assert market.intent_rate(v) == pytest.approx(25 / 42)
    assert market.online_share(v) == pytest.approx(4 / 42)


@pytest.mark.parametrize("module", (market, compliance, team))
def test_compute_returns_plain_json_and_none_without_files(md, cfg, module):
    out = module.compute(md, cfg)
    assert plain_json(out)
    json.dumps(out, allow_nan=False)
    assert module.compute(MonthData.from_frames("2024-02", {"2024-02": {}}), cfg) is None
