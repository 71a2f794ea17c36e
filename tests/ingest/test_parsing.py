"""The vectorised parsers: each accepted form, missing markers, range checks, bad masks."""

import pandas as pd
import pytest

from opsreview.contract.catalog import BY_NAME, TYPES
from opsreview.ingest.parsing import TYPE_DOCS, ParseError, expectation, parse_column, parse_value

VISITORS = BY_NAME["shop_traffic"].column("visitors")
AMOUNT = BY_NAME["orders"].column("amount")
KPI_VALUE = BY_NAME["kpis"].column("value")
DSR = BY_NAME["shop_status"].column("dsr")
RATE = BY_NAME["site_traffic"].column("bounce_rate")
SECONDS = BY_NAME["cs_sessions"].column("handle_seconds")
DATE = BY_NAME["shop_traffic"].column("date")
STAMP = BY_NAME["orders"].column("paid_at")
BOOL = BY_NAME["cs_sessions"].column("resolved")
ENUM = BY_NAME["cs_sessions"].column("category")
ENGINE = BY_NAME["seo_index"].column("engine")
RANK = BY_NAME["seo_rankings"].column("rank")
TEXT = BY_NAME["orders"].column("order_id")


def column(col, cells):
    return parse_column(pd.Series(cells, dtype=object), col)


def test_every_catalog_type_has_a_user_doc():
    assert set(TYPE_DOCS) == set(TYPES)


@pytest.mark.parametrize("text, want", [
    ("1234", 1234), ("1,234", 1234), ("1234.0", 1234), ("１２３４", 1234), ("１，２３４", 1234),
    (" 7 ", 7), ("-", None), ("--", None), ("", None), (None, None)])
def test_int_forms(text, want):
    assert parse_value(VISITORS, text) == want


@pytest.mark.parametrize("text", ["-5", "1.5", "1,2,3", "abc", "1e400", "nan", "12,34"])
def test_int_refusals(text):
    with pytest.raises(ParseError, match="whole number ≥ 0"):
        parse_value(VISITORS, text)


def test_num_forms_bounds_and_negative_where_allowed():
    assert parse_value(AMOUNT, "1,234.5") == 1234.5
    assert parse_value(AMOUNT, "１，２３４．５") == 1234.5
    with pytest.raises(ParseError):
        parse_value(AMOUNT, "-0.5")
    assert parse_value(KPI_VALUE, "-0.5") == -0.5
    assert parse_value(DSR, "4.8") == 4.8
    with pytest.raises(ParseError, match="between 1 and 5"):
        parse_value(DSR, "5.1")


@pytest.mark.parametrize("text, want", [("0.452", 0.452), ("45.2%", 0.452), ("45.2 %", 0.452),
                                        ("４５．２％", 0.452), ("100%", 1.0), ("0", 0.0)])
def test_rate_forms_are_exact(text, want):
    assert parse_value(RATE, text) == want


@pytest.mark.parametrize("text", ["145%", "1.2", "-1%", "45.2%%"])
def test_rate_outside_0_1(text):
    with pytest.raises(ParseError, match="a rate between 0 and 1, written 0.452 or 45.2%"):
        parse_value(RATE, text)


@pytest.mark.parametrize("text, want", [("192", 192.0), ("00:03:12", 192.0), ("03:12", 192.0),
                                        ("1:00:00", 3600.0), ("100:00:00", 360000.0),
                                        ("００：０３：１２", 192.0), ("2.5", 2.5)])
def test_seconds_forms(text, want):
    assert parse_value(SECONDS, text) == want


@pytest.mark.parametrize("text", ["00:03:60", "1:60:00", "-3", "3:1", "a:b"])
def test_seconds_refusals(text):
    with pytest.raises(ParseError, match="duration"):
        parse_value(SECONDS, text)


def test_mixed_clock_forms_in_one_column():
    values, bad = column(SECONDS, ["03:12", "01:00:00", "5", None])
    assert values.tolist()[:3] == [192.0, 3600.0, 5.0] and not bad.any()


@pytest.mark.parametrize("text", ["2024-02-20", "2024/2/20", "2024年2月20日", "20240220",
                                  "2024-02-20 14:03", "2024/2/20 14:03:05", " 2024-2-20 "])
def test_date_forms_drop_the_time(text):
    assert parse_value(DATE, text) == pd.Timestamp("2024-02-20").to_pydatetime()


@pytest.mark.parametrize("text, want", [
    ("2024-02-20 14:03", "2024-02-20 14:03"), ("2024-02-20T14:03:05", "2024-02-20 14:03:05"),
    ("2024年2月20日 14:03", "2024-02-20 14:03"), ("20240220 14:03:05", "2024-02-20 14:03:05"),
    ("2024/2/20", "2024-02-20"), ("2024/2/20 9:03", "2024-02-20 09:03")])
def test_datetime_forms(text, want):
    assert parse_value(STAMP, text) == pd.Timestamp(want).to_pydatetime()


@pytest.mark.parametrize("text", ["2024-02-30", "2024220", "2024-02-20 25:00", "20.2.2024",
                                  "2024-02-20+08:00", "yesterday"])
def test_invalid_dates(text):
    with pytest.raises(ParseError, match="a date"):
        parse_value(STAMP, text)


def test_dates_in_several_forms_in_one_column():
    values, bad = column(DATE, ["2024/2/1", "2024-02-02", "2024年2月3日", "20240204", "x"])
    assert values.dt.day.tolist()[:4] == [1, 2, 3, 4] and bad.tolist() == [False] * 4 + [True]
    assert str(values.dtype) == "datetime64[ns]"


@pytest.mark.parametrize("text, want", [("true", True), ("FALSE", False), ("1", True),
                                        ("0", False), ("是", True), ("否", False), ("y", True),
                                        ("N", False), ("Yes", True), ("no", False), ("", None)])
def test_bools(text, want):
    assert parse_value(BOOL, text) == want


def test_bool_refusal_and_dtype():
    values, bad = column(BOOL, ["是", "maybe", None])
    assert str(values.dtype) == "boolean" and bad.tolist() == [False, True, False]


def test_enum_code_any_case_label_and_default():
    assert parse_value(ENUM, "DISPUTE") == "dispute"
    assert parse_value(ENUM, "纠纷处理") == "dispute"
    assert parse_value(ENUM, "") is None
    assert parse_value(ENGINE, "") == "baidu" and parse_value(ENGINE, "谷歌") == "google"
    with pytest.raises(ParseError, match=r"routine \(日常事务\), recommendation \(商品推荐\)"):
        parse_value(ENUM, "其他")


@pytest.mark.parametrize("text, want", [("1", 1), ("100", 100), ("", None), ("-", None),
                                        (">100", None), ("100+", None), ("＞100", None)])
def test_rank(text, want):
    assert parse_value(RANK, text) == want


@pytest.mark.parametrize("text", ["0", "101", "1.5", "top"])
def test_rank_refusals(text):
    with pytest.raises(ParseError, match="rank from 1 to 100"):
        parse_value(RANK, text)


def test_text_is_stripped_and_empty_is_missing():
    values, bad = column(TEXT, ["  a ", "", "   ", None, "-"])
    assert values.tolist() == ["a", None, None, None, "-"] and not bad.any()
    assert values.dtype == object


def test_already_numeric_cells_are_checked_too():
    values, bad = parse_column(pd.Series([3.0, -1.0, 2.5]), VISITORS)
    assert bad.tolist() == [False, True, True] and str(values.dtype) == "Int64"


def test_expectations_read_as_words():
    assert expectation(VISITORS) == "a whole number ≥ 0 (1234 or 1,234)"
    assert expectation(KPI_VALUE) == "a number (1234.5 or 1,234.5)"
    assert "2024年2月20日" in expectation(DATE)
    assert expectation(BOOL).startswith("yes or no")
