"""A page's findings: each targeted headline figure once (met or missed, with the gap and its
move on last month), then the moves of the figures without a target."""

import pytest

from opsreview.config import Config
from opsreview.report.findings import change_sentences, target_sentences
from opsreview.report.labels import Labels

NOW = {"visits": 42, "fee_collection_rate": 0.921, "settlement_days_mean": 7.0,
       "on_time_rate": 0.9}
BEFORE = {"visits": 39, "fee_collection_rate": 0.939, "settlement_days_mean": 7.0}


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", [("good", "管理费到账率为 92.1%，达到目标（≥ 90%）；"
                     "较上月下降 1.8 个百分点（上月 93.9%）。"),
            ("good", "项目交付准时率为 90%，达到目标（≥ 90%）。"),
            ("bad", "平均结算天数为 7 天，未达到目标（≤ 5 天），差距 2 天。")]),
    ("en", [("good", "Management-fee collection was 92.1%, meeting the target of ≥ 90%; "
                     "down 1.8 pts on last month (was 93.9%)."),
            ("good", "On-time delivery was 90%, meeting the target of ≥ 90%."),
            ("bad", "Mean settlement time was 7 days, missing the target of ≤ 5 days by 2 days.")]),
])
def test_targeted_figures_carry_their_move_and_unchanged_or_new_ones_do_not(lang, expected):
    assert target_sentences("market", NOW, BEFORE, Config(), Labels(lang)) == expected


def test_only_figures_without_a_target_get_a_change_sentence():
    said = change_sentences("market", NOW, BEFORE, Labels("zh"))
    assert said == [("info", "拜访客户较上月上升 7.7%（39 → 42）。")]
    assert change_sentences("market", NOW, None, Labels("zh")) == []
