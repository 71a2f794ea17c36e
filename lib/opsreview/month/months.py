"""MONTH values (`YYYY-MM`): validation and the calendar facts metrics need."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a date is computed: `make report` with nothing
    import pandas as pd  # to do resolves MONTH and never needs it (~0.3-0.6 s to import)

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class MonthError(ValueError):
    """A MONTH value that is not a `YYYY-MM` month."""


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        m = _MONTH_RE.match(str(text).strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise MonthError(f"MONTH must look like 2024-02 (YYYY-MM), got {text!r}")
        return cls(int(m.group(1)), int(m.group(2)))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def start(self) -> pd.Timestamp:
        import pandas as pd

        return pd.Timestamp(self.year, self.month, 1)

    @property
    def end(self) -> pd.Timestamp:
        """The last day of the month (midnight)."""
        from pandas.tseries.offsets import MonthEnd

        return self.start + MonthEnd(0)

    @property
    def end_exclusive(self) -> pd.Timestamp:
        from pandas.tseries.offsets import MonthBegin

        return self.start + MonthBegin(1)

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def first_day(self) -> dt.date:
        """The first day as a date (no pandas: planning a build reads file periods)."""
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.days)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def following(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def back(self, n: int) -> Month:
        """The month N calendar months before this one."""
        index = self.year * 12 + self.month - 1 - n
        return Month(index // 12, index % 12 + 1)

    def contains(self, ts: pd.Series) -> pd.Series:
        """Whether each timestamp lies on a day of this month."""
        return (ts >= self.start) & (ts < self.end_exclusive)


@dataclass(frozen=True)
class Period:
    """The days a month's data covers (metrics.md, "Periods and comparisons"): a dataset's
    dated rows, else the period its file states, else the month."""

    month: Month
    start: dt.date
    end: dt.date
    opened: dt.date | None = None  # a site launched this month: its data cannot start before

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def partial(self) -> bool:
        """Fewer days than the calendar month (from the day it opened, when it opened within
        it): totals are not a whole month's."""
        first = self.month.start.date()
        if self.opened is not None and self.opened > first:
            first = self.opened
        return self.start > first or self.end < self.month.end.date()

    def union(self, other: Period | None) -> Period:
        if other is None:
            return self
        return Period(self.month, min(self.start, other.start), max(self.end, other.end),
                      self.opened or other.opened)

    def as_dict(self) -> dict:
        """As metrics.json gives it beside a domain's figures."""
        return {"start": f"{self.start:%Y-%m-%d}", "end": f"{self.end:%Y-%m-%d}",
                "days": self.days, "month_days": self.month.days, "partial": self.partial,
                **({"opened": f"{self.opened:%Y-%m-%d}"} if self.opened else {})}

    @classmethod
    def from_dict(cls, month: Month, value: dict | None) -> Period | None:
        """Back from metrics.json or the figure cache; None for anything else."""
        if not isinstance(value, dict):
            return None
        try:
            opened = value.get("opened")
            return cls(month, dt.date.fromisoformat(value["start"]),
                       dt.date.fromisoformat(value["end"]),
                       dt.date.fromisoformat(opened) if opened else None)
        except (TypeError, KeyError, ValueError):
            return None


def span(first: Month, last: Month) -> list[Month]:
    """Every calendar month from FIRST to LAST: the trends place a month without data as a
    gap in its place, never closing it up."""
    out, month = [], first
    while month <= last:
        out.append(month)
        month = month.following()
    return out


def folders(root: Path, until: Month | None = None) -> list[Month]:
    """The months with a `YYYY-MM` folder under ROOT (up to UNTIL), oldest first; none when
    there is no ROOT. The one walk of a workspace's month folders: the command line, the
    build, the trends, a batch, a page and MonthData find its months through it."""
    if not Path(root).is_dir():
        return []
    found = []
    for path in Path(root).iterdir():
        if _MONTH_RE.match(path.name) and path.is_dir():
            try:
                month = Month.parse(path.name)
            except MonthError:  # 2024-13
                continue
            if until is None or month <= until:
                found.append(month)
    return sorted(found)

