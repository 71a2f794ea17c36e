"""Vectorised parsers for the contract's value forms: one per catalog type.

Each parser takes a Series of raw text (missing cells already None) and returns the parsed
Series and a mask of cells that could not be parsed. `parse_value` is the same for one cell.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .catalog import Column

MISSING = {"", "-", "--"}
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．－＋％：／", "0123456789,.-+%:/")
TRUE = {"true", "1", "是", "y", "yes", "t"}
FALSE = {"false", "0", "否", "n", "no", "f"}
UNRANKED = {">100", "100+", "＞100"}

_DATE = re.compile(
    r"^\s*(?:(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?|(?P<y2>\d{4})(?P<m2>\d{2})"
    r"(?P<d2>\d{2}))(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?\s*$")
_HMS = re.compile(r"^\s*(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{2})\s*$")

TYPE_DOCS = {
    "date": "`2024-02-20`, `2024/2/20`, `2024年2月20日` or `20240220` (a time part is ignored)",
    "datetime": "a date as above with an optional time `14:03` or `14:03:05` (local time)",
    "int": "a whole number ≥ 0: `1234`, `1,234`, `1234.0`, full-width digits; "
           "`-`, `--` or empty = missing",
    "num": "a number ≥ 0 unless stated: `1234.5`, `1,234.5`; `-`, `--` or empty = missing",
    "rate": "a fraction between 0 and 1, written `0.452` or `45.2%`",
    "seconds": "seconds as a number, or `HH:MM:SS` / `MM:SS` (`00:03:12` = 192 s)",
    "bool": "`true`/`false`, `1`/`0`, `是`/`否`, `Y`/`N` (any case)",
    "str": "any text",
    "enum": "the English code or its Chinese label, as listed",
    "rank": "a position 1..100; empty, `-`, `>100` or `100+` = not ranked",
}


class ParseError(ValueError):
    """A single value that does not have the form its column expects."""


def normalise(raw: pd.Series) -> pd.Series:
    """Strip, fold full-width forms; missing markers become None."""
    text = raw.astype("string").str.strip().str.translate(_FULLWIDTH)
    missing = text.isna() | text.str.lower().isin(MISSING)
    return text.mask(missing, None)


def _numbers(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    cleaned = text.str.replace(",", "", regex=False)
    values = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    values = values.mask(np.isinf(values))
    return values, text.notna() & values.isna()


def parse_num(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    values, bad = _numbers(text)
    return values.mask(bad), bad


def parse_int(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    values, bad = parse_num(text)
    bad |= values.notna() & (values != values.round())
    return values.mask(bad).astype("Int64"), bad


def parse_rank(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    unranked = text.str.lower().isin(UNRANKED) | text.isna()
    values, bad = parse_int(text.mask(unranked, None))
    return values, bad & ~unranked


def parse_rate(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    percent = text.str.endswith("%").fillna(False)
    values, bad = _numbers(text.str.rstrip("%").str.strip())
    values = values.where(~percent, values / 100)
    return values.mask(bad), bad


def parse_seconds(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    values, bad = _numbers(text)
    hms = text.str.extract(_HMS)
    clock = hms["s"].notna()
    total = (hms["h"].astype("float64").fillna(0) * 3600 + hms["m"].astype("float64") * 60
             + hms["s"].astype("float64"))
    clock_bad = clock & ((hms["m"].astype("float64") >= 60) & hms["h"].notna()
                         | (hms["s"].astype("float64") >= 60))
    values = values.where(~clock, total)
    bad = (bad & ~clock) | clock_bad
    return values.mask(bad), bad


def parse_datetime(text: pd.Series, date_only: bool = False) -> tuple[pd.Series, pd.Series]:
    parts = text.str.extract(_DATE)
    year = parts["y"].fillna(parts["y2"])
    frame = pd.DataFrame({
        "year": pd.to_numeric(year, errors="coerce"),
        "month": pd.to_numeric(parts["m"].fillna(parts["m2"]), errors="coerce"),
        "day": pd.to_numeric(parts["d"].fillna(parts["d2"]), errors="coerce"),
        "hour": 0 if date_only else pd.to_numeric(parts["H"], errors="coerce").fillna(0),
        "minute": 0 if date_only else pd.to_numeric(parts["M"], errors="coerce").fillna(0),
        "second": 0 if date_only else pd.to_numeric(parts["S"], errors="coerce").fillna(0),
    })
    ok = frame[["year", "month", "day"]].notna().all(axis=1)
    values = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    if ok.any():
        values[ok] = pd.to_datetime(frame[ok], errors="coerce")
    bad = text.notna() & values.isna()
    return values, bad


def parse_date(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    return parse_datetime(text, date_only=True)


def parse_bool(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    low = text.str.lower()
    values = pd.Series(pd.NA, index=text.index, dtype="boolean")
    values[low.isin(TRUE).fillna(False)] = True
    values[low.isin(FALSE).fillna(False)] = False
    return values, text.notna() & values.isna()


def parse_enum(text: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    lookup = {code.lower(): code for code in column.codes}
    lookup.update({label: code for code, label in column.enum})
    values = text.str.lower().map(lookup).astype(object)
    values = values.where(values.notna(), text.map(lookup).astype(object))
    values = values.where(values.notna(), None)
    if column.default is not None:
        values = values.where(text.notna(), column.default)
    bad = text.notna() & values.isna()
    return values, bad


def parse_str(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    return text.astype(object).where(text.notna(), None), pd.Series(False, index=text.index)


def parse_column(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    """Parse raw cells of one column by its catalog type."""
    if column.type == "str":
        text = raw.astype("string").str.strip()
        text = text.mask(text.isna() | (text == ""), None)
        return parse_str(text)
    text = normalise(raw)
    if column.type == "enum":
        return parse_enum(text, column)
    return PARSERS[column.type](text)


PARSERS = {
    "date": parse_date, "datetime": parse_datetime, "int": parse_int, "num": parse_num,
    "rate": parse_rate, "seconds": parse_seconds, "bool": parse_bool, "rank": parse_rank,
    "str": parse_str,
}


def parse_value(column: Column, text: str | None):
    """One cell: the documented Python value (None for missing), or ParseError."""
    values, bad = parse_column(pd.Series([text], dtype=object), column)
    if bool(bad.iloc[0]):
        raise ParseError(f"{text!r} is not {TYPE_DOCS[column.type]}")
    value = values.iloc[0]
    if value is None or value is pd.NA or value is pd.NaT or (
            isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value
