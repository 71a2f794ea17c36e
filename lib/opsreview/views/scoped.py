"""A page of a month with several shops (sites): the same sections once per shop, each drawn
from that shop's rows and figures (metrics.<domain>.shops.<shop>), so a deal is never held
against another shop's baseline and an agent is listed under the shop he works for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import scopes
from ..monthdata import MonthData


@dataclass
class Scope:
    index: int
    name: str | None  # None: the month as a whole (one shop, or none named)
    md: MonthData
    figures: dict
    tabs: Any


def each(page, tables: Callable, tabs: Any, column: str = "shop",
         keep_empty: tuple[str, ...] = ()) -> list[Scope]:
    """Each shop's (site's) scope, its tables drawn from its rows; the one whole month (TABS
    as they are) when the month has fewer than two. The notebook calls `enter` on each."""
    per = (page.metrics or {}).get(scopes.KEY[column]) or {}
    if len(per) < 2:
        return [Scope(0, None, page.md, page.metrics or {}, tabs)]
    out = []
    for i, (name, figures) in enumerate(per.items(), start=1):
        md = scopes.only(page.md, column, name, keep_empty)
        out.append(Scope(i, name, md, figures, tables(md, page.cfg, figures)))
    return out


def enter(page, scope: Scope | None) -> None:
    """The page's sections from here on are SCOPE's (None: the month's again)."""
    page.scope(0, None) if scope is None else page.scope(scope.index, scope.name)


def findings(page, each_scope: list[Scope], extra: Callable) -> list[tuple]:
    """The view's own observations, scope by scope, each opening with its shop's name; the
    figure an observation restates is the shop's (scopes.said_key)."""
    out = []
    for s in each_scope:
        items = extra(s.figures, s.tabs, page.cfg, page.t)
        out += items if s.name is None else [  # a sentence naming its shop already stays
            (item[0], item[1] if s.name in item[1] else page.t(
                "common.page.scoped", name=s.name, title=item[1]),
             *[scopes.said_key(s.name, k) for k in item[2:]]) for item in items]
    return out


together = scopes.together  # the cards of a month of several shops


def several(page, column: str = "shop") -> bool:
    return len((page.metrics or {}).get(scopes.KEY[column]) or {}) > 1
