"""The index's domain table: headline figures against their targets, and one line per shop
for compliance (whose figures are per shop)."""

import pytest

from opsreview.contract.config import Config
from opsreview.judging.labels import Labels
from opsreview.pages.index import headline_items
from opsreview.pages.shops import shop_items

SHOPS = {"shops": {
    "童装旗舰店": {"trial_day": 76, "trial_verdict": "pass", "trial_window_open": True,
               "deal_eligible": True,
               "serious_points_ytd": 0, "red_line": False, "penalty": {"tier_points": None}},
    "渔具专营店": {"trial_day": 986, "trial_verdict": "not_in_window", "deal_eligible": False,
               "serious_points_ytd": 18, "red_line": False, "penalty": {"tier_points": 12}},
}}


@pytest.mark.parametrize(("lang", "first", "second"), [
    ("zh", "童装旗舰店：试运营 ✓ 考核中，目前达标；本年严重违规 0 分；聚划算报名 ✓ 满足",
     "渔具专营店：试运营 不在考核期（入驻第 986 天）；本年严重违规 18 分；聚划算报名 ✗ 不满足"),
    ("en", "童装旗舰店: trial ✓ on track (window still open); 0 serious points this year; "
     "platform deal ✓ eligible",
     "渔具专营店: trial not in the window (day 986); 18 serious points this year; "
     "platform deal ✗ not eligible")])
def test_compliance_lists_each_shop_green_or_red(lang, first, second):
    assert shop_items(SHOPS, Labels(lang)) == [f'<li class="good">{first}</li>',
                                               f'<li class="bad">{second}</li>']
    assert shop_items({}, Labels(lang)) == []


def test_a_pass_is_called_passed_only_when_the_window_has_closed():
    ended = {"shops": {"童装旗舰店": {**SHOPS["shops"]["童装旗舰店"], "trial_day": 90,
                                    "trial_window_open": False}}}
    assert "试运营 ✓ 通过；" in shop_items(ended, Labels("zh"))[0]


def test_headline_items_carry_the_target_and_its_verdict():
    items = headline_items("market", {"visits": 42, "fee_collection_rate": 0.921},
                           Labels("zh"), Config())
    assert items[0] == "<li>拜访客户：42</li>"
    assert '<li class="good">管理费到账率：92.1%（目标 ≥ 90%）</li>' in items
