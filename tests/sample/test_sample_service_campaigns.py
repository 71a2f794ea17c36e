"""The sample months reproduce the seed's service and campaign figures."""

import json

import pandas as pd
import pytest

from conftest import plain_json, sample_month
from opsreview.domains.campaigns import metrics as campaigns
from opsreview.domains.service import metrics as service
from opsreview.month.monthdata import MonthData
from opsreview.sample import campaigns as s_campaigns
from opsreview.sample import service as s_service

MODULES = (s_service, s_campaigns)
MONTHS = ("2024-01", "2024-02")


def test_service_february_lands_on_the_seed(md, cfg):
    m = service.compute(md, cfg)
    assert (m["agents"], m["agent_days"], m["sessions"]) == (5, 40, 3400)
    assert m["sessions_per_agent_day"] == 85.0
    assert m["peak_agent_day"] == 150
    assert (m["share_routine"], m["share_recommendation"], m["share_dispute"],
            m["share_emergency"]) == (0.4, 0.25, 0.2, 0.15)
    assert (m["reco_conversion_bestseller"], m["reco_conversion_need"]) == (0.3, 0.45)
    assert round(m["dispute_resolution_rate"], 2) == 0.88
    assert round(m["unresolved_logistics_share"], 2) == 0.7
    assert m["high_risk_sessions"] == 12
    assert (m["high_risk_satisfaction"], m["other_satisfaction"]) == (0.5, 0.85)
    assert m["avg_handle_minutes"] == 3.0
    assert m["first_response_mean_seconds"] < 60
    assert m["stock_query_per_day"] == 15.0
    peak = service.agent_days(md.get("cs_sessions")).sort_values("sessions").iloc[-1]
    assert peak["date"] == pd.Timestamp("2024-02-20")  # the first 聚划算 day


def test_service_january_is_a_plausible_predecessor(md, cfg):
    jan = service.compute(md.previous(), cfg)
    feb = service.compute(md, cfg)
    assert jan["sessions_per_agent_day"] == 78.0 and jan["peak_agent_day"] == 138
    assert jan["first_response_mean_seconds"] > feb["first_response_mean_seconds"]
    assert jan["reco_conversion_need"] < feb["reco_conversion_need"]
    assert jan["dispute_resolution_rate"] < feb["dispute_resolution_rate"]


def test_high_risk_buyers_raise_more_disputes(md, cfg):
    t = service.high_risk_comparison(md.get("cs_sessions"), cfg.shake_threshold)
    t = t.set_index("group")
    assert t.loc["high_risk", "dispute_share"] == 0.25
    assert t.loc["high_risk", "rated"] == 12


def test_campaigns_february_lands_on_the_seed(md, cfg):
    m = campaigns.compute(md, cfg)
    assert m["deal_visitors"] == 12_000
    assert round(m["deal_traffic_uplift"], 3) == 1.2
    assert m["deal_units"] == 320
    assert round(m["deal_margin_change"], 4) == -0.18
    assert round(m["deal_roi"], 6) == 3.5
    assert m["full_reduction_orders"] == 86
    assert round(m["full_reduction_aov_uplift"], 4) == 0.25
    assert round(m["full_reduction_conversion"], 3) == 0.032
    assert (m["coupon_issued"], m["coupon_redemption"]) == (500, 0.45)
    assert (m["bundle_orders"], m["bundle_share"]) == (48, 0.15)
    assert m["rule_bugs"] == 2 and m["rule_bug_fix_minutes_max"] <= 60
    assert m["emergencies"] == 4 and m["emergency_response_minutes_mean"] == 30.0
    assert m["emergencies_fixed"] == 4
    assert m["baseline_days"] == 11


def test_campaign_table_on_the_sample(md, cfg):
    t = campaigns.campaign_table(md.get("campaigns"), md.get("orders"), md.get("shop_traffic"),
                                 md.month, cfg.target("campaign_roi").value).set_index("kind")
    assert t.loc["platform_deal", "rule"] == "7.5折"
    assert t.loc["full_reduction", "rule"] == "满200减30"
    assert t.loc["full_reduction", "days"] == 1
    assert t.loc["coupon", "rule"] == "满100减10"
    assert t.loc["platform_deal", "roi_vs_benchmark"] == pytest.approx(0.7)
    c = md.get("campaigns").set_index("kind")
    assert c.loc["full_reduction", "products"] == 15 and c.loc["bundle", "discount"] == 0.15
    assert c.loc["platform_deal", "platform"] == "聚划算"


def test_campaigns_january_for_comparison(md, cfg):
    jan = campaigns.compute(md.previous(), cfg)
    assert jan["deal_roi"] is None and jan["full_reduction_orders"] > 0
    assert jan["rule_bug_fix_minutes_max"] > 60


def test_rows_respect_the_month_rules():
    for month in MONTHS:
        start = pd.Timestamp(month)
        end = start + pd.offsets.MonthBegin(1)
        s = s_service.frames(month)["cs_sessions"]
        c = s_campaigns.frames(month)
        assert s["started_at"].between(start, end, inclusive="left").all()
        assert c["orders"]["paid_at"].between(start, end, inclusive="left").all()
        inc = c["campaign_incidents"]
        assert (inc["responded_at"] >= inc["detected_at"]).all()
        assert (inc["fixed_at"] >= inc["detected_at"]).all()
        assert (c["campaigns"]["end_at"] >= c["campaigns"]["start_at"]).all()
        assert (s["satisfaction"].dropna().between(1, 5)).all()
        o = c["orders"]
        assert (o["amount"] > 0).all() and (o["amount"] <= o["list_amount"] + 1e-9).all()


def test_fake_pii_looks_fake():
    s = s_service.frames("2024-02")["cs_sessions"]
    phones = s["phone"].dropna()
    assert len(phones) and phones.str.fullmatch(r"1[358]\d0000\d{4}").all()
    assert s["customer"].notna().all() and s["message"].notna().any()


SCALE_INVARIANT = {
    service: ("sessions_per_agent_day", "peak_agent_day", "share_routine", "share_recommendation",
              "share_dispute", "share_emergency", "reco_conversion_bestseller",
              "reco_conversion_need", "dispute_resolution_rate", "unresolved_logistics_share",
              "high_risk_satisfaction", "other_satisfaction", "avg_handle_minutes",
              "stock_query_time_share"),
    campaigns: ("deal_traffic_uplift", "deal_margin_change", "deal_roi",
                "full_reduction_aov_uplift", "full_reduction_conversion", "coupon_redemption",
                "bundle_share", "rule_bug_fix_minutes_max", "emergency_response_minutes_mean"),
}
SCALE_COUNTS = {service: ("sessions", "agent_days", "high_risk_sessions", "stock_query_per_day"),
                campaigns: ("deal_visitors", "deal_units", "full_reduction_orders",
                            "coupon_issued", "bundle_orders")}


def test_scale_multiplies_rows_and_keeps_the_rates(cfg):
    one, big = sample_month(MODULES), sample_month(MODULES, scale=2)
    for module in (service, campaigns):
        a, b = module.compute(one, cfg), module.compute(big, cfg)
        for key in SCALE_INVARIANT[module]:
            assert b[key] == pytest.approx(a[key], rel=1e-5), key
        for key in SCALE_COUNTS[module]:
            assert b[key] == 2 * a[key], key
    assert len(big.get("orders")) > 3000


@pytest.mark.parametrize("module", (service, campaigns))
def test_compute_returns_plain_json_and_none_without_files(md, cfg, module):
    out = module.compute(md, cfg)
    assert plain_json(out)
    json.dumps(out, allow_nan=False)
    assert module.compute(MonthData.from_frames("2024-02", {"2024-02": {}}), cfg) is None
