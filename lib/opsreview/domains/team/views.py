"""The team page's chart: who the month's work rests on, group by group."""

from __future__ import annotations

import pandas as pd
from matplotlib.ticker import MaxNLocator

from opsreview.domains.tables import Tables, drawn_from
from opsreview.domains.team import metrics as m
from opsreview.judging.labels import Labels
from opsreview.pages import charts

FORMATS = {"headcount": "int", "share": "percent", "previous": "int", "change": "signed_number"}


def tables(md, cfg, figures: dict | None = None) -> Tables:
    """The team list per group (headcount, share and, when last month has a team list, the
    change on it); None without team.csv."""
    team, before = md.get("team"), md.previous()
    return Tables(groups=None if team is None else m.team_table(
        team, before.get("team") if before is not None else None))


def named(table: pd.DataFrame | None, t: Labels) -> pd.DataFrame | None:
    """The team list with its groups and roles in the page's language (team.yml)."""
    if table is None:
        return None
    return table.assign(group=[t.group(g) for g in table["group"]],
                        role=[t.role(r) for r in table["role"]])


@charts.drawable
@drawn_from("team.charts.headcount_title")
def headcount_chart(table: pd.DataFrame, t: Labels):
    """People per group in file order (the team sheet's own order), each with its share."""
    fig = charts.bars([t.group(g) for g in table["group"]], table["headcount"],
                      t("team.charts.headcount_title"), t("team.charts.people_axis"), None,
                      horizontal=True)
    ax = fig.axes[0]
    charts.value_labels(ax, ax.containers[0], [
        t("team.charts.bar_note", n=int(n), share=t.format(s, "percent"))
        for n, s in zip(table["headcount"], table["share"], strict=True)])
    ax.margins(x=0.18)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    charts.finish(ax, values="x")
    return fig


def extra_findings(figures: dict | None, tabs: Tables, cfg, t: Labels
                   ) -> list[tuple[str, str]]:
    """Nothing beside the review part: it says the team, its groups and where it grew, and
    the table shows each group's share."""
    return []
