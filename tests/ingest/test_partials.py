"""Class 8 of issue 29: partials a demanding user would call out. An .xls that is an HTML
table is read as that table; a header hiding its name behind zero-width or no-break spaces
is still recognised; a file whose every row appears twice gets a notice."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsreview.contract.catalog import BY_NAME
from opsreview.ingest.inventory import month_inventory
from opsreview.ingest.loader import load
from opsreview.month.months import Month

MONTH = Month.parse("2024-02")
TEAM = [("运营组", "运营", "5"), ("客服组", "客服", "1,207")]


def _html(rows, title=True, encoding="utf-8") -> bytes:
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    head = "<tr><th colspan=3>人员统计 2024年2月</th></tr>" if title else ""
    page = (f'<html><head><meta charset="{encoding}"></head><body>'
            f"<table><tr><td>说明</td></tr></table>"
            f"<table border=1>{head}<tr><th>组别</th><th>职能</th><th>人数</th></tr>"
            f"{cells}</table></body></html>")
    return page.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
@pytest.mark.parametrize("title", [True, False])
def test_an_xls_that_is_an_html_table_is_read_as_the_table(tmp_path, encoding, title):
    path = tmp_path / "人员.xls"
    path.write_bytes(_html(TEAM, title, encoding))
    got = load(path, BY_NAME["team"], MONTH)
    assert got.frame["headcount"].tolist() == [5, 1207]
    assert any("HTML table" in n for n in got.notices), got.notices
    folder = tmp_path / "raw" / "2024-02"
    folder.mkdir(parents=True)
    (folder / "人员.xls").write_bytes(_html(TEAM, title, encoding))
    entry = month_inventory(folder, MONTH).entries[0]
    assert (entry.dataset, entry.kind) == ("team", "html"), entry


SPACES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00a0", "\u3000", " ", "\u202f"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.sampled_from(SPACES)),
                      min_size=1, max_size=4))
def test_invisible_spaces_in_a_header_hide_no_column(tmp_path, where):
    header = [list("组别"), list("职能"), list("人数")]
    for col, at, space in where:
        header[col].insert(at, space)
    text = ",".join("".join(h) for h in header) + "\n运营组,运营,5\n"
    path = tmp_path / "team.csv"
    path.write_text(text, encoding="utf-8")
    assert load(path, BY_NAME["team"], MONTH).frame["headcount"].tolist() == [5]


@pytest.mark.parametrize("times, told", [(1, False), (2, True), (3, False), (4, True)])
def test_a_file_whose_every_row_appears_twice_gets_a_notice(tmp_path, times, told):
    sample = Path(__file__).resolve().parents[2] / "data" / "raw" / "2024-02" / "site_articles.csv"
    header, *rows = sample.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "site_articles.csv"
    path.write_text("\n".join([header] + rows[:6] * times) + "\n", encoding="utf-8")
    got = load(path, BY_NAME["site_articles"], MONTH)
    assert any("every row appears twice" in n for n in got.notices) is told, got.notices
