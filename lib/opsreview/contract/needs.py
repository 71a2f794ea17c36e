"""A figure, table or section that needs an export the month lacks: one state, not "no data".

"No data" says the month had nothing to count. "Needs the session export" says the month's
files cannot give this figure at all (千牛's 客服绩效 has one row per agent, no sessions), so
the analyst knows what to download. Metric code marks such figures in the domain's metrics
under `needs` (figure -> need code; the figure itself stays null in metrics.json); a view puts
a `Needs` where such a table would be. That is the analyst's business, not the manager's:
pages leave such cards, sections, charts and tables out, and the index's 数据说明 (About the
data) says once what each domain's figures need, worded from `<domain>.needs.<code>.source`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

KEY = "needs"  # metrics[KEY] = {figure: need code}


@dataclass(frozen=True)
class Needs:
    """What a table or section would be drawn from, which the month lacks."""

    domain: str
    code: str  # a dataset name (cs_sessions) or another need (daily: per-day rows)

    def source(self, t) -> str:
        """What it needs, as a noun inside a sentence: 会话明细导出 / the session export."""
        return t(f"{self.domain}.needs.{self.code}.source")


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


def grouped(figures: dict | None, domain: str) -> dict[Needs, list[str]]:
    """Every figure that needs something, grouped by what it needs (in metrics order)."""
    out: dict[Needs, list[str]] = {}
    for key, code in ((figures or {}).get(KEY) or {}).items():
        out.setdefault(Needs(domain, code), []).append(key)
    return out


def present(table) -> bool:
    """A table that is there: neither absent (None) nor waiting for an export (Needs)."""
    return table is not None and not isinstance(table, Needs)
