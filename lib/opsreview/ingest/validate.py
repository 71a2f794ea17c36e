"""`make validate`: every file of the month folder and what it became, one line each.

A file fed a dataset (its rows, where its site/shop/date came from, what was skipped), is
invalid (the loader's message), was not recognised (the headers seen, the nearest dataset and
what it lacks) or is no data file at all. The site or shop it reports is the one its rows
got (a `店铺:昵称` agent gives its own shop), and its header's loose readings and near misses
are said (heads.readings). Exit 1 for an invalid file, or for a folder with files of which
none is recognised; an unknown file beside recognised ones is only reported.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from opsreview.contract.catalog import DATASETS, Dataset
from opsreview.contract.platforms import ENTITY_COLUMNS, SPLITS
from opsreview.errors import DataError, printable
from opsreview.ingest import combine
from opsreview.ingest.heads import find_header, match_cell, read_cells, readings
from opsreview.ingest.inventory import NOTES_ENTRY, Entry, Inventory, header_lookup, inventory
from opsreview.month.months import Month

NAME_WIDTH = 44
MISSING = "no file this month (no data)"


def validate_month(raw_root: Path, month: Month, processed_root: Path, echo=print) -> int:
    folder = Path(raw_root) / str(month)
    echo(f"Validating {folder}")
    inv = inventory(raw_root, month, processed_root)
    width = min(NAME_WIDTH, max([len(e.file) for e in inv.entries] + [16]))
    dwidth = max(len(d.name) for d in DATASETS)
    bad = 0

    def line(file: str, what: str, rows: str, status: str) -> None:  # one line each:
        echo(printable(f"  {file:<{width}}  {what:<{dwidth}}  {rows:>7}  {status}"))

    def more(text: str, label: str = "note") -> None:  # a name's line break is escaped
        echo(printable(f"  {'':<{width}}  {'':<{dwidth}}  {'':>7}  {label}: {text}"))

    shops_of: dict[str, set[str]] = {}  # dataset -> the shops its rows are of
    for ds in DATASETS:
        frames, files = [], []
        for entry in inv.files_for(ds.name):
            try:
                got = combine.load_entry(inv, entry, ds, processed_root)
            except DataError as exc:
                bad += 1
                first, *rest = str(exc).splitlines()
                line(entry.file, ds.name, "-", f"invalid: {first}")
                for text in rest:
                    more(text, "also")
                continue
            line(entry.file, ds.name, str(got.rows), "ok")
            if "shop" in got.frame and ds.daily:  # an export over the period, not events
                shops_of.setdefault(ds.name, set()).update(got.frame["shop"].dropna().astype(str))
            head = head_of(inv, entry, ds)
            for note in context_notes(entry, got.frame, named_in_rows(inv, ds, head)):
                more(note, "from context")
            for note in header_notes(inv, ds, head):
                more(note, "header")
            for notice in got.notices:
                more(notice.removeprefix(f"{entry.file}: "))
            frames.append(got.frame)
            files.append(entry.file)
        if len(frames) > 1:
            try:
                combine.check_keys(ds, files, frames)
            except DataError as exc:
                bad += 1
                line("", ds.name, "-", f"invalid: {exc}")
    bad += notes_lines(folder, line, more)
    for entry in inv.entries:
        if entry.ignored == NOTES_ENTRY:
            continue
        if entry.ignored:
            line(entry.file, "-", "-", f"ignored ({entry.ignored})")
        elif not entry.dataset:
            line(entry.file, "-", "-", f"not recognised: {entry.why}")
    for ds in absent(inv):
        line(ds.file, ds.name, "-", MISSING)
    for text in shop_gaps(shops_of):
        echo(printable(f"  {text}"))
    data_files = [e for e in inv.entries if not e.ignored]
    if data_files and not inv.recognised:
        echo(f"none of the {len(data_files)} files of {folder} is a dataset of the contract "
             "(see data/README.md, \"From the platforms\")")
        return 1
    unknown = len(inv.unknown)
    tail = f"; {unknown} file(s) not recognised" if unknown else ""
    echo(("all recognised files are valid" if not bad else f"{bad} invalid file(s)") + tail)
    return 1 if bad else 0


def absent(inv: Inventory) -> list[Dataset]:
    """The datasets the month folder has no file for."""
    return [d for d in DATASETS if not inv.files_for(d.name)]


def missing_line(ds: Dataset) -> str:
    """validate's line for an export the month lacks, unpadded (a chat message's)."""
    return f"{ds.file}  {ds.name}  {MISSING}"


def notes_lines(folder: Path, line, more) -> int:
    """notes.md's line: its sections, or each problem with its line; 1 when it has any."""
    from opsreview.notes import sections as notes

    if not (folder / notes.FILE).is_file():
        return 0
    got = notes.read(folder)
    shown = [n or "month" for n in got.sections]
    if not got.problems:
        line(notes.FILE, "notes", str(len(shown)), "ok: " + ", ".join(shown))
        return 0
    first, *rest = got.problems
    line(notes.FILE, "notes", "-", f"invalid: {first}")
    for problem in rest:
        more(str(problem), "also")
    return 1


def context_notes(entry: Entry, frame: pd.DataFrame, named: frozenset[str] = frozenset()
                  ) -> list[str]:
    """Where the file's site/shop/date came from, each entity as its rows got it: a shop
    the rows name (NAMED: `店铺:昵称` agents) or that no row kept is not reported as the
    file's context."""
    filled = {column: value for column, value in entry.fill}
    out = []
    for note in entry.notes:
        kind = note.split(" ", 1)[0]
        if kind not in ENTITY_COLUMNS or kind not in frame or kind not in filled:
            out.append(note)
            continue
        counts = frame[kind].dropna().astype(str).value_counts()
        if kind not in named and list(counts.index) in ([], [filled[kind]]):
            out.append(note)
            continue
        got = ", ".join(f"{value} ({n} rows)" if len(counts) > 1 else value
                        for value, n in counts.items())
        out.append(f"{kind} {got} from its rows")
    return out


def head_of(inv: Inventory, entry: Entry, ds: Dataset) -> tuple[list[list[str]], int] | None:
    """The file's first lines and its header's index (None when they cannot be read)."""
    lookup = header_lookup(ds.name, inv.imports.get(ds.name, ()))
    try:  # the sheet the loader reads: the visible one holding the header
        cells = read_cells(inv.folder / entry.file, entry.file, (ds.name,),
                           fits=lambda first: find_header(first, ds, lookup) is not None)
    except DataError:  # the loader has said what is wrong with it
        return None
    at = find_header(cells.head, ds, lookup)
    return None if at is None else (cells.head, at)


def header_notes(inv: Inventory, ds: Dataset, head: tuple | None) -> list[str]:
    """The header cells read loosely and those not read that come close to a column."""
    if head is None:
        return []
    cells, at = head
    return readings(cells[at], header_lookup(ds.name, inv.imports.get(ds.name, ())))


def named_in_rows(inv: Inventory, ds: Dataset, head: tuple | None) -> frozenset[str]:
    """The entity columns the first rows give in a split cell (`店铺:昵称`)."""
    if head is None:
        return frozenset()
    cells, at = head
    lookup = header_lookup(ds.name, inv.imports.get(ds.name, ()))
    found = set()
    for rule in SPLITS:
        if rule.dataset != ds.name:
            continue
        at_col = [i for i, cell in enumerate(cells[at])
                  if (col := match_cell(cell, lookup)) is not None and col.name == rule.column]
        rows = cells[at + 1:]
        if at_col and any(any(sep in row[at_col[0]] for sep in rule.separators)
                          for row in rows if len(row) > at_col[0]):
            found.add(rule.into)
    return frozenset(found)


def shop_gaps(shops_of: dict[str, set[str]]) -> list[str]:
    """A dataset some of the month's shops have rows in and others not (one shop's session
    export missing): what that export gives is left out of the other shops' pages, and the
    index's 数据说明 says so; here the analyst sees which file to download."""
    every = set().union(*shops_of.values()) if shops_of else set()
    out = []
    for name, shops in shops_of.items():
        missing = sorted(every - shops)
        if missing and shops:
            out.append(f"no {name} rows for {', '.join(missing)} (other shops have them): "
                       "the figures it gives are left out of their pages")
    return out
