"""What every domain view shares: absent tables stay None, charts of nothing say "no data"."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from types import SimpleNamespace

import pandas as pd

from opsreview.contract.needs import Needs, present
from opsreview.judging.labels import Labels
from opsreview.pages import charts
from opsreview.pages.html import MAX_ROWS


class Tables(SimpleNamespace):
    """What every view's `tables(md, cfg, figures=None)` returns: the page's tables by name
    (`tabs.funnel`; a DataFrame, or None when a file it needs is absent this month) and the
    thresholds and settings they were drawn with (`tabs.threshold`). `frames()` lists the
    DataFrames, for an analyst in the notebook (Page.explore)."""

    def frames(self) -> dict[str, pd.DataFrame]:
        return {k: v for k, v in vars(self).items() if isinstance(v, pd.DataFrame)}


def given(fn: Callable) -> Callable:
    """A display table of an absent file is None (the page then says "no data"), and of a
    missing export the `Needs` (the page says which export)."""
    @wraps(fn)
    def wrapper(table, *args, **kw):
        return fn(table, *args, **kw) if present(table) else table
    return wrapper


def no_data_figure(title: str, t: Labels):
    """A chart's title over "no data": what an absent or empty table draws, never empty axes."""
    fig, ax = charts.figure(height=1.6)
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.4, t("common.page.no_rows"), ha="center", va="center", color=charts.TARGET,
            transform=ax.transAxes)
    return fig


def drawn_from(title_key: str) -> Callable:
    """Charts of an absent or empty table become `no_data_figure` titled `title_key`; of a
    missing export, the `Needs` itself (the page says which export instead of a chart)."""
    def decorate(fn: Callable) -> Callable:
        @wraps(fn)
        def wrapper(table, *args, **kw):
            if table is not None and not isinstance(table, Needs) and len(table):
                return fn(table, *args, **kw)
            t = next(a for a in (*args, *kw.values()) if isinstance(a, Labels))
            if isinstance(table, Needs):
                return table
            return no_data_figure(t(title_key), t)
        return wrapper
    return decorate


def busiest(frame: pd.DataFrame, key: str, weight: str, keep=(), n: int = MAX_ROWS
            ) -> tuple[pd.DataFrame, bool]:
    """Rows of the n `key`s with the largest summed `weight` (and any in `keep`); whether
    some were left out, so the chart can say it shows the top n."""
    totals = frame.groupby(key, sort=False)[weight].sum()
    if len(totals) <= n:
        return frame, False
    chosen = set(totals.nlargest(n).index) | set(keep)
    return frame[frame[key].isin(chosen)], True


def top_title(title: str, capped: bool, t: Labels, n: int = MAX_ROWS) -> str:
    return t("common.charts.top_n", title=title, n=n) if capped else title
