"""Sample frames -> CSV bytes in the export dialects real files come in.

The shipped sample months use these dialects so that every messy form the loader accepts
(Chinese headers, GBK, BOM, `45.2%`, `00:03:12`, `2024/2/20`, `1,234`, title lines,
totals rows) is exercised by the ordinary build. Output is byte-deterministic.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

import pandas as pd

from opsreview.contract.catalog import Column, Dataset


@dataclass(frozen=True)
class Dialect:
    header: str = "en"  # en: canonical names; zh: the first Chinese alias
    encoding: str = "utf-8"  # utf-8, utf-8-sig, gbk
    rates: str = "fraction"  # fraction (0.452) or percent (45.2%)
    seconds: str = "number"  # number (192) or hms (00:03:12)
    dates: str = "iso"  # iso 2024-02-20, slash 2024/2/20, zh 2024年2月20日
    thousands: bool = False  # 1,234
    title: str | None = None  # a title line above the header
    totals: bool = False  # a 合计 row summing the count columns


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (
        isinstance(value, float) and math.isnan(value))


def _number(value: float, thousands: bool) -> str:
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}" if thousands else str(int(value))
    text = f"{value:,.10f}" if thousands else f"{value:.10f}"
    return text.rstrip("0").rstrip(".")


def _date(ts: pd.Timestamp, form: str) -> str:
    if form == "slash":
        return f"{ts.year}/{ts.month}/{ts.day}"
    if form == "zh":
        return f"{ts.year}年{ts.month}月{ts.day}日"
    return f"{ts:%Y-%m-%d}"


def format_cell(value, col: Column, dialect: Dialect) -> str:
    """One value as the dialect writes it; missing is empty."""
    if _missing(value):
        return ""
    kind = col.type
    if kind == "date":
        return _date(pd.Timestamp(value), dialect.dates)
    if kind == "datetime":
        ts = pd.Timestamp(value)
        return f"{_date(ts, dialect.dates)} {ts:%H:%M:%S}"
    if kind in ("int", "rank"):
        return _number(value, dialect.thousands)
    if kind == "num":
        return _number(value, dialect.thousands)
    if kind == "rate":
        if dialect.rates == "percent":
            return _number(round(float(value) * 100, 8), False) + "%"
        return _number(value, False)
    if kind == "seconds":
        seconds = float(value)
        if dialect.seconds == "hms" and seconds.is_integer():
            s = int(seconds)
            return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
        return _number(seconds, False)
    if kind == "bool":
        if dialect.header == "zh":
            return "是" if bool(value) else "否"
        return "true" if bool(value) else "false"
    if kind == "enum":
        return col.labels[value] if dialect.header == "zh" else str(value)
    return str(value)


def to_csv_bytes(frame: pd.DataFrame, ds: Dataset, dialect: Dialect = Dialect()) -> bytes:
    """The frame as the bytes of a CSV export of dataset `ds`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    if dialect.title:
        writer.writerow([dialect.title])
    # An optional column the sample never fills is left out, as an export without it would be.
    written = [c for c in ds.columns if c.required or frame[c.name].notna().any()]
    header = [c.aliases[0] if dialect.header == "zh" and c.aliases else c.name for c in written]
    writer.writerow(header)
    columns = [(c, frame[c.name].tolist()) for c in written]
    for i in range(len(frame)):
        writer.writerow([format_cell(values[i], col, dialect) for col, values in columns])
    if dialect.totals and len(frame):
        row = []
        for col, values in columns:
            counts = col.type == "int" and col.name not in ds.key
            row.append(_number(sum(v for v in values if not _missing(v)), dialect.thousands)
                       if counts else "")
        row[0] = "合计"
        writer.writerow(row)
    return buf.getvalue().encode(dialect.encoding)
