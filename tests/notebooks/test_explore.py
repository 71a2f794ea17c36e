"""Notebooks an analyst can explore: after Page.open the month's data and the page's tables
are DataFrames by documented names, an Explore cell (left out of the report) lists them, and
chart functions draw into the analyst's own axes and return the figure."""

import json

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest

from opsreview.domains import REGISTRY
from opsreview.domains.market import views as market
from opsreview.pages import charts
from opsreview.pages.export import render
from opsreview.pages.page import Page
from opsreview.paths import RAW_DIR


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    return Page.open("market", "2024-02", "zh", RAW_DIR, tmp_path_factory.mktemp("processed"))


def test_the_months_data_and_the_pages_tables_are_dataframes_by_name(page):
    assert isinstance(page.data["client_visits"], pd.DataFrame) and len(page.data["contracts"])
    tabs = market.tables(page.md, page.cfg)
    listed = page.explore(tabs)
    assert 'page.data["client_visits"]' in set(listed["where"])
    assert "tabs.funnel" in set(listed["where"])
    assert (listed["rows"] >= 0).all()


def test_a_chart_draws_into_the_analysts_axes_and_returns_its_figure(page):
    tabs = market.tables(page.md, page.cfg)
    fig, ax = plt.subplots()
    assert market.funnel_chart(tabs.funnel, page.t, ax=ax) is fig
    assert ax.patches or ax.lines or ax.collections  # something was drawn there
    assert market.funnel_chart(None, page.t, ax=ax) is fig  # "no data" draws there too
    plt.close(fig)
    assert market.funnel_chart(tabs.funnel, page.t) is not fig  # without ax: its own figure


def test_a_chart_of_several_panels_says_it_needs_its_own_figure():
    @charts.drawable
    def two_panels():
        return charts.figure(ncols=2)[0]

    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="several panels"):
        two_panels(ax=ax)
    assert two_panels() is not fig  # without ax it draws its own
    plt.close("all")


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_notebook_has_an_explore_cell_left_out_of_the_report(name):
    nb = json.loads(REGISTRY[name].notebook.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "page.explore(" in "".join(c["source"])]
    assert len(cells) == 1 and "remove-cell" in cells[0]["metadata"].get("tags", [])


def test_a_cell_tagged_remove_cell_never_reaches_the_page():
    nb = nbformat.v4.new_notebook()
    shown = nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": "<p>SHOWN-MARK</p>"})])
    explore = nbformat.v4.new_code_cell("page.explore(tabs)", metadata={"tags": ["remove-cell"]},
                                        outputs=[nbformat.v4.new_output(
                                            "display_data",
                                            data={"text/html": "<p>EXPLORE-MARK</p>"})])
    nb.cells = [shown, explore]
    page = render(nb, "t", "zh", "", "", "目录")
    assert "SHOWN-MARK" in page and "EXPLORE-MARK" not in page


def test_a_chart_is_restyled_in_its_call_and_the_verdicts_colours_stay(tmp_path):
    from matplotlib.colors import to_hex

    from opsreview.domains.site import views as site

    page = Page.open("site", "2024-02", "zh", RAW_DIR, tmp_path)
    tabs = site.tables(page.md, page.cfg, page.metrics)
    fig = site.traffic_chart(tabs.traffic, page.t, color="#123456", size=(5, 2), title="UV")
    assert tuple(fig.get_size_inches()) == (5, 2)
    assert fig.axes[0].get_title("left") == "UV"
    assert to_hex(fig.axes[0].lines[0].get_color()) == "#123456"
    plt.close(fig)
    standard = page.cfg.target("incident_recovery_minutes").value
    fig = site.incidents_chart(tabs.incidents, page.t, standard, color="#123456")
    colours = [to_hex(p.get_facecolor()) for p in fig.axes[0].patches]
    timeouts = tabs.incidents["timeout"].tolist()
    assert colours == [charts.BAD.lower() if late else "#123456" for late in timeouts]
    assert any(timeouts), "the sample has a missed recovery to keep orange"
    plt.close(fig)
    plain = site.traffic_chart(tabs.traffic, page.t)  # no style: the house palette
    assert to_hex(plain.axes[0].lines[0].get_color()) == charts.PALETTE[0].lower()
    plt.close(plain)


def test_charts_draw_on_agg_outside_a_kernel():
    assert not charts.inline()
    assert plt.get_backend().lower() == "agg"


@pytest.mark.slow
@pytest.mark.parametrize("name, draw", [
    ("market", lambda v, tabs, t: v.contracts_chart(tabs.contracts, t, color="#123456")),
    ("market", lambda v, tabs, t: v.funnel_chart(tabs.funnel, t, color="#123456")),
    ("seo", lambda v, tabs, t: v.index_chart(tabs.index, t, tabs.collapses, color="#123456")),
    ("campaigns", lambda v, tabs, t: v.timeline_chart(tabs.timeline, tabs.windows, t,
                                                      color="#123456")),
    ("team", lambda v, tabs, t: v.headcount_chart(tabs.groups, t, color="#123456")),
])
def test_a_plain_series_takes_the_colour_its_cell_gives(tmp_path, name, draw):
    """Restyling a chart in its cell recolours its plain series, in every domain."""
    import importlib

    from matplotlib.colors import to_hex

    page = Page.open(name, "2024-02", "zh", RAW_DIR, tmp_path)
    v = importlib.import_module(f"opsreview.domains.{name}.views")
    tabs = v.tables(page.md, page.cfg, page.metrics)
    fig = draw(v, tabs, page.t)
    ax = fig.axes[0]
    drawn = {to_hex(p.get_facecolor()) for p in ax.patches} | {
        to_hex(line.get_color()) for line in ax.lines}
    assert "#123456" in drawn
    plt.close(fig)
