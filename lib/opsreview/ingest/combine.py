"""A month's dataset from every file that feeds it: loaded through the cache, combined.

One site or shop per file, or one file per week: their rows are put together in file-name
order, and a key repeated across two files is an error naming both. A file whose context is
wrong (an unlisted shop) is that dataset's error, as a bad cell would be.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from opsreview.contract.catalog import Dataset
from opsreview.contract.platforms import ENTITY_COLUMNS
from opsreview.errors import MAX_VALUES_SHOWN, DataError, Issue, quoted
from opsreview.ingest.inventory import Entry, Inventory


def load_entry(inv: Inventory, entry: Entry, ds: Dataset, processed_root: Path | None):
    """One file's rows (a loader.Loaded), through the parquet cache."""
    from opsreview.ingest.store import load_cached

    return load_cached(*_cache_args(inv, entry, ds, processed_root))


def _cache_args(inv: Inventory, entry: Entry, ds: Dataset, processed_root: Path | None):
    """The file, dataset, month, cache folder and context to load it with; DataError when
    its context is wrong (an unlisted shop)."""
    if entry.error:
        raise DataError(entry.file, [Issue(
            "the file's site, shop and period known from its columns, its description lines "
            "or its name, as config/entities.yml lists them",
            problem=entry.error.removeprefix(f"{entry.file}: "))])
    proc = None if processed_root is None else Path(processed_root) / str(inv.month)
    return (inv.folder / entry.file, ds, inv.month, proc,
            entry.source(inv.imports, inv.known))


def validate_dataset(inv: Inventory, ds: Dataset, processed_root: Path | None) -> bool:
    """Whether the month has the dataset; DataError for a bad file. A single file the cache
    already holds is not loaded again (only a valid file is cached); several files are
    loaded, their keys checked against each other."""
    from opsreview.ingest.store import is_cached

    entries = inv.files_for(ds.name)
    if len(entries) == 1 and is_cached(*_cache_args(inv, entries[0], ds, processed_root)):
        return True
    return load_dataset(inv, ds, processed_root) is not None


def load_dataset(inv: Inventory, ds: Dataset, processed_root: Path | None):
    """The dataset's rows from every file feeding it this month (a loader.Loaded); None when
    none does."""
    from opsreview.ingest.loader import Loaded

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
    keys = pd.concat([frame[key].assign(_file=i) for i, frame in enumerate(frames)],
                     ignore_index=True)
    # the first file holding each key; missing values (None, NaN, NaT) count as one value
    first = keys.groupby(key, dropna=False, sort=False, observed=True)["_file"].transform("min")
    again = (keys["_file"] != first).to_numpy()
    if not again.any():
        return
    at = int(np.flatnonzero(again)[0])  # files come in order: the first file with a clash
    file_no, other_no = int(keys["_file"].iat[at]), int(first.iat[at])
    rows = keys[again & (keys["_file"] == file_no).to_numpy()
                & (first == other_no).to_numpy()][key]
    private = any(ds.column(k).private for k in ds.key)
    values = [" / ".join(_show(None if pd.isna(v) else v) for v in row)
              for row in rows.head(MAX_VALUES_SHOWN * 4).itertuples(index=False, name=None)]
    values = [] if private else quoted(values)
    shown = ", ".join(repr(v) for v in values)
    raise DataError(f"{files[other_no]} + {files[file_no]}", [Issue(
        f"each {' + '.join(key)} in one file only (the month's files of "
        f"{ds.name} are combined)", column=" + ".join(key), values=values,
        problem=f"{len(rows):,} key{'s' * (len(rows) > 1)} in both files"
                + (f", e.g. {shown}" if shown else ""))])


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}" if value == value.normalize() else f"{value:%Y-%m-%d %H:%M}"
    return str(value)
