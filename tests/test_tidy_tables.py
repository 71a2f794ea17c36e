"""The tables a notebook exposes (`tabs.<name>`) are the page's: in a month of two shops one
long table per name with a `shop` column, each shop's rows figured on its own data as its
sections show them (a campaign's conversion on its own shop's visitors); in a month of one
shop the month's tables, no shop column. The page is what the template prints, run here."""

import html
import re
import shutil

import nbformat
import pandas as pd
import pytest

from opsreview.config import Config
from opsreview.domains import REGISTRY
from opsreview.paths import RAW_DIR
from opsreview.report import page as page_module
from opsreview.report.fmt import format_value

MONTH = "2024-02"
SECOND_SHOP = Config().entities["shops"][1]["shop"]


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    """The sample (two shops) and the same year without the second shop's files."""
    root = tmp_path_factory.mktemp("tidy")
    one = root / "one"
    shutil.copytree(RAW_DIR, one)
    for path in one.rglob(f"*{SECOND_SHOP}*"):
        path.unlink()
    return {"two": (RAW_DIR, root / "processed-two"), "one": (one, root / "processed-one")}


@pytest.fixture(scope="module")
def run(months):
    """run(name, "two" | "one"): the template's cells in order, as the build runs them, once
    per module: its namespace and the markup it shows (the page's body)."""
    done = {}

    def ran(name: str, shops: str) -> tuple[dict, str]:
        if (name, shops) not in done:
            raw, processed = months[shops]
            shown: list[str] = []
            nb = nbformat.read(REGISTRY[name].notebook, as_version=4)
            ns = {"month": MONTH, "lang": "zh", "raw_dir": str(raw),
                  "processed_dir": str(processed), "output_dir": None}
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(page_module, "_display", shown.append)
                for cell in nb.cells:
                    tags = cell.metadata.get("tags", [])
                    if cell.cell_type == "code" and not {"parameters", "remove-cell"} & set(tags):
                        exec(cell.source, ns)  # noqa: S102 - the project's own template
            done[name, shops] = ns, "".join(shown)
        return done[name, shops]
    return ran


def _rows(markup: str, text: str) -> list[str]:
    return [r for r in re.findall(r"<tr>.*?</tr>", markup, re.S) if html.escape(text) in r]


@pytest.mark.parametrize("shops", ["two", "one"])
def test_campaign_conversion_is_the_pages(run, shops):
    ns, markup = run("campaigns", shops)
    table = ns["tabs"].campaigns
    assert ("shop" in table.columns) == (shops == "two")
    assert len(table) and table["conversion"].notna().all()
    for row in table.itertuples():
        shown = format_value(row.conversion, "percent", "zh")
        assert any(shown in r for r in _rows(markup, row.name)), (row.name, shown)


@pytest.mark.parametrize("shops", ["two", "one"])
def test_service_agents_are_the_pages(run, shops):
    ns, markup = run("service", shops)
    agents = ns["tabs"].agents
    assert ("shop" in agents.columns) == (shops == "two")
    if shops == "two":
        assert set(agents["shop"]) == {s.name for s in ns["shops"]}
    for row in agents.itertuples():
        assert any(format_value(row.sessions, "int", "zh") in r
                   for r in _rows(markup, row.agent)), row.agent


@pytest.mark.parametrize("name", ["campaigns", "service", "site"])
def test_each_exposed_table_holds_each_shops_rows_as_its_sections_show_them(run, name):
    ns, _ = run(name, "two")
    column = "site" if name == "site" else "shop"
    scopes, tabs = ns["sites" if name == "site" else "shops"], ns["tabs"]
    if len(scopes) < 2:
        assert tabs is scopes[0].tabs
        return
    for key, frame in tabs.frames().items():
        assert frame.columns[0] == column, key
        for s in scopes:
            own = getattr(s.tabs, key)
            if not isinstance(own, pd.DataFrame) or own.empty:
                continue
            mine = frame[frame[column] == s.name].drop(columns=column).reset_index(drop=True)
            expected = own.drop(columns=column, errors="ignore").reset_index(drop=True)
            other = mine.columns.difference(expected.columns)  # another shop's export's
            assert mine[other].isna().all().all(), (key, s.name, list(other))
            pd.testing.assert_frame_equal(mine[expected.columns], expected, check_dtype=False)
