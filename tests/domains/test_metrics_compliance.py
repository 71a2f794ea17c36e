"""Compliance functions on hand-made rows, with rules passed in as small config sections."""

from datetime import date

import pytest

from opsreview.contract.config import Config
from opsreview.domains.compliance import metrics as cp
from opsreview.month.monthdata import MonthData
from opsreview.month.months import Month
from opsreview.sample.market import canonical

FEB = Month.parse("2024-02")
TRIAL = {"window_days": [61, 90], "indicators": [
    {"key": "gmv", "column": "gmv", "standard": {"value": 50000, "better": "higher"},
     "elimination": {"column": "industry_gmv_percentile", "below": 0.1}},
    {"key": "dispute_rate", "column": "dispute_rate",
     "standard": {"value": 0.005, "better": "lower"}, "elimination": {"above": 0.042}},
    {"key": "training_participation", "column": "training_participation",
     "standard": {"value": 0.9, "better": "higher"}, "elimination": {"below": 0.7}},
]}
PENALTIES = {"tiers": [{"points": 24, "consequence": {"zh": "二级", "en": "two"}},
                       {"points": 12, "consequence": {"zh": "一级", "en": "one"}}],
             "red_line": {"consequence": {"zh": "清退", "en": "removed"}}}
DEAL = {"rules": [{"key": "dsr", "column": "dsr", "min": 4.8},
                  {"key": "refund", "column": "refund_dispute_rate_30d", "max": 0.005},
                  {"key": "stock", "column": "stock", "min": 500}]}


def status(**kw):
    base = dict(shop="店", entered_on=date(2023, 12, 15), gmv=60000, shipping_delay_rate=0.01,
                new_products=12, dispute_rate=0.003, complaint_rate=0.0005)
    return canonical("shop_status", [dict(base, **kw)]).iloc[0]


def test_trial_day_and_window():
    assert cp.trial_day(date(2023, 12, 15), FEB) == 76
    assert cp.in_window(61, TRIAL) and cp.in_window(90, TRIAL)
    assert not cp.in_window(60, TRIAL) and not cp.in_window(91, TRIAL)


def test_scorecard_statuses():
    row = status(gmv=40000, industry_gmv_percentile=0.3, dispute_rate=0.05,
                 training_participation=None)
    card = cp.trial_scorecard(row, TRIAL).set_index("indicator")
    assert card.loc["gmv", "status"] == "below_standard"
    assert card.loc["gmv", "elimination_value"] == 0.3
    assert card.loc["dispute_rate", "status"] == "eliminated"
    assert card.loc["dispute_rate", "elimination_line"] == 0.042
    assert card.loc["training_participation", "status"] == "no_data"
    assert cp.trial_verdict(cp.trial_scorecard(row, TRIAL), True) == ("fail", ["dispute_rate"])
    assert cp.trial_verdict(cp.trial_scorecard(row, TRIAL), False)[0] == "not_in_window"


def test_scorecard_all_met_passes_and_percentile_eliminates():
    good = cp.trial_scorecard(status(industry_gmv_percentile=0.5, training_participation=1.0),
                              TRIAL)
    assert set(good["status"]) == {"met"}
    assert cp.trial_verdict(good, True) == ("pass", [])
    low = cp.trial_scorecard(status(industry_gmv_percentile=0.05), TRIAL).set_index("indicator")
    assert low.loc["gmv", "status"] == "eliminated"


def test_penalty_tiers_and_points_to_next():
    assert cp.penalty_tier(0, PENALTIES) == {"tier_points": None, "consequence": None,
                                             "next_tier_points": 12, "points_to_next": 12}
    t = cp.penalty_tier(18, PENALTIES)
    assert (t["tier_points"], t["points_to_next"], t["consequence"]["zh"]) == (12, 6, "一级")
    top = cp.penalty_tier(30, PENALTIES)
    assert top["tier_points"] == 24 and top["next_tier_points"] is None


def test_ledger_counts_serious_and_red_line_of_the_year_only():
    v = canonical("violations", [
        dict(date=date(2023, 12, 20), shop="甲", rule="旧", severity="serious", points=12),
        dict(date=date(2024, 1, 5), shop="甲", rule="a", severity="serious", points=6),
        dict(date=date(2024, 2, 5), shop="甲", rule="b", severity="general", points=4),
        dict(date=date(2024, 2, 9), shop="甲", rule="c", severity="red_line", points=6),
        dict(date=date(2024, 3, 1), shop="甲", rule="later", severity="serious", points=12),
    ])
    led = cp.penalty_ledger(v, ["甲", "乙"], FEB, PENALTIES).set_index("shop")
    assert led.loc["甲", "serious_points_ytd"] == 12 and led.loc["甲", "general_points_ytd"] == 4
    assert bool(led.loc["甲", "red_line"]) and led.loc["甲", "red_line_consequence"] == "清退"
    assert led.loc["甲", "tier_points"] == 12 and led.loc["甲", "points_to_next"] == 12
    assert led.loc["乙", "serious_points_ytd"] == 0 and not led.loc["乙", "red_line"]


def test_deal_checklist_and_eligibility():
    ok = cp.deal_checklist(status(dsr=4.8, refund_dispute_rate_30d=0.005, stock=500), DEAL)
    assert ok["met"].tolist() == [True, True, True] and cp.deal_eligible(ok) is True
    bad = cp.deal_checklist(status(dsr=4.9, refund_dispute_rate_30d=0.006), DEAL)
    assert bad["met"].tolist() == [True, False, None] and cp.deal_eligible(bad) is False
    unknown = cp.deal_checklist(status(dsr=4.9, refund_dispute_rate_30d=0.001), DEAL)
    assert cp.deal_eligible(unknown) is None


def test_compute_reads_thresholds_from_config(tmp_path):
    cfg = Config()
    frames = {"shop_status": canonical("shop_status", [dict(
        shop="童装旗舰店", entered_on=date(2023, 12, 15), gmv=60000, shipping_delay_rate=0.01,
        new_products=3, dispute_rate=0.001, complaint_rate=0.0005)])}
    md = MonthData.from_frames("2024-02", {"2024-02": frames})
    shop = cp.compute(md, cfg)["shops"]["童装旗舰店"]
    assert shop["trial_verdict"] == "fail" and shop["trial_failures"] == ["new_products"]
    assert shop["penalty"] is None and shop["serious_points_ytd"] is None
    assert cp.compute(MonthData.from_frames("2024-02", {"2024-02": {}}), cfg) is None


@pytest.mark.parametrize("shops, expected", [
    ([{"shop": "B"}], ["B", "A"]),
    ([], ["A"]),
])
def test_shop_names_keep_config_order(shops, expected):
    frame = canonical("violations", [dict(date=date(2024, 1, 1), shop="A", rule="r",
                                          severity="general", points=1)])
    assert cp.shop_names(None, frame, shops) == expected
