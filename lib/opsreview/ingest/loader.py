"""Read one raw CSV of the contract into a validated, typed DataFrame, or say what is wrong.

The file is read once as bytes and never written. Every problem found is collected into
one DataError naming the file, the column, spreadsheet rows (header = row 1, title lines
counted), the values as found and what was expected.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from opsreview.contract.catalog import IN_MONTH, SAME_YEAR, UP_TO_MONTH, Column, Dataset
from opsreview.errors import MAX_VALUES_SHOWN, DataError, Issue
from opsreview.ingest import cleaning, sheets
from opsreview.ingest.context import Source
from opsreview.ingest.heads import (
    LINE_END,
    MAX_COLUMNS,
    column_lookup,
    find_header,
    match_cell,
    read_cells,
    too_wide,
    unreadable,
)
from opsreview.ingest.parsing import NUMERIC, expectation, parse_column
from opsreview.month.months import Month

DTYPES = {"date": "datetime64[ns]", "datetime": "datetime64[ns]", "int": "Int64",
          "rank": "Int64", "num": "float64", "rate": "float64", "seconds": "float64",
          "bool": "boolean", "str": object, "enum": object}
# Types read as categoricals (text cells, few distinct values): the reader makes one string
# per distinct cell, not one per row, and the parsers run once per distinct cell.
FEW_VALUES = frozenset({"bool", "enum", "date"})
WHEN = frozenset({"date", "datetime"})  # a workbook's date cells are kept as datetime64
# A quoted cell over more lines than this, or holding lines that look like rows (half the
# header's commas or more), is a quote left open that swallowed the rows after it.
MAX_CELL_LINES = 20
MAX_FOUND = 200  # bad cells looked at for the few values a message quotes
_EOF_IN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_WIDE_ROW = re.compile(r"Expected \d+ fields in line (\d+), saw (\d+)")


@dataclass
class Loaded:
    frame: pd.DataFrame
    notices: list[str] = field(default_factory=list)
    rows: int = 0


class _Bytes:
    """UTF-8 bytes for pandas' C reader. A BytesIO would be wrapped in a TextIOWrapper that
    decodes every byte for the reader to encode it again (a sixth of the read); an object with
    only `read` is read as it is. The bytes were checked as UTF-8 by `decode`."""

    def __init__(self, data: bytes):
        self._buffer = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._buffer.read(size)


def _line_count(utf8: bytes) -> int:
    """Lines of the file: records, plus one per line break inside a quoted cell."""
    ends = utf8.count(b"\n") or utf8.count(b"\r")
    return ends + (not utf8.endswith((b"\n", b"\r")) and bool(utf8))


@sheets.collector_paused()  # a workbook's row lists live until its cells are columns
def load(path: Path, ds: Dataset, month: Month, source: Source | None = None,
         data: bytes | None = None) -> Loaded:
    """Load and validate `path` (CSV text or an Excel workbook, told by its bytes) as dataset
    `ds` for MONTH; `source` gives what the file's context says (site, shop, date, the
    user's own header names); `data`: the file's bytes when the caller has read them."""
    path = Path(path)
    file = path.name
    source = source or Source()
    lookup = column_lookup(ds, source.aliases)
    cells = read_cells(path, file, (ds.name,),
                       fits=lambda first: find_header(first, ds, lookup) is not None, data=data)
    del data
    kind, head, rows, utf8 = cells.kind, cells.head, cells.rows, cells.utf8
    notices = [n for n in (sheets.kind_notice(file, kind),) if n]
    if cells.sheet_note:
        notices.append(f"{file}: {cells.sheet_note}")
    del cells
    if not any(cell.strip() for rec in head for cell in rec):
        names = ", ".join(c.name for c in ds.columns)
        raise DataError(file, [Issue(f"a header row with the columns {names}",
                                     problem="the file is empty")])
    at = find_header(head, ds, lookup)
    at = 0 if at is None else at  # no header found: the missing columns will say so
    if at:
        notices.append(f"{file}: skipped {at} title line{'s' * (at > 1)} above the header")
    header = [h.strip() for h in head[at]]
    hidden = short = frozenset()
    guards = not utf8 or cleaning.may_hold_guards(utf8)  # a workbook's cells: look at each
    if kind:  # a workbook's used range may run past the header (merged title cells)
        while header and not header[-1]:
            header.pop()
    else:
        _check_alignment(header, head[at + 1:], at, file)
    found = _map_header(header, ds, file, notices, lookup)
    if kind:
        types = {pos: ds.column(name).type for name, pos in found.items()}
        raw = sheets.body(rows, at, len(header),
                          numeric=frozenset(p for p, t in types.items() if t in NUMERIC),
                          few=frozenset(p for p, t in types.items() if t in FEW_VALUES),
                          when=frozenset(p for p, t in types.items() if t in WHEN),
                          read=frozenset(types))
        issues = []
        del rows
    else:
        raw, issues = _read(utf8, at, header, found, ds, file)
        hidden = short = _short_rows(utf8, at, header, no_long=not issues)
        swallowing = _swallowed(raw, _line_count(utf8), at, found, header)
        issues += swallowing
        if swallowing:  # the rest of such a row sits under the wrong columns: none is quoted
            raw = raw.drop(index=[i.rows[0] for i in swallowing])
    del utf8
    raw = _drop_blank(raw)
    raw, skipped = cleaning.clean(raw, ds, found, header, file, guards)
    notices += skipped
    raw = _fill(raw, found, header, dict(source.fill))
    issues += _missing_columns(found, ds)
    frame, cell_issues, hidden = _parse(raw, ds, found, header, hidden)
    issues += cell_issues
    issues += _rules(frame, raw, ds, found, header, month, hidden)
    issues += _entities(frame, raw, ds, found, header, dict(source.known), hidden)
    if issues:
        raise DataError(file, _fold_doubtful(issues, short, hidden - short, ds))
    if not len(frame):
        notices.append(f"{file}: no data rows below the header")
    elif not ds.key and (twice := _every_row_twice(frame)):  # keyed: a key twice is an error
        notices.append(f"{file}: every row appears twice ({twice} rows, each repeated): "
                       "the same download saved twice into one file? Its figures count "
                       "each row twice")
    frame.index = pd.RangeIndex(len(frame))  # as reset_index(drop=True), without a copy
    return Loaded(frame, notices, len(frame))


def _fold_doubtful(issues: list[Issue], short: frozenset[int], shifted: frozenset[int],
                   ds: Dataset) -> list[Issue]:
    """In a file of buyers' messages, the problems of a row in doubt said once, as what they
    most likely are, not as empty or bad cells in every column after the fault: a row with
    fewer cells than the header (a line break left unquoted in a message cut it in two), a
    row whose cells are bad in several columns (a comma left unquoted in a nickname shifted
    them)."""
    if not any(c.free_text for c in ds.columns):
        return issues
    said = []
    for rows, want, problem in (
            (short, "each row whole on one line (a line break inside a cell must be in quotes)",
             "fewer cells than the header: a line break left unquoted inside a message cut "
             "the row in two?"),
            (shifted, "each cell under its own column (a comma inside a cell must be in "
                      "quotes)", "cells bad in several columns: a comma left unquoted in a "
                                 "nickname or message shifted them?")):
        hit = sorted({r for issue in issues for r in issue.rows if r in rows})
        if hit:
            said.append(Issue(want, rows=hit, problem=problem))
    if not said:
        return issues
    doubt = short | shifted
    kept = []
    for issue in issues:
        rows = [r for r in issue.rows if r not in doubt]
        if rows or not issue.rows:
            issue.rows = rows
            kept.append(issue)
    return said + kept


def _every_row_twice(frame: pd.DataFrame) -> int:
    """How many rows, when the frame's rows come in identical pairs and nothing else (a
    download pasted twice); else 0. One hashing pass over the rows."""
    if len(frame) < 2 or len(frame) % 2:
        return 0
    counts = pd.util.hash_pandas_object(frame, index=False).value_counts()
    return len(frame) if (counts % 2 == 0).all() else 0


def _fill(raw: pd.DataFrame, found: dict[str, int], header: list[str],
          fill: dict[str, str]) -> pd.DataFrame:
    """Columns the file lacks whose value its context gives (the site of a per-site export)."""
    for name, value in fill.items():
        if name in found:
            continue
        pos = len(header)
        raw = raw.copy(deep=False)
        raw[pos] = value
        header.append(name)
        found[name] = pos
    return raw


def _drop_blank(raw: pd.DataFrame) -> pd.DataFrame:
    """Without the rows whose every cell is empty; only the candidates are checked further,
    starting with a column that is not text (isna of text cells is the slow one)."""
    if not len(raw.columns):
        return raw
    text = [pd.api.types.is_object_dtype(t) for t in raw.dtypes]
    first, *rest = sorted(range(len(raw.columns)), key=text.__getitem__)
    blank = raw.iloc[:, first].isna().to_numpy()
    for pos in rest:
        if not blank.any():
            return raw
        rows = np.flatnonzero(blank)
        blank[rows] = raw.iloc[rows, pos].isna().to_numpy()
    return raw[~blank] if blank.any() else raw


def _check_alignment(header: list[str], rows: list[list[str]], at: int, file: str) -> None:
    """Refuse a header that names more columns than every row below it has cells (a header
    cell added or duplicated): each cell would be read under its neighbour's name — a
    buyer's message under 未解决原因, quoted as a bad value. Trailing empty header cells
    (a wider Excel range) do not count."""
    named = max((i + 1 for i, cell in enumerate(header) if cell), default=0)
    widths = {len(row) for row in rows if any(cell.strip() for cell in row)}
    if len(widths) == 1 and sum(1 for row in rows if any(c.strip() for c in row)) >= 2:
        (cells,) = widths
        if cells < named:
            raise DataError(file, [Issue(
                "as many cells in each row as the header names", rows=[at + 1],
                problem=f"the header names {named} columns but the rows below it have "
                        f"{cells} cells (a header cell added, or one missing from every row?)")])


def _map_header(header: list[str], ds: Dataset, file: str, notices: list[str],
                lookup: dict[str, Column]) -> dict[str, int]:
    """Canonical column -> position in the file; the first matching header wins."""
    found: dict[str, int] = {}
    for pos, cell in enumerate(header):
        col = match_cell(cell, lookup)
        if col is None:
            continue
        if col.name in found:
            notices.append(f"{file}: column {header[pos]!r} also means {col.name}; "
                           f"using {header[found[col.name]]!r} and ignoring it")
        else:
            found[col.name] = pos
    return found


def _label(name: str, found: dict[str, int], header: list[str]) -> str:
    """`amount (合同金额)` when the file's header differs from the canonical name."""
    pos = found.get(name)
    return name if pos is None or header[pos] == name else f"{name} ({header[pos]})"


def _read(utf8: bytes, at: int, header: list[str], found: dict[str, int], ds: Dataset,
          file: str) -> tuple[pd.DataFrame, list[Issue]]:
    """The data records as a frame (columns by position, index = spreadsheet row)."""
    types = {pos: ds.column(name).type for name, pos in found.items()}
    names = list(range(len(header)))
    numeric = [pos for pos, kind in types.items() if kind in NUMERIC]
    options = dict(
        header=None, names=names, index_col=False, skiprows=at + 1, engine="c",
        keep_default_na=False, skip_blank_lines=False, skipinitialspace=True,
        dtype={pos: "category" if types.get(pos) in FEW_VALUES else str
               for pos in names if pos not in numeric},
        na_values={pos: ["", "-", "--"] if pos in numeric else [""] for pos in names})
    issues: list[Issue] = []
    try:
        with warnings.catch_warnings():  # mixed chunks are checked cell by cell in _parse
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)
            # a first row longer than the header: pandas would drop its cells with a warning
            warnings.simplefilter("error", pd.errors.ParserWarning)
            raw = pd.read_csv(_Bytes(utf8), encoding="utf-8", **options)
    except pd.errors.EmptyDataError:
        raw = pd.DataFrame({pos: pd.Series(dtype=object) for pos in names})
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError, OverflowError) as exc:
        _refuse_unsplittable(str(exc), utf8, at, file)
        return _read_slowly(utf8.decode("utf-8"), at, len(header), file)
    raw.index = range(at + 2, at + 2 + len(raw))
    return raw, issues


def _refuse_unsplittable(why: str, utf8: bytes, at: int, file: str) -> None:
    """What pandas' reader stops at that no reading can mend: a quote never closed (it
    swallowed every line after it), a row of thousands of cells."""
    if match := _EOF_IN_QUOTE.search(why):
        row = int(match.group(1)) + 1
        lines = max(_line_count(utf8) - row, 0)
        raise DataError(file, [Issue(
            'a closing quote (") for each opening one', rows=[row],
            problem=f"a quote opened in this row is never closed: it swallowed the "
                    f"{lines:,} line{'s' * (lines != 1)} after it")])
    if (match := _WIDE_ROW.search(why)) and int(match.group(2)) > MAX_COLUMNS:
        raise too_wide(file, int(match.group(1)), int(match.group(2)))


def _read_slowly(text: str, at: int, width: int,
                 file: str) -> tuple[pd.DataFrame, list[Issue]]:
    """The csv module's reading, for files pandas refuses (rows longer than the header).
    A longer row is reported and left out: its cells sit under the wrong columns (a buyer's
    phone under category), so none of them is parsed or quoted. Records are read one at a
    time, so memory stays bounded."""
    lines = LINE_END.split(text, maxsplit=at + 1)
    rest = lines[at + 1] if len(lines) > at + 1 else ""
    reader = csv.reader(io.StringIO(rest))
    long, cells, rows = [], [], []
    try:
        for i, rec in enumerate(reader, at + 2):
            if len(rec) > width:
                long.append(i)
                continue
            cells.append(rec + [""] * (width - len(rec)) if len(rec) < width else rec)
            rows.append(i)
    except csv.Error as exc:
        raise unreadable(exc, file, at + 1 + reader.line_num) from None
    issues = []
    if long:
        issues.append(Issue(f"at most {width} cells per row, as many as the header has",
                            rows=long, problem="more cells than the header has"))
    raw = pd.DataFrame(cells, index=rows, columns=range(width), dtype=object)
    return raw.where(raw.apply(lambda c: c.str.strip() != ""), None), issues


def _short_rows(utf8: bytes, at: int, header: list[str], no_long: bool) -> frozenset[int]:
    """Spreadsheet rows with fewer cells than the header names: a line broken in two (a stray
    line break, unquoted inside a buyer's message) shifts the cells of its second half under
    other columns' names, so a buyer's nickname would be quoted as a bad yes/no. Their cells
    are parsed but never quoted. Counted on the bytes in one vectorised pass; in a file with
    quotes, commas and line breaks inside a quoted cell (an odd count of quotes before them)
    do not count, so records are counted as the reader splits them. NO_LONG: no row has more
    cells than the header (the reader refused none), so a comma count says at once when
    every row is whole."""
    named = max((i + 1 for i, cell in enumerate(header) if cell), default=0)
    quotes = b'"' in utf8
    if named < 2 or (not quotes and no_long and _all_whole(utf8, at, len(header))):
        return frozenset()
    data = np.frombuffer(utf8, dtype=np.uint8)
    newline = data == 10
    cr = data == 13 if b"\r" in utf8 else None  # most files end their lines with \n alone
    if cr is not None:
        alone = cr.copy()  # \r not followed by \n also ends a line, as pandas reads it
        alone[:-1] &= ~newline[1:]
        newline |= alone
    ends = np.flatnonzero(newline)
    commas = np.flatnonzero(data == 44)
    if quotes:  # separators inside a quoted cell are the cell's own
        marks = np.flatnonzero(data == 34)
        ends = ends[np.searchsorted(marks, ends) % 2 == 0]
        commas = commas[np.searchsorted(marks, commas) % 2 == 0]
    if not len(ends) or ends[-1] != len(data) - 1:
        ends = np.append(ends, len(data))
    starts = np.concatenate(([0], ends[:-1] + 1))  # record i: data[starts[i]:ends[i]]
    per_line = np.searchsorted(commas, ends) - np.searchsorted(commas, starts)
    filled = ends > starts
    cr_end = np.zeros(len(ends), dtype=bool)  # the \r of a \r\n pair ends the line's bytes
    if cr is not None:
        cr_end[filled] = cr[ends[filled] - 1]
    blank = ends - starts - cr_end <= 0  # an empty line is no row (pandas: all-empty, dropped)
    short = np.flatnonzero((per_line < named - 1) & ~blank)
    return frozenset(int(i) + 1 for i in short if i > at)


def _all_whole(utf8: bytes, at: int, width: int) -> bool:
    """True when the lines below the header hold width - 1 commas each, told by two counts
    over the bytes (the per-line count takes a second of a 180 MB file): with no line
    longer than the header, the total reaches that only when no line is short. Files with
    a carriage return alone as a line end, or a blank line, take the per-line count."""
    if b"\r" in utf8 and utf8.count(b"\r") != utf8.count(b"\r\n"):
        return False
    start = 0
    for _ in range(at + 1):  # past the header line
        start = utf8.find(b"\n", start) + 1
        if not start:
            return False
    lines = utf8.count(b"\n", start) + (not utf8.endswith(b"\n"))
    return utf8.count(b",", start) == (width - 1) * lines


def _swallowed(raw: pd.DataFrame, lines: int, at: int, found: dict[str, int],
               header: list[str]) -> list[Issue]:
    """Quoted cells that hold rows: a quote left open swallows the rows below it into one
    cell, and they would be lost without a word. Only looked for when the file has more
    lines than records (some cell holds a line break)."""
    if lines <= (raw.index[-1] if len(raw) else at + 1):  # the last record's line
        return []
    name_of = {pos: name for name, pos in found.items()}
    row_like = max(1, (len(header) - 1) // 2)  # commas on a line that reads as a row
    issues: list[Issue] = []
    for pos in raw.columns:
        column = raw[pos]
        if column.dtype != object and not isinstance(column.dtype, pd.CategoricalDtype):
            continue
        text = column.astype(object)
        broken = text.str.contains("[\r\n]", regex=True).eq(True)
        for row, cell in text[broken].items():
            parts = LINE_END.split(cell)
            rows = sum(part.count(",") >= row_like for part in parts[1:])
            if rows or len(parts) > MAX_CELL_LINES:
                label = _label(name_of[pos], found, header) if pos in name_of else \
                    (header[pos] or f"column {pos + 1}")
                issues.append(Issue(
                    'each quoted cell closed in its own row (a " left open swallows the rows '
                    "below it)", label, [row],
                    problem=f"a quoted cell runs over {len(parts)} lines, {rows} of them "
                            "like rows: a quote left open?"))
    return issues


def _missing_columns(found: dict[str, int], ds: Dataset) -> list[Issue]:
    issues = []
    for col in ds.required_columns:
        if col.name not in found:
            names = ", ".join((col.name, *col.aliases))
            issues.append(Issue(f"a header cell naming it: {names}", column=col.name,
                                problem="the column is missing"))
    return issues


def _parse(raw: pd.DataFrame, ds: Dataset, found: dict[str, int], header: list[str],
           hidden: frozenset[int]) -> tuple[pd.DataFrame, list[Issue], frozenset[int]]:
    """Typed canonical columns (absent optional ones all-missing), then the extra columns;
    the rows whose cells are in doubt (`hidden`, with the rows `_shifted` finds)."""
    issues, out, wrong = [], {}, []
    for col in ds.columns:
        pos = found.get(col.name)
        if pos is None:
            fill = col.default if col.type == "enum" else None
            out[col.name] = pd.Series([fill] * len(raw), index=raw.index, dtype=object) \
                .astype(DTYPES[col.type])
            continue
        label = _label(col.name, found, header)
        values, bad = parse_column(raw[pos], col)
        if bad.any():  # its values once the rows in doubt are known
            issues.append(Issue(expectation(col), label, list(raw.index[bad])))
            wrong.append((col, issues[-1], pos, bad))
        if not col.nullable:  # only then: isna of a text column costs a pass over its cells
            empty = values.isna() & ~bad
            if empty.any():
                issues.append(Issue(f"a value in every row ({expectation(col)})", label,
                                    list(raw.index[empty]), problem="empty cells"))
        out[col.name] = values.astype(DTYPES[col.type], copy=False) \
            if col.type not in ("str", "enum") else values
    used = set(found.values())
    taken, suffix = set(out), {}  # suffix: the last number given to a repeated name
    for pos, name in enumerate(header):  # extra columns, kept as read under unique names:
        if pos not in used:  # text, or a workbook's column of numbers or dates (sheets.body)
            key = base = name or f"column {pos + 1}"
            while key in taken:
                suffix[base] = suffix.get(base, 0) + 1
                key = f"{base}_{suffix[base]}"
            taken.add(key)
            out[key] = raw[pos] if raw[pos].dtype.kind in "fM" else \
                raw[pos].astype(object).where(raw[pos].notna(), None)
    hidden |= _shifted(wrong, ds)
    for col, issue, pos, bad in wrong:
        issue.values = _as_found(raw[pos][bad], col, hidden)
    return pd.DataFrame(out, index=raw.index, copy=False), issues, hidden  # one frame


def _shifted(wrong: list, ds: Dataset) -> frozenset[int]:
    """Rows of a file holding personal columns with bad cells in two columns or more: a comma
    left unquoted in a nickname (and an empty last cell dropped) shifts a row's cells under
    its neighbours' names without changing their count; its cells are not quoted."""
    if len(wrong) < 2 or not any(c.private for c in ds.columns):
        return frozenset()
    counts = sum(bad.to_numpy(dtype=np.int64) for *_, bad in wrong)
    return frozenset(int(r) for r in wrong[0][3].index[counts >= 2])


def _as_found(cells: pd.Series, col: Column, hidden: frozenset[int]) -> list[str]:
    """Cells as the file wrote them (numbers read by pandas shown without a trailing .0);
    none of a personal or free-text column, none of a row with fewer cells than the header
    (its cells sit under the wrong names), none holding a line break (swallowed rows)."""
    if col.private:
        return []
    out = []
    for row, v in cells.items():
        if len(out) >= MAX_FOUND:  # enough to show a few distinct: bounded for any file
            break
        if row in hidden:
            continue
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        v = _show(v) if isinstance(v, pd.Timestamp) else str(v)  # a workbook's date cell
        if "\n" not in v and "\r" not in v:
            out.append(v)
    return out


def _show(value) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}" if value == value.normalize() else f"{value:%Y-%m-%d %H:%M:%S}"
    return str(value)


def _rules(frame: pd.DataFrame, raw: pd.DataFrame, ds: Dataset, found: dict[str, int],
           header: list[str], month: Month, hidden: frozenset[int]) -> list[Issue]:
    """Month rule on the event date, later dates never before it, unique keys."""
    issues: list[Issue] = []
    if not len(frame):
        return issues

    def issue(want: str, name: str, bad: pd.Series) -> None:
        rows = list(frame.index[bad])
        issues.append(Issue(want, _label(name, found, header), rows,
                            _as_found(raw.loc[rows, found[name]], ds.column(name), hidden)))

    if ds.event_date in found and ds.month_rule:
        when = frame[ds.event_date]
        last = f"{month.end:%Y-%m-%d}"
        if ds.month_rule == IN_MONTH:
            ok = month.contains(when)
            want = f"a date in {month} ({month.start:%Y-%m-%d} .. {last})"
        elif ds.month_rule == UP_TO_MONTH:
            ok, want = when < month.end_exclusive, f"a date on or before {last}"
        elif ds.month_rule == SAME_YEAR:
            ok = (when >= pd.Timestamp(month.year, 1, 1)) & (when < month.end_exclusive)
            want = f"a date in {month.year} up to {last} ({month.year}-01-01 .. {last})"
        else:
            raise ValueError(f"unknown month rule {ds.month_rule!r}")
        bad = when.notna() & ~ok
        if bad.any():
            issue(want, ds.event_date, bad)
    for col in ds.columns:
        if col.not_before in found and col.name in found:
            bad = (frame[col.name] < frame[col.not_before]).fillna(False).astype(bool)
            if bad.any():
                earlier = _label(col.not_before, found, header)
                issue(f"a time not before {earlier} of the same row", col.name, bad)
    if ds.key and all(k in found or not ds.column(k).required for k in ds.key):
        single = frame[ds.key[0]] if len(ds.key) == 1 else None
        if single is not None and single.is_unique:  # the usual case, and cheaper to tell
            dup = None
        else:
            dup = frame.duplicated(list(ds.key), keep=False)
        if dup is not None and dup.any():
            rows = frame.index[dup].tolist()
            private = any(ds.column(k).private for k in ds.key)
            shown = dup & ~frame.index.isin(list(hidden)) if hidden else dup
            first = frame.loc[shown, list(ds.key)].drop_duplicates().head(MAX_VALUES_SHOWN)
            keys = [] if private else [" / ".join(_show(v) for v in row)
                                       for row in first.itertuples(index=False)]
            labels = " + ".join(_label(k, found, header) for k in ds.key)
            issues.append(Issue(f"each {' + '.join(ds.key)} only once (a unique key)", labels,
                                rows, keys))
    return issues


def _entities(frame: pd.DataFrame, raw: pd.DataFrame, ds: Dataset, found: dict[str, int],
              header: list[str], known: dict[str, tuple[tuple[str, str], ...]],
              hidden: frozenset[int]) -> list[Issue]:
    """A site or shop of config/entities.yml in every row that names one (an alias or a
    site's name stands for its configured value, which the frame then holds; a sub-site of a
    listed domain stays as it is); a row naming another is an error listing the configured
    ones. Nothing to check when none is listed."""
    issues: list[Issue] = []
    for column, spellings in known.items():
        if column not in found or column not in frame or not len(frame):
            continue
        value_of = dict(spellings)
        names = frame[column]
        bad = names.notna() & ~names.isin(list(value_of))
        if column == "site" and bad.any():  # a listed domain's sub-site (m.x.com) is its own
            under = tuple(f".{v}" for v in set(value_of.values()))
            bad &= ~names.astype(str).str.lower().str.endswith(under)
        if bad.any():
            rows = list(frame.index[bad])
            listed = ", ".join(dict.fromkeys(value_of.values()))
            issues.append(Issue(
                f"a {column} listed in config/entities.yml ({listed}), or add it there under "
                f"`{column}s:`", _label(column, found, header), rows,
                _as_found(raw.loc[rows, found[column]], ds.column(column), hidden)))
        elif any(k != v for k, v in spellings):
            frame[column] = names.map(value_of).fillna(names)
    return issues

