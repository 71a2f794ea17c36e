"""A file's first lines as cells, and the header among them: what recognising an export
and planning a build need, kept apart from the loader so neither imports pandas.

A file is told by its bytes (sheets.sniff): a workbook is read through ingest/sheets.py, anything
else is CSV text, UTF-8 or GBK (`decode`). The header is the first of the first HEADER_SCAN
records that names two known columns of a dataset; cells are compared by `header_key`, then
without a unit in brackets, then loosely (`loose_key`: also without a 平均 / 平均值 prefix)
when that names one column only: `平均首次响应(秒)` is first_response_seconds. `readings` says
so for `make validate`, and names the column an unread header cell comes close to.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from opsreview.contract.catalog import Column, Dataset
from opsreview.contract.platforms import HEADER_UNIT
from opsreview.errors import DataError, Issue
from opsreview.ingest import sheets
from opsreview.ingest.text_check import implausible_gbk

HEADER_SCAN = 10  # the header is looked for among this many first lines
HEAD_BYTES = 1 << 16  # first guess of the bytes that hold them
NOT_TEXT = "a CSV text file (UTF-8 or GBK)"
LINE_END = re.compile(r"\r\n|\r|\n")
MAX_COLUMNS = 1_000  # a row of more cells is not an export: refused before it is split
FIELD_LIMIT = csv.field_size_limit()  # the csv module's longest cell (131,072 characters)
ARROW_FROM = 1 << 20  # bytes from which Arrow checks UTF-8 (no str made of them)


def header_key(text: str) -> str:
    """How header cells are compared: spaces of every kind (no-break, ideographic,
    zero-width), full-width parentheses and case ignored."""
    text = str(text).replace("（", "(").replace("）", ")")
    return _SPACES.sub("", text).lower()


_SPACES = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")


LOOSE_PREFIX = re.compile(r"^(平均值|平均|avg\.?|average)")


def loose_key(text: str) -> str:
    """A header without a unit in brackets and without a 平均 / 平均值 prefix: the words
    a platform varies (`平均首次响应(秒)`, `首次响应(秒)` -> `首次响应`)."""
    return LOOSE_PREFIX.sub("", HEADER_UNIT.sub("", header_key(text)))


class Lookup(dict):
    """Header key -> column; `loose` holds loose keys -> column (None when a loose key
    would name two columns: never guessed) and the spelling it came from."""

    loose: dict[str, tuple[str, Column | None]]


def column_lookup(ds: Dataset, extra: tuple[tuple[str, str], ...] = ()) -> Lookup:
    """Header key -> column, for the canonical names, every alias and the user's own
    headers (`extra`: (header, column) pairs from config/imports.yml, which win)."""
    table = Lookup((header_key(h), ds.column(name)) for h, name in extra)
    for col in ds.columns:
        for name in (col.name, *col.aliases):
            table.setdefault(header_key(name), col)
    table.loose = {}
    for key, col in table.items():
        name = next((n for n in (col.name, *col.aliases) if header_key(n) == key), key)
        seen = table.loose.setdefault(loose_key(key), (name, col))
        if seen[1] is not None and seen[1] is not col:
            table.loose[loose_key(key)] = (seen[0], None)
    return table


def match_cell(cell: str, lookup: dict[str, Column]) -> Column | None:
    """The column a header cell names: as written, else without a unit in brackets
    (`首次响应时长(秒)`), else loosely when only one column comes so close."""
    return _exact(cell, lookup) or _loose(cell, lookup)


def _exact(cell: str, lookup: dict[str, Column]) -> Column | None:
    key = header_key(cell)
    col = lookup.get(key)
    if col is None and key.endswith(")"):
        col = lookup.get(HEADER_UNIT.sub("", key))
    return col


def _loose(cell: str, lookup: dict[str, Column]) -> Column | None:
    key = loose_key(cell)
    return getattr(lookup, "loose", {}).get(key, ("", None))[1] if key else None


def readings(header: list[str], lookup: Lookup) -> list[str]:
    """What `make validate` says of a header beyond exact names: each cell read loosely
    (`平均首次响应(秒) read as first_response_seconds`), and each cell not read that comes
    close to a column no other cell gives (`… not read: did you mean 平均响应(秒)?`)."""
    out, named, unread = [], set(), []
    for cell in (c.strip() for c in header):
        if not cell:
            continue
        col = _exact(cell, lookup)
        if col is None and (col := _loose(cell, lookup)) is not None:
            out.append(f"{cell} read as {col.name}")
        if col is None:
            unread.append(cell)
        else:
            named.add(col.name)
    spellings = {key: name for key, (name, col) in getattr(lookup, "loose", {}).items()
                 if key and (col is None or col.name not in named)}
    for cell in unread:
        near = difflib.get_close_matches(loose_key(cell), spellings, n=1, cutoff=0.6)
        if near:
            col = lookup.loose[near[0]][1]
            what = f" ({col.name})" if col is not None else ""
            out.append(f"{cell} is not read: did you mean {spellings[near[0]]}{what}? "
                       f"(or name it in config/imports.yml)")
    return out


def decode(data: bytes, file: str) -> bytes:
    """The file as UTF-8 bytes (BOM dropped) for the CSV reader: as they are when they are
    UTF-8 (with or without BOM), else GBK/GB18030 encoded again; UTF-16 with its BOM (Excel's
    "Unicode text", tab-separated) as CSV; anything else is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(data, file)
    if b"\x00" in data:
        raise DataError(file, [Issue(NOT_TEXT, problem="the file holds NUL bytes (binary)")])
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    exc = _utf8_error(data)
    if exc is None:
        return data[bom:] if bom else data
    if exc.end >= len(data) and exc.reason == "unexpected end of data":
        return data[bom:exc.start]  # cut inside the last character
    # Chinese already read as UTF-8 before the bad byte: a damaged UTF-8 file, not GBK.
    if len(re.findall(r"[\u4e00-\u9fff]", data[:exc.start].decode("utf-8-sig", "ignore"))) >= 4:
        return _refuse(file, "bytes that are not UTF-8 after UTF-8 Chinese text")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return _refuse(file, "bytes that are neither UTF-8 nor GBK")
    guess = implausible_gbk(text, data)
    if guess:
        return _refuse(file, f"text that is neither UTF-8 nor GBK (it looks like {guess}); "
                             "re-save it as UTF-8 (Excel: 另存为 → CSV UTF-8)")
    return text.encode("utf-8")


def _utf16(data: bytes, file: str) -> bytes:
    """A UTF-16 file as UTF-8 CSV: cells split by tabs (Excel's "Unicode text") are written
    again with commas, quoted where a cell holds one. A character cut at the end (a file's
    first bytes, read to plan) is left out."""
    data = data[:len(data) // 2 * 2]
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as exc:
        if exc.end < len(data) - 4:
            return _refuse(file, "bytes that are not UTF-16 after a UTF-16 mark")
        text = data[:exc.start].decode("utf-16")
    if "\x00" in text:  # UTF-32, whose mark starts as UTF-16's
        return _refuse(file, "NUL characters (UTF-32 text, or binary)")
    first = text.split("\n", 1)[0]
    if first.count("\t") > first.count(","):
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(
            csv.reader(io.StringIO(text, newline=""), delimiter="\t"))
        text = out.getvalue()
    return text.encode("utf-8")


def _utf8_error(data: bytes) -> UnicodeDecodeError | None:
    """Why `data` is not UTF-8 (as `bytes.decode` says it), or None. Arrow checks a large
    valid file without making a str of it, which the CSV reader would not use; the first
    lines a plan reads are decoded as they are (no Arrow import to plan a build)."""
    if len(data) > ARROW_FROM:
        import numpy as np
        import pyarrow as pa

        offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
        try:
            pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(data)).validate(full=True)
            return None
        except pa.ArrowInvalid:
            pass
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return exc
    return None


def _head(utf8: bytes) -> str:
    """The text of the first lines, enough to find the header and to tell an empty file (only
    spaces) from one with data: the rest goes to the CSV reader as bytes, never made a str."""
    size = HEAD_BYTES
    while size < len(utf8):
        # a character cut at the end is left out; the file is known to be UTF-8
        text = codecs.getincrementaldecoder("utf-8")().decode(utf8[:size])
        if not text.isspace() and len(LINE_END.findall(text)) >= HEADER_SCAN:
            return text
        size *= 4
    return utf8.decode("utf-8")


def _first_lines(text: str, n: int) -> list[str]:
    """The first n lines, as `LINE_END.split(text, maxsplit=n)[:n]` without copying the rest."""
    lines, start = [], 0
    for match in LINE_END.finditer(text):
        lines.append(text[start:match.start()])
        start = match.end()
        if len(lines) == n:
            return lines
    lines.append(text[start:])
    return lines[:n]


def _refuse(file: str, problem: str) -> str:
    raise DataError(file, [Issue(NOT_TEXT, problem=f"the file holds {problem}")])


def _head_records(lines: list[str], file: str) -> list[list[str]]:
    """The first lines split into cells; a line too wide for an export is refused unsplit."""
    for row, line in enumerate(lines, 1):
        if line.count(",") >= MAX_COLUMNS:
            raise too_wide(file, row, line.count(",") + 1)
    return _records(lines, file, 1)


def _records(lines, file: str, first_row: int) -> list[list[str]]:
    """csv records of `lines`; a cell over the csv module's limit names its row."""
    reader = csv.reader(lines)
    try:
        return list(reader)
    except csv.Error as exc:
        raise unreadable(exc, file, first_row + max(reader.line_num - 1, 0)) from None


def unreadable(exc: csv.Error, file: str, row: int) -> DataError:
    if "field limit" in str(exc):
        return DataError(file, [Issue(
            f"cells of at most {FIELD_LIMIT:,} characters", rows=[row],
            problem=f"a cell longer than {FIELD_LIMIT:,} characters (a quote left open?)")])
    return DataError(file, [Issue(NOT_TEXT, rows=[row], problem=f"unreadable CSV ({exc})")])


def too_wide(file: str, row: int, cells: int) -> DataError:
    return DataError(file, [Issue(f"at most {MAX_COLUMNS:,} cells per row (an export's columns)",
                                  rows=[row], problem=f"{cells:,} cells in one row")])


def find_header(records: list[list[str]], ds: Dataset,
                lookup: dict[str, Column] | None = None) -> int | None:
    """Index of the first record naming ≥ 2 known columns (all, if the dataset has fewer)."""
    lookup = column_lookup(ds) if lookup is None else lookup
    need = min(2, len(ds.columns))
    for i, rec in enumerate(records[:HEADER_SCAN]):
        if len({c.name for c in (match_cell(cell, lookup) for cell in rec) if c}) >= need:
            return i
    return None


@dataclass
class Cells:
    """A file's cells as read: its kind (None for CSV text), its first lines as text cells,
    and the rest to read (a workbook's rows, or the CSV's UTF-8 bytes)."""

    kind: str | None
    head: list[list[str]]
    rows: list[list] | None = None
    utf8: bytes | None = None
    sheet: str | None = None
    sheet_note: str = ""  # which sheet of several was read, and why


def read_cells(path: Path, file: str, prefer: tuple[str, ...] = (),
               limit: int | None = None, fits=None, data: bytes | None = None) -> Cells:
    """A file as cells: a workbook (by its signature, whatever its name) through ingest/sheets.py,
    else CSV text (its first `limit` bytes, cut after a line end, when given); `prefer` names
    the sheets to read before the others, `fits` tells a sheet holding the header. DATA: the
    file's bytes, already read (and hashed) by the caller: the path is not opened again."""
    if data is not None:
        kind = sheets.sniff(data[:sheets.SNIFF_BYTES])
        if kind:
            got = sheets.read_rows(data, file, prefer, fits)
            return Cells(kind, sheets.head(got.rows, HEADER_SCAN), rows=got.rows,
                         sheet=got.name, sheet_note=got.note)
        return _text_cells(data, file)
    with open(path, "rb") as fh:
        kind = sheets.sniff(fh.read(sheets.SNIFF_BYTES))
        if kind:
            got = sheets.read_rows(path, file, prefer, fits)
            return Cells(kind, sheets.head(got.rows, HEADER_SCAN), rows=got.rows,
                         sheet=got.name, sheet_note=got.note)
        fh.seek(0)
        data = fh.read() if limit is None else fh.read(limit)
        if limit is not None and fh.read(1):  # no GBK or UTF-8 character holds a line end
            data = data[:data.rfind(b"\n") + 1] or data
    return _text_cells(data, file)


def _text_cells(data: bytes, file: str) -> Cells:
    utf8 = decode(data, file)
    del data
    text = _head(utf8)
    head = [] if text.isspace() else _head_records(_first_lines(text, HEADER_SCAN), file)
    return Cells(None, head, utf8=utf8)
