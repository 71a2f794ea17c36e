"""Several shops or sites in one month: which ones have rows, one's share of the month, and
the all-shops figures made from each shop's.

A shop's (or site's) month is the same MonthData with only its rows: every dataset with a
`shop` (`site`) column filtered to it, earlier months too, so its baseline days, its agents
and its "on last month" are its own. Metric code computes a shop's figures with the same
function as a one-shop month's; `combine` then gives the all-shops figures where they mean
something (sums of counts and money, means weighted by what they are means of, the figure of
the only shop that has it) and leaves the rest out (a mean uplift of two shops is no figure).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from opsreview.contract import needs
from opsreview.month.monthdata import MonthData

KEY = {"shop": "shops", "site": "sites"}  # metrics.<domain>.shops.<shop> / .sites.<site>
# The domains whose figures `combine` repeats per shop or site; their pages and review parts
# go shop by shop (compliance's `shops` are its own per-shop rules, reviewed by it).
DOMAINS = {"campaigns": "shop", "service": "shop", "site": "site"}


def present(md: MonthData, datasets: Iterable[str], column: str,
            configured: Iterable[str] = ()) -> list[str]:
    """The configured shops (sites) with rows in the month's datasets, in configured order;
    every one seen when none of them is configured (frames of a test, a config without any).
    Rows of other values (a listed site's sub-sites) are not reported on their own."""
    seen: list[str] = []
    for name in datasets:
        frame = md.get(name)
        if frame is not None and column in frame:
            seen += [v for v in frame[column].dropna().unique() if v not in seen]
    order = [c for c in configured if c in seen]
    return order or seen


def only(md: MonthData, column: str, value: str, keep_empty: Iterable[str] = ()) -> MonthData:
    """The month as one shop (site) sees it: its rows of every dataset with the column. A
    dataset left with no row is absent for it (its export is not there), except those in
    KEEP_EMPTY (a campaigns file without the shop's rows: it ran no campaign)."""
    keep = frozenset(keep_empty)
    key = (column, value, keep)
    if key in md.scoped:
        return md.scoped[key]

    def fetch(month, name: str) -> pd.DataFrame | None:
        frame = md.get(name, month)
        if frame is None or column not in frame:
            return frame
        mine = frame[frame[column] == value]
        return mine if len(mine) or name in keep else None

    md.scoped[key] = MonthData(md.month, fetch, list(md.earlier_months) + [md.month])
    return md.scoped[key]


TOGETHER = "together"  # metrics key: the figures that are all shops' (pooled), in order


def together(figures: dict | None) -> list[str] | None:
    """The figures a card or the index shows for a month of several shops: the all-shops
    ones (each shop's own are in its sections and its part of the review); None: every one."""
    return None if not figures or TOGETHER not in figures else list(figures[TOGETHER])


Pool = Callable[[Mapping[str, dict]], object]


def total(key: str) -> Pool:
    """A count or an amount: the shops' sum (None when no shop has it)."""
    def pool(per: Mapping[str, dict]):
        values = [f[key] for f in per.values() if f.get(key) is not None]
        return sum(values) if values else None
    return pool


def most(key: str) -> Pool:
    def pool(per: Mapping[str, dict]):
        values = [f[key] for f in per.values() if f.get(key) is not None]
        return max(values) if values else None
    return pool


def weighted(key: str, weight: str) -> Pool:
    """A mean over what WEIGHT counts (sessions, emergencies): the shops' means weighted by it."""
    def pool(per: Mapping[str, dict]):
        pairs = [(f[key], f[weight]) for f in per.values()
                 if f.get(key) is not None and f.get(weight)]
        w = sum(n for _, n in pairs)
        return sum(v * n for v, n in pairs) / w if w else None
    return pool


def quotient(top: str, bottom: str) -> Pool:
    """A rate of two sums (sessions per agent-day: all sessions / all agent-days)."""
    def pool(per: Mapping[str, dict]):
        a, b = total(top)(per), total(bottom)(per)
        return a / b if a is not None and b else None
    return pool


def combine(per: Mapping[str, dict], pools: Mapping[str, Pool], column: str = "shop") -> dict:
    """The all-shops figures from each shop's: a key with a pool rule is pooled; any other
    key is the only shop's value when just one shop has it (the deal of the one shop that ran
    one), and left out (None) when several do. Needs are kept where the pooled figure is None
    and a shop needs it. `shops` (or `sites`) holds each shop's own figures."""
    keys = list(dict.fromkeys(k for f in per.values() for k in f if k != needs.KEY))
    out: dict = {}
    for key in keys:
        if key in pools:
            out[key] = pools[key](per)
            continue
        values = [f.get(key) for f in per.values() if f.get(key) is not None]
        out[key] = values[0] if len(values) == 1 else None
    # shown as the month's figures (cards, the index): only those every shop gives, so that a
    # sum or a mean of one shop's figure is never shown as all the shops'
    out[TOGETHER] = [k for k in pools if out.get(k) is not None
                     and all(f.get(k) is not None for f in per.values())]
    marks = {k: code for f in per.values() for k, code in (f.get(needs.KEY) or {}).items()
             if out.get(k) is None}
    if marks:
        out[needs.KEY] = marks
    out[KEY[column]] = dict(per)
    return out


def said_key(scope: str | None, key: str) -> str:
    """Where a review keeps a figure's sentence (judging.review.Review.said): its key, with
    its shop (site) in a month of several."""
    return key if scope is None else f"{scope}\x1f{key}"
