"""A page of a month with several shops (sites): the same sections once per shop, each drawn
from that shop's rows and figures (metrics.<domain>.shops.<shop>), so a deal is never held
against another shop's baseline and an agent is listed under the shop he works for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from opsreview.domains.tables import Tables
from opsreview.month import scopes
from opsreview.month.monthdata import MonthData
from opsreview.pages import charts


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
        return whole(page, tabs)
    out = []
    for i, (name, figures) in enumerate(per.items(), start=1):
        md = scopes.only(page.md, column, name, keep_empty)
        out.append(Scope(i, name, md, figures, tables(md, page.cfg, figures)))
    return out


def whole(page, tabs: Any) -> list[Scope]:
    """The month as its one scope: the page of a domain never drawn shop by shop, whose
    sections are still one notebook cell each (`Outline`)."""
    return [Scope(0, None, page.md, page.metrics or {}, tabs)]


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
                f"review.of_{scopes.DOMAINS.get(page.domain.name, 'shop')}", name=s.name,
                text=item[1]),
             *[scopes.said_key(s.name, k) for k in item[2:]]) for item in items]
    return out


together = scopes.together  # the cards of a month of several shops


def several(page, column: str = "shop") -> bool:
    return len((page.metrics or {}).get(scopes.KEY[column]) or {}) > 1


def tidy(each_scope: list[Scope], column: str = "shop") -> Any:
    """The tables the page shows, for an analyst: each one long DataFrame holding every
    shop's (site's) rows, COLUMN first, when the month has several (each shop's rows are
    the ones its sections show, figured on its own data); the month's tables as they are
    when it has one. A setting that differs by shop (a threshold) is a dict by shop."""
    if len(each_scope) < 2:
        return each_scope[0].tabs
    out = {}
    for key in vars(each_scope[0].tabs):
        values = {s.name: getattr(s.tabs, key, None) for s in each_scope}
        frames = [v.assign(**{column: name})[[column, *v.columns.drop(column, errors="ignore")]]
                  for name, v in values.items() if isinstance(v, pd.DataFrame)]
        if frames:  # empty ones left out: they would decide no column's type
            out[key] = pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)
        else:
            first = next(iter(values.values()))
            same = all(v is first or (not isinstance(v, dict) and v == first)
                       for v in values.values())
            out[key] = first if same else values
    return Tables(**out)


class Outline:
    """A page's sections as its notebook's cells, one cell each: `@outline.section` over a
    function drawing the section for one scope (`def traffic(s)`, S a `Scope`: `s.tabs`,
    `s.figures`). Under a build with several shops (sites), `draw()` draws every section
    shop by shop, the page's order; otherwise (one shop, or an analyst's kernel) each cell
    draws its section at once, for every shop, and running the cell again redraws it."""

    def __init__(self, page, each_scope: list[Scope]) -> None:
        self.page, self.scopes, self.parts = page, each_scope, {}
        self.at_once = len(each_scope) < 2 or charts.inline()

    def section(self, draw: Callable) -> Callable:
        self.parts[draw.__name__] = draw
        if self.at_once:
            self._each([draw])
        return draw

    def draw(self) -> None:
        if not self.at_once:
            self._each(list(self.parts.values()))

    def _each(self, parts: list[Callable]) -> None:
        for s in self.scopes:
            if s.name is not None:
                enter(self.page, s)
            for draw in parts:
                draw(s)
        enter(self.page, None)
