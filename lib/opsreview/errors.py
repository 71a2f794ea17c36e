"""The one exception bad input raises, worded for the person who exported the file."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_ROWS_SHOWN = 5
MAX_VALUES_SHOWN = 3


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
            shown = ", ".join(str(r) for r in self.rows[:MAX_ROWS_SHOWN])
            more = len(self.rows) - MAX_ROWS_SHOWN
            word = "row" if len(self.rows) == 1 else "rows"
            parts.append(f"{word} {shown}" + (f" (+{more} more)" if more > 0 else ""))
        text = ", ".join(parts)
        if self.problem:
            text += (": " if text else "") + self.problem
        elif self.values:
            seen = list(dict.fromkeys(self.values))[:MAX_VALUES_SHOWN]
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
