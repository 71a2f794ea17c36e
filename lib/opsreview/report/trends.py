"""Headline figures over the last months, computed from each month's own inputs (once per
change of them: figure_cache.py).

The index shows them as a small table with an inline SVG sparkline per figure (no script,
nothing fetched), so a reader sees the direction of each figure at a glance.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..config import Config
from ..domains import REGISTRY
from ..figure_cache import month_figures
from ..figures import headlines
from ..months import Month, folders

MAX_MONTHS = 12
TREND_MONTHS = 3  # from this many months on, the index draws each figure's trend
TREND_COLOURS = {"better": "#1a7f37", "worse": "#cf222e"}  # else grey: no direction of good
NEUTRAL = "#6e7781"


def month_folders(raw_dir: Path, until: Month) -> list[Month]:
    """Month folders up to `until`, the newest MAX_MONTHS, oldest first."""
    return folders(raw_dir, until)[-MAX_MONTHS:]


def earlier_months(raw_dir: Path, until: Month) -> list[Month]:
    """The months before UNTIL whose figures the trends show."""
    return [m for m in month_folders(raw_dir, until) if m != until]


SCOPED = ("shop", "shops", "site", "sites")  # kept beside the headline rows, for the review


def headline_history(name: str, months: list[Month], raw_dir: Path, processed_dir: Path,
                     cfg: Config, known: dict[str, dict] | None = None) -> pd.DataFrame:
    """Rows: the domain's numeric headline metrics that some month has; columns: months;
    None where no data.
    `known` holds figures already computed by month (the month just built), used as they are
    so the index and metrics.json show the same values."""
    dom = REGISTRY[name]
    keys = [f.key for f in headlines(name) if f.kind != "date"]
    columns, scoped = {}, {}
    for month in months:
        figures = (known or {}).get(str(month))
        if figures is None:
            figures = month_figures(dom, month, raw_dir, processed_dir, cfg)
        columns[str(month)] = [figures.get(k) for k in keys]
        scoped[str(month)] = {k: figures[k] for k in SCOPED if figures.get(k) is not None}
    # a figure no month of the window has (its export never came) has no trend to show
    out = pd.DataFrame(columns, index=keys).dropna(how="all")
    out.attrs["scoped"] = scoped  # each shop's (site's) figures: its own "on last month"
    return out


def sparkline(values: list, trend: str | None = None, width: int = 90, height: int = 22) -> str:
    """An inline SVG polyline of the known values (gaps for months with no data), green when
    the last move was better by the figure's direction of good, red when worse."""
    known = [(i, float(v)) for i, v in enumerate(values) if v is not None and v == v]
    if len(known) < 2:
        return ""
    low, high = min(v for _, v in known), max(v for _, v in known)
    span = (high - low) or 1.0
    step = (width - 4) / max(len(values) - 1, 1)
    points = " ".join(f"{2 + i * step:.1f},{height - 3 - (v - low) / span * (height - 6):.1f}"
                      for i, v in known)
    last_x, last_y = points.split()[-1].split(",")
    colour = TREND_COLOURS.get(trend or "", NEUTRAL)
    return (f'<svg class="spark {trend or "neutral"}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img"><polyline fill="none" '
            f'stroke="{colour}" stroke-width="1.6" points="{points}"/><circle cx="{last_x}" '
            f'cy="{last_y}" r="2.2" fill="{colour}"/></svg>')
