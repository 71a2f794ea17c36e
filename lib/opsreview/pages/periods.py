"""The days a month's data covers, in words (metrics.md, "Periods and comparisons").

A page's header and the index say "数据期间 5月1日–15日（半月）" when a domain's data covers
fewer days than the calendar month, and how last month is compared: on the same days, or
not at all when last month's rows cannot be cut to them. The period itself is computed once,
by MonthData, and kept beside the domain's figures (`period` in metrics.json) so the index
says what the page says.
"""

from __future__ import annotations

from typing import Any

from opsreview.contract.catalog import IN_MONTH
from opsreview.judging.labels import Labels
from opsreview.month.monthdata import KEY
from opsreview.month.months import Month, Period
from opsreview.status import Status


def days_words(p: Period, t: Labels) -> str:
    """5月1日–15日 / 1–15 May (both months named when they differ: never within a month)."""
    import calendar

    if t.lang == "zh":
        return f"{p.start.month}月{p.start.day}日–{p.end.day}日"
    return f"{p.start.day}–{p.end.day} {calendar.month_name[p.end.month]}"


def part_words(p: Period, t: Labels) -> str:
    """半月 / half the month, else 15 天（共 31 天）/ 15 of 31 days."""
    if abs(p.days - p.month.days / 2) <= 1:
        return t("common.period.half")
    return t("common.period.days", days=p.days, month_days=p.month.days)


def partial_words(p: Period, t: Labels) -> str:
    """数据期间 5月1日–15日（半月）."""
    return t("common.period.partial", days=days_words(p, t), part=part_words(p, t))


def page_line(md: Any, dom: Any, t: Labels) -> str:
    """The header's period: the days the domain's data covers; for a partial month in
    words, with how last month is compared. A domain without a daily series gives its
    records' first and last dates, or the month's end (snapshots and ledgers)."""
    found = md.covered(d.name for d in dom.own_datasets)
    if found is not None and found.partial:
        return partial_words(found, t) + comparison(md, dom, t)
    span = found or _dated(md, dom)
    if span is None:
        return t("common.page.as_at", end=f"{md.month.end:%Y-%m-%d}")
    return t("common.page.period", start=f"{span.start:%Y-%m-%d}", end=f"{span.end:%Y-%m-%d}")


def comparison(md: Any, dom: Any, t: Labels) -> str:
    """How a partial month's changes on last month are made: on the same days of last
    month (its rows cut to them, MonthData.previous), or not at all when last month has no
    dated rows on those days."""
    prev = md.previous()
    if prev is None or not any(md.get(d.name, prev.month) is not None
                               for d in dom.own_datasets):
        return ""  # no last month to compare with at all: nothing to say
    if prev.cut and any(prev.has(d.name) for d in dom.own_datasets if d.name in prev.cut):
        same = next(iter(prev.cut.values()))
        shifted = Period(prev.month, prev.month.first_day.replace(day=same.start.day),
                         prev.month.first_day.replace(day=min(same.end.day, prev.month.days)))
        return t("common.period.same_days", days=days_words(shifted, t))
    return t("common.period.not_compared")


def _dated(md: Any, dom: Any) -> Period | None:
    """First and last date of the domain's records in MONTH (events such as visits)."""
    found = None
    for ds in dom.own_datasets:
        frame = md.get(ds.name) if ds.month_rule == IN_MONTH else None
        if frame is None or not len(frame) or ds.event_date not in frame:
            continue
        col = frame[ds.event_date]
        col = col[md.month.contains(col)]
        if len(col):
            found = Period(md.month, col.min().date(), col.max().date()).union(found)
    return found


def columns(months, figures: dict | None, t: Labels) -> list[str]:
    """A trend table's month headings, the newest marked when its data covers part of it
    (2024-05（半月）): its totals are not a whole month's."""
    out = [str(c) for c in months]
    p = Period.from_dict(Month.parse(out[-1]), (figures or {}).get(KEY)) if out else None
    if p is not None and p.partial:
        out[-1] = t("common.period.column", month=out[-1], part=part_words(p, t))
    return out


def index_line(m: Month, metrics: dict, t: Labels) -> str:
    """For the index's header: each partial period and the domains it is of ("" when every
    domain covers its whole month)."""
    groups: dict[Period, list[str]] = {}
    for name, entry in (metrics or {}).get("domains", {}).items():
        p = Period.from_dict(m, (entry.get("metrics") or {}).get(KEY))
        if entry.get("status") == Status.OK and p is not None and p.partial:
            groups.setdefault(p, []).append(t(f"common.domains.{name}"))
    return t("common.period.sep").join(
        t("common.period.of_domains", period=partial_words(p, t), domains=t.join(names))
        for p, names in groups.items())


def index_note(m: Month, metrics: dict, t: Labels) -> str:
    """The index header's line for a partial month, as markup ("" for a whole month)."""
    from opsreview.pages import html as h

    line = index_line(m, metrics, t)
    return h.tag("p", h.esc(line), class_="meta period") if line else ""
