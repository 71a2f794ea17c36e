"""What every domain's figures are made with: a rate that is None when there is nothing to
divide by, a mean that skips empty cells, and the change of each figure on last month.

Kept apart from any one domain so that a domain's figures import only this and never
another domain's module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from numbers import Real

import pandas as pd


def ratio(num: float, den: float) -> float | None:
    """num / den as a plain float; None when there is nothing to divide by."""
    return None if not den else float(num) / float(den)


def as_float(value) -> float | None:
    """A figure for metrics.json: a float, or None for no value (never NaN)."""
    return None if value is None or pd.isna(value) else float(value)


def mean(values: Iterable) -> float | None:
    """The mean of the values that are there; None when none is."""
    if isinstance(values, pd.Series) and pd.api.types.is_numeric_dtype(values):
        values = values.dropna().astype("float64").tolist()  # the same floats, at C speed
    else:
        values = [float(v) for v in values if pd.notna(v)]
    return sum(values) / len(values) if values else None


def changes(current: Mapping, previous: Mapping | None) -> dict:
    """For each numeric key in both dicts: previous value, change and relative change.

    Booleans, strings, lists and None are skipped; relative is None when previous is 0.
    """
    if not previous:
        return {}
    out = {}
    for key, now in current.items():
        before = previous.get(key)
        if not _number(now) or not _number(before):
            continue
        out[key] = {"previous": before, "change": now - before,
                    "relative": ratio(now - before, abs(before))}
    return out


def _number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and not pd.isna(value)
