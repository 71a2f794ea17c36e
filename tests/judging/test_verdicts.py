"""One verdict per figure: met / missed / met with a caveat, the gap with its unit and the
right verb, better or worse on last month by the figure's direction of good."""

import dataclasses
import re

import pytest

from opsreview.contract.config import Config, ConfigError
from opsreview.domains import DECLARED, check, figure
from opsreview.judging.labels import Labels
from opsreview.judging.verdicts import (
    BAD,
    CAVEAT,
    GOOD,
    INFO,
    MET,
    MISSED,
    change_words,
    judge,
    mark,
    rank_words,
    sentence,
    versus,
)

CFG = Config()


def test_config_and_declarations_agree():
    check(CFG)
    for fig in DECLARED.values():
        if fig.judged_by:
            assert CFG.target(fig.judged_by).better == fig.better


def test_a_target_pointing_the_other_way_is_refused(monkeypatch):
    bad = dataclasses.replace(CFG.target("settlement_days"), better="higher")
    monkeypatch.setitem(CFG.targets, "settlement_days", bad)
    with pytest.raises(ConfigError, match="settlement_days"):
        check(CFG)


@pytest.mark.parametrize(("key", "now", "before", "state", "trend", "side"), [
    ("settlement_days_mean", 7.0, 8.0, MISSED, "better", BAD),  # a miss that improved
    ("settlement_days_mean", 4.0, 3.0, MET, "worse", GOOD),
    ("on_time_rate", 0.95, 0.95, MET, "same", GOOD),
    ("intent_rate", 0.6, 0.5, None, "better", GOOD),  # direction only: placed by its move
    ("intent_rate", 0.4, 0.5, None, "worse", BAD),
    ("intent_rate", 0.4, None, None, None, INFO),
    ("visits", 42, None, None, None, INFO),
])
def test_state_trend_and_side(key, now, before, state, trend, side):
    v = judge(figure("market", key), {key: now}, {key: before}, CFG)
    assert (v.state, v.trend, v.side) == (state, trend, side)


def test_no_direction_is_never_good_or_bad():
    v = judge(figure("team", "headcount"), {"headcount": 17}, {"headcount": 14}, CFG)
    assert (v.move, v.trend, v.side) == ("up", None, INFO)


def test_the_deal_roi_above_industry_but_below_break_even_is_a_caveat_with_its_aim():
    fig = figure("campaigns", "deal_roi")
    v = judge(fig, {"deal_roi": 3.5, "deal_break_even_roi": 3.62}, None, CFG)
    assert v.state == CAVEAT and v.side == BAD and "保本 ROI" in v.aims[0]
    assert judge(fig, {"deal_roi": 3.7, "deal_break_even_roi": 3.62}, None, CFG).state == MET
    below = judge(fig, {"deal_roi": 2.0, "deal_break_even_roi": 3.62}, None, CFG, "en")
    assert below.state == MISSED and below.aims == (CFG.target("campaign_roi").action["en"],)


@pytest.mark.parametrize(("lang", "figures", "expected"), [
    ("zh", {"deal_roi": 3.5, "deal_break_even_roi": 3.62},
     "聚划算投入产出比（ROI） 1:3.5，达到行业基准（≥ 1:2.8），但低于保本 ROI 1:3.6。"),
    ("en", {"deal_roi": 3.5, "deal_break_even_roi": 3.62},
     "Deal ROI: 1:3.5, meeting the benchmark of ≥ 1:2.8 but below the break-even ROI of 1:3.6."),
])
def test_caveat_sentence(lang, figures, expected):
    v = judge(figure("campaigns", "deal_roi"), figures, None, CFG)
    assert sentence(v, Labels(lang)) == expected


@pytest.mark.parametrize(("lang", "domain", "key", "now", "before", "expected"), [
    ("zh", "site", "articles_per_day", 2.0, 3.0,
     "日均更新文章 2 篇，低于行业基准（≥ 5 篇）3 篇；较上月减少 1 篇。"),
    ("zh", "site", "timeout_mttr_minutes", 120.0, None,
     "超时平均恢复时长 120 分钟，超出行业基准（≤ 60 分钟）60 分钟。"),
    ("zh", "market", "settlement_days_mean", 7.0, 8.0,
     "平均结算天数 7 天，超出目标（≤ 5 天）2 天；较上月缩短 1 天。"),
    ("zh", "market", "fee_collection_rate", 0.921, 0.939,
     "管理费到账率 92.1%，达到目标（≥ 90%）；较上月下降 1.8 个百分点。"),
    ("zh", "service", "first_response_mean_seconds", 70.0, 54.0,
     "平均首次响应时长 70 秒，超出目标（≤ 60 秒）10 秒，仍优于行业基准 75 秒；"
     "较上月延长 16 秒。"),
    ("zh", "market", "contract_amount", 860000.0, 610000.0,
     "合同总额 86万元；较上月增长 41%。"),
    ("en", "market", "settlement_days_mean", 7.0, 8.0,
     "Mean settlement time: 7 days, 2 days over the target of ≤ 5 days; down 1 day on last "
     "month."),
    ("en", "site", "articles_per_day", 2.0, 2.0,
     "Articles per day: 2, 3 articles short of the benchmark of ≥ 5; unchanged on last month."),
])
def test_words_with_units_and_verbs_never_signed_percentages(lang, domain, key, now, before,
                                                             expected):
    v = judge(figure(domain, key), {key: now}, {key: before}, CFG, lang)
    assert sentence(v, Labels(lang)) == expected
    assert not re.search(r"[+-]\d", expected)


def test_change_words_follow_the_kind():
    t = Labels("zh")
    assert change_words(figure("team", "headcount"), 17, 14, t) == "增加 3 人"
    assert change_words(figure("seo", "top10_share"), 0.179, 0.19, t) == "下降 1.1 个百分点"
    assert change_words(figure("service", "first_response_mean_seconds"), 41, 54, t) \
        == "缩短 13 秒"


def test_a_change_is_the_one_between_the_figures_as_shown():
    """80.7% → 84.7% reads 4 points in the sentence and on the card (not the 3.9 of the
    unrounded rates), and two rates shown alike are unchanged everywhere."""
    fig, t = figure("seo", "top10_share"), Labels("zh")
    assert change_words(fig, 0.8466, 0.8074, t) == "上升 4 个百分点"
    card = judge(fig, {"top10_share": 0.8466}, {"top10_share": 0.8074}, CFG, "zh")
    assert versus(card, t) == "较上月上升 4 个百分点（上月 80.7%）"
    alike = judge(fig, {"top10_share": 0.8074}, {"top10_share": 0.8071}, CFG, "zh")
    assert alike.move == "same" and change_words(fig, 0.8074, 0.8071, t) == "持平"


@pytest.mark.parametrize(("lang", "domain", "key", "now", "before", "expected"), [
    ("zh", "market", "new_branches", 5, 1, "较上月增加 4 家（上月 1 家）"),
    ("en", "market", "new_branches", 5, 1, "up 4 on last month (1)"),
    ("zh", "market", "visits", 42, 39, "较上月增加 3 家（上月 39 家）"),
    ("zh", "team", "headcount", 17, 14, "较上月增加 3 人（上月 14 人）"),
    ("en", "team", "headcount", 17, 14, "up 3 people on last month (14 people)"),
    ("zh", "market", "contract_amount", 860000.0, 610000.0, "较上月增长 41%（上月 61万元）"),
    ("zh", "market", "settlement_days_mean", 7.0, 8.0, "较上月缩短 1 天（上月 8 天）"),
    ("zh", "team", "groups", 6, 6, "较上月持平（上月 6 个）"),
])
def test_a_cards_line_on_last_month_says_the_change_as_the_sentences_do(lang, domain, key, now,
                                                                        before, expected):
    """The card says what the sentence says: a count in its measure word, never a
    percentage of a small count (较上月 +400%（上月 1） was the card's before)."""
    v = judge(figure(domain, key), {key: now}, {key: before}, CFG, lang)
    assert versus(v, Labels(lang)) == expected
    assert versus(judge(figure(domain, key), {key: now}, None, CFG, lang), Labels(lang)) == ""


@pytest.mark.parametrize(("lang", "before", "after", "expected"), [
    ("zh", 44.4, 86.7, "下降 42.3 名"),
    ("zh", 12.0, 9.0, "上升 3 名"),
    ("en", 12.0, 9.0, "up 3 places"),
    ("en", 9.0, 10.0, "down 1 place"),
    ("zh", 9.04, 9.0, "不变"),
])
def test_a_rank_moves_by_places_and_a_smaller_rank_is_a_rise(lang, before, after, expected):
    assert rank_words(before, after, Labels(lang)) == expected


def test_met_with_a_caveat_needs_attention_on_cards_and_the_scorecard():
    v = judge(figure("campaigns", "deal_roi"), {"deal_roi": 3.5, "deal_break_even_roi": 3.62},
              None, CFG)
    assert v.state == CAVEAT
    assert [mark(v, Labels("zh")), mark(v, Labels("en"))] == ["⚠ 需关注", "⚠ needs attention"]
    assert Labels("zh")("review.scorecard.caveat", n=1) == " / 需关注 1 项"
    assert Labels("zh")("review.scorecard.caveats") == "需关注"
