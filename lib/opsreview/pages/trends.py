"""Headline figures over the last months, computed from each month's own inputs (once per
change of them: build/figure_cache.py).

The index shows them as a small table with an inline SVG sparkline per figure (no script,
nothing fetched), so a reader sees the direction of each figure at a glance.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from opsreview.build.figure_cache import month_figures, same_days_before
from opsreview.contract.config import Config
from opsreview.domains import REGISTRY, headlines
from opsreview.month.months import Month, Period, folders, span

MAX_MONTHS = 12
TREND_MONTHS = 3  # from this many months on, the index draws each figure's trend
TREND_COLOURS = {"better": "#1a7f37", "worse": "#cf222e"}  # else grey: no direction of good
NEUTRAL = "#6e7781"


def month_folders(raw_dir: Path, until: Month) -> list[Month]:
    """Month folders of the MAX_MONTHS calendar months up to `until`, oldest first."""
    return [m for m in folders(raw_dir, until) if m > until.back(MAX_MONTHS)]


def earlier_months(raw_dir: Path, until: Month) -> list[Month]:
    """The months before UNTIL whose figures the trends show."""
    return [m for m in month_folders(raw_dir, until) if m != until]


SCOPED = ("shop", "shops", "site", "sites")  # kept beside the headline rows, for the review


def headline_history(name: str, months: list[Month], raw_dir: Path, processed_dir: Path,
                     cfg: Config, known: dict[str, dict] | None = None) -> pd.DataFrame:
    """Rows: the domain's numeric headline metrics that some month has; columns: every
    calendar month from the first of MONTHS to the last (a month without a folder is a
    column of None: a gap in its place, so the column before the last is last month);
    None where no data.
    `known` holds figures already computed by month (the month just built), used as they are
    so the index and metrics.json show the same values."""
    dom = REGISTRY[name]
    keys = [f.key for f in headlines(name) if f.kind != "date"]
    columns, scoped = {}, {}
    have = set(months)
    for month in span(months[0], months[-1]) if months else []:
        figures = (known or {}).get(str(month))
        if figures is None:
            figures = month_figures(dom, month, raw_dir, processed_dir, cfg) \
                if month in have else {}
        columns[str(month)] = [figures.get(k) for k in keys]
        scoped[str(month)] = {k: figures[k] for k in SCOPED if figures.get(k) is not None}
    # a figure no month of the window has (its export never came) has no trend to show
    out = pd.DataFrame(columns, index=keys).dropna(how="all")
    out.attrs["scoped"] = scoped  # each shop's (site's) figures: its own "on last month"
    last = months[-1] if months else None
    period = Period.from_dict(last, ((known or {}).get(str(last)) or {}).get("period")) \
        if last else None
    if period is not None and period.partial:  # last month on the same days, as the page
        out.attrs["previous"] = same_days_before(dom, last, raw_dir, processed_dir, cfg)
    return out


def known(value) -> bool:
    return value is not None and value == value


def gaps(frame: pd.DataFrame) -> list[str]:
    """The months (columns) between the first and the last with data where no figure has any."""
    have = [c for c in frame.columns if frame[c].map(known).any()]
    if not have:
        return []
    inside = list(frame.columns)[list(frame.columns).index(have[0]):]
    return [c for c in inside if c not in have]


def sparkline(values: list, trend: str | None = None, width: int = 90, height: int = 22) -> str:
    """An inline SVG line of the known values, one calendar month per step: a month with no
    data is a gap (the line stops and starts again, never joining months that are not
    neighbours; a month alone is a dot), green when the last move was better by the
    figure's direction of good, red when worse."""
    points = [(i, float(v)) for i, v in enumerate(values) if known(v)]
    if len(points) < 2:
        return ""
    low, high = min(v for _, v in points), max(v for _, v in points)
    span = (high - low) or 1.0
    step = (width - 4) / max(len(values) - 1, 1)
    runs: list[list[str]] = []
    for n, (i, v) in enumerate(points):
        xy = f"{2 + i * step:.1f},{height - 3 - (v - low) / span * (height - 6):.1f}"
        if n and points[n - 1][0] == i - 1:
            runs[-1].append(xy)
        else:
            runs.append([xy])
    colour = TREND_COLOURS.get(trend or "", NEUTRAL)
    lines = "".join(f'<polyline fill="none" stroke="{colour}" stroke-width="1.6" '
                    f'points="{" ".join(run)}"/>' for run in runs if len(run) > 1)
    dots = "".join(f'<circle cx="{run[0].split(",")[0]}" cy="{run[0].split(",")[1]}" '
                   f'r="1.4" fill="{colour}"/>' for run in runs[:-1] if len(run) == 1)
    last_x, last_y = runs[-1][-1].split(",")
    return (f'<svg class="spark {trend or "neutral"}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img">{lines}{dots}<circle cx="{last_x}" '
            f'cy="{last_y}" r="2.2" fill="{colour}"/></svg>')
