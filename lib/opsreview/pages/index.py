"""outputs/<MONTH>/metrics.json and index.html: every domain's status and headline figures."""

from __future__ import annotations

import calendar
import math
from dataclasses import replace
from datetime import datetime
from typing import Any

from opsreview.contract import needs
from opsreview.contract.config import Config
from opsreview.domains import DECLARED, REGISTRY, headlines
from opsreview.domains.compliance import metrics as compliance
from opsreview.judging import reconcile
from opsreview.judging.fmt import format_value
from opsreview.judging.insights import CHANGE, Editorial, Insight
from opsreview.judging.labels import Labels
from opsreview.judging.review import (
    Review,
    arrange,
    domain_review,
    history_insights,
    key_points,
    scorecard,
    story,
)
from opsreview.judging.verdicts import (
    BAD,
    CAVEAT,
    MET,
    MISSED,
    amount,
    caveat_words,
    domain_verdicts,
    judge,
    line_text,
)
from opsreview.month import scopes
from opsreview.month.months import Month
from opsreview.notes import html as notes_html
from opsreview.notes import sections as nt
from opsreview.pages import export, periods
from opsreview.pages import html as h
from opsreview.pages.langlink import switch
from opsreview.pages.shops import shop_items
from opsreview.pages.trends import TREND_MONTHS, gaps, known, sparkline
from opsreview.status import BROKEN, Status


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
    by its verdict (met, missed, met with a caveat). A month of several shops shows their
    figures together; when they share none, each shop's judged figures, named."""
    shown = scopes.together(metrics)  # several shops: their figures together only
    items = _items(name, metrics, t, cfg, previous, shown=shown)
    column = scopes.DOMAINS.get(name)
    if items or shown is None or not column:
        return items
    before = (previous or {}).get(scopes.KEY[column]) or {}
    return [item for scope, own in (metrics.get(scopes.KEY[column]) or {}).items()
            for item in _items(name, own, t, cfg, before.get(scope), scope, judged_only=True)]


def _items(name: str, metrics: dict, t: Labels, cfg: Config,
           previous: dict | None = None, scope: str | None = None,
           judged_only: bool = False, shown: list[str] | None = None) -> list[str]:
    """The items of headline_items: SCOPE, the shop they are of (named in each); JUDGED_ONLY:
    only the figures held against a line; SHOWN: only these figures."""
    items = []
    colour = {MET: "good", MISSED: "bad", CAVEAT: "caveat"}
    for v in domain_verdicts(name, metrics, previous, cfg, t.lang):
        if shown is not None and v.figure.key not in shown or judged_only and v.state is None:
            continue
        if needs.of(metrics, v.figure.key, name):  # what the month cannot give: 数据说明 says it
            continue
        if v.value is None:  # the page's card says 无数据; the month's summary names what it has
            continue
        label = v.figure.label(t)
        if scope is not None:
            label = t("review.point_scoped", domain=scope, text=label)
        value = format_value(v.value, v.figure.kind, t.lang)
        text = f"{label}：{value}" if t.lang == "zh" else f"{label}: {value}"
        if v.line is not None:
            left, right = ("（", "）") if t.lang == "zh" else (" (", ")")
            caveat = "" if v.state != CAVEAT else t("verdict.caveat_joined",
                                                     caveat=caveat_words(v, t))
            text += f"{left}{line_text(v, t)}{caveat}{right}"
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
        if status == Status.OK:
            figures = entry.get("metrics", {})  # compliance has per-shop figures only
            items = shop_items(figures, t) if name == "compliance" else \
                headline_items(name, figures, t, cfg, previous_figures(trends, name))
            detail = h.tag("ul", "".join(items), class_="headlines") if items else \
                h.tag("p", h.tag("a", h.esc(t("common.index.open")), href=link))
        else:  # why, for the analyst, is in 数据说明
            detail = h.tag("p", h.esc(t(f"common.index.not_built.{status}")), class_="note")
        rows.append(h.tag("tr", h.tag("td", title) + h.tag("td", detail)))
    table = h.tag("table", h.tag("thead", h.tag("tr", "".join(
        h.tag("th", h.esc(t(k))) for k in ("common.index.domain", "common.index.headline"))))
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
                                + trend_tables(trends, t, metrics)
                                + about_data(metrics, manifest, t),
                                title=title, lang=t.lang,
                                back="", footer=t("common.page.footer",
                                                  at=datetime.now().strftime("%Y-%m-%d %H:%M")),
                                contents=t("common.page.contents"))


def review_title(m: Month, t: Labels) -> str:
    """2024年2月运营工作总结 / February 2024 operations review."""
    return t("review.title", year=m.year, month=m.month, month_name=calendar.month_name[m.month])


def written_review(metrics: dict, manifest: dict, t: Labels, cfg: Config,
                   trends: dict | None = None, month_notes: nt.Notes = nt.NO_NOTES) -> str:
    """The month in review: its overview, key points and scorecard first, then domain by
    domain in the seed's order (achievements, problems, next month's aims, each by score),
    each part linking to the page whose figures it quotes and saying what that page's
    findings say. The analyst's notes (notes.md) sit beside each part. A domain with nothing
    to say is left out; why a domain has no page is said in 数据说明 at the end."""
    parts, sections = {}, []
    figures = {n: e.get("metrics") or {} for n, e in metrics.get("domains", {}).items()}
    # one quantity two inputs give differently: said once, with why (reconcile.RULES)
    apart = reconcile.stated_by_domain(reconcile.check(metrics.get("domains", {})), t)
    kpis = (metrics.get("domains", {}).get("team", {}).get("metrics") or {}).get("kpi_targets")
    blocked = _blocked(figures, cfg, t, metrics.get("month"))
    editorial = Editorial(cfg)
    for name, entry in metrics.get("domains", {}).items():
        link = manifest.get("domains", {}).get(name, {}).get("html") or f"{name}.html"
        title = h.tag("h3", h.tag("a", h.esc(t(f"common.domains.{name}")), href=link))
        said = Review()
        if entry["status"] == Status.OK:
            own = REGISTRY[name].kpi_domains
            said = domain_review(name, entry.get("metrics", {}), previous_figures(trends, name),
                                 cfg, t, [r for r in kpis or [] if r.get("domain") in own])
            if name in ("service", "campaigns") and blocked:  # a fall beside its cause
                said = arrange(replace(said, insights=[
                    replace(i, text=i.text.rstrip("。.") + blocked[i.scope])
                    if i.scope in blocked and i.side == BAD and i.kind == CHANGE
                    and not _rate(i) else i
                    for i in said.insights]), editorial)
            said.overview += apart.get(name, [])
            parts[name] = said
        sections.append((title, said, month_notes.section(name)))
    history = history_insights({n: f for n, f in (trends or {}).items() if n in parts}, t)
    points = key_points(parts, editorial, history)
    opening = h.tag("h3", h.esc(t("review.story.title")), id="s-month-notes")
    opening += "".join(h.tag("p", h.esc(line), class_="story")
                       for line in story(parts, editorial, t, history))
    opening += notes_html.part(month_notes.section(nt.MONTH_PART), nt.OVERVIEW, t, figures,
                               tell=False)
    if t.lang == "en" and any(month_notes.section(n) for n in (nt.MONTH_PART, *parts)):
        opening += h.tag("p", h.esc(t("common.notes.as_written")), class_="note")
    # a key point is said once on the index: in 本月要点, not again in its domain's part,
    # where an alert is named in brief; a part shows its most material statements (its
    # page shows every one)
    pointed, most = {i.text for i in points}, editorial.part_items
    verdicts = {(name, v.scope, v.figure.key): v for name, part in parts.items()
                for v in part.verdicts}
    named = {i.text: t("review.see_key_points", text=short)
             for i in points if (short := _pointer(i, t, verdicts))}
    blocks = []
    def shown(items: list[str]) -> list[str]:
        """A part's most material statements, each key point in brief where it ranks (a
        pointer takes no statement's place)."""
        kept = [s for s in items if s not in pointed][:most]
        return [named.get(s, s) for s in items if s in kept or s in named]

    for title, said, section in sections:
        rest = replace(said, good=shown(said.good), bad=shown(said.bad))
        body = notes_html.beside(rest, section, t, figures, tell=False)  # said once, above
        if body:
            blocks.append(title + body)
    return opening + summary(parts, points, t) + "".join(blocks)


def _rate(insight: Insight) -> bool:
    """Whether an insight is about a rate (a share, a conversion): a blocked week cuts the
    counts and the money, not what share of the buyers who came went on to pay."""
    fig = DECLARED.get((insight.domain, insight.figures[0])) if insight.figures else None
    return fig is not None and fig.kind in ("percent", "signed_percent", "ratio")


def _blocked(figures: dict, cfg: Config, t: Labels, month: str | None) -> dict[str, str]:
    """Each shop blocked or closed during the month (its penalty tier's days), as the clause
    its fall on last month is said with on the index: the cause the manager knows."""
    out: dict[str, str] = {}
    shops = (figures.get("compliance") or {}).get("shops") or {}
    if not shops or not month:  # no compliance figures (a broken config among the causes)
        return out
    rules = cfg.section("taobao_penalties")
    for shop, f in shops.items():
        days = compliance.block(f.get("penalty"), rules)
        if days is None or days[0].strftime("%Y-%m") != month:
            continue
        out[shop] = t("review.blocked", start=t.format(days[0], "date"),
                      consequence=(f.get("penalty") or {}).get(f"consequence_{t.lang}") or "")
    return out


def _pointer(insight: Insight, t: Labels, verdicts: dict) -> str:
    """A key point named in brief in its domain's part (its aims may rest on it): its own
    brief, else the figure it is about and its value (with its shop); '' when it has
    neither."""
    if insight.brief:
        return t.sentence(insight.brief)
    fig = DECLARED.get((insight.domain, insight.figures[0])) if insight.figures else None
    if fig is None:
        return ""
    v = verdicts.get((insight.domain, insight.scope, fig.key))
    label = fig.label(t) if v is None or v.value is None else \
        t("review.pointer", label=fig.label(t), value=amount(v.value, fig, t))
    return t("review.of_shop", name=insight.scope, text=label) if insight.scope else label


def summary(parts: dict, points: list, t: Labels) -> str:
    """本月要点 (POINTS: every alert, then the month's highest-scoring wins and problems,
    records and unusual moves among them: review.key_points) and the scorecard: one screen
    for the month."""
    out = h.tag("h3", h.esc(t("review.key_points")), id="s-key-points")
    if points:
        out += h.tag("ul", "".join(
            h.tag("li", h.esc(t("review.point_scoped" if i.scope else "review.point",
                                domain=t(f"common.domains.{i.domain}"), text=i.text)),
                  class_=i.side)
            for i in points), class_="findings key-points")
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


def about_data(metrics: dict, manifest: dict, t: Labels) -> str:
    """数据说明 / About the data: what the month's files lack — a domain without a page and
    why, a page kept from an earlier build, the figures that need an export the month does
    not have — said once, for the analyst, at the end of the index and never in the review."""
    items = []
    for name, entry in metrics.get("domains", {}).items():
        domain = t(f"common.domains.{name}")
        status, man = entry["status"], manifest.get("domains", {}).get(name, {})
        if status == Status.NO_DATA:
            items.append(h.esc(t("review.about_data.no_data", domain=domain)))
        elif status in BROKEN:
            items.append(h.esc(t(f"review.about_data.{status}", domain=domain, error=""))
                         + h.tag("pre", h.esc(entry.get("error") or ""))
                         + h.tag("a", h.esc(t("review.about_data.error_page")),
                                 href=f"{name}.error.html"))
        if man.get("stale"):
            items.append(h.esc(t("review.about_data.stale", domain=domain)))
        figures = entry.get("metrics") or {}
        column = scopes.DOMAINS.get(name)
        scoped = (figures.get(scopes.KEY[column]) or {}) if column else {}
        for scope, own in (scoped.items() if len(scoped) > 1 else [(None, figures)]):
            where = domain if scope is None else t("review.point_scoped", domain=domain,
                                                   text=scope)
            for need, keys in needs.grouped(own, name).items():
                labels = [t.get(f"{name}.metrics.{k}") or k for k in keys]
                items.append(h.esc(t("review.about_data.needs", domain=where, n=len(keys),
                                     source=need.source(t), figures=t("review.sep").join(labels))))
    # folded away, for whoever compiles the review; the print leaves it out (style.css)
    body = h.tag("p", h.esc(t("review.about_data.intro")), class_="intro")
    body += h.tag("ul", "".join(h.tag("li", i) for i in items)) if items else \
        h.tag("p", h.esc(t("review.about_data.none")), class_="note")
    return h.tag("details", h.tag("summary", h.tag(
        "h2", h.esc(t("review.about_data.title")), id="s-about-data", class_="section"))
        + body, class_="about-data")


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
        known = frame.notna().any(axis=0).to_numpy()  # a domain's months start with its data
        if known.any():  # (a site launched in February: no months of 无数据 before it)
            frame = frame.iloc[:, int(known.argmax()):]
        charted = frame.shape[1] >= TREND_MONTHS
        figs = {f.key: f for f in headlines(name)}
        shown = frame.columns[-SHOWN_MONTHS:]  # the line draws every month, the cells the last
        figures = ((metrics or {}).get("domains", {}).get(name) or {}).get("metrics")
        together = scopes.together(figures)
        if together is not None:
            frame = frame[frame.index.isin(together)]
        if frame.empty or frame.shape[1] < 2:  # one month is no trend yet
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
