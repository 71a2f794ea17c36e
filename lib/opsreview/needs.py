"""A figure, table or section that needs an export the month lacks: one state, not "no data".

"No data" says the month had nothing to count. "Needs the session export" says the month's
files cannot give this figure at all (千牛's 客服绩效 has one row per agent, no sessions), so
the analyst knows what to download. Metric code marks such figures in the domain's metrics
under `needs` (figure -> need code; the figure itself stays null in metrics.json); a view puts
a `Needs` where such a table would be. Cards, tables, charts, findings, the index and the
review all read it through this module, and word it from `<domain>.needs.<code>`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .report.fmt import format_value

KEY = "needs"  # metrics[KEY] = {figure: need code}


@dataclass(frozen=True)
class Needs:
    """What a table or section would be drawn from, which the month lacks."""

    domain: str
    code: str  # a dataset name (cs_sessions) or another need (daily: per-day rows)
    what: str | None = None  # the chart or table it stands for, when not a whole section

    def text(self, t) -> str:
        """The short phrase of a card or a table cell: 需要会话明细导出."""
        return t(f"{self.domain}.needs.{self.code}.short")

    def source(self, t) -> str:
        """What it needs, as a noun inside a sentence: 会话明细导出 / the session export."""
        return t(f"{self.domain}.needs.{self.code}.source")

    def note(self, t) -> str:
        """The sentence under a section heading, or in place of the chart or table `what`."""
        if self.what:
            return t(f"{self.domain}.needs.{self.code}.part", what=self.what)
        return t(f"{self.domain}.needs.{self.code}.note")


def mark(figures: dict, keys: Iterable[str], code: str) -> None:
    """Set each figure to None and record that it needs `code`."""
    table = figures.setdefault(KEY, {})
    for key in keys:
        figures[key] = None
        table[key] = code


def of(figures: dict | None, key: str, domain: str) -> Needs | None:
    """The need of one figure, or None when it has its value (or simply no data)."""
    code = ((figures or {}).get(KEY) or {}).get(key)
    return None if code is None else Needs(domain, code)


def shown(figures: dict | None, key: str, kind: str, domain: str, t) -> str:
    """A figure for people: its value, 无数据, or what it needs."""
    need = of(figures, key, domain)
    return need.text(t) if need else format_value((figures or {}).get(key), kind, t.lang)


def grouped(figures: dict | None, domain: str) -> dict[Needs, list[str]]:
    """Every figure that needs something, grouped by what it needs (in metrics order)."""
    out: dict[Needs, list[str]] = {}
    for key, code in ((figures or {}).get(KEY) or {}).items():
        out.setdefault(Needs(domain, code), []).append(key)
    return out


def present(table) -> bool:
    """A table that is there: neither absent (None) nor waiting for an export (Needs)."""
    return table is not None and not isinstance(table, Needs)
