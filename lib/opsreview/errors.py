"""The one exception bad input raises, worded for the person who exported the file.

A message quotes what it found, but never more than a short start of a cell: a cell that
holds a line break or a comma may be a quote left open that swallowed the cells and rows
after it (buyers' nicknames, phones, messages), so only its first line, up to its first
comma, is shown. Values of personal or free-text columns are never handed to an Issue
(see `loader._as_found`).
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
        elif self.values:
            seen = list(dict.fromkeys(shown(v) for v in self.values))[:MAX_VALUES_SHOWN]
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
        return "\n".join(f"{self.file}, {issue.describe()}" for issue in self.issues)

    def __str__(self) -> str:
        return self.message
