import math

import pytest

from opsreview.judging import fmt


@pytest.mark.parametrize(("value", "zh", "en"), [
    (128000, "12.8万", "128,000"),
    (860000, "86万", "860,000"),
    (12000, "1.2万", "12,000"),
    (320, "320", "320"),
    (2.0, "2", "2"),
    (3.25, "3.2", "3.2"),
    (150_000_000, "1.5亿", "150,000,000"),
])
def test_number_reads_like_a_person_writes_it(value, zh, en):
    assert fmt.number(value, "zh") == zh
    assert fmt.number(value, "en") == en


@pytest.mark.parametrize("missing", [None, math.nan, float("nan")])
def test_missing_is_said_never_zero_or_nan(missing):
    for kind in fmt.FORMATS:
        assert fmt.format_value(missing, kind, "zh") == "无数据"
        assert fmt.format_value(missing, kind, "en") == "no data"


def test_rates_changes_and_units():
    assert fmt.percent(0.595) == "59.5%"
    assert fmt.percent(0.4) == "40%"
    assert fmt.signed_percent(0.185) == "+18.5%"
    assert fmt.signed_percent(-0.3) == "-30%"
    assert fmt.signed_number(1) == "+1" and fmt.signed_number(-25000) == "-2.5万"
    assert fmt.signed_number(0) == "0"
    assert fmt.points(0.082) == "+8.2 个百分点"
    assert fmt.points(-0.2, "en") == "-20 pts"
    assert fmt.money(128000) == "12.8万元"
    assert fmt.money(128000, "en") == "CNY 128,000"
    assert fmt.money(-374.3) == "-374元" and fmt.money(15400) == "1.54万元"
    assert fmt.money(-374.3, "en") == "-CNY 374"
    assert fmt.money_wan(7100) == "0.71万元" and fmt.money_wan(7100, "en") == "CNY 7,100"
    assert fmt.duration(3, "minutes") == "3 分钟"
    assert fmt.duration(120, "minutes", "en") == "120 min"
    assert fmt.format_value(52.4, "seconds", "zh") == "52 秒"
    assert fmt.ratio(3.5) == "1:3.5"
    assert fmt.date("2024-02-20") == "2024年2月20日"
    assert fmt.date("2024-02-20", "en") == "2024-02-20"


def test_unknown_format_names_the_known_ones():
    with pytest.raises(KeyError, match="percent"):
        fmt.format_value(1, "nope")


def test_the_sign_of_a_target_or_a_bound():
    assert [fmt.sign(b) for b in ("higher", "min", "lower", "max", None)] == \
        ["≥", "≥", "≤", "≤", "≤"]


def test_a_wan_column_keeps_the_digits_of_every_other_amount():
    """39.7万元 beside 35.2万元 and 4.5万元 (a total row adds up as read), 0.71万元 below 1万."""
    from opsreview.judging.fmt import money_wan

    assert [money_wan(v) for v in (397_100, 352_000, 45_100, 7_100)] == [
        "39.7万元", "35.2万元", "4.51万元", "0.71万元"]
