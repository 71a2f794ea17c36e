"""What a domain notebook calls: load the month, compute, and show it as a report page.

A notebook stays thin: `page = Page.open("site", month, ...)`, then `page.headline()`,
`page.section(...)`, `page.figure(...)`, `page.table(...)`, `page.findings(...)`, `page.save()`.
Every string that comes from data is escaped here before it is shown as HTML.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from opsreview.build.figure_cache import month_figures
from opsreview.contract import needs
from opsreview.contract.config import Config
from opsreview.domains import Domain, domain
from opsreview.domains.team.metrics import kpis_for
from opsreview.errors import DataError
from opsreview.files import atomic_write
from opsreview.judging import reconcile, verdicts
from opsreview.judging.fmt import format_value
from opsreview.judging.labels import Labels
from opsreview.judging.review import Review, domain_review
from opsreview.month.monthdata import MonthData
from opsreview.month.months import folders
from opsreview.notes import html as notes_html
from opsreview.notes import sections as nt
from opsreview.pages import charts, periods, picture
from opsreview.pages import html as h
from opsreview.pages.kpis import display as kpi_display
from opsreview.pages.outputs import metrics_path
from opsreview.paths import PROCESSED_DIR, RAW_DIR
from opsreview.status import Status


class StopReport(Exception):
    """Raised after the page said why it cannot go on (no data, invalid input)."""


def newest_month(raw_dir: Path = RAW_DIR) -> str:
    months = folders(raw_dir)
    if not months:
        raise FileNotFoundError(f"no month folders (YYYY-MM) under {raw_dir}")
    return str(months[-1])


def _display(markup: str) -> None:
    from IPython.display import HTML, display

    display(HTML(markup))


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
        self.status = Status.OK
        self.error: str | None = None
        self.notes: nt.Section | None = None  # this domain's section of notes.md
        self.scoped: tuple[int, str] | None = None  # `scope`: the shop (site) of the sections

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
        page.notes = nt.read_month(raw, md.month).section(name)
        page._compute()
        return page

    def _compute(self) -> None:
        try:
            if not any(self.md.has(d.name) for d in self.domain.own_datasets):
                self.status = Status.NO_DATA
            else:
                self.metrics = self.domain.compute(self.md, self.cfg)
                if self.metrics is None:
                    self.status = Status.NO_DATA
                self.previous = self._previous()
        except DataError as exc:
            self.status, self.error = Status.INVALID, str(exc)

    def _previous(self) -> dict | None:
        """Last month's figures (None without them), as the index's trends read them: from
        figure_cache, computed once per change of that month's inputs and kept for the
        trends, so the page and the index compare with the same figures. A last month whose
        files do not load has none: a page whose own figures do not read them builds."""
        prev = self.md.previous()
        if prev is None:
            return None
        if prev.dirs is None or prev.dirs[1] is None:  # frames in memory, or no cache
            own = any(prev.has(d.name) for d in self.domain.own_datasets)
            return self.domain.compute(prev, self.cfg) if own else None
        return month_figures(self.domain, prev.month, *prev.dirs, self.cfg) or None

    # --- for an analyst in the notebook ----------------------------------------------------
    @property
    def data(self) -> dict[str, pd.DataFrame]:
        """The month's frames of this domain's datasets, by catalog name (`page.data["orders"]`),
        as validated (buyer columns included: never print them on a page)."""
        frames = ((d.name, self.md.get(d.name)) for d in self.domain.datasets)
        return {name: frame for name, frame in frames if frame is not None}

    def explore(self, tables: Any = None) -> pd.DataFrame:
        """What a notebook can reach after Page.open, with rows and columns: each dataset
        (`page.data[name]`) and each table of TABLES (a view's `tables(md, cfg, figures)`,
        domains.tables.Tables: `tabs.name`; or a dict). Shown by the notebooks' Explore cell,
        which the report leaves out."""
        found = [("page.data", name, frame) for name, frame in self.data.items()]
        items = tables if isinstance(tables, dict) else \
            tables.frames() if hasattr(tables, "frames") else vars(tables or {})
        found += [("tabs", name, v) for name, v in items.items() if isinstance(v, pd.DataFrame)]
        table = pd.DataFrame([{"where": f"{where}.{name}" if where == "tabs" else
                               f'{where}["{name}"]', "rows": len(frame),
                               "columns": ", ".join(map(str, frame.columns))}
                              for where, name, frame in found])
        try:
            from IPython.display import display
        except ImportError:  # outside Jupyter: the caller prints the table
            return table
        display(table)
        return table

    # --- page parts ---------------------------------------------------------------------
    def header(self) -> None:
        """Title, month, the period the data covers, and when the page was generated."""
        t = self.t
        meta = [
            t("common.page.month", month=str(self.month)),
            periods.page_line(self.md, self.domain, t),
            t("common.page.generated", at=datetime.now().strftime("%Y-%m-%d %H:%M")),
        ]
        markup = h.tag("header", h.tag("h1", h.esc(t(f"common.domains.{self.domain.name}")))
                       + h.tag("p", " · ".join(h.esc(m) for m in meta), class_="meta"),
                       class_="report-header")
        _display(markup)
        if self.status != Status.OK:
            self._stop()

    def _stop(self) -> None:
        t = self.t
        if self.status == Status.NO_DATA:
            body = h.tag("p", h.esc(t("common.page.no_data", month=str(self.month))))
        else:
            body = h.tag("p", h.esc(t("common.page.invalid"))) + h.tag("pre", h.esc(self.error))
        _display(h.tag("div", body, class_=f"notice {self.status}"))
        self.save()
        if charts.inline():  # an analyst's kernel: the page's cells stop, the notebook goes on
            from opsreview.explore.lab import skip_page_cells

            skip_page_cells(self.domain.notebook)
            return
        raise StopReport(self.status)

    def headline(self, keys: list[str] | None = None) -> None:
        """Cards: figure, its line with the verdict (met, missed, met with a caveat), and its
        change on last month coloured by the figure's direction of good."""
        # a figure the month's exports cannot give has no card: 数据说明 on the index says it
        shown = [v for v in self.verdicts() if (keys is None or v.figure.key in keys)
                 and self._needs(v) is None]
        cards = [self._card(v) for v in shown]
        _display(h.tag("div", "".join(cards), class_="cards"))

    def verdicts(self) -> list[verdicts.Verdict]:
        """This month's verdict on each headline figure (the same the index and review read)."""
        return verdicts.domain_verdicts(self.domain.name, self.metrics or {}, self.previous,
                                        self.cfg, self.lang)

    def _needs(self, v: verdicts.Verdict) -> needs.Needs | None:
        return needs.of(self.metrics, v.figure.key, self.domain.name)

    def _card(self, v: verdicts.Verdict) -> str:
        t, fig = self.t, v.figure
        parts = [h.tag("div", h.esc(fig.label(t)), class_="label"),
                 h.tag("div", h.esc(format_value(v.value, fig.kind, self.lang)),
                       class_="value")]
        css = "card"
        if v.line is not None:
            shown = f"{verdicts.line_text(v, t)} {verdicts.mark(v, t)}".strip()
            parts.append(h.tag("div", h.esc(shown), class_="target"))
            css += "" if v.state is None else f" {v.state}"
        if v.state == verdicts.CAVEAT:
            parts.append(h.tag("div", h.esc(verdicts.caveat_words(v, t)), class_="caveat"))
        if v.move is not None:
            parts.append(h.tag("div", h.esc(verdicts.versus(v, t)),
                               class_=f"change {v.trend or 'neutral'}"))
        return h.tag("div", "".join(parts), class_=css)

    def section(self, key: str, source: Any = None) -> bool:
        """A heading (for the table of contents), its explanation and, folded, how its
        figures are counted (`<section>.method`, when the labels have one). When `source`, the
        table the section is drawn from, is a `Needs` (its export is missing), nothing, and
        False: the notebook skips the section (数据说明 on the index says what it needs)."""
        base = f"{self.domain.name}.sections.{key}"
        intro = self.t.get(f"{base}.intro")
        title, anchor = self.t(f"{base}.title"), f"s-{key}"
        if self.scoped is not None:  # one shop's sections: its name in each heading
            title = self.t("common.page.scoped", name=self.scoped[1], title=title)
            anchor = f"s-{key}-{self.scoped[0]}"
        if isinstance(source, needs.Needs):
            return False
        markup = h.tag("h2", h.esc(title), id=anchor, class_="section")
        if intro:
            markup += h.tag("p", h.esc(intro), class_="intro")
        _display(markup + self.method(self.t.get(f"{base}.method")))
        return True

    def method(self, text: str | None) -> str:
        """How a section's figures are counted, folded under 口径说明 (never printed): the
        analyst's and the curious reader's, not the headline's."""
        if not text:
            return ""
        return h.tag("details", h.tag("summary", h.esc(self.t("common.page.method")))
                     + h.tag("p", h.esc(text)), class_="method")

    def scope(self, index: int, name: str | None) -> None:
        """The sections from here on are one shop's (site's), the INDEXth: its name heads
        each, and their anchors are its own; None: the month's again."""
        self.scoped = None if name is None else (index, name)

    def figure(self, fig, caption: str | None = None) -> None:
        """A chart; a `Needs` in its place (an export the month lacks) is left out."""
        if isinstance(fig, needs.Needs):
            return
        if charts.inline():  # an analyst's kernel: the chart itself (image/png), once
            from IPython.display import display

            display(fig)
            charts.plt.close(fig)
            return
        _display(picture.figure(fig, caption))

    def table(self, frame: pd.DataFrame, formats: dict[str, str] | None = None,
              headers: dict[str, str] | None = None, max_rows: int = h.MAX_ROWS,
              totals: int = 0) -> None:
        """A table with headers from `<domain>.columns.<col>` unless given: its first
        `max_rows` rows, then its last `totals` rows (a total row stays when rows are cut),
        and a note of how many rows there are."""
        if isinstance(frame, needs.Needs):  # an export the month lacks: left out
            return
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

    def review(self) -> Review:
        """The domain's part of the written review: the index shows the same."""
        kpis = kpis_for(self.md, self.cfg, self.domain.kpi_domains)
        return domain_review(self.domain.name, self.metrics or {}, self.previous, self.cfg,
                             self.t, [] if kpis is None else kpis.to_dict("records"))

    def findings(self, extra: list[tuple] = ()) -> None:
        """The domain's part of the review (achievements, problems, next month's aims, the
        same as on the index), then the page's own observations (`extra`: plain facts, tagged
        with the verdicts' sides; aims come from the review part only). An observation
        (side, text, figure) restating a figure the review has said is left out: each thing
        is said once."""
        said = self.review()
        extra = [item[:2] for item in extra if len(item) < 3 or item[2] not in said.said]
        t = self.t
        self.section_heading("findings", t("common.page.findings"))
        figures = {self.domain.name: self.metrics or {}}  # placeholders: its own figures
        markup = notes_html.part(self.notes, nt.OVERVIEW, t, figures)
        for label, css, key in notes_html.REVIEW_PARTS:
            items, note = notes_html.generated(said, key), notes_html.part(self.notes, key, t,
                                                                           figures)
            if key == nt.LESSONS:  # 其他情况: what is neither achievement nor problem
                details = said.overview + [text for _, text in extra]
                if details:
                    markup += h.tag("h3", h.esc(t("common.findings.details")))
                    markup += h.tag("ul", "".join(h.tag("li", h.esc(d), class_="info")
                                                  for d in details), class_="findings")
            if key == nt.AIMS:
                label = "common.findings.aims"
            if items or note:
                markup += h.tag("h3", h.esc(t(label)))
            if items:
                markup += h.tag("ul", "".join(h.tag("li", h.esc(i), class_=css) for i in items),
                                class_="findings" if css else "aims")
            markup += note
        _display(markup)

    def kpis(self) -> None:
        """The domain's hand-kept figures (kpis.csv) with last month's values; no section
        in a month without them."""
        domains = self.domain.kpi_domains
        table = kpis_for(self.md, self.cfg, domains)
        if table is not None:  # a figure the findings say (a group's work, a verdict): once
            table = table[~table["kpi"].isin(self.review().said)]
        if table is None or table.empty:
            return
        self.section_heading("kpis", self.t("common.page.kpis"))
        _display(h.tag("p", h.esc(self.t("common.page.kpis_intro")), class_="intro")
                 + self.method(self.t("common.page.kpis_method")))
        shown = kpi_display(table, self.t, with_domain=domains is None or len(domains) > 1)
        # a hand-kept figure the page also computes: agrees, or both said (reconcile.RULES)
        beside = reconcile.beside_kpis(reconcile.check(
            {self.domain.name: {"metrics": self.metrics or {}}}, self.md.get("kpis")), self.t)
        if any(k in beside for k in table["kpi"]):
            shown["beside"] = [beside.get(k, "") for k in table["kpi"]]
        self.table(shown, dict.fromkeys(("value", "previous", "change", "target", "beside"),
                                        "text"), max_rows=80)

    def section_heading(self, key: str, title: str) -> None:
        _display(h.tag("h2", h.esc(title), id=f"s-{key}", class_="section"))

    def save(self) -> None:
        """Write status and metrics for the runner (same values the page showed); returns
        nothing, so a notebook's last cell shows nothing more."""
        record = {"status": self.status, "error": self.error, "metrics": self.metrics or {}}
        if self.output_dir is not None:
            atomic_write(metrics_path(self.output_dir, self.domain.name),
                         json.dumps(record, ensure_ascii=False, indent=1, default=str))


def _quiet_ipython() -> None:
    """Show StopReport as nothing more than the page's own notice: no traceback."""
    try:
        ip = get_ipython()  # type: ignore[name-defined]  # noqa: F821
    except NameError:
        return
    ip.set_custom_exc((StopReport,), lambda *a, **k: None)
