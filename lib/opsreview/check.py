"""`make validate`: every file of the month folder and what it became, one line each.

A file fed a dataset (its rows, where its site/shop/date came from, what was skipped), is
invalid (the loader's message), was not recognised (the headers seen, the nearest dataset and
what it lacks) or is no data file at all. Exit 1 for an invalid file, or for a folder with
files of which none is recognised; an unknown file beside recognised ones is only reported.
"""

from __future__ import annotations

from pathlib import Path

from . import ingest
from .catalog import DATASETS
from .errors import DataError, printable
from .inventory import NOTES_ENTRY, inventory
from .months import Month

NAME_WIDTH = 44


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

    for ds in DATASETS:
        frames, files = [], []
        for entry in inv.files_for(ds.name):
            try:
                got = ingest.load_entry(inv, entry, ds, processed_root)
            except DataError as exc:
                bad += 1
                first, *rest = str(exc).splitlines()
                line(entry.file, ds.name, "-", f"invalid: {first}")
                for text in rest:
                    more(text, "also")
                continue
            line(entry.file, ds.name, str(got.rows), "ok")
            for note in entry.notes:
                more(note, "from context")
            for notice in got.notices:
                more(notice.removeprefix(f"{entry.file}: "))
            frames.append(got.frame)
            files.append(entry.file)
        if len(frames) > 1:
            try:
                ingest.check_keys(ds, files, frames)
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
    absent = [d.name for d in DATASETS if not inv.files_for(d.name)]
    if absent:
        echo(f"  no file this month (no data): {', '.join(absent)}")
    data_files = [e for e in inv.entries if not e.ignored]
    if data_files and not inv.recognised:
        echo(f"none of the {len(data_files)} files of {folder} is a dataset of the contract "
             "(see data/README.md, \"From the platforms\")")
        return 1
    unknown = len(inv.unknown)
    tail = f"; {unknown} file(s) not recognised" if unknown else ""
    echo(("all recognised files are valid" if not bad else f"{bad} invalid file(s)") + tail)
    return 1 if bad else 0


def notes_lines(folder: Path, line, more) -> int:
    """notes.md's line: its sections, or each problem with its line; 1 when it has any."""
    from . import notes

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
