"""A month's dataset from every file that feeds it: loaded through the cache, combined.

One site or shop per file, or one file per week: their rows are put together in file-name
order, and a key repeated across two files is an error naming both. A file whose context is
wrong (an unlisted shop) is that dataset's error, as a bad cell would be.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .catalog import Dataset
from .errors import DataError, Issue
from .inventory import Entry, Inventory, month_inventory
from .months import Month
from .platforms import ENTITY_COLUMNS


def inventory(raw_root: Path, month: Month, processed_root: Path | None) -> Inventory:
    """The month folder's inventory, cached beside its processed frames when there are any."""
    folder = Path(raw_root) / str(month)
    cache = None if processed_root is None else Path(processed_root) / str(month)
    return month_inventory(folder, month, cache)


def load_entry(inv: Inventory, entry: Entry, ds: Dataset, processed_root: Path | None):
    """One file's rows (a loader.Loaded), through the parquet cache."""
    from .store import load_cached

    if entry.error:
        raise DataError(entry.file, [Issue(
            "the file's site, shop and period known from its columns, its description lines "
            "or its name, as config/entities.yml lists them",
            problem=entry.error.removeprefix(f"{entry.file}: "))])
    proc = None if processed_root is None else Path(processed_root) / str(inv.month)
    return load_cached(inv.folder / entry.file, ds, inv.month, proc,
                       entry.source(inv.imports, inv.known))


def load_dataset(inv: Inventory, ds: Dataset, processed_root: Path | None):
    """The dataset's rows from every file feeding it this month (a loader.Loaded); None when
    none does."""
    from .loader import Loaded

    entries = inv.files_for(ds.name)
    if not entries:
        return None
    loaded = [(e.file, load_entry(inv, e, ds, processed_root)) for e in entries]
    if len(loaded) == 1:
        return loaded[0][1]
    frames = [got.frame for _, got in loaded]
    check_keys(ds, [f for f, _ in loaded], frames)
    frame = pd.concat(frames, ignore_index=True)
    notices = [n for _, got in loaded for n in got.notices]
    return Loaded(frame, notices, len(frame))


def check_keys(ds: Dataset, files: list[str], frames: list[pd.DataFrame]) -> None:
    """A key in two files: an error naming both files and the first keys."""
    if not ds.key:
        return
    columns = {c.name for c in ds.columns}  # one shop's day is not another shop's
    key = list(ds.key) + [c for c in ENTITY_COLUMNS if c in columns and c not in ds.key]
    keyed = [(file, frame[key]) for file, frame in zip(files, frames, strict=True)]
    seen: dict[tuple, str] = {}
    for file, keys in keyed:
        clash: dict[str, list[str]] = {}
        for row in keys.itertuples(index=False, name=None):
            norm = tuple(None if pd.isna(v) else v for v in row)
            other = seen.get(norm)
            if other is not None and other != file:
                clash.setdefault(other, []).append(" / ".join(_show(v) for v in norm))
        for other, values in clash.items():
            raise DataError(f"{other} + {file}", [Issue(
                f"each {' + '.join(key)} in one file only (the month's files of "
                f"{ds.name} are combined)", column=" + ".join(key), values=values,
                problem=f"{len(values)} key{'s' * (len(values) > 1)} in both files, e.g. "
                        f"{', '.join(repr(v) for v in values[:3])}")])
        for row in keys.itertuples(index=False, name=None):
            seen.setdefault(tuple(None if pd.isna(v) else v for v in row), file)


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}" if value == value.normalize() else f"{value:%Y-%m-%d %H:%M}"
    return str(value)
