"""What every domain view shares: absent tables stay None, charts of nothing say "no data"."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from .. import charts
from ..report.labels import Labels


def given(fn: Callable) -> Callable:
    """A display table of an absent file is None (the page then says "no data")."""
    @wraps(fn)
    def wrapper(table, *args, **kw):
        return None if table is None else fn(table, *args, **kw)
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
    """Charts of an absent or empty table become `no_data_figure` titled `title_key`."""
    def decorate(fn: Callable) -> Callable:
        @wraps(fn)
        def wrapper(table, *args, **kw):
            if table is not None and len(table):
                return fn(table, *args, **kw)
            t = next(a for a in (*args, *kw.values()) if isinstance(a, Labels))
            return no_data_figure(t(title_key), t)
        return wrapper
    return decorate


def value_grid_only(ax, horizontal: bool) -> None:
    """Grid lines only along the value axis: lines across categories carry nothing."""
    (ax.yaxis if horizontal else ax.xaxis).grid(False)
