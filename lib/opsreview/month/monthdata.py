"""One month's validated datasets, plus access to earlier months for comparisons.

Metric code receives a MonthData and asks it for frames by dataset name; whether they
come from CSV files (through the loader and its parquet cache) or from memory (tests,
the sample generator) is hidden here. A month also knows the days its data covers
(`period`, metrics.md "Periods and comparisons"): a partial month's last month is the same
days of the calendar month before, so that a change compares like with like.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from opsreview.contract.catalog import IN_MONTH, dataset
from opsreview.month.months import Month, Period, folders

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
        # a last month cut to a partial month's days: {dataset: the days kept} (None: whole)
        self.cut: dict[str, Period] | None = None

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
        from opsreview.ingest import combine  # the loader stack is only needed for files
        from opsreview.ingest.inventory import inventory

        raw_root = Path(raw_root)
        months = folders(raw_root)
        inventories = {}

        def fetch(m: Month, name: str) -> pd.DataFrame | None:
            if m not in inventories:
                inventories[m] = inventory(raw_root, m, processed_root)
            loaded = combine.load_dataset(inventories[m], dataset(name), processed_root)
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
        """The calendar month before MONTH as its own MonthData, or None when it has no
        folder (never an older month). When a dataset read so far covers only part of
        MONTH, last month's rows of it are cut to the same days (`cut` says which): its
        figures are computed from them, not the cache's whole month (`dirs` None)."""
        prev = self.month.previous()
        if prev not in self._months:
            return None
        cut = {name: p for (m, name), frame in list(self._cache.items())
               if m == self.month and frame is not None
               and (p := self.period(name)) is not None and p.partial}
        if not cut:
            other = MonthData(prev, self._fetch, self._months, self.dirs)
            other._cache = self._cache  # share loaded frames
            return other

        def fetch(m: Month, name: str) -> pd.DataFrame | None:
            frame = self._fetch(m, name)
            return same_days(frame, name, cut[name], m) if m == prev and name in cut else frame

        other = MonthData(prev, fetch, self._months)
        other.cut = cut
        return other

    def period(self, name: str, month: Month | None = None) -> Period | None:
        """The days the dataset covers in MONTH: its rows' dates, else the period its file
        states (`period_start` .. `period_end`, filled from the file name when the export has
        no such columns), else the whole month; None when absent or not a daily series
        (events, snapshots and year-to-date ledgers: catalog `daily`)."""
        month = month or self.month
        ds = dataset(name)
        frame = self.get(name, month)
        if frame is None or frame.empty or not ds.daily or ds.month_rule != IN_MONTH:
            return None
        found = None
        dates = pd.to_datetime(frame[ds.event_date]) if ds.event_date in frame else None
        if dates is not None:
            inside = dates[month.contains(dates)]
            if len(inside):
                found = Period(month, inside.min().date(), inside.max().date())
        undated = frame if dates is None else frame[dates.isna()]
        if not undated.empty:
            stated = _stated(undated, month)
            found = stated.union(found)
        return found

    def covered(self, names) -> Period | None:
        """The days the given datasets cover together (None when none has a period)."""
        found = None
        for name in names:
            p = self.period(name)
            if p is not None:
                found = p.union(found)
        return found

    def history(self, name: str, include_current: bool = True) -> pd.DataFrame | None:
        """The dataset concatenated over every month up to MONTH, with a `month` column."""
        parts = []
        for m in self.earlier_months + ([self.month] if include_current else []):
            frame = self.get(name, m)
            if frame is not None:
                parts.append(frame.assign(month=str(m)))
        return pd.concat(parts, ignore_index=True) if parts else None



def _stated(rows: pd.DataFrame, month: Month) -> Period:
    """The period undated rows stand for: their `period_start` .. `period_end` within
    MONTH, else the whole month."""
    whole = Period(month, month.first_day, month.last_day)
    if not {"period_start", "period_end"} <= set(rows.columns):
        return whole
    starts = pd.to_datetime(rows["period_start"]).dropna()
    ends = pd.to_datetime(rows["period_end"]).dropna()
    if starts.empty or ends.empty:
        return whole
    return Period(month, max(starts.min().date(), month.first_day),
                  min(ends.max().date(), month.last_day))


def same_days(frame: pd.DataFrame | None, name: str, period: Period,
              month: Month) -> pd.DataFrame | None:
    """MONTH's rows of the dataset on the days of month of PERIOD (a partial month's), so
    that last month is compared like for like; undated rows only when the period they
    state lies within those days. None when no row is left."""
    if frame is None:
        return None
    ds = dataset(name)
    first, last = period.start.day, min(period.end.day, month.days)
    dates = pd.to_datetime(frame[ds.event_date]) if ds.event_date in frame else \
        pd.Series(pd.NaT, index=frame.index)
    keep = dates.dt.day.between(first, last) & month.contains(dates)
    if {"period_start", "period_end"} <= set(frame.columns):
        starts, ends = pd.to_datetime(frame["period_start"]), pd.to_datetime(frame["period_end"])
        keep |= dates.isna() & starts.dt.day.ge(first) & ends.dt.day.le(last) \
            & month.contains(starts) & month.contains(ends)
    out = frame[keep.fillna(False)]
    return None if out.empty else out


KEY = "period"  # beside a domain's figures: {start, end, days, month_days, partial}


def stamp(figures: dict | None, md: Any, dom: Any) -> dict | None:
    """The domain's figures with the period its own datasets cover (None stays None): kept
    beside them in metrics.json, so the index says what the page says (pages.periods)."""
    if figures is None:
        return None
    found = md.covered(d.name for d in dom.own_datasets)
    opened = figures.get("launched_on")  # a site launched within the month: whole from then
    if found is not None and opened:
        found = dataclasses.replace(found, opened=dt.date.fromisoformat(str(opened)[:10]))
    return {**figures, KEY: None if found is None else found.as_dict()}
