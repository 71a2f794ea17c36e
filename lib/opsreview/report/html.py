"""Small HTML builders. Every data-derived string passes through `esc` before it is markup."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..text_check import BIDI_CONTROLS
from .fmt import format_value

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


def table(
    frame: pd.DataFrame,
    formats: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    lang: str = "zh",
    classes: str = "data",
) -> str:
    """An escaped HTML table of every row given: cells formatted by kind (see fmt.FORMATS),
    headers relabelled."""
    formats = {c: _column_kind(frame[c], k) for c, k in (formats or {}).items() if c in frame}
    headers = headers or {}
    cols = list(frame.columns)
    head = "".join(tag("th", esc(headers.get(c, c))) for c in cols)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for c in cols:
            kind = formats.get(c)
            value = row[c]
            text = format_value(value, kind, lang) if kind else ("" if _blank(value) else value)
            numeric = kind not in (None, "text", "date")
            cells.append(tag("td", esc(text), class_="num" if numeric else None))
        rows.append(tag("tr", "".join(cells)))
    return tag("table", tag("thead", tag("tr", head)) + tag("tbody", "".join(rows)),
               class_=classes)


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
