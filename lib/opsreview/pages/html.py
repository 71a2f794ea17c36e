"""Small HTML builders. Every data-derived string passes through `esc` before it is markup."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

from opsreview.ingest.text_check import BIDI_CONTROLS
from opsreview.judging.fmt import format_value

MAX_ROWS = 15  # most rows a table shows and bars a chart draws: pages stay flat as data grows


def esc(value: Any) -> str:
    """Escape text for HTML, including quotes, without bidi controls; None becomes empty."""
    return "" if value is None else html.escape(str(value).translate(BIDI_CONTROLS), quote=True)


def tag(name: str, body: str = "", **attrs: Any) -> str:
    """An element whose body is already markup; attribute values are escaped."""
    parts = "".join(
        f' {k.rstrip("_").replace("_", "-")}="{esc(v)}"' for k, v in attrs.items() if v is not None
    )
    return f"<{name}{parts}>{body}</{name}>"


PHONE_WIDTH = 50  # half-width characters a phone's table fits (390 px): wider is a card per row


def table(
    frame: pd.DataFrame,
    formats: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    lang: str = "zh",
    classes: str = "data",
) -> str:
    """An escaped HTML table of every row given: cells formatted by kind (see fmt.FORMATS),
    a cell holding words shown as they are; headers relabelled. A table wider than a phone
    carries each cell's header (data-label), so a phone shows each row as a card."""
    formats = {c: _column_kind(frame[c], k) for c, k in (formats or {}).items() if c in frame}
    headers = headers or {}
    cols = list(frame.columns)
    grid = [[_text(row[c], formats.get(c), lang) for c in cols] for _, row in frame.iterrows()]
    numeric = {c: formats.get(c) not in (None, "text", "date") for c in cols}
    many = _width(cols, grid, headers, numeric) > PHONE_WIDTH
    head = "".join(tag("th", esc(headers.get(c, c))) for c in cols)
    rows = [tag("tr", "".join(
        tag("td", esc(text), class_="num" if numeric[c] else None,
            data_label=headers.get(c, c) if many else None) for c, text in zip(cols, line,
                                                                                 strict=True)))
        for line in grid]
    return tag("table", tag("thead", tag("tr", head)) + tag("tbody", "".join(rows)),
               class_=f"{classes} many" if many else classes)


def _text(value: Any, kind: str | None, lang: str) -> str:
    """A cell's text: formatted by its kind; words where a number belongs (未恢复) as they
    are."""
    if kind and not isinstance(value, str):
        return format_value(value, kind, lang)
    return "" if _blank(value) else str(value)


def _width(cols: list, grid: list[list[str]], headers: Mapping, numeric: dict) -> int:
    """How wide the table sets, in half-width characters (a Chinese character is two): each
    column's widest header or cell (a text column wraps at about 12), plus its padding."""
    def units(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)

    total = 0
    for n, c in enumerate(cols):
        cells = max((units(line[n]) for line in grid), default=0)
        total += max(units(str(headers.get(c, c))), cells if numeric[c] else min(cells, 12)) + 2
    return total


def _column_kind(column: pd.Series, kind: str) -> str:
    """One unit per money column: when any amount reaches 1万, all read in 万元."""
    if kind != "money":
        return kind
    amounts = pd.to_numeric(column, errors="coerce").abs()
    return "money_wan" if (amounts >= 10_000).any() else kind


def _blank(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
