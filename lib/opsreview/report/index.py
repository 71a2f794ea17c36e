"""outputs/<MONTH>/metrics.json and index.html: every domain's status and headline figures."""

from __future__ import annotations

import calendar
import math
from datetime import datetime
from typing import Any

from .. import needs, scopes
from .. import notes as nt
from ..config import Config
from ..domains import REGISTRY
from ..figures import headlines
from ..months import Month
from . import export, notes_html, periods
from . import html as h
from .fmt import format_value
from .labels import Labels
from .langlink import switch
from .review import Review, domain_review, key_points, scorecard
from .shops import shop_items
from .trends import TREND_MONTHS, gaps, known, sparkline
from .verdicts import CAVEAT, MET, MISSED, domain_verdicts, judge, line_text


def clean(value: Any) -> Any:
    """JSON-safe: NaN/inf become null, numpy scalars plain Python, tuples lists."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def metrics_document(m: Month, manifest: dict, records: dict, old_metrics: dict) -> dict:
    """The metrics.json of metrics.md: one entry per built domain, in registry order."""
    domains = dict(old_metrics.get("domains", {}))
    for name, rec in records.items():
        domains[name] = {"status": rec["status"], "error": rec.get("error"),
                         "metrics": rec.get("metrics") or {}}
    return clean({"month": str(m),
                  "domains": {n: domains[n] for n in REGISTRY if n in domains}})


def headline_items(name: str, metrics: dict, t: Labels, cfg: Config,
                   previous: dict | None = None) -> list[str]:
    """'label: value (target ≥ x)' for each headline figure of a domain, as markup, coloured
    by its verdict (met, missed, met with a caveat)."""
    items = []
    colour = {MET: "good", MISSED: "bad", CAVEAT: "caveat"}
    shown = scopes.together(metrics)  # several shops: their figures together only
    for v in domain_verdicts(name, metrics, previous, cfg, t.lang):
        if shown is not None and v.figure.key not in shown:
            continue
        label = v.figure.label(t)
        value = needs.shown(metrics, v.figure.key, v.figure.kind, name, t)  # or what it needs
        text = f"{label}：{value}" if t.lang == "zh" else f"{label}: {value}"
        if v.line is not None:
            left, right = ("（", "）") if t.lang == "zh" else (" (", ")")
            text += f"{left}{line_text(v, t)}{right}"
        items.append(h.tag("li", h.esc(text), class_=colour.get(v.state or "")))
    return items


def render_index(m: Month, lang: str, metrics: dict, manifest: dict,
                 trends: dict | None = None, other_lang: bool = False,
                 month_notes: nt.Notes = nt.NO_NOTES) -> str:
    t = Labels(lang)
    cfg = Config()
    rows = []
    for name, entry in metrics.get("domains", {}).items():
        man = manifest.get("domains", {}).get(name, {})
        status = entry["status"]
        link = man.get("html") or f"{name}.html"
        title = h.tag("a", h.esc(t(f"common.domains.{name}")), href=link)
        badge = h.tag("span", h.esc(t(f"common.status.{status}")), class_=f"status {status}")
        detail = ""
        if status == "ok":
            figures = entry.get("metrics", {})  # compliance has per-shop figures only
            items = shop_items(figures, t) if name == "compliance" else \
                headline_items(name, figures, t, cfg, previous_figures(trends, name))
            detail = h.tag("ul", "".join(items), class_="headlines") if items else \
                h.tag("p", h.tag("a", h.esc(t("common.index.open")), href=link))
        if entry.get("error"):
            detail += h.tag("pre", h.esc(entry["error"]))
            if status in ("invalid", "failed"):
                detail += h.tag("p", h.tag("a", h.esc(t("common.page.error_page")),
                                           href=f"{name}.error.html"), class_="note")
        if man.get("stale"):
            detail += h.tag("p", h.esc(t("common.index.stale_page")), class_="note")
        rows.append(h.tag("tr", h.tag("td", title) + h.tag("td", badge) + h.tag("td", detail)))
    table = h.tag("table", h.tag("thead", h.tag("tr", "".join(
        h.tag("th", h.esc(t(k))) for k in
        ("common.index.domain", "common.index.status", "common.index.headline"))))
        + h.tag("tbody", "".join(rows)), class_="data wide")
    title = review_title(m, t)
    header = h.tag("header", h.tag("h1", h.esc(title))
                   + h.tag("p", h.esc(t("common.page.generated",
                                        at=datetime.now().strftime("%Y-%m-%d %H:%M"))),
                           class_="meta") + periods.index_note(m, metrics, t)
                   + switch(t.lang, other_lang), class_="report-header")
    review = (h.tag("h2", h.esc(t("common.index.review")), id="s-review", class_="section")
              + h.tag("div", written_review(metrics, manifest, t, cfg, trends,
                                                      month_notes), id="review"))
    domains = h.tag("h2", h.esc(t("common.index.domains")), id="s-domains", class_="section")
    return export.render_markup(header + review + domains + table
                                + trend_tables(trends, t, metrics),
                                title=title, lang=t.lang,
                                back="", footer=t("common.page.footer",
                                                  at=datetime.now().strftime("%Y-%m-%d %H:%M")),
                                contents=t("common.page.contents"))


def review_title(m: Month, t: Labels) -> str:
    """2024年2月运营工作总结 / February 2024 operations review."""
    return t("review.title", year=m.year, month=m.month, month_name=calendar.month_name[m.month])


def written_review(metrics: dict, manifest: dict, t: Labels, cfg: Config,
                   trends: dict | None = None, month_notes: nt.Notes = nt.NO_NOTES) -> str:
    """The month in review: its key points and scorecard first, then domain by domain in the
    seed's order (achievements, problems, next month's aims), each part linking to the page
    whose figures it quotes and saying what that page's findings say. The analyst's notes
    (notes.md) sit beside each part, marked as theirs."""
    parts, blocks = {}, []
    figures = {n: e.get("metrics") or {} for n, e in metrics.get("domains", {}).items()}
    kpis = (metrics.get("domains", {}).get("team", {}).get("metrics") or {}).get("kpi_targets")
    for name, entry in metrics.get("domains", {}).items():
        link = manifest.get("domains", {}).get(name, {}).get("html") or f"{name}.html"
        title = h.tag("h3", h.tag("a", h.esc(t(f"common.domains.{name}")), href=link))
        section = month_notes.section(name)
        if entry["status"] != "ok":
            blocks.append(title + h.tag("p", h.esc(t(f"common.review.{entry['status']}")),
                                        class_="note")
                          + notes_html.beside(Review(), section, t, figures))
            continue
        own = REGISTRY[name].kpi_domains
        said = domain_review(name, entry.get("metrics", {}), previous_figures(trends, name),
                             cfg, t, [r for r in kpis or [] if r.get("domain") in own])
        parts[name] = said
        body = "".join(h.tag("p", h.esc(line)) for line in said.overview)
        body += notes_html.beside(said, section, t, figures)
        blocks.append(title + (body or h.tag("p", h.esc(t("common.review.nothing")),
                                             class_="note")))
    opening = notes_html.part(month_notes.section(nt.MONTH_PART), nt.OVERVIEW, t, figures)
    if opening:
        opening = h.tag("h3", h.esc(t("common.notes.month")), id="s-month-notes") + opening
    return opening + summary(parts, t) + "".join(blocks)


def summary(parts: dict, t: Labels) -> str:
    """本月要点 (the largest misses and wins) and the scorecard: one screen for the month."""
    points = key_points(parts, t)
    out = h.tag("h3", h.esc(t("review.key_points")), id="s-key-points")
    if points:
        out += h.tag("ul", "".join(
            h.tag("li", h.esc(t("review.point_scoped" if scope else "review.point",
                                domain=t(f"common.domains.{name}"), text=text)), class_=side)
            for name, side, text, scope in points), class_="findings key-points")
    else:
        out += h.tag("p", h.esc(t("review.no_key_points")), class_="note")
    score = {n: c for n, c in scorecard(parts).items() if sum(c.values())}
    if not score:
        return out
    total = {k: sum(c[k] for c in score.values()) for k in (MET, MISSED, CAVEAT)}
    line = t("review.scorecard.total", met=total[MET], missed=total[MISSED])
    if total[CAVEAT]:
        line += t("review.scorecard.caveat", n=total[CAVEAT])
    head = "".join(h.tag("th", h.esc(t(f"review.scorecard.{k}")))
                   for k in ("domain", "met", "missed", "caveats"))
    rows = "".join(h.tag("tr", h.tag("td", h.esc(t(f"common.domains.{n}"))) + "".join(
        h.tag("td", h.esc(str(c[k])), class_="num") for k in (MET, MISSED, CAVEAT)))
        for n, c in score.items())
    out += h.tag("p", h.tag("strong", h.esc(line)), class_="scorecard-total")
    out += h.tag("table", h.tag("thead", h.tag("tr", head)) + h.tag("tbody", rows),
                 class_="data scorecard")
    return out


def previous_figures(trends: dict | None, name: str) -> dict | None:
    """Last month's headline figures from the trend table: the calendar month before the
    newest column (None when that month has no data: never an older month's); for a
    partial month, last month on the same days (trends.headline_history), as its page."""
    frame = (trends or {}).get(name)
    if frame is None or frame.shape[1] < 1:
        return None
    if "previous" in frame.attrs:
        return frame.attrs["previous"]
    before = str(Month.parse(str(frame.columns[-1])).previous())
    if before not in frame.columns:
        return None
    out = {k: (v if known(v) else None) for k, v in frame[before].items()}
    scoped = frame.attrs.get("scoped", {}).get(before, {})
    if not scoped and all(v is None for v in out.values()):
        return None
    return {**out, **scoped}


SHOWN_MONTHS = 6  # months with their figures in a trend table; its line draws up to twelve


def trend_tables(trends: dict | None, t: Labels, metrics: dict | None = None) -> str:
    """Each domain's headline figures over the last months: a plain table while there are
    fewer than TREND_MONTHS months, then with a sparkline beside each figure's name, coloured
    by its direction of good (green when its last move was better, red when worse, grey
    without one); a table wider than the page scrolls. A domain of several shops this month
    shows the figures every shop gives (scopes.together), as its cards do."""
    if not trends:
        return ""
    out = h.tag("h2", h.esc(t("common.index.trends")), id="s-trends", class_="section")
    out += h.tag("p", h.esc(t("common.index.trends_intro")), class_="intro")
    for name, frame in trends.items():
        charted = frame.shape[1] >= TREND_MONTHS
        figs = {f.key: f for f in headlines(name)}
        shown = frame.columns[-SHOWN_MONTHS:]  # the line draws every month, the cells the last
        figures = ((metrics or {}).get("domains", {}).get(name) or {}).get("metrics")
        together = scopes.together(figures)
        if together is not None:
            frame = frame[frame.index.isin(together)]
        if frame.empty:
            continue
        head = "".join(h.tag("th", h.esc(c)) for c in
                       [t("common.columns.kpi"), *([""] if charted else []),
                        *periods.columns(shown, figures, t)])
        rows = []
        for key, values in frame.iterrows():
            fig = figs[key]
            cells = [h.tag("td", h.esc(fig.label(t)))]  # the trend beside its name: seen first
            if charted:
                cells.append(h.tag("td", sparkline(list(values), trend_of(fig, values))))
            cells += [h.tag("td", h.esc(format_value(v, fig.kind, t.lang)), class_="num")
                      for v in values[shown]]
            rows.append(h.tag("tr", "".join(cells)))
        out += h.tag("h3", h.esc(t(f"common.domains.{name}")))
        missing = gaps(frame)
        if missing:  # a month without data keeps its column; the note says which
            out += h.tag("p", h.esc(t("common.index.trend_gaps",
                                      months=t.join(missing))),
                         class_="note")
        out += h.tag("table", h.tag("thead", h.tag("tr", head)) + h.tag("tbody", "".join(rows)),
                     class_="data trend")
    return out


def trend_of(fig, values) -> str | None:
    """better / worse / same on the last known month and the calendar month before it, by
    the figure's direction (None when that month has no data: no move across a gap)."""
    values = list(values)
    last = max((i for i, v in enumerate(values) if known(v)), default=None)
    if last is None or last == 0 or not known(values[last - 1]):
        return None
    v = judge(fig, {fig.key: values[last]}, {fig.key: values[last - 1]}, Config())
    return v.trend
