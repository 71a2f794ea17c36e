"""Read one raw CSV of the contract into a validated, typed DataFrame, or say what is wrong.

The file is read once as bytes and never written. Every problem found is collected into
one DataError naming the file, the column, spreadsheet rows (header = row 1), the values
found and what was expected.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .catalog import IN_MONTH, SAME_YEAR, UP_TO_MONTH, Column, Dataset
from .errors import DataError, Issue
from .months import Month
from .parsing import TYPE_DOCS, parse_column

TOTALS = {"合计", "总计", "total", "总计:", "合计:", "total:", "合计：", "总计："}
HEADER_SCAN = 10
DTYPES = {"date": "datetime64[ns]", "datetime": "datetime64[ns]", "int": "Int64",
          "rank": "Int64", "num": "float64", "rate": "float64", "seconds": "float64",
          "bool": "boolean", "str": object, "enum": object}


@dataclass
class Loaded:
    frame: pd.DataFrame
    notices: list[str] = field(default_factory=list)
    rows: int = 0


def header_key(text: str) -> str:
    """How header cells are compared: spaces, full-width parentheses and case ignored."""
    text = str(text).replace("\ufeff", "").replace("（", "(").replace("）", ")")
    return re.sub(r"\s+", "", text).lower()


def column_lookup(ds: Dataset) -> dict[str, Column]:
    table = {}
    for col in ds.columns:
        for name in (col.name, *col.aliases):
            table.setdefault(header_key(name), col)
    return table


def decode(data: bytes, file: str) -> str:
    if b"\x00" in data[:65536]:
        raise DataError(file, [Issue("a CSV text file (UTF-8 or GBK); this looks like a "
                                     "binary file")])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError(file, [Issue("a CSV text file in UTF-8 or GBK/GB18030; its bytes are "
                                 "neither")])


def _expected_names(ds: Dataset) -> str:
    return ", ".join(c.name for c in ds.required_columns)


def find_header(records: list[list[str]], ds: Dataset) -> int | None:
    """Index of the header among the first records: the first matching ≥ 2 known names."""
    lookup = column_lookup(ds)
    need = min(2, len(ds.columns))
    for i, rec in enumerate(records[:HEADER_SCAN]):
        if sum(header_key(cell) in lookup for cell in rec) >= need:
            return i
    return None


def load(path: Path, ds: Dataset, month: Month) -> Loaded:
    """Load and validate `path` as dataset `ds` for MONTH."""
    path = Path(path)
    file = path.name
    with open(path, "rb") as fh:
        data = fh.read()
    text = decode(data, file)
    if not text.strip():
        raise DataError(file, [Issue(f"a header row with the columns {_expected_names(ds)}; "
                                     "the file is empty")])
    head = list(csv.reader(io.StringIO("\n".join(text.splitlines()[:HEADER_SCAN]))))
    at = find_header(head, ds)
    if at is None:
        raise DataError(file, [Issue(f"a header row naming the columns {_expected_names(ds)} "
                                     "(or their Chinese aliases) within the first "
                                     f"{HEADER_SCAN} lines")])
    notices = []
    if at:
        notices.append(f"{file}: skipped {at} title line{'s' * (at > 1)} above the header")
    try:
        raw = pd.read_csv(io.StringIO(text), skiprows=at, header=0, dtype=str,
                          keep_default_na=False, skip_blank_lines=False, engine="c")
    except pd.errors.ParserError as exc:
        match = re.search(r"line (\d+), saw (\d+)", str(exc))
        rows = [int(match.group(1)) + at] if match else []
        raise DataError(file, [Issue("no more cells in a row than the header has", rows=rows,
                                     values=[f"{match.group(2)} cells"] if match else [])]) \
            from None
    first_row = at + 2  # spreadsheet row of raw.iloc[0]
    raw.index = range(first_row, first_row + len(raw))
    raw = raw.replace("", None) if len(raw) else raw
    raw = raw.dropna(how="all")
    raw, total_notice = _drop_totals(raw, file)
    if total_notice:
        notices.append(total_notice)
    frame, issues = _columns(raw, ds)
    if frame is not None:
        issues += _rules(frame, ds, month)
    if issues:
        raise DataError(file, issues)
    if not len(frame):
        notices.append(f"{file}: no data rows below the header")
    rows = len(frame)
    return Loaded(frame.reset_index(drop=True), notices, rows)


def _drop_totals(raw: pd.DataFrame, file: str) -> tuple[pd.DataFrame, str | None]:
    if not len(raw):
        return raw, None
    last = raw.iloc[-1]
    first = next((str(v).strip() for v in last if v is not None and str(v).strip()), "")
    if header_key(first) in {header_key(t) for t in TOTALS}:
        return raw.iloc[:-1], f"{file}: skipped the totals row {raw.index[-1]} ({first})"
    return raw, None


def _columns(raw: pd.DataFrame, ds: Dataset) -> tuple[pd.DataFrame | None, list[Issue]]:
    """Map headers, parse each column by type; issues for missing columns and bad cells."""
    lookup = column_lookup(ds)
    found: dict[str, str] = {}
    for header in raw.columns:
        col = lookup.get(header_key(header))
        if col is not None and col.name not in found:
            found[col.name] = header
    issues = []
    for col in ds.required_columns:
        if col.name not in found:
            names = ", ".join((col.name, *col.aliases))
            issues.append(Issue(f"a column {col.name} (accepted headers: {names})",
                                column=col.name))
    if issues:
        return None, issues
    out = {}
    for col in ds.columns:
        header = found.get(col.name)
        label = col.name if header is None or header == col.name else f"{col.name} ({header})"
        if header is None:
            fill = [col.default] * len(raw)
            out[col.name] = pd.Series(fill, index=raw.index, dtype=object).astype(
                DTYPES[col.type])
            continue
        cells = raw[header]
        values, bad = parse_column(cells, col)
        if bad.any():
            issues.append(Issue(_expectation(col), label, list(raw.index[bad]),
                                [str(v) for v in cells[bad]]))
        if not col.nullable:
            empty = values.isna() & ~bad
            if empty.any():
                issues.append(Issue(f"a value in every row ({_expectation(col)})", label,
                                    list(raw.index[empty]), ["(empty)"]))
        low, high = col.lower_bound, col.max if col.type != "rate" else 1.0
        low = 0.0 if col.type == "rate" else low
        if col.type in ("int", "num", "seconds", "rate", "rank"):
            num = values.astype("float64")
            out_of = (num < low if low is not None else False) | \
                     (num > high if high is not None else False)
            out_of = out_of.fillna(False) if hasattr(out_of, "fillna") else out_of
            if hasattr(out_of, "any") and out_of.any():
                issues.append(Issue(_expectation(col), label, list(raw.index[out_of]),
                                    [str(v) for v in cells[out_of]]))
        out[col.name] = values.astype(DTYPES[col.type]) if col.type not in ("str", "enum") \
            else values
    frame = pd.DataFrame(out, index=raw.index)
    extras = [h for h in raw.columns if h not in found.values()]
    for header in extras:
        frame[str(header)] = raw[header]
    frame.attrs["headers"] = {name: header for name, header in found.items()}
    return frame, issues


def _expectation(col: Column) -> str:
    if col.type == "enum":
        options = ", ".join(f"{code} ({label})" for code, label in col.enum)
        return f"one of {options}"
    text = TYPE_DOCS[col.type]
    low, high = col.lower_bound, col.max
    if col.type in ("int", "num", "seconds") and (col.min is not None or high is not None):
        if col.min == float("-inf"):
            text = "a number"
        elif high is not None:
            text = f"a number between {_n(low)} and {_n(high)}"
        else:
            text = f"a number ≥ {_n(low)}"
    if col.type == "rank":
        text = TYPE_DOCS["rank"]
    return text


def _n(x: float | None) -> str:
    return "" if x is None else (str(int(x)) if float(x).is_integer() else str(x))


def _label(frame: pd.DataFrame, name: str) -> str:
    header = frame.attrs.get("headers", {}).get(name)
    return name if header is None or header == name else f"{name} ({header})"


def _rules(frame: pd.DataFrame, ds: Dataset, month: Month) -> list[Issue]:
    """Month rule on the event date, later dates not before it, unique keys."""
    issues = []
    if ds.event_date and ds.month_rule and len(frame):
        when = frame[ds.event_date]
        if ds.month_rule == IN_MONTH:
            ok, want = month.contains(when), \
                f"a date in {month} ({month.start:%Y-%m-%d} .. {month.end:%Y-%m-%d})"
        elif ds.month_rule == UP_TO_MONTH:
            ok, want = when < month.end_exclusive, f"a date on or before {month.end:%Y-%m-%d}"
        elif ds.month_rule == SAME_YEAR:
            start = pd.Timestamp(month.year, 1, 1)
            ok = (when >= start) & (when < month.end_exclusive)
            want = f"a date in {month.year} up to {month.end:%Y-%m-%d}"
        bad = ~ok.fillna(True).astype(bool) & when.notna()
        if bad.any():
            issues.append(Issue(want, _label(frame, ds.event_date), list(frame.index[bad]),
                                [f"{v:%Y-%m-%d}" for v in when[bad]]))
    for col in ds.columns:
        if col.not_before and len(frame):
            later, earlier = frame[col.name], frame[col.not_before]
            bad = (later < earlier).fillna(False).astype(bool)
            if bad.any():
                issues.append(Issue(f"a time not before {col.not_before} of the same row",
                                    _label(frame, col.name), list(frame.index[bad]),
                                    [str(v) for v in later[bad]]))
    if ds.key and len(frame):
        dup = frame.duplicated(list(ds.key), keep=False)
        if dup.any():
            keys = frame.loc[dup, list(ds.key)].astype(str).agg(" / ".join, axis=1)
            issues.append(Issue(f"each {' + '.join(ds.key)} only once (a unique key)",
                                " + ".join(ds.key), list(frame.index[dup]), list(keys)))
    return issues
