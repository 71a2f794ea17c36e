"""Sample rows as the loader's canonical typed frame: every catalog column, in order, typed
exactly as `loader.load` returns it, so generated and re-read frames compare equal."""

from __future__ import annotations

import math

import pandas as pd

from opsreview.contract.catalog import dataset


def columnar(name: str, cols: dict[str, list], n: int) -> pd.DataFrame:
    """Column lists as the loader's canonical typed frame (every catalog column, in order)."""
    data = {}
    for col in dataset(name).columns:
        values = cols.get(col.name, [None] * n)
        if col.type in ("date", "datetime"):
            series = pd.Series(pd.to_datetime(pd.Series(values, dtype=object)),
                               dtype="datetime64[ns]")
            data[col.name] = series.dt.normalize() if col.type == "date" else series
        elif col.type in ("int", "rank"):
            data[col.name] = pd.array(values, dtype="Int64")
        elif col.type in ("num", "rate", "seconds"):
            data[col.name] = pd.Series([math.nan if v is None else float(v) for v in values],
                                       dtype="float64")
        elif col.type == "bool":
            data[col.name] = pd.array(values, dtype="boolean")
        else:
            data[col.name] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, index=range(n))


def canonical(name: str, rows: list[dict]) -> pd.DataFrame:
    """Row dicts (missing keys are empty) as the canonical typed frame."""
    cols = {c.name: [row.get(c.name) for row in rows] for c in dataset(name).columns}
    return columnar(name, cols, len(rows))
