"""What a file says about itself outside its rows: its site or shop, its snapshot date, its period.

Per-site and per-shop exports carry no 站点 / 店铺 column: the value comes from a description
line above the header, then from the file name, each matched against config/entities.yml,
then from the only site or shop configured; a file naming no shop when several are configured
belongs to the first one listed (the main shop: the other shops' files name theirs). A
snapshot export without a date column takes the file name's date; a per-period export
(客服绩效) its file name's date range. The rules are declared in contract/platforms.py; the loader
is told the outcome as a `Source`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePath

from opsreview.contract import platforms as pf
from opsreview.month.months import Month


@dataclass(frozen=True)
class Source:
    """What the loader is told about a file beyond its bytes (part of its cache key)."""

    fill: tuple[tuple[str, str], ...] = ()  # (column, value) for a column the file lacks
    aliases: tuple[tuple[str, str], ...] = ()  # (header, column) from config/imports.yml
    notes: tuple[str, ...] = ()  # where the context came from, for `make validate`
    # (column, ((spelling, configured value), ...)): the sites / shops a row may name
    known: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()


@dataclass
class Decision:
    value: str | None = None
    how: str = ""
    error: str | None = None
    notes: list[str] = field(default_factory=list)


def dates_in_name(file: str) -> list[dt.date]:
    """The dates written in a file name, in order (`20240430`, `2024-04-01至2024-04-30`)."""
    out = []
    for y, m, d in pf.DATE_IN_NAME.findall(PurePath(file).stem):
        try:
            out.append(dt.date(int(y), int(m), int(d)))
        except ValueError:
            continue
    return out


def snapshot_date(file: str, month: Month) -> Decision:
    """A snapshot's day: the file name's (last) date, else MONTH's last day."""
    dates = dates_in_name(file)
    if dates:
        return Decision(f"{dates[-1]:%Y-%m-%d}", "from the file name")
    return Decision(f"{month.last_day:%Y-%m-%d}", f"no date in the file name: {month}'s last day")


def period(file: str, month: Month) -> tuple[dt.date, dt.date, str]:
    """A per-period export's first and last day: the file name's date range, else MONTH."""
    dates = dates_in_name(file)
    if len(dates) >= 2:
        return dates[-2], dates[-1], "from the file name"
    start, end = month.first_day, month.last_day
    return start, end, f"no date range in the file name: all of {month}"


def _spellings(kind: str, entities: dict) -> dict[str, list[str]]:
    """Configured value -> every spelling of it that may appear in a file's context."""
    out: dict[str, list[str]] = {}
    for entry in entities.get(f"{kind}s", []) or []:
        if not isinstance(entry, dict) or not entry.get(kind):
            continue
        value = str(entry[kind])
        names = [value, *(str(a) for a in entry.get("aliases", []) or [])]
        if entry.get("name"):
            names.append(str(entry["name"]))
        out[value] = sorted({n for n in names if n.strip()}, key=len, reverse=True)
    return out


def known_names(entities: dict) -> dict[str, tuple[tuple[str, str], ...]]:
    """Per entity column (site, shop): every spelling config/entities.yml gives, with the
    configured value it stands for; a column of a dataset must hold one of them."""
    return {kind: tuple((n, value) for value, names in _spellings(kind, entities).items()
                        for n in names)
            for kind in pf.ENTITY_COLUMNS if entities.get(f"{kind}s")}


def _named(kind: str, where: str, text: str, file: str) -> list[str]:
    """Names a text gives explicitly (`店铺名称：X`, a domain, the platform's file-name slot)."""
    if where == "lines":
        names = pf.NAMED_IN_LINE[kind].findall(text)
        if kind == "site":
            names += pf.DOMAIN_NAME.findall(text)
        return names
    if kind == "site":
        return pf.DOMAIN_NAME.findall(text)
    return [m.group(1) for e in pf.EXPORTS if e.shop_in_name
            for m in [e.shop_in_name.search(file)] if m]


def entity(kind: str, lines: list[str], file: str, entities: dict) -> Decision:
    """The site or shop of a file that has no such column, and where it was found."""
    known = _spellings(kind, entities)
    places = (("lines", "\n".join(lines), "a description line"),
              ("name", PurePath(file).stem, "the file name"))
    for _, text, said in places:
        hits = [value for value, names in known.items() if any(n in text for n in names)]
        if len(hits) == 1:
            return Decision(hits[0], f"from {said}")
        if len(hits) > 1:
            return Decision(error=f"{said} names several {kind}s of config/entities.yml "
                                  f"({', '.join(hits)}): keep one {kind} per file, or add a "
                                  f"{'店铺' if kind == 'shop' else '站点'} column")
    for where, text, said in places:  # a name given, but not one config/entities.yml lists
        named = [n for n in _named(kind, where, text, file) if n]
        if named:
            return Decision(error=f"{said} names the {kind} {named[0]!r}, which "
                                  f"config/entities.yml does not list: add it under `{kind}s:` "
                                  f"as `- {kind}: {named[0]}` (or as an alias of a listed "
                                  f"{kind})")
    if len(known) == 1:
        only = next(iter(known))
        return Decision(only, "the only one in config/entities.yml")
    if kind == "shop" and known:  # the main shop: files of the others name their shop
        first = next(iter(known))
        return Decision(first, "the first shop of config/entities.yml (the file names none)")
    listed = ", ".join(known) or "none listed"
    return Decision(how=f"not given (no {kind} column; none of the configured {kind}s "
                        f"[{listed}] in its description lines or file name)")
