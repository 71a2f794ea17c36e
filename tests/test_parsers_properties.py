"""Property tests: any text either parses to the documented value or raises ParseError."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from opsreview.catalog import BY_NAME, Column
from opsreview.parsing import ParseError, parse_value

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
ALPHABET = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z"))
TEXT = st.text(alphabet=ALPHABET, max_size=24) | st.sampled_from(
    ["", "-", "--", "45.2%", "1,234", "００:03:12", "2024年2月20日", ">100", "是", "1e400",
     "nan", "inf", "2024-02-30", "99:99:99", "20240231"])


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(sorted(COLUMNS)), text=TEXT)
def test_any_text_parses_or_raises_the_typed_error(kind, text):
    try:
        value = parse_value(COLUMNS[kind], text)
    except ParseError:
        return
    assert value is None or isinstance(value, int | float | bool | str | dt.datetime)
    if isinstance(value, float):
        assert value == value and abs(value) != float("inf")


@settings(max_examples=80, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**9))
def test_integers_round_trip_in_every_written_form(n):
    col = COLUMNS["int"]
    for text in (str(n), f"{n:,}", f"{n}.0", str(n).translate(str.maketrans(
            "0123456789", "０１２３４５６７８９"))):
        assert parse_value(col, text) == n


@settings(max_examples=80, deadline=None)
@given(x=st.integers(min_value=0, max_value=1000))
def test_rates_as_fraction_or_percent_agree(x):
    col = COLUMNS["rate"]
    assert abs(parse_value(col, f"{x / 1000}") - parse_value(col, f"{x / 10}%")) < 1e-12


@settings(max_examples=80, deadline=None)
@given(s=st.integers(min_value=0, max_value=99 * 3600))
def test_durations_round_trip(s):
    col = COLUMNS["seconds"]
    hms = f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
    assert parse_value(col, hms) == s == parse_value(col, str(s))


@settings(max_examples=80, deadline=None)
@given(day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
       hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_dates_round_trip_in_every_form(day, hour, minute):
    want = dt.datetime(day.year, day.month, day.day)
    for text in (f"{day:%Y-%m-%d}", f"{day.year}/{day.month}/{day.day}",
                 f"{day.year}年{day.month}月{day.day}日", f"{day:%Y%m%d}"):
        assert parse_value(COLUMNS["date"], text) == want
        got = parse_value(COLUMNS["datetime"], f"{text} {hour:02d}:{minute:02d}")
        assert got == want.replace(hour=hour, minute=minute)


@given(code=st.sampled_from(COLUMNS["enum"].enum))
def test_enum_code_or_label(code):
    assert parse_value(COLUMNS["enum"], code[0].upper()) == code[0]
    assert parse_value(COLUMNS["enum"], code[1]) == code[0]


def test_unknown_type_column_is_refused_by_the_catalog():
    try:
        Column("x", "money")
    except AssertionError:
        return
    raise AssertionError("the catalog accepted an unknown type")
