"""The team page's chart: who the month's work rests on, group by group."""

from __future__ import annotations

import pandas as pd
from matplotlib.ticker import MaxNLocator

from .. import charts
from ..report.labels import Labels
from .common import drawn_from, value_grid_only


@charts.drawable
@drawn_from("team.charts.headcount_title")
def headcount_chart(table: pd.DataFrame, t: Labels):
    """People per group in file order (the team sheet's own order), each with its share."""
    fig = charts.bars(table["group"], table["headcount"], t("team.charts.headcount_title"),
                      t("team.charts.people_axis"), None, horizontal=True)
    ax = fig.axes[0]
    charts.value_labels(ax, ax.containers[0], [
        t("team.charts.bar_note", n=int(n), share=t.format(s, "percent"))
        for n, s in zip(table["headcount"], table["share"], strict=True)])
    ax.margins(x=0.18)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    value_grid_only(ax, horizontal=True)
    return fig


def largest_group(table: pd.DataFrame | None, t: Labels) -> list[tuple[str, str]]:
    """The page's own conclusion: the group the team leans on most (ties: the first listed)."""
    if table is None or not len(table):
        return []
    row = table.loc[table["headcount"].idxmax()]
    return [("info", t("team.findings.largest", group=row["group"], n=int(row["headcount"]),
                       share=t.format(row["share"], "percent")))]
