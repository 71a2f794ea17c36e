"""Excel workbooks (.xlsx, .xls) as a table of cells, the way the CSV reader sees a file.

A file is told by its bytes, not its name: a zip (xlsx) or OLE2 (xls) signature is a workbook
whatever it is called, and anything else is read as CSV text. python-calamine reads both
formats. The sheet read is the first visible one holding the dataset's header (a sheet named
for the dataset first; hidden sheets only when none is visible), and a notice names it. Cells keep
their spreadsheet rows (nothing above the data is dropped), so row numbers in errors are the
ones a person sees in Excel. Date cells of a date column stay dates (datetime64), other
date cells become `YYYY-MM-DD[ HH:MM:SS]` text; numbers stay numbers in a figure column and
become the text a CSV would hold elsewhere (20240401, not 20240401.0).
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import re
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from opsreview.errors import DataError, Issue

if TYPE_CHECKING:  # imported where cells become columns: telling and heading a file need
    import numpy as np  # neither (a build's plan reads headers without pandas)
    import pandas as pd

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".xlsm")
NOT_WORKBOOK = "an Excel workbook (.xlsx or .xls) as the platform saved it"
HEADER_ROWS = 10  # rows `fits` is shown (heads.HEADER_SCAN)


SNIFF_BYTES = 512  # enough to tell a workbook, or an HTML page saved as .xls


def sniff(head: bytes) -> str | None:
    """'xlsx' or 'xls' when the bytes are a workbook, 'html' for an HTML table (older 生意参谋 /
    千牛 downloads under a .xls name), else None (CSV text)."""
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if head.startswith(XLS_MAGIC):
        return "xls"
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if start.startswith(b"<") and any(tag in start for tag in _HTML_TAGS):
        return "html"
    return None


_HTML_TAGS = (b"<html", b"<table", b"<!doctype html", b"<meta", b"<head", b"<body")


def kind_notice(file: str, kind: str | None) -> str | None:
    """A notice when the file's name says another format than its bytes."""
    named_book = file.lower().endswith(WORKBOOK_SUFFIXES)
    if kind == "html":
        return f"{file}: the file is an HTML table (a web page saved as {_suffix(file)}); " \
               "read as the table it is"
    if kind and not named_book:
        return f"{file}: the file is an Excel workbook ({kind}) under a {_suffix(file)} name; " \
               "read as the workbook it is"
    if not kind and named_book:
        return f"{file}: the file is CSV text under a {_suffix(file)} name; read as CSV"
    return None


def _suffix(file: str) -> str:
    return "." + file.rsplit(".", 1)[-1] if "." in file else "suffix-less"


@dataclass
class Sheet:
    """The sheet read: its name, rows, and why it was chosen when the workbook has others."""

    name: str
    rows: list[list]
    note: str = ""


def read_rows(source: Path | bytes, file: str, prefer: tuple[str, ...] = (),
              fits: Callable[[list[list[str]]], bool] | None = None) -> Sheet:
    """The sheet to read: among the visible worksheets (hidden ones only when none is
    visible), the first whose name is in `prefer` (dataset names) and then the others in
    order, the first whose first rows `fits` (hold the dataset's header); else the first.
    A sheet whose formulas were never calculated (cached values absent, or a workbook
    written to be calculated on opening, as xlsxwriter writes them) is refused, naming the
    cells: their figures would be read as 0."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    if sniff(source[:SNIFF_BYTES] if isinstance(source, bytes) else _first(source)) == "html":
        return _html_sheet(source if isinstance(source, bytes) else Path(source).read_bytes(),
                           file, fits)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(source)) \
            if isinstance(source, bytes) else CalamineWorkbook.from_path(str(source))
        meta = [m for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        if not meta:
            raise DataError(file, [Issue(NOT_WORKBOOK, problem="the workbook has no sheet")])
        visible = [m.name for m in meta if m.visible == SheetVisibleEnum.Visible]
        order = visible or [m.name for m in meta]
        order = sorted(order, key=lambda n: n.strip().lower() not in prefer)  # stable
        chosen = None
        for name in order:
            with collector_paused():
                rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if chosen is None:
                chosen = (name, rows)
            if fits is None or fits(head(rows, HEADER_ROWS)):
                chosen = (name, rows)
                break
            del rows
        name, rows = chosen
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - any reader failure is a damaged file for the user
        kind = type(exc).__name__
        raise DataError(file, [Issue(NOT_WORKBOOK, problem=f"the workbook cannot be read "
                                     f"({kind}: damaged, encrypted or not really Excel)")]) \
            from None
    if isinstance(source, bytes) or _zip(source):
        _check_formulas(source, file, [m.name for m in book.sheets_metadata].index(name), name)
    note = ""
    if len(meta) > 1:
        hidden = [m.name for m in meta if m.name not in visible] if visible else []
        note = f"read sheet {name!r} of {len(meta)}" + \
            (f" (hidden, not read: {', '.join(map(repr, hidden))})" if hidden else "")
    return Sheet(name, rows, note)


def _first(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(SNIFF_BYTES)


def _zip(path: Path) -> bool:
    return _first(path).startswith(XLSX_MAGIC)


class _Tables(HTMLParser):
    """The text of every <table>'s rows and cells (a cell spanning columns is followed by
    empty ones, so the columns stay in place)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._end_row()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self._end_cell()
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            self.span = min(int(span), 100) if span.isdigit() else 1
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table"):
            self._end_row()

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)

    def _end_cell(self):
        if self.cell is not None and self.row is not None:
            self.row += [" ".join("".join(self.cell).split())] + [""] * (self.span - 1)
        self.cell = None

    def _end_row(self):
        self._end_cell()
        if self.row is not None and self.tables:
            self.tables[-1].append(self.row)
        self.row = None


def _html_sheet(data: bytes, file: str, fits) -> Sheet:
    """An HTML page's tables read as sheets: the first holding the header (else the
    longest). Its text is UTF-8, or GBK as the platforms' older downloads write it."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DataError(file, [Issue(NOT_WORKBOOK, problem="an HTML page in neither UTF-8 "
                                     "nor GBK")])
    parser = _Tables()
    parser.feed(text)
    parser.close()
    tables = [t for t in parser.tables if t]
    if not tables:
        raise DataError(file, [Issue(NOT_WORKBOOK, problem="an HTML page without a table")])
    chosen = next((i for i, t in enumerate(tables) if fits and fits(head(t, HEADER_ROWS))),
                  max(range(len(tables)), key=lambda i: len(tables[i])))
    note = f"read table {chosen + 1} of {len(tables)}" if len(tables) > 1 else ""
    return Sheet(f"table {chosen + 1}", tables[chosen], note)


SCAN_BYTES = 4 << 20  # a sheet this small (compressed) is looked at for formulas whatever
_FORMULA = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)


def _check_formulas(source: Path | bytes, file: str, index: int, name: str) -> None:
    """Refuse formula cells without a calculated value: no cached value, or a workbook asking
    to be calculated when opened (fullCalcOnLoad: xlsxwriter's 0 is no result). The sheet's
    XML is read again only when it may hold formulas (a calc chain, a recalculation asked,
    or a sheet small enough not to matter)."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as z:
            names = set(z.namelist())
            book = z.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
            part = _sheet_part(z, names, book, index)
            recalc = re.search(rb'fullCalcOnLoad="(1|true)"', book) is not None
            if part is None or not (recalc or "xl/calcChain.xml" in names
                                    or z.getinfo(part).compress_size <= SCAN_BYTES):
                return  # a platform's large export without formulas: not read twice
            xml = z.read(part)
    except (zipfile.BadZipFile, KeyError, OSError):
        return  # calamine read it: a layout this check does not know
    if b"<f" not in xml:
        return
    cells = []
    for match in _FORMULA.finditer(xml):
        body = match.group(2) or b""
        if b"<f" in body and (recalc or not re.search(rb"<v>[^<]", body)):
            cells.append(match.group(1).decode())
    if cells:
        shown = ", ".join(cells[:8]) + (f" (+{len(cells) - 8} more)" if len(cells) > 8 else "")
        raise DataError(file, [Issue(
            "figures as values, or formulas Excel has calculated (open the file in Excel or "
            "WPS and save it again)",
            problem=f"sheet {name!r}: {len(cells):,} formula cell{'s' * (len(cells) > 1)} "
                    f"without a calculated value ({shown})")])


def _sheet_part(z: zipfile.ZipFile, names: set[str], book: bytes, index: int) -> str | None:
    """The zip part of the workbook's sheet number `index` (by workbook.xml's order)."""
    ids = re.findall(rb'<sheet\b[^>]*?r:id="([^"]+)"', book)
    if index >= len(ids) or "xl/_rels/workbook.xml.rels" not in names:
        return None
    rels = z.read("xl/_rels/workbook.xml.rels")
    for rel in re.finditer(rb"<Relationship\b[^>]*>", rels):
        tag = rel.group(0)
        if re.search(rb'Id="' + re.escape(ids[index]) + rb'"', tag):
            target = re.search(rb'Target="([^"]+)"', tag).group(1).decode()
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            return target if target in names else None
    return None


@contextmanager
def collector_paused():
    """Python's cycle collector off while a sheet becomes lists of cells: a row list is
    a container the collector tracks, and with 100,000 of them it ran again and again over
    a growing heap (0.1 s to 0.4 s of a 100,000-row sheet, by what the process held). The
    rows hold no cycles. `loader.load` keeps it off for the whole load, until the rows
    are gone: turned on with them alive, it scanned them once more."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def text(cell) -> str:
    """A cell as the text a CSV export would hold."""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return f"{cell:%Y-%m-%d}" if cell.time() == dt.time() else f"{cell:%Y-%m-%d %H:%M:%S}"
    if isinstance(cell, dt.date):
        return f"{cell:%Y-%m-%d}"
    if isinstance(cell, dt.time):
        return f"{cell:%H:%M:%S}"
    if isinstance(cell, dt.timedelta):
        secs = int(cell.total_seconds())
        return f"{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}"
    return "" if cell is None else str(cell)


def head(rows: list[list], n: int) -> list[list[str]]:
    """The first n rows as text cells (to find the header and read description lines)."""
    return [[text(c) for c in row] for row in rows[:n]]


def body(rows: list[list], at: int, width: int, numeric: frozenset[int] = frozenset(),
         few: frozenset[int] = frozenset(), when: frozenset[int] = frozenset(),
         read: frozenset[int] | None = None) -> pd.DataFrame:
    """The rows below the header `at` as a frame of cells by position (index = spreadsheet
    row, header = row at + 1), as the CSV reader gives them, so the cleaning and parsing
    after it take their fast paths. Empty cells are None; a column whose cells are all
    numbers (or empty) is float64 when it is in `numeric` (figure columns); a column of
    date cells is datetime64 when it is in `when` (date and date-time columns: made text
    and read again, an order report's two times cost 0.2 s of 100,000 rows); a column of
    text is a categorical when it is in `few` (enums, yes/no, days). Elsewhere numbers and
    date cells become the text a CSV holds (20240401, not 20240401.0), except in a column
    not in `read` (one the dataset does not read; None: all are read), which keeps them
    when all its cells are numbers or dates: it is kept, never parsed. Cells past the
    header's width are dropped."""
    import numpy as np
    import pandas as pd

    data = rows[at + 1:]
    across = len(data[0]) if data else width
    if sum(map(len, data)) == across * len(data):  # calamine's rows are all the sheet's width
        cells = np.fromiter(chain.from_iterable(data), dtype=object,
                            count=across * len(data)).reshape(len(data), across)
    else:  # ragged rows: padded to the longest
        across = max(map(len, data))
        cells = np.array([list(r) + [""] * (across - len(r)) for r in data], dtype=object)
    columns = {}
    for pos in range(width):
        if pos >= cells.shape[1]:
            columns[pos] = np.full(len(cells), None, dtype=object)
            continue
        column = cells[:, pos]
        kind = pd.api.types.infer_dtype(column, skipna=True)  # C speed; None is skipped
        unread = read is not None and pos not in read
        if (pos in numeric or unread) and kind in _NUMBERS:
            columns[pos] = column.astype(np.float64)  # None -> NaN
            continue
        if kind in _WITH_TEXT:  # a view of `cells`, which is this function's own
            column[column == ""] = None
            if kind == "mixed":  # its empty cells were "": the kind of the rest
                kind = pd.api.types.infer_dtype(column, skipna=True)
        if kind in _STAMPS and (pos in when or unread):
            stamps = _stamps(column)
            if stamps is not None:
                columns[pos] = stamps
                continue
        # what stays a cell as it is: numbers in a figure column; elsewhere only text, so a
        # number reads as a CSV would hold it (a day typed as 20240220, not 20240220.0)
        keep = _PLAIN_TYPES if pos in numeric else _TEXT_TYPES
        if kind in _STAMPS:
            column[:] = stamp_texts(column)
            kind = "mixed"
        elif kind not in ("string", "empty") and set(map(type, column)) - keep:
            column[:] = [c if type(c) in keep else text(c) for c in column]
            kind = "mixed"
        if kind == "string":
            column = pd.Categorical(column) if pos in few else _shared(column)
        columns[pos] = column
    frame = pd.DataFrame(columns, copy=False)
    frame.index = range(at + 2, at + 2 + len(cells))
    return frame


def _shared(cells: np.ndarray) -> np.ndarray:
    """Text cells of one value as one str object, as the CSV reader gives them, when the
    column's first cells repeat (a status, a shop; not order numbers): calamine makes a new
    object for every cell, and every later pass over 100,000 scattered objects (Arrow,
    comparisons, hashing) was slower than over the CSV's few."""
    import numpy as np
    import pandas as pd

    from opsreview.ingest.parsing import repeats

    if not repeats(cells):
        return cells
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)  # None: code -1, the last
    return np.append(np.asarray(uniques, dtype=object), None)[codes]


def _stamps(cells: np.ndarray) -> np.ndarray | None:
    """Date cells (or empty ones) as datetime64[ns]; None past what it holds (year 2262)."""
    import pandas as pd

    try:
        return pd.DatetimeIndex(pd.to_datetime(cells)).to_numpy(dtype="datetime64[ns]")
    except (OverflowError, pd.errors.OutOfBoundsDatetime):
        return None


def stamp_texts(cells: np.ndarray) -> np.ndarray:
    """Date and date-time cells (or empty ones) as `text` writes each, at C speed: an order
    report's two time columns cost 0.4 s of 100,000 rows one cell at a time."""
    import numpy as np

    stamps = _stamps(cells)
    if stamps is None:  # past 2262: one cell at a time
        return np.array([c if c is None else text(c) for c in cells], dtype=object)
    full = np.datetime_as_string(stamps.astype("datetime64[s]"), unit="s")
    width = full.dtype.itemsize // 4  # numpy's string width (it over-allocates; the cells
    full.view(np.uint32).reshape(-1, width)[:, 10] = ord(" ")  # read 2024-04-01 08:30:05)
    midnight = stamps == stamps.astype("datetime64[D]")
    if midnight.any():
        full[midnight] = full[midnight].astype("<U10")
    out = full.astype(object)
    out[np.isnat(stamps)] = None
    return out


_STAMPS = frozenset({"datetime", "datetime64", "date"})  # infer_dtype's names for them
# infer_dtype's names for columns that may hold text, and so calamine's "" for an empty cell
_WITH_TEXT = frozenset({"string", "mixed", "mixed-integer"})
_PLAIN_TYPES = frozenset({str, float, int, type(None)})
_TEXT_TYPES = frozenset({str, type(None)})
# pandas' infer_dtype names for columns of numbers (or nothing)
_NUMBERS = frozenset({"floating", "integer", "mixed-integer-float", "empty"})
