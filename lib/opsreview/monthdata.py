"""One month's validated datasets, plus access to earlier months for comparisons.

Metric code receives a MonthData and asks it for frames by dataset name; whether they
come from CSV files (through the loader and its parquet cache) or from memory (tests,
the sample generator) is hidden here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from .catalog import dataset
from .months import Month, folders

Frames = Mapping[str, pd.DataFrame]


class MonthData:
    """Datasets of one month. `get` returns None for a file that is absent this month."""

    def __init__(
        self,
        month: Month | str,
        fetch: Callable[[Month, str], pd.DataFrame | None],
        months: list[Month],
        dirs: tuple[Path, Path | None] | None = None,
    ) -> None:
        self.month = Month.parse(str(month))
        self._fetch = fetch
        self._months = sorted(months)
        self._cache: dict[tuple[Month, str], pd.DataFrame | None] = {}
        self.dirs = dirs  # (raw, processed) the months are read from; None: frames in memory
        # the month as each shop (site) sees it, made once for the figures and the page's
        # sections alike (scopes.only): each is a pass over the month's rows
        self.scoped: dict[tuple, MonthData] = {}

    # --- constructors -----------------------------------------------------------------------
    @classmethod
    def from_frames(cls, month: Month | str, by_month: Mapping[str, Frames]) -> MonthData:
        """In-memory months, e.g. {"2024-01": {...}, "2024-02": {...}} (tests, generator)."""
        table = {Month.parse(m): dict(f) for m, f in by_month.items()}

        def fetch(m: Month, name: str) -> pd.DataFrame | None:
            frame = table.get(m, {}).get(name)
            return None if frame is None else frame.copy()

        return cls(month, fetch, list(table))

    @classmethod
    def from_dirs(
        cls, month: Month | str, raw_root: Path, processed_root: Path | None = None
    ) -> MonthData:
        """Months read from the files of `raw_root/<MONTH>/`, validated and cached as parquet."""
        from . import ingest  # the loader stack is only needed for files
        from .inventory import inventory

        raw_root = Path(raw_root)
        months = folders(raw_root)
        inventories = {}

        def fetch(m: Month, name: str) -> pd.DataFrame | None:
            if m not in inventories:
                inventories[m] = inventory(raw_root, m, processed_root)
            loaded = ingest.load_dataset(inventories[m], dataset(name), processed_root)
            return None if loaded is None else loaded.frame

        return cls(month, fetch, months, (raw_root, processed_root))

    # --- access -----------------------------------------------------------------------------
    def get(self, name: str, month: Month | None = None) -> pd.DataFrame | None:
        """The dataset for MONTH (or another month); None when the file is absent."""
        key = (month or self.month, name)
        if key not in self._cache:
            self._cache[key] = self._fetch(*key)
        frame = self._cache[key]
        return None if frame is None else frame

    def has(self, name: str) -> bool:
        return self.get(name) is not None

    @property
    def earlier_months(self) -> list[Month]:
        """Months with a folder before MONTH, oldest first."""
        return [m for m in self._months if m < self.month]

    def previous(self) -> MonthData | None:
        """The month before MONTH as its own MonthData, or None when it has no folder."""
        prev = self.month.previous()
        if prev not in self._months:
            return None
        other = MonthData(prev, self._fetch, self._months, self.dirs)
        other._cache = self._cache  # share loaded frames
        return other

    def history(self, name: str, include_current: bool = True) -> pd.DataFrame | None:
        """The dataset concatenated over every month up to MONTH, with a `month` column."""
        parts = []
        for m in self.earlier_months + ([self.month] if include_current else []):
            frame = self.get(name, m)
            if frame is not None:
                parts.append(frame.assign(month=str(m)))
        return pd.concat(parts, ignore_index=True) if parts else None

