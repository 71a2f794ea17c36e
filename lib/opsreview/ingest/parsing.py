"""Vectorised parsers for the contract's value forms: one per catalog type.

Every parser takes a Series of raw cells (str or None; numeric columns may arrive already
numeric from read_csv) and the catalog Column, and returns (parsed Series, bad mask). Cells
are first tried as they are, at C speed; only the cells that fail go through the slower
clean-up (spaces, full-width forms, missing markers), so a clean 1M-row export stays fast.
A cell outside the column's range is bad too. `parse_value` does the same for one cell.
Inside, the parsers work on numpy arrays and build a Series only at the end: pandas' fixed
cost per operation, paid a dozen times per column, was most of a small file's loading time
(a cold build validates a year of small files).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from opsreview.contract.catalog import Column

MISSING = frozenset({"", "-", "--"})
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．－−＋％：／＞", "0123456789,.--+%:/>")
TRUE = frozenset({"true", "1", "是", "y", "yes"})
FALSE = frozenset({"false", "0", "否", "n", "no"})
UNRANKED = frozenset({">100", "100+"})
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_CLOCK = re.compile(r"(\d+:)?\d{1,2}:\d{2}")
_EXACT = 2.0**53  # larger whole numbers are not exact in float64
_TIMES = ("", " %H:%M:%S", " %H:%M", "T%H:%M:%S", "T%H:%M")
DATE_FORMATS = tuple(d + t for d in ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d")
                     for t in _TIMES)

TYPE_DOCS = {
    "date": "a day: `2024-02-20`, `2024/2/20`, `2024年2月20日` or `20240220`; a time written "
            "after it is ignored; `-`, `--` or empty = missing",
    "datetime": "a day as for `date`, with an optional time `14:03` or `14:03:05` after a space "
                "(`2024-02-20 14:03`, `2024/2/20 14:03:05`, `2024年2月20日 14:03`, "
                "`20240220 14:03`, `2024-02-20T14:03:05`); local time, no time zone; "
                "`-`, `--` or empty = missing",
    "int": "a whole number, ≥ 0 unless the column says otherwise: `1234`, `1,234`, `1234.0` or "
           "full-width `１２３４`; `-`, `--` or empty = missing",
    "num": "a number, ≥ 0 unless the column says otherwise: `1234.5`, `1,234.5` or full-width "
           "digits; `-`, `--` or empty = missing",
    "rate": "a fraction between 0 and 1, written `0.452` or `45.2%` (both mean 0.452); "
            "`-`, `--` or empty = missing",
    "seconds": "a duration ≥ 0: seconds as a number (`192`), or `HH:MM:SS` / `MM:SS` "
               "(`00:03:12` = 192 s, as Baidu Tongji writes it); `-`, `--` or empty = missing",
    "bool": "yes or no: `true`/`false`, `1`/`0`, `是`/`否`, `Y`/`N` or `yes`/`no`, in any case; "
            "`-`, `--` or empty = missing",
    "str": "any text; surrounding spaces are dropped and an empty cell is missing",
    "enum": "the English code or its Chinese label as listed for the column (codes in any "
            "case); an empty cell takes the column's default where it has one",
    "rank": "a search position 1..100; empty, `-`, `>100` or `100+` = not ranked",
}


class ParseError(ValueError):
    """A single value that does not have the form its column expects."""


def _clean_cell(cell):
    """One cell stripped, full-width forms folded; None when missing or not text."""
    if not isinstance(cell, str):
        return None
    text = cell.strip().translate(_FULLWIDTH)
    return None if text in MISSING else text


def _clean_cells(cells: np.ndarray) -> np.ndarray:
    """`_clean_cell` of each cell, as an object array."""
    out = np.empty(len(cells), dtype=object)
    out[:] = [_clean_cell(c) for c in cells]
    return out


def _cells(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The column's cells as an object array and which of them are present."""
    cells = raw.to_numpy(dtype=object)
    return cells, ~pd.isna(cells)


def _texts_with(cells: np.ndarray, marks: str) -> np.ndarray:
    """Which cells are text holding any of the characters MARKS."""
    return np.fromiter((isinstance(c, str) and any(m in c for m in marks) for c in cells),
                       dtype=bool, count=len(cells))


# --- numbers ------------------------------------------------------------------------------
def _number_text(text: np.ndarray) -> np.ndarray:
    """Cleaned cells -> float; thousands commas only where they group digits by three."""
    text = text.copy()
    for i, cell in enumerate(text):
        if cell is not None and "," in cell:
            text[i] = cell.replace(",", "") if _GROUPED.fullmatch(cell) else "x"
    return np.asarray(pd.to_numeric(text, errors="coerce"), dtype="float64")


def _numbers(raw: pd.Series, percent: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Fast path for plain numbers, clean-up for the rest. Returns (float values, bad)."""
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        values = raw.to_numpy(dtype="float64", na_value=np.nan)
        bad = np.isinf(values)
        return np.where(bad, np.nan, values), bad
    cells, present = _cells(raw)
    values = np.asarray(pd.to_numeric(cells, errors="coerce"), dtype="float64").copy()
    bad = np.zeros(len(cells), dtype=bool)
    retry = np.isnan(values) & present
    if retry.any():
        cleaned = _clean_cells(cells[retry])
        body = np.array([c if c is None else c.removesuffix("%").rstrip() for c in cleaned],
                        dtype=object) if percent else cleaned
        again = _number_text(body)
        if percent:
            share = np.fromiter((c is not None and c.endswith("%") for c in cleaned),
                                dtype=bool, count=len(cleaned))
            again = np.where(share, np.round(again / 100, 12), again)
        values[retry] = again
        bad[retry] = np.not_equal(cleaned, None) & np.isnan(again)
    bad |= np.isinf(values)
    return np.where(bad, np.nan, values), bad


def _in_range(values: np.ndarray, low: float | None, high: float | None) -> np.ndarray:
    out = np.zeros(len(values), dtype=bool)
    if low is not None:
        out |= values < low
    if high is not None:
        out |= values > high
    return out


def _as_series(values, bad: np.ndarray, raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    return pd.Series(values, index=raw.index), pd.Series(bad, index=raw.index)


def parse_num(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    values, bad = _numbers(raw, percent=column.percent)
    bad |= _in_range(values, column.lower_bound, column.max)
    if column.percent and raw.dtype == object:  # a rate is below 100%: 100% would read as 1
        bad |= _texts_with(raw.to_numpy(dtype=object), "%％") & (values >= 1)
    return _as_series(np.where(bad, np.nan, values), bad, raw)


def _ints(raw: pd.Series, column: Column) -> tuple[np.ndarray, np.ndarray]:
    if raw.dtype.kind in "iu":  # read as integers already: only the range is left to check
        values = raw.to_numpy(dtype="float64")
        bad = (np.abs(values) > _EXACT) | _in_range(values, column.lower_bound, column.max)
        return values, bad
    values, bad = _numbers(raw)
    with np.errstate(invalid="ignore"):
        bad |= ~np.isnan(values) & ((values != np.round(values)) | (np.abs(values) > _EXACT))
    bad |= _in_range(values, column.lower_bound, column.max)
    return values, bad


def parse_int(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    values, bad = _ints(raw, column)
    return _as_series(_whole(values, bad), bad, raw)


def _whole(values: np.ndarray, bad: np.ndarray) -> pd.arrays.IntegerArray:
    """`values.mask(bad).astype("Int64")` for floats known to be whole and exact where not bad,
    without pandas checking every value again."""
    missing = bad | np.isnan(values)
    data = np.where(missing, 0.0, values).astype(np.int64)
    return pd.arrays.IntegerArray(data, missing)


def parse_rank(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    values, bad = _ints(raw, column)
    if bad.any() and raw.dtype == object:
        rows = np.flatnonzero(bad)
        cleaned = _clean_cells(raw.to_numpy(dtype=object)[rows])
        bad[rows[[c is not None and c.lower() in UNRANKED for c in cleaned]]] = False
    return _as_series(_whole(values, bad), bad, raw)


def parse_rate(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    values, bad = _numbers(raw, percent=True)
    bad |= _in_range(values, 0.0, 1.0)
    return _as_series(np.where(bad, np.nan, values), bad, raw)


def _clock(text: str | None) -> float | None:
    """Seconds of a clock-time cell (HH:MM:SS or MM:SS), None when it is none."""
    if text is None or not _CLOCK.fullmatch(text):
        return None
    parts = [float(p) for p in text.split(":")]
    hours, minutes, secs = parts if len(parts) == 3 else (0.0, *parts)
    if secs >= 60 or (len(parts) == 3 and minutes >= 60):
        return None
    return hours * 3600 + minutes * 60 + secs


def parse_seconds(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    values, bad = _numbers(raw)
    if bad.any() and raw.dtype == object:
        rows = np.flatnonzero(bad)
        for row, cell in zip(rows, _clean_cells(raw.to_numpy(dtype=object)[rows]),
                             strict=True):
            secs = _clock(cell)
            if secs is not None:
                values[row], bad[row] = secs, False
    bad |= _in_range(values, column.lower_bound, column.max)
    return _as_series(np.where(bad, np.nan, values), bad, raw)


# --- dates --------------------------------------------------------------------------------
def _fits(text: str, fmt: str) -> bool:
    try:
        dt.datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=256)
def _formats_for(shape: str) -> tuple[str, ...]:
    """The date formats, those that read a cell of this shape (digits as 0) first."""
    sample = shape.replace("0", "1")  # 1111-11-11: a real day in any order of the fields
    return tuple(sorted(DATE_FORMATS, key=lambda f: not _fits(sample, f)))


_EIGHT_DIGITS = re.compile(r"\d{8}(?!\d)")
_SPACES = re.compile(r"\s+")


def _dates(text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Try the formats on the cells (an object array, missing ones None) still unparsed, the
    one the first cell fits first. Returns the values and which present cells no format
    read (one isna pass, not two)."""
    values = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    left = np.not_equal(text, None)
    if not left.any():
        return values, left
    first = str(text[int(np.argmax(left))])
    for fmt in _formats_for(re.sub(r"\d", "0", first)):
        if not left.any():
            break
        rows = np.flatnonzero(left)  # positions still unparsed (all of them, usually)
        cells = text if len(rows) == len(text) else text[rows]
        got = np.asarray(pd.to_datetime(cells, format=fmt, errors="coerce"),
                         dtype="datetime64[ns]")
        if fmt.startswith("%Y%m%d"):  # strptime would also read 2024220 as a date
            eight = [isinstance(c, str) and _EIGHT_DIGITS.match(c) is not None for c in cells]
            got = np.where(eight, got, np.datetime64("NaT"))
        hit = ~np.isnat(got)
        values[rows[hit]] = got[hit]
        left[rows[hit]] = False
    return values, left


def _datetimes(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    cells, present = _cells(raw)
    text = np.where(present, cells, None)  # NaN or None: both missing here
    values, left = _dates(text)
    bad = np.zeros(len(text), dtype=bool)
    if left.any():
        rows = np.flatnonzero(left)
        cleaned = np.empty(len(rows), dtype=object)
        cleaned[:] = [c if c is None else _SPACES.sub(" ", c) for c in _clean_cells(text[rows])]
        again, _ = _dates(cleaned)
        values[rows] = again
        bad[rows] = np.isnat(again) & np.not_equal(cleaned, None)
    return values, bad


def parse_datetime(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    if pd.api.types.is_datetime64_dtype(raw.dtype):  # a workbook's date cells
        return raw.astype("datetime64[ns]"), pd.Series(False, index=raw.index)
    return _as_series(*_datetimes(raw), raw)


def parse_date(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    values, bad = parse_datetime(raw, column)
    return values.dt.normalize(), bad


# --- words --------------------------------------------------------------------------------
def _lookup(raw: pd.Series, table: dict[str, object]) -> tuple[np.ndarray, np.ndarray]:
    """Map cells through `table` (keys lower case); unknown non-missing cells are bad."""
    cells, present = _cells(raw)
    values = np.empty(len(cells), dtype=object)
    values[:] = [table.get(c) for c in cells]
    bad = np.zeros(len(cells), dtype=bool)
    retry = np.equal(values, None) & present
    if retry.any():
        cleaned = _clean_cells(cells[retry])
        again = np.empty(len(cleaned), dtype=object)
        again[:] = [None if c is None else table.get(c.lower()) for c in cleaned]
        values[retry] = again
        bad[retry] = np.equal(again, None) & np.not_equal(cleaned, None)
    return values, bad


def parse_bool(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    table = {**dict.fromkeys(TRUE, True), **dict.fromkeys(FALSE, False)}
    values, bad = _lookup(raw, table)
    return _as_series(pd.array(values, dtype="boolean"), bad, raw)


def parse_enum(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    table = {code.lower(): code for code in column.codes}
    table.update({label.lower(): code for code, label in column.enum})
    table.update({code: code for code in column.codes})
    values, bad = _lookup(raw, table)
    values[np.equal(values, None)] = column.default
    return _as_series(values, bad, raw)


def parse_str(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    ok = pd.Series(False, index=raw.index)
    if raw.dtype == object:
        try:
            return _strip_cells(raw), ok
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # cells that are not all text
            pass
    text = raw.astype("string[pyarrow]").str.strip()  # Arrow strips at C speed
    text = text.mask(text == "")
    return pd.Series(text.to_numpy(dtype=object, na_value=None), index=raw.index), ok


def _strip_cells(raw: pd.Series) -> pd.Series:
    """Text cells stripped, empty ones None: Arrow finds the few cells that change, and only
    those are replaced, so the column's own str objects are kept (no second copy of each)."""
    cells = raw.to_numpy(dtype=object, copy=True)
    arr = pa.array(cells, type=pa.string(), from_pandas=True)
    stripped = pc.utf8_trim_whitespace(arr)
    changed = pc.or_(pc.not_equal(stripped, arr), pc.equal(stripped, ""))
    cells[arr.is_null().to_numpy(zero_copy_only=False)] = None
    rows = np.flatnonzero(changed.fill_null(False).to_numpy(zero_copy_only=False))
    if len(rows):
        new = stripped.take(pa.array(rows)).to_pylist()
        cells[rows] = [v or None for v in new]
    return pd.Series(cells, index=raw.index)


PARSERS = {
    "date": parse_date, "datetime": parse_datetime, "int": parse_int, "num": parse_num,
    "rate": parse_rate, "seconds": parse_seconds, "bool": parse_bool, "rank": parse_rank,
    "str": parse_str, "enum": parse_enum,
}
NUMERIC = frozenset({"int", "num", "rate", "seconds", "rank"})


# Parsing is a function of the cell alone, so a long text column with few distinct values
# (durations, enums, yes/no, dates) is parsed once per distinct value and spread back out.
BY_VALUE_MIN_ROWS = 2_000
_PROBE = 2_000


def repeats(cells: np.ndarray) -> bool:
    """Whether a column's first cells repeat, each value four times or more on average (a
    status, a shop, a duration; ids and free text do not): worth handling per value."""
    head = pd.Series(cells[:_PROBE], dtype=object).dropna()
    return len(head) > 0 and head.nunique() * 4 <= len(head)


def _few_distinct(raw: pd.Series) -> bool:
    """Worth factorizing: a long text column whose first cells repeat."""
    return raw.dtype == object and len(raw) >= BY_VALUE_MIN_ROWS and \
        repeats(raw.to_numpy(dtype=object))


def _spread(codes: np.ndarray, uniques, raw: pd.Series,
            column: Column) -> tuple[pd.Series, pd.Series]:
    """Parse the distinct cells (in the column's order, so the first cell stays the first)
    and the missing cell (an enum's default) once each; code -1 is a missing cell."""
    distinct = pd.Series(np.append(np.asarray(uniques, dtype=object), None), dtype=object)
    codes = np.where(codes < 0, len(distinct) - 1, codes)
    values, bad = PARSERS[column.type](distinct, column)
    spread = values.take(codes)  # not pd.Series(values.array.take(...)): it scans for NA
    spread.index, spread.name = raw.index, raw.name
    return spread, pd.Series(bad.to_numpy(dtype=bool)[codes], index=raw.index)


def _categories(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A categorical column's codes and categories, renumbered in order of first appearance."""
    codes = raw.cat.codes.to_numpy()
    cats = raw.cat.categories.to_numpy(dtype=object)
    order = pd.unique(codes[codes >= 0])
    renumber = np.full(len(cats) + 1, -1, dtype=np.intp)  # the last one: missing (-1)
    renumber[order] = np.arange(len(order))
    return renumber[codes], cats[order]


def parse_column(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    """Parse the cells of one column by its catalog type: (values, bad mask)."""
    if isinstance(raw.dtype, pd.CategoricalDtype):  # how the loader reads few-valued types
        return _spread(*_categories(raw), raw, column)
    if _few_distinct(raw):
        codes, uniques = pd.factorize(raw.to_numpy(dtype=object), use_na_sentinel=True)
        if len(uniques) * 4 <= len(raw):
            return _spread(codes, uniques, raw, column)
    values, bad = PARSERS[column.type](raw, column)
    return values, bad.astype(bool)


def _bound(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def expectation(column: Column) -> str:
    """What a cell of this column should look like, in words a person understands."""
    kind, low, high = column.type, column.lower_bound, column.max
    if kind == "enum":
        return "one of " + ", ".join(f"{code} ({label})" for code, label in column.enum)
    if kind == "rank":
        return (f"a rank from {_bound(low)} to {_bound(high)}, or empty, -, >100 or 100+ "
                "for not ranked")
    if kind == "rate":
        return "a rate between 0 and 1, written 0.452 or 45.2%"
    if kind in ("int", "num", "seconds"):
        noun = {"int": "a whole number", "num": "a number", "seconds": "a duration"}[kind]
        if high is not None:
            noun += f" between {_bound(low)} and {_bound(high)}"
        elif low is not None and low != float("-inf"):
            noun += f" ≥ {_bound(low)}"
        forms = {"int": "1234 or 1,234", "num": "1234.5 or 1,234.5",
                 "seconds": "seconds such as 192, or 00:03:12 / 03:12"}[kind]
        rate = ", or a rate below 100% (25% or 0.25)" if column.percent else ""
        return f"{noun} ({forms}){rate}"
    return {
        "date": "a date such as 2024-02-20, 2024/2/20, 2024年2月20日 or 20240220",
        "datetime": "a date and time such as 2024-02-20 14:03, 2024/2/20 14:03:05, "
                    "2024年2月20日 14:03 or 20240220 14:03",
        "bool": "yes or no: true/false, 1/0, 是/否, Y/N or yes/no",
        "str": "text",
    }[kind]


def parse_value(column: Column, text: str | None):
    """One cell: the documented Python value (None for missing), or ParseError."""
    values, bad = parse_column(pd.Series([text], dtype=object), column)
    if bool(bad.iloc[0]):
        raise ParseError(f"{text!r}: expected {expectation(column)}")
    value = values.iloc[0]
    if value is None or value is pd.NA or value is pd.NaT or (
            isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value
