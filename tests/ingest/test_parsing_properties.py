"""Property tests: any text parses to the documented value or raises ParseError, and every
accepted written form of a valid value parses back to it."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsreview.contract.catalog import BY_NAME
from opsreview.ingest.parsing import ParseError, parse_value

COLUMNS = {
    "int": BY_NAME["shop_traffic"].column("visitors"),
    "num": BY_NAME["orders"].column("amount"),
    "rate": BY_NAME["site_traffic"].column("bounce_rate"),
    "seconds": BY_NAME["cs_sessions"].column("handle_seconds"),
    "date": BY_NAME["shop_traffic"].column("date"),
    "datetime": BY_NAME["orders"].column("paid_at"),
    "bool": BY_NAME["cs_sessions"].column("resolved"),
    "enum": BY_NAME["cs_sessions"].column("category"),
    "rank": BY_NAME["seo_rankings"].column("rank"),
}
KINDS = {"int": int, "rank": int, "num": float, "rate": float, "seconds": float,
         "date": dt.datetime, "datetime": dt.datetime, "bool": bool, "enum": str}
FULLWIDTH = str.maketrans("0123456789,.%:", "０１２３４５６７８９，．％：")
SETTINGS = settings(max_examples=40, deadline=None)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20) | \
    st.text("0123456789-+.,:%/年月日 T>０１２３４５６７８９，．％：", max_size=20) | \
    st.sampled_from(["", "-", "--", "nan", "inf", "1e400", "2024-02-30", "99:99:99",
                     "20240231", "100+", "-0", "1_000", "0x10", "１２", "45.2%%"])


@SETTINGS
@given(kind=st.sampled_from(sorted(COLUMNS)), text=TEXT)
def test_any_text_parses_to_the_documented_value_or_raises_parse_error(kind, text):
    col = COLUMNS[kind]
    try:
        value = parse_value(col, text)
    except ParseError:
        return
    if value is None:
        return
    assert isinstance(value, KINDS[kind]), (kind, text, value)
    if kind in ("int", "num", "seconds"):
        assert value >= 0 and value == value and value != float("inf")
    if kind == "rate":
        assert 0 <= value <= 1
    if kind == "rank":
        assert 1 <= value <= 100
    if kind == "date":
        assert value == value.replace(hour=0, minute=0, second=0)
    if kind == "enum":
        assert value in col.codes


def _fullwidth(text: str) -> str:
    return text.translate(FULLWIDTH)


@SETTINGS
@given(n=st.integers(min_value=0, max_value=10**12))
def test_int_round_trip(n):
    for text in (str(n), f"{n:,}", f"{n}.0", _fullwidth(str(n)), _fullwidth(f"{n:,}"),
                 f" {n} "):
        assert parse_value(COLUMNS["int"], text) == n


@SETTINGS
@given(x=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_num_round_trip(x):
    want = float(x)
    for text in (f"{x}", f"{x:,}", _fullwidth(f"{x:,}")):
        assert parse_value(COLUMNS["num"], text) == want


@SETTINGS
@given(per_mille=st.integers(min_value=0, max_value=1000))
def test_rate_round_trip_as_fraction_and_percent(per_mille):
    want = float(f"{per_mille / 1000}")
    for text in (f"{per_mille / 1000}", f"{per_mille / 10}%", _fullwidth(f"{per_mille / 10}%")):
        assert parse_value(COLUMNS["rate"], text) == want


@SETTINGS
@given(s=st.integers(min_value=0, max_value=99 * 3600 + 3599))
def test_seconds_round_trip(s):
    h, m, sec = s // 3600, s % 3600 // 60, s % 60
    forms = [str(s), f"{h:02d}:{m:02d}:{sec:02d}", _fullwidth(f"{h:02d}:{m:02d}:{sec:02d}")]
    if h == 0:
        forms.append(f"{m:02d}:{sec:02d}")
    for text in forms:
        assert parse_value(COLUMNS["seconds"], text) == s


def _day_forms(day: dt.date) -> list[str]:
    return [f"{day:%Y-%m-%d}", f"{day.year}/{day.month}/{day.day}",
            f"{day.year}年{day.month}月{day.day}日", f"{day:%Y%m%d}"]


@SETTINGS
@given(day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)),
       at=st.times())
def test_date_and_datetime_round_trip(day, at):
    midnight = dt.datetime(day.year, day.month, day.day)
    for text in _day_forms(day):
        assert parse_value(COLUMNS["date"], text) == midnight
        assert parse_value(COLUMNS["date"], f"{text} {at:%H:%M}") == midnight
        assert parse_value(COLUMNS["datetime"], text) == midnight
        assert parse_value(COLUMNS["datetime"], f"{text} {at:%H:%M}") == \
            midnight.replace(hour=at.hour, minute=at.minute)
        assert parse_value(COLUMNS["datetime"], f"{text} {at:%H:%M:%S}") == \
            midnight.replace(hour=at.hour, minute=at.minute, second=at.second)
    assert parse_value(COLUMNS["datetime"], f"{day:%Y-%m-%d}T{at:%H:%M:%S}") == \
        midnight.replace(hour=at.hour, minute=at.minute, second=at.second)


@SETTINGS
@given(flag=st.booleans(), form=st.integers(0, 4), upper=st.booleans())
def test_bool_round_trip(flag, form, upper):
    text = [("true", "false"), ("1", "0"), ("是", "否"), ("y", "n"), ("yes", "no")][form]
    text = text[0] if flag else text[1]
    assert parse_value(COLUMNS["bool"], text.upper() if upper else text) is flag


@SETTINGS
@given(pair=st.sampled_from(COLUMNS["enum"].enum), upper=st.booleans())
def test_enum_round_trip(pair, upper):
    code, label = pair
    assert parse_value(COLUMNS["enum"], code.upper() if upper else code) == code
    assert parse_value(COLUMNS["enum"], label) == code


@SETTINGS
@given(rank=st.integers(min_value=1, max_value=100))
def test_rank_round_trip(rank):
    assert parse_value(COLUMNS["rank"], str(rank)) == rank
    assert parse_value(COLUMNS["rank"], _fullwidth(str(rank))) == rank


@pytest.mark.parametrize("text", ["", "-", ">100", "100+"])
def test_rank_not_ranked(text):
    assert parse_value(COLUMNS["rank"], text) is None
