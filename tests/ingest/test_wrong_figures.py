"""Class 2 of issue 29: no figure is taken silently wrong.

Totals rows however spaced, workbooks with hidden, extra and formula sheets: the figure read
is the one Excel shows, or the load fails naming the cells; which sheet was read is said."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsreview.contract.catalog import BY_NAME
from opsreview.errors import DataError
from opsreview.ingest.loader import load
from opsreview.month.months import Month

MONTH = Month.parse("2024-02")
TEAM = [("运营组", "运营", 5), ("客服组", "客服", 7), ("美工组", "美工", 5)]  # 17 people
SPACES = [" ", "\u3000", "\u00a0", "\u200b", "\u2009", "\t", "\ufeff", "\u202f"]


def _team(path: Path) -> tuple[int, list[str]]:
    got = load(path, BY_NAME["team"], MONTH)
    return int(got.frame["headcount"].sum()), got.notices


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=st.sampled_from(["合计", "总计", "小计", "汇总", "Total", "平均值"]),
       gaps=st.lists(st.lists(st.sampled_from(SPACES), max_size=2), min_size=4, max_size=4),
       colon=st.sampled_from(["", ":", "："]))
def test_a_totals_row_however_spaced_is_skipped(tmp_path, word, gaps, colon):
    inside = "".join(ch + "".join(g) for ch, g in zip(word, gaps[1:], strict=False))
    spaced = "".join(gaps[0]) + inside + word[len(gaps) - 1:] + colon
    lines = ["组别,职能,人数"] + [f"{g},{r},{n}" for g, r, n in TEAM] + [f"{spaced},,17"]
    path = tmp_path / "team.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    total, notices = _team(path)
    assert total == 17
    assert any("skipped the totals row 5" in n for n in notices), notices


def _book(path: Path, sheets: list[tuple[str, list, bool]], formulas: bool = False) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    shown = next(name for name, _, hidden in sheets if not hidden)
    for name, rows, hidden in sheets:
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if formulas and isinstance(cell, int):
                    ws.write_formula(r, c, f"={cell}+0")  # cached 0, as xlsxwriter writes it
                else:
                    ws.write(r, c, cell)
        if name == shown:
            ws.activate()  # Excel (and xlsxwriter) never hide the active sheet
        if hidden:
            ws.hide()
    wb.close()
    return path


TEAM_ROWS = [["组别", "职能", "人数"], *map(list, TEAM)]
OLD_ROWS = [["组别", "职能", "人数"], ["运营组", "运营", 4], ["客服组", "客服", 7]]  # 11
NOTES_ROWS = [["说明"], ["本表由人事导出"]]


@pytest.mark.parametrize("layout", [
    [("old", OLD_ROWS, True), ("team", TEAM_ROWS, False)],
    [("旧表", OLD_ROWS, True), ("Sheet2", TEAM_ROWS, False)],
    [("说明", NOTES_ROWS, False), ("人员", TEAM_ROWS, False)],
    [("说明", NOTES_ROWS, False), ("old", OLD_ROWS, True), ("人员", TEAM_ROWS, False)],
    [("人员", TEAM_ROWS, False), ("说明", NOTES_ROWS, False), ("old", OLD_ROWS, True)],
])
def test_the_visible_sheet_holding_the_header_is_read_and_named(tmp_path, layout):
    path = _book(tmp_path / "人员.xlsx", layout)
    total, notices = _team(path)
    read = next(name for name, rows, hidden in layout if rows is TEAM_ROWS)
    assert total == 17
    assert any(f"read sheet '{read}'" in n for n in notices), notices


def test_formula_cells_without_values_are_an_error_naming_them(tmp_path):
    path = _book(tmp_path / "人员.xlsx", [("team", TEAM_ROWS, False)], formulas=True)
    with pytest.raises(DataError) as err:
        _team(path)
    text = str(err.value)
    assert "3 formula cells without a calculated value (C2, C3, C4)" in text, text
