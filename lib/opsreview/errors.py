"""The exceptions a person reads (bad input, a bad configuration, a bad batch), worded for
them, and the one rule of what a message may quote. They live in this one module, which
imports nothing of opsreview, so any module may raise them without importing the module that
reads them (as seaborn keeps its exceptions apart, to avoid circular imports).

A message quotes what it found, but never more than a short start of a cell: a cell that
holds a line break or a comma may be a quote left open that swallowed the cells and rows
after it (buyers' nicknames, phones, messages), so only its first line, up to its first
comma, is shown. Buyer data is never quoted (`quotable`): no value of a column that is or
may be personal or free text (the catalog's `private`, or a header naming a buyer, a phone,
an address or a message: `personal_header`), no value shaped like a phone number, wherever
it sits (a shifted row puts a phone under 类目), and no cell of a row whose cells are in
doubt (the loader leaves such rows out of an Issue's values).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_ROWS_SHOWN = 5
MAX_VALUES_SHOWN = 3
MAX_VALUE_CHARS = 24  # the most characters of one cell a message quotes
ELLIPSIS = "…"
# Digits grouped by commas (a misplaced thousands separator such as 1,23,4): shown whole.
_NUMBER_LIKE = re.compile(r"[+-]?\d{1,3}(,\d{1,3})+(\.\d*)?%?")


# Header words of columns that hold a buyer's identity or words: their values are never quoted.
PERSONAL_WORDS = ("昵称", "买家", "顾客", "客户名", "会员名", "旺旺", "姓名", "手机", "电话",
                  "联系", "收货", "地址", "留言", "内容", "消息", "备注", "评价", "聊天",
                  "nick", "buyer", "customer", "phone", "mobile", "address", "message",
                  "content", "comment", "remark", "note")
# ... unless the header names a figure or a time about them (买家实付金额, 支付买家数) or the
# staff (客服昵称): such cells are numbers, dates or our own people, and worth showing.
NOT_PERSONAL_WORDS = ("时间", "日期", "金额", "数", "率", "客服", "time", "date", "amount",
                      "count", "rate", "agent", "paid")
# A phone number by its shape: 11 digits from 1 (mainland mobile), maybe +86 / 86 before,
# spaces, dashes or a masked middle (138****1234); or any run of 7 digits and more written
# with dashes (a landline). IDs and order numbers are shown: they are not a person's.
_PHONE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d[\s-]?[\d*]{4}[\s-]?\d{4}(?!\d)"
                    r"|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)")


def personal_header(name: object) -> bool:
    """True when a column's header (as the file wrote it) names personal or free text."""
    key = re.sub(r"\s+", "", str(name or "")).lower()
    return any(word in key for word in PERSONAL_WORDS) and \
        not any(word in key for word in NOT_PERSONAL_WORDS)


def personal_shape(value: object) -> bool:
    """True when a cell looks like a phone number, whatever column it stands in."""
    return bool(_PHONE.search(str(value)))


def quotable(value: object, column: object = None) -> bool:
    """May a message quote this cell of this column? The one rule every message follows."""
    return not personal_header(column) and not personal_shape(value)


def quoted(values, column: object = None, limit: int = MAX_VALUES_SHOWN) -> list[str]:
    """The first `limit` distinct cells a message may quote, each cut short by `shown`."""
    if personal_header(column):
        return []
    out: list[str] = []
    for value in values:
        if personal_shape(value):
            continue
        text = shown(value)
        if text not in out:
            out.append(text)
            if len(out) == limit:
                break
    return out


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


def printable(text: str) -> str:
    """Text on one line of output: a control character (a line break in a file name) is
    written as its escape, so no name can forge a line of `make validate`."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def shown(value: object) -> str:
    """A cell as a message quotes it: its first line, up to the first comma unless it is a
    number written with commas, at most MAX_VALUE_CHARS characters; cut text ends in '…'."""
    text = str(value)
    cut = len(text)
    for mark in ("\n", "\r"):
        if mark in text:
            cut = min(cut, text.index(mark))
    if "," in text[:cut] and not _NUMBER_LIKE.fullmatch(text[:cut].strip()):
        cut = text.index(",")
    cut = min(cut, MAX_VALUE_CHARS)
    return text if cut >= len(text) else text[:cut] + ELLIPSIS


@dataclass
class Issue:
    """One problem in one column (or the whole file when column is None)."""

    expected: str  # what was expected, e.g. "a rate between 0 and 1 (0.452 or 45.2%)"
    column: str | None = None
    rows: list[int] = field(default_factory=list)  # spreadsheet rows, header = row 1
    values: list[str] = field(default_factory=list)
    problem: str = ""  # what is wrong when it is not a list of values, e.g. "the file is empty"

    def describe(self) -> str:
        parts = []
        if self.column:
            parts.append(f"column {self.column}")
        if self.rows:
            shown_rows = ", ".join(str(r) for r in self.rows[:MAX_ROWS_SHOWN])
            more = len(self.rows) - MAX_ROWS_SHOWN
            word = "row" if len(self.rows) == 1 else "rows"
            parts.append(f"{word} {shown_rows}" + (f" (+{more} more)" if more > 0 else ""))
        text = ", ".join(parts)
        if self.problem:
            text += (": " if text else "") + self.problem
        elif seen := quoted(self.values, self.column):
            text += (": " if text else "") + "found " + ", ".join(repr(v) for v in seen)
        return (text + "; " if text else "") + f"expected {self.expected}"


class DataError(ValueError):
    """Bad input in one file: every issue names the file, column, rows, values, expectation."""

    def __init__(self, file: str, issues: list[Issue]) -> None:
        self.file = file
        self.issues = list(issues)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return "\n".join(printable(f"{self.file}, {issue.describe()}") for issue in self.issues)

    def __str__(self) -> str:
        return self.message


class ConfigError(ValueError):
    """A configuration file that is missing, not YAML, or lacks what the reports need."""


class BatchError(ValueError):
    """A MONTHS value that names no month to build, or a cluster that cannot take the batch;
    the message says why."""
