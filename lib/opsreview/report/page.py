"""What a domain notebook calls: load the month, compute, and show it as a report page.

A notebook stays thin: `page = Page.open("site", month, ...)`, then `page.headline()`,
`page.section(...)`, `page.figure(...)`, `page.table(...)`, `page.findings(...)`, `page.save()`.
Every string that comes from data is escaped here before it is shown as HTML.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from .. import charts
from ..catalog import IN_MONTH
from ..config import Config
from ..domains import Domain, domain
from ..errors import DataError
from ..metrics.team import kpis_for
from ..monthdata import MonthData
from ..months import Month
from ..paths import PROCESSED_DIR, RAW_DIR
from . import findings, fmt, picture
from . import html as h
from .fmt import format_value
from .kpis import display as kpi_display
from .labels import Labels

STATUS_OK, STATUS_NO_DATA, STATUS_INVALID = "ok", "no_data", "invalid"


class StopReport(Exception):
    """Raised after the page said why it cannot go on (no data, invalid input)."""


def newest_month(raw_dir: Path = RAW_DIR) -> str:
    months = sorted(p.name for p in Path(raw_dir).iterdir() if _month_name(p.name))
    if not months:
        raise FileNotFoundError(f"no month folders (YYYY-MM) under {raw_dir}")
    return months[-1]


def _month_name(name: str) -> bool:
    try:
        Month.parse(name)
    except ValueError:
        return False
    return True


def _display(markup: str) -> None:
    from IPython.display import HTML, display

    display(HTML(markup))


def metrics_path(output_dir: Path, name: str) -> Path:
    return Path(output_dir) / f"{name}.metrics.json"


class Page:
    """One domain's report page for one month."""

    def __init__(self, dom: Domain, md: MonthData, lang: str, output_dir: Path | None) -> None:
        self.domain = dom
        self.md = md
        self.month = md.month
        self.t = Labels(lang)
        self.lang = self.t.lang
        self.cfg = Config()
        self.output_dir = Path(output_dir) if output_dir else None
        self.metrics: dict[str, Any] | None = None
        self.previous: dict[str, Any] | None = None
        self.status = STATUS_OK
        self.error: str | None = None

    @classmethod
    def open(
        cls,
        name: str,
        month: str | None = None,
        lang: str | None = None,
        raw_dir: str | Path | None = None,
        processed_dir: str | Path | None = None,
        output_dir: str | Path | None = None,
    ) -> Page:
        """Load and compute the domain for MONTH (default: the newest month with data)."""
        charts.apply_theme()
        _quiet_ipython()
        raw = Path(raw_dir) if raw_dir else RAW_DIR
        processed = Path(processed_dir) if processed_dir else PROCESSED_DIR
        month = month or newest_month(raw)
        md = MonthData.from_dirs(month, raw, processed)
        page = cls(domain(name), md, lang, output_dir)
        page._compute()
        return page

    def _compute(self) -> None:
        try:
            if not any(self.md.has(d.name) for d in self.domain.own_datasets):
                self.status = STATUS_NO_DATA
            else:
                self.metrics = self.domain.compute(self.md, self.cfg)
                if self.metrics is None:
                    self.status = STATUS_NO_DATA
                prev = self.md.previous()
                if prev is not None and any(prev.has(d.name) for d in self.domain.own_datasets):
                    self.previous = self.domain.compute(prev, self.cfg)
        except DataError as exc:
            self.status, self.error = STATUS_INVALID, str(exc)

    # --- page parts ---------------------------------------------------------------------
    def header(self) -> None:
        """Title, month, the period the data covers, and when the page was generated."""
        t = self.t
        period = self._period()
        meta = [
            t("common.page.month", month=str(self.month)),
            t("common.page.period", start=period[0], end=period[1]) if period else
            t("common.page.as_at", end=f"{self.month.end:%Y-%m-%d}"),
            t("common.page.generated", at=datetime.now().strftime("%Y-%m-%d %H:%M")),
        ]
        markup = h.tag("header", h.tag("h1", h.esc(t(f"common.domains.{self.domain.name}")))
                       + h.tag("p", " · ".join(h.esc(m) for m in meta), class_="meta"),
                       class_="report-header")
        _display(markup)
        if self.status != STATUS_OK:
            self._stop()

    def _period(self) -> tuple[str, str] | None:
        """First and last day of the month's own records (files dated within the month);
        None for a domain of snapshots and year-to-date ledgers (team, compliance)."""
        lows, highs = [], []
        for ds in self.domain.own_datasets:
            frame = self.md.get(ds.name) if ds.month_rule == IN_MONTH else None
            if frame is not None and len(frame):
                col = frame[ds.event_date]
                col = col[self.month.contains(col)]
                if len(col):
                    lows.append(col.min())
                    highs.append(col.max())
        if not lows:
            return None
        return min(lows).strftime("%Y-%m-%d"), max(highs).strftime("%Y-%m-%d")

    def _stop(self) -> None:
        t = self.t
        if self.status == STATUS_NO_DATA:
            body = h.tag("p", h.esc(t("common.page.no_data", month=str(self.month))))
        else:
            body = h.tag("p", h.esc(t("common.page.invalid"))) + h.tag("pre", h.esc(self.error))
        _display(h.tag("div", body, class_=f"notice {self.status}"))
        self.save()
        raise StopReport(self.status)

    def headline(self, keys: list[str] | None = None,
                 caveats: dict[str, str] | None = None) -> None:
        """Cards: figure, target or benchmark with met/missed, change on last month; a
        caveat (metric -> text) marks a card whose met target does not tell the whole story."""
        heads = [hl for hl in self.domain.headline if keys is None or hl.metric in keys]
        cards = [self._card(hl.metric, hl.format, hl.target, (caveats or {}).get(hl.metric))
                 for hl in heads]
        _display(h.tag("div", "".join(cards), class_="cards"))

    def _card(self, key: str, kind: str, target_key: str | None,
              caveat: str | None = None) -> str:
        t = self.t
        value = (self.metrics or {}).get(key)
        parts = [h.tag("div", h.esc(self.metric_label(key)), class_="label"),
                 h.tag("div", h.esc(format_value(value, kind, self.lang)), class_="value")]
        css = "card"
        if target_key:
            target = self.cfg.target(target_key)
            met = target.met(value)
            word = t(f"common.target.{target.kind}")
            shown = f"{fmt.sign(target.better)} {format_value(target.value, kind, self.lang)}"
            status = "" if met is None else t(f"common.target.{'met' if met else 'missed'}")
            parts.append(h.tag("div", h.esc(f"{word} {shown} {status}".strip()),
                               class_="target"))
            css += "" if met is None else (" met" if met else " missed")
        if caveat:
            parts.append(h.tag("div", h.esc(caveat), class_="caveat"))
            css += " caveat"
        prev = (self.previous or {}).get(key)
        if prev is not None and value is not None and isinstance(value, int | float):
            change = t("common.findings.level") if value == prev else \
                fmt.change(value, prev, kind, self.lang)
            parts.append(h.tag("div", h.esc(t("common.page.vs_previous", change=change,
                                                   previous=format_value(prev, kind, self.lang))),
                               class_="change"))
        return h.tag("div", "".join(parts), class_=css)

    def metric_label(self, key: str) -> str:
        return self.t.get(f"{self.domain.name}.metrics.{key}") or key

    def section(self, key: str) -> None:
        """A heading (for the table of contents) and its explanation."""
        base = f"{self.domain.name}.sections.{key}"
        intro = self.t.get(f"{base}.intro")
        markup = h.tag("h2", h.esc(self.t(f"{base}.title")), id=f"s-{key}", class_="section")
        if intro:
            markup += h.tag("p", h.esc(intro), class_="intro")
        _display(markup)

    def figure(self, fig, caption: str | None = None) -> None:
        _display(picture.figure(fig, caption))

    def table(self, frame: pd.DataFrame, formats: dict[str, str] | None = None,
              headers: dict[str, str] | None = None, max_rows: int = h.MAX_ROWS,
              totals: int = 0) -> None:
        """A table with headers from `<domain>.columns.<col>` unless given: its first
        `max_rows` rows, then its last `totals` rows (a total row stays when rows are cut),
        and a note of how many rows there are."""
        if frame is None or frame.empty:
            self.note(self.t("common.page.no_rows"))
            return
        labels = {c: self.t.get(f"{self.domain.name}.columns.{c}")
                  or self.t.get(f"common.columns.{c}") or c for c in frame.columns}
        labels.update(headers or {})
        rows = len(frame) - totals
        shown = frame if rows <= max_rows else pd.concat(
            [frame.head(max_rows), frame.tail(totals) if totals else frame.head(0)])
        _display(h.table(shown, formats, labels, self.lang))
        if rows > max_rows:
            self.note(self.t("common.page.rows_shown", shown=max_rows, total=rows))

    def note(self, text: str) -> None:
        _display(h.tag("p", h.esc(text), class_="note"))

    def alert(self, text: str) -> None:
        _display(h.tag("div", h.esc(text), class_="alert"))

    def findings(self, extra: list[tuple[str, str]] = ()) -> None:
        """Plain sentences, achievements first: targets met or missed (headline figures, then
        the domain's hand-kept ones), the domain's own observations (`extra`, each tagged
        good / bad / info), moves on last month; then next month's aims: missed targets'
        actions and the observations tagged aim."""
        metrics = self.metrics or {}
        kpis = kpis_for(self.md, self.cfg, self.domain.kpi_domains)
        items = (findings.target_sentences(self.domain.name, metrics, self.previous, self.cfg,
                                             self.t)
                 + ([] if kpis is None else findings.kpi_sentences(kpis.to_dict("records"),
                                                                    self.t))
                 + [item for item in extra if item[0] != findings.AIM]
                 + findings.change_sentences(self.domain.name, metrics, self.previous, self.t))
        order = {"good": 0, "bad": 1, "info": 2}
        items = sorted(items, key=lambda kv: order.get(kv[0], 3))
        self.section_heading("findings", self.t("common.page.findings"))
        lis = [h.tag("li", h.esc(text), class_=kind) for kind, text in items]
        aims = findings.actions(self.domain.name, metrics, self.cfg, self.t) + [
            text for kind, text in extra if kind == findings.AIM]
        markup = h.tag("ul", "".join(lis), class_="findings")
        if aims:
            markup += h.tag("h3", h.esc(self.t("common.findings.aims")))
            markup += h.bullet_list(h.esc(a) for a in aims)
        _display(markup)

    def kpis(self) -> None:
        """The domain's hand-kept figures (kpis.csv) with last month's values."""
        self.section_heading("kpis", self.t("common.page.kpis"))
        _display(h.tag("p", h.esc(self.t("common.page.kpis_intro")), class_="intro"))
        domains = self.domain.kpi_domains
        table = kpis_for(self.md, self.cfg, domains)
        if table is None or table.empty:
            self.note(self.t("common.page.no_kpis"))
            return
        shown = kpi_display(table, self.t, with_domain=domains is None or len(domains) > 1)
        self.table(shown, dict.fromkeys(("value", "previous", "change", "target"), "text"),
                   max_rows=80)

    def section_heading(self, key: str, title: str) -> None:
        _display(h.tag("h2", h.esc(title), id=f"s-{key}", class_="section"))

    def save(self) -> dict[str, Any]:
        """Write status and metrics for the runner (same values the page showed)."""
        record = {"status": self.status, "error": self.error, "metrics": self.metrics or {}}
        if self.output_dir is not None:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            path = metrics_path(self.output_dir, self.domain.name)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1, default=str),
                           encoding="utf-8")
            os.replace(tmp, path)
        return record


def _quiet_ipython() -> None:
    """Show StopReport as nothing more than the page's own notice: no traceback."""
    try:
        ip = get_ipython()  # type: ignore[name-defined]  # noqa: F821
    except NameError:
        return
    ip.set_custom_exc((StopReport,), lambda *a, **k: None)
