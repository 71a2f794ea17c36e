"""outputs/<MONTH>/metrics.json and index.html: every domain's status and headline figures."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from ..config import Config
from ..domains import REGISTRY
from ..months import Month
from . import export, fmt
from . import html as h
from .fmt import format_value
from .labels import Labels
from .langlink import switch
from .review import domain_review
from .shops import shop_items
from .trends import sparkline


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


def headline_items(name: str, metrics: dict, t: Labels, cfg: Config) -> list[str]:
    """'label: value (target ≥ x ✓)' for each headline figure of a domain, as markup."""
    items = []
    for hl in REGISTRY[name].headline:
        value = metrics.get(hl.metric)
        label = t.get(f"{name}.metrics.{hl.metric}") or hl.metric
        text = f"{label}：{format_value(value, hl.format, t.lang)}" if t.lang == "zh" else \
            f"{label}: {format_value(value, hl.format, t.lang)}"
        css = None
        if hl.target:
            target = cfg.target(hl.target)
            met = target.met(value)
            left, right = ("（", "）") if t.lang == "zh" else (" (", ")")
            text += f"{left}{t(f'common.target.{target.kind}')} {fmt.sign(target.better)} " \
                    f"{format_value(target.value, hl.format, t.lang)}{right}"
            if met is not None:
                css = "good" if met else "bad"
        items.append(h.tag("li", h.esc(text), class_=css))
    return items


def render_index(m: Month, lang: str, metrics: dict, manifest: dict,
                 trends: dict | None = None, other_lang: bool = False) -> str:
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
                headline_items(name, figures, t, cfg)
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
    header = h.tag("header", h.tag("h1", h.esc(t("common.index.title", month=str(m))))
                   + h.tag("p", h.esc(t("common.page.generated",
                                        at=datetime.now().strftime("%Y-%m-%d %H:%M"))),
                           class_="meta") + switch(t.lang, other_lang), class_="report-header")
    review = (h.tag("h2", h.esc(t("common.index.review")), id="s-review", class_="section")
              + h.tag("div", written_review(metrics, manifest, t, cfg, trends), id="review"))
    domains = h.tag("h2", h.esc(t("common.index.domains")), id="s-domains", class_="section")
    return export.render_markup(header + review + domains + table + trend_tables(trends, t),
                                title=t("common.index.title", month=str(m)), lang=t.lang,
                                back="", footer=t("common.page.footer",
                                                  at=datetime.now().strftime("%Y-%m-%d %H:%M")),
                                contents=t("common.page.contents"))


def written_review(metrics: dict, manifest: dict, t: Labels, cfg: Config,
                   trends: dict | None = None) -> str:
    """The month in review, domain by domain in the seed's order: achievements, problems,
    next month's aims; each part links to the page whose figures it quotes."""
    parts = []
    for name, entry in metrics.get("domains", {}).items():
        link = manifest.get("domains", {}).get(name, {}).get("html") or f"{name}.html"
        title = h.tag("h3", h.tag("a", h.esc(t(f"common.domains.{name}")), href=link))
        if entry["status"] != "ok":
            parts.append(title + h.tag("p", h.esc(t(f"common.review.{entry['status']}")),
                                       class_="note"))
            continue
        said = domain_review(name, entry.get("metrics", {}), previous_figures(trends, name),
                             cfg, t)
        body = "".join(h.tag("p", h.esc(line)) for line in said.overview)
        for key, items in (("achievements", said.good), ("problems", said.bad),
                           ("aims", said.aims)):
            if items:
                body += h.tag("p", h.tag("strong", h.esc(t(f"common.review.{key}"))))
                body += h.bullet_list(h.esc(i) for i in items)
        parts.append(title + (body or h.tag("p", h.esc(t("common.review.nothing")),
                                            class_="note")))
    return "".join(parts)


def previous_figures(trends: dict | None, name: str) -> dict | None:
    """Last month's headline figures from the trend table, when it has that month."""
    frame = (trends or {}).get(name)
    if frame is None or frame.shape[1] < 2:
        return None
    return {k: (None if v != v else v) for k, v in frame.iloc[:, -2].items()}


def trend_tables(trends: dict | None, t: Labels) -> str:
    """Each domain's headline figures over the last months, with a sparkline per figure."""
    if not trends:
        return ""
    out = h.tag("h2", h.esc(t("common.index.trends")), id="s-trends", class_="section")
    out += h.tag("p", h.esc(t("common.index.trends_intro")), class_="intro")
    for name, frame in trends.items():
        formats = {hl.metric: hl.format for hl in REGISTRY[name].headline}
        head = "".join(h.tag("th", h.esc(c)) for c in
                       [t("common.columns.kpi"), *frame.columns, ""])
        rows = []
        for key, values in frame.iterrows():
            cells = [h.tag("td", h.esc(t.get(f"{name}.metrics.{key}") or key))]
            cells += [h.tag("td", h.esc(format_value(v, formats[key], t.lang)), class_="num")
                      for v in values]
            cells.append(h.tag("td", sparkline(list(values))))
            rows.append(h.tag("tr", "".join(cells)))
        out += h.tag("h3", h.esc(t(f"common.domains.{name}")))
        out += h.tag("table", h.tag("thead", h.tag("tr", head)) + h.tag("tbody", "".join(rows)),
                     class_="data")
    return out
