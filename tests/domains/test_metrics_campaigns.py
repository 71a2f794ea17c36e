"""Campaign metric functions on small hand-made frames with hand-computed answers."""

from datetime import datetime

import pandas as pd
import pytest

from opsreview.contract.config import Config
from opsreview.domains.campaigns import metrics as cp
from opsreview.month.monthdata import MonthData
from opsreview.month.months import Month
from opsreview.sample.market import canonical

FEB = Month.parse("2024-02")

# A deal on 10-11 Feb (from 10:00), a full reduction on 20 Feb, a coupon 1-2 Feb, a bundle
# 25-26 Feb. Baseline days: the other 29 - 2 - 1 - 2 - 2 = 22 days.
CAMPAIGNS = canonical("campaigns", [
    dict(campaign_id="D", name="聚划算", kind="platform_deal", platform="聚划算",
         start_at=datetime(2024, 2, 10, 10), end_at=datetime(2024, 2, 11, 23, 59), discount=0.25,
         cost=100.0),
    dict(campaign_id="F", name="满减", kind="full_reduction", start_at=datetime(2024, 2, 20),
         end_at=datetime(2024, 2, 20, 23, 59), threshold=200.0, discount=30.0, products=15),
    dict(campaign_id="C", name="券", kind="coupon", start_at=datetime(2024, 1, 30),
         end_at=datetime(2024, 2, 2, 23, 59), threshold=100.0, discount=10.0, issued=10),
    dict(campaign_id="B", name="套餐", kind="bundle", start_at=datetime(2024, 2, 25),
         end_at=datetime(2024, 2, 26, 23, 59), discount=0.15),
])


def order(day, amount, cost=None, units=1, campaign=None, coupon=False, bundle=False, hour=12):
    return dict(paid_at=datetime(2024, 2, day, hour), amount=amount, list_amount=amount,
                cost_of_goods=cost, units=units, campaign_id=campaign, coupon=coupon,
                bundle=bundle, customer="tb123456789")


ORDERS = canonical("orders", [dict(o, order_id=f"o{i}") for i, o in enumerate([
    order(5, 100.0, 50.0), order(6, 100.0, 50.0),  # baseline: AOV 100, margin 0.5
    order(10, 150.0, 105.0, units=2, campaign="D"), order(11, 50.0, 35.0, campaign="D"),
    order(20, 120.0, campaign="F"), order(20, 130.0, campaign="F"),
    order(1, 90.0, campaign="C", coupon=True), order(2, 90.0, campaign="C", coupon=True),
    order(2, 95.0, campaign="C"),
    order(25, 200.0, units=3, campaign="B", bundle=True), order(26, 80.0),
    order(26, 80.0, hour=23), order(27, 80.0),
])])

TRAFFIC = canonical("shop_traffic", [
    dict(date=d.date(), visitors=220 if d.day in (10, 11) else 100 if d.day != 20 else 500)
    for d in pd.date_range("2024-02-01", "2024-02-29")])


def test_days_running_and_baseline():
    assert list(cp.campaign_dates(pd.Timestamp("2024-01-30"), pd.Timestamp("2024-02-02 23:59"),
                                  FEB)) == list(pd.date_range("2024-02-01", "2024-02-02"))
    assert len(cp.running_dates(CAMPAIGNS, FEB)) == 7
    base = cp.baseline_dates(CAMPAIGNS, FEB)
    assert len(base) == 22 and pd.Timestamp("2024-02-03") in base
    assert pd.Timestamp("2024-02-10") not in base  # the deal starts at 10:00: the day counts


def test_rule_text():
    assert cp.rule_text("full_reduction", 200.0, 30.0) == "满200减30"
    assert cp.rule_text("coupon", 100.0, 10.0) == "满100减10"
    assert cp.rule_text("platform_deal", None, 0.25) == "7.5折"
    assert cp.rule_text("bundle", None, 0.15) == "套餐8.5折"
    assert cp.rule_text("coupon", None, 5.0) == "减5"
    assert cp.rule_text("coupon", 100.0, None) is None


def test_margin_and_aov():
    base = cp.baseline_orders(ORDERS)
    assert len(base) == 5 and cp.aov(base) == pytest.approx(440 / 5)
    assert cp.margin_rate(base) == 0.5  # only orders with a known cost
    deal = cp.orders_of(ORDERS, ["D"])
    assert cp.margin_rate(deal) == pytest.approx(0.3)
    assert cp.margin_change(deal, base) == pytest.approx(-0.2)
    assert cp.margin_rate(cp.orders_of(ORDERS, ["F"])) is None


def test_deal_figures():
    f = cp.deal_figures(CAMPAIGNS, ORDERS, TRAFFIC, FEB)
    assert f["deal_visitors"] == 440
    assert f["deal_traffic_uplift"] == pytest.approx(1.2)  # 220 a day vs 100 on baseline days
    assert (f["deal_units"], f["deal_gmv"]) == (3, 200.0)
    assert f["deal_margin_rate"] == pytest.approx(0.3)  # break-even ROI = 1 / 0.3
    assert f["deal_margin_change"] == pytest.approx(-0.2)
    assert f["deal_roi"] == 2.0
    none = cp.deal_figures(CAMPAIGNS[CAMPAIGNS["kind"] != "platform_deal"], ORDERS, TRAFFIC, FEB)
    assert set(none.values()) == {None}


def test_full_reduction_coupon_bundle_figures():
    f = cp.full_reduction_figures(CAMPAIGNS, ORDERS, TRAFFIC, FEB)
    assert f["full_reduction_orders"] == 2
    assert f["full_reduction_aov_uplift"] == pytest.approx(125 / 88 - 1)
    assert f["full_reduction_conversion"] == pytest.approx(2 / 500)
    c = cp.coupon_figures(CAMPAIGNS, ORDERS)
    assert c == {"coupon_issued": 10, "coupon_redemption": 0.2}
    b = cp.bundle_figures(CAMPAIGNS, ORDERS)
    assert b["bundle_orders"] == 1
    assert b["bundle_share"] == pytest.approx(1 / 3)  # 25 Feb + two on 26 Feb; 27 Feb is after


def test_incidents():
    inc = canonical("campaign_incidents", [
        dict(campaign_id="C", detected_at=datetime(2024, 2, 1, 10), kind="stacking",
             responded_at=datetime(2024, 2, 1, 10, 10), fixed_at=datetime(2024, 2, 1, 10, 50)),
        dict(campaign_id="F", detected_at=datetime(2024, 2, 20, 9), kind="threshold_error",
             responded_at=datetime(2024, 2, 20, 9, 5), fixed_at=datetime(2024, 2, 20, 11, 30)),
        dict(detected_at=datetime(2024, 2, 10, 11), kind="price_display",
             responded_at=datetime(2024, 2, 10, 11, 20), fixed_at=datetime(2024, 2, 10, 12)),
        dict(detected_at=datetime(2024, 2, 10, 20), kind="coupon_unusable",
             responded_at=datetime(2024, 2, 10, 20, 40)),
    ])
    f = cp.incident_figures(inc)
    assert (f["rule_bugs"], f["rule_bug_fix_minutes_max"]) == (2, 150.0)
    assert (f["emergencies"], f["emergency_response_minutes_mean"]) == (2, 30.0)
    assert f["emergencies_fixed"] == 1
    t = cp.incident_timeline(inc, 60, 120)
    assert list(t["group"]) == ["rule_bug", "emergency", "emergency", "rule_bug"]
    assert list(t["over_fix_line"]) == [False, False, False, True]
    assert list(t["over_complaint_line"]) == [False, False, False, True]
    assert pd.isna(t.loc[2, "fix_minutes"]) and not t.loc[2, "fixed"]


def test_campaign_table_one_row_per_campaign():
    t = cp.campaign_table(CAMPAIGNS, ORDERS, TRAFFIC, FEB, 2.8).set_index("campaign_id")
    assert list(t.index) == ["C", "D", "F", "B"]
    assert t.loc["D", "rule"] == "7.5折" and t.loc["D", "roi"] == 2.0
    assert t.loc["D", "roi_vs_benchmark"] == pytest.approx(-0.8)
    assert t.loc["C", "days"] == 2 and t.loc["C", "visitors"] == 200
    assert t.loc["F", "conversion"] == pytest.approx(2 / 500)
    assert t.loc["F", "aov"] == 125.0 and pd.isna(t.loc["F", "roi"])
    assert t.loc["B", "units"] == 3


def test_timeline_windows_funnel_bundles():
    d = cp.daily_timeline(TRAFFIC, ORDERS, CAMPAIGNS, FEB).set_index("date")
    assert len(d) == 29 and d["baseline"].sum() == 22
    assert d.loc["2024-02-20", "orders"] == 2 and d.loc["2024-02-20", "gmv"] == 250.0
    assert d.loc["2024-02-20", "campaigns"] == "F" and d.loc["2024-02-03", "campaigns"] is None
    assert d.loc["2024-02-03", "orders"] == 0
    w = cp.campaign_windows(CAMPAIGNS, FEB).set_index("campaign_id")
    assert w.loc["C", "first_day"] == pd.Timestamp("2024-02-01") and w.loc["C", "days"] == 2
    f = cp.coupon_funnel(CAMPAIGNS, ORDERS)
    assert f[["issued", "redeemed", "redemption"]].iloc[0].tolist() == [10, 2, 0.2]
    b = cp.bundle_table(CAMPAIGNS, ORDERS)
    assert b[["window_orders", "bundle_orders"]].iloc[0].tolist() == [3, 1]
    for table in (d.reset_index(), w, f, b, cp.campaign_table(CAMPAIGNS, ORDERS, TRAFFIC, FEB)):
        assert "customer" not in table.columns
        assert "tb123456789" not in table.to_csv()


def test_compute_with_some_files_absent():
    cfg = Config()
    md = MonthData.from_frames("2024-02", {"2024-02": {"orders": ORDERS, "campaigns": CAMPAIGNS}})
    out = cp.compute(md, cfg)
    assert out["deal_visitors"] is None and out["deal_units"] == 3
    assert out["rule_bugs"] is None and out["bundle_orders"] == 1
    only_traffic = MonthData.from_frames("2024-02", {"2024-02": {"shop_traffic": TRAFFIC}})
    out = cp.compute(only_traffic, cfg)
    assert out["deal_visitors"] is None and out["baseline_days"] is None
    assert cp.compute(MonthData.from_frames("2024-02", {"2024-02": {}}), cfg) is None
