"""Page.table: at most MAX_ROWS rows, a total row kept, and a note when rows are left out."""

import pandas as pd
import pytest

from opsreview.domains import domain
from opsreview.month.monthdata import MonthData
from opsreview.pages import html as h
from opsreview.pages import page as page_module
from opsreview.pages.html import MAX_ROWS
from opsreview.paths import RAW_DIR


@pytest.fixture
def shown(monkeypatch, tmp_path):
    out: list[str] = []
    monkeypatch.setattr(page_module, "_display", out.append)
    md = MonthData.from_dirs("2024-02", RAW_DIR, tmp_path)
    return page_module.Page(domain("service"), md, "zh", None), out


def agents(n: int) -> pd.DataFrame:
    frame = pd.DataFrame({"agent": [f"客服{i}" for i in range(n)], "sessions": range(n, 0, -1)})
    return pd.concat([frame, pd.DataFrame([{"agent": "全部客服", "sessions": -1}])],
                     ignore_index=True)


def test_a_long_table_shows_its_first_rows_keeps_its_total_row_and_says_so(shown):
    page, out = shown
    page.table(agents(40), totals=1)
    table, note = out
    assert table.count("<tr>") == 1 + MAX_ROWS + 1  # header, the first rows, the total
    assert "客服14" in table and "客服15" not in table and "全部客服" in table
    assert note == f'<p class="note">仅列出前 {MAX_ROWS} 行（共 40 行）。</p>'


def test_a_short_table_is_shown_whole_without_a_note(shown):
    page, out = shown
    page.table(agents(MAX_ROWS), totals=1)
    assert len(out) == 1 and out[0].count("<tr>") == 1 + MAX_ROWS + 1


def test_without_totals_the_last_rows_are_cut_like_any_other(shown):
    page, out = shown
    page.table(agents(20))
    assert "全部客服" not in out[0] and "共 21 行" in out[1]


def test_a_money_column_reads_in_one_unit():
    frame = pd.DataFrame({"fee": [7100.0, 15400.0], "small": [200.0, 374.0]})
    markup = h.table(frame, {"fee": "money", "small": "money"}, lang="zh")
    assert "0.71万元" in markup and "1.54万元" in markup  # not 7,100元 beside 1.54万元
    assert "200元" in markup and "374元" in markup  # a column of small amounts stays in 元


def test_a_table_too_wide_for_a_phone_carries_its_headers_on_every_cell():
    """Wider than a phone (in half-width characters, a Chinese one counting two): each cell
    names its column (data-label), so a phone shows the row as a card (style.css
    table.many) instead of columns that start off-screen."""
    import pandas as pd

    from opsreview.pages import html

    headers = {c: f"<{c}>较上月变化" for c in "abcde"}
    wide = pd.DataFrame([dict.fromkeys("abcde", 1234.5)])
    markup = html.table(wide, dict.fromkeys("abcde", "number"), headers)
    assert 'class="data many"' in markup and 'data-label="&lt;a&gt;较上月变化"' in markup
    narrow = html.table(wide[list("abc")], dict.fromkeys("abc", "number"))
    assert 'class="data"' in narrow and "data-label" not in narrow
