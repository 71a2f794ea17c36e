"""Class 1 of issue 29: buyer data is never quoted, whatever shape the rows come in.

A chat export with the buyers' nicknames, phones and messages is corrupted as real exports
are (a line break left unquoted inside a message in a file whose other cells are quoted, a
comma left unquoted in a nickname with the empty last cell dropped, a phone under 类型) and
loaded: no nickname, phone or message, nor any part of one, is in the error or a notice.
"""

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsreview.contract.catalog import BY_NAME
from opsreview.errors import DataError, Issue, personal_header, personal_shape, quotable
from opsreview.ingest.inventory import recognise
from opsreview.ingest.loader import load
from opsreview.month.months import Month

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw" / "2024-02" / "cs_sessions.csv"
RARE = "鼹鼬鼯鼷鼸龘龖龗麤鱻"  # characters no other cell holds: a part found is a leak
part = st.text(RARE, min_size=3, max_size=6)
phone = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


def _rows(n: int) -> tuple[list[str], list[list[str]]]:
    with open(SAMPLE, encoding="utf-8") as fh:
        header, *rows = list(csv.reader(fh))
    return header, [r + [""] * (len(header) - len(r)) for r in rows[:n]]


def _line(cells: list[str], quote_first: bool) -> str:
    cells = list(cells)
    if quote_first:
        cells[0] = f'"{cells[0]}"'
    return ",".join(cells)


def _leaks(text: str, secrets: list[str]) -> list[str]:
    return [s for s in secrets if s and s in text]


def _outcome(tmp_path: Path, text: str) -> str:
    path = tmp_path / "cs_sessions.csv"
    path.write_text(text, encoding="utf-8")
    try:
        got = load(path, BY_NAME["cs_sessions"], Month.parse("2024-02"))
    except DataError as exc:
        return str(exc)
    return "\n".join(got.notices)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(nick=st.lists(part, min_size=2, max_size=2), tel=phone,
       msg=st.lists(part, min_size=2, max_size=3), at=st.integers(0, 11),
       how=st.sampled_from(["break", "comma", "phone_in_category", "break_no_quotes"]))
def test_no_buyer_value_in_any_message(tmp_path, nick, tel, msg, at, how):
    header, rows = _rows(12)
    col = {name: i for i, name in enumerate(header)}
    for r in rows:  # every row holds personal values
        r[col["买家"]], r[col["手机"]], r[col["内容"]] = "".join(nick), tel, "".join(msg)
    row = rows[at]
    if how.startswith("break"):
        row[col["内容"]] = "\n".join(msg)  # unquoted: the row is cut in two
    elif how == "comma":
        row[col["买家"]] = ",".join(nick)  # unquoted: every later cell shifts right
        row.pop()  # the empty last cell dropped: the count is right again
    else:
        row[col["类型"]] = tel
    quote = how != "break_no_quotes"
    text = "\n".join([",".join(header)] + [_line(r, quote) for r in rows]) + "\n"
    said = _outcome(tmp_path, text)
    assert not _leaks(said, [*nick, tel, *msg, tel[3:], tel[-8:]]), said


@pytest.mark.parametrize("value, column, ok", [
    ("13812345678", "类目", False), ("+86 138-1234-5678", None, False),
    ("138****5678", "x", False), ("021-12345678", None, False), ("2024-02-30", "日期", True),
    ("abc", "customer (买家昵称)", False),
    ("abc", "message (留言)", False), ("12", "paid_buyers (支付买家数)", True),
    ("x", "amount (买家实付金额)", True), ("1,234", "amount", True),
    ("QN20240200001", "会话ID", True),
])
def test_the_rule(value, column, ok):
    assert quotable(value, column) is ok
    assert (f"'{value}'" in Issue("x", column, [2], [value]).describe()) is ok


@settings(max_examples=30, deadline=None)
@given(nick=part, msg=part, word=st.sampled_from(["客服", "类型", "主题", "其他", "备注", ""]),
       tel=phone, order=st.permutations(range(4)))
def test_headers_seen_never_show_a_headerless_buyer_row(nick, msg, word, tel, order):
    cells = [nick, tel, msg, word]
    head = [[cells[i] for i in order], [cells[i] for i in reversed(order)]]
    _, _, why = recognise(head, {})
    assert not _leaks(why, [nick, msg, tel, tel[3:]]), why


def test_headers_seen_show_a_header_row():
    head = [["会话ID", "买家昵称", "联系电话 13812345678", "乱七八糟"], ["1", "豆豆妈咪", "x", "y"]]
    _, _, why = recognise(head, {})
    assert "会话ID" in why and "买家昵称" in why and "138" not in why and "豆豆" not in why, why


def test_personal_words_against_the_catalog():
    """Every private column's names read as personal; no figure or time about buyers does."""
    for ds in BY_NAME.values():
        for c in ds.columns:
            if c.pii:
                assert all(personal_header(n) for n in (c.name, *c.aliases)), c
    assert not personal_shape("20240220") and not personal_shape("3000000000020")


def test_a_message_cut_by_a_line_break_is_said_once_as_what_it_is(tmp_path):
    header, rows = _rows(5)
    col = {name: i for i, name in enumerate(header)}
    rows[2][col["内容"]] = "东西收到了\n谢谢 鼹鼬鼯 下次还来"
    text = "\n".join([",".join(header)] + [_line(r, True) for r in rows]) + "\n"
    said = _outcome(tmp_path, text)
    assert said.startswith("cs_sessions.csv, row 5: fewer cells than the header"), said
    assert "empty cells" not in said and "鼹鼬鼯" not in said, said


def test_a_row_shifted_by_a_comma_in_a_nickname_is_said_once_as_what_it_is(tmp_path):
    header, rows = _rows(5)
    col = {name: i for i, name in enumerate(header)}
    rows[2][col["买家"]], rows[2][col["手机"]] = "鼹鼬,鼯鼷", "13912345678"
    rows[2].pop()  # the empty last cell dropped: as many cells as the header names
    text = "\n".join([",".join(header)] + [",".join(r) for r in rows]) + "\n"
    said = _outcome(tmp_path, text)
    assert said.startswith("cs_sessions.csv, row 4: cells bad in several columns"), said
    assert "\n" not in said and "鼹鼬" not in said and "139" not in said, said
