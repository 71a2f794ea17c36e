"""A headline figure's history for an analyst: its months as a Series, and a chart of it
against its target, read from figure_cache (each month's figures as the build kept them for
the index's trends; a month not yet kept is computed once and kept, no page is rebuilt).

    from opsreview.explore.history import figure_history, history_chart
    figure_history("service.first_response_mean_seconds")       # Series by month
    history_chart(figure_history("site.daily_uv"), color="#333333", ax=ax)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from opsreview.build.figure_cache import month_figures
from opsreview.contract.config import Config
from opsreview.domains import domain, figure
from opsreview.judging.fmt import format_value
from opsreview.judging.labels import Labels
from opsreview.month.months import Month, folders
from opsreview.pages import charts
from opsreview.paths import PROCESSED_DIR, RAW_DIR


def figure_history(name: str, months: list[str] | None = None, raw_dir: Path = RAW_DIR,
                   processed_dir: Path = PROCESSED_DIR) -> pd.Series:
    """NAME ("<domain>.<key>", a domains.HEADLINES figure, as metrics.json names it) in each
    month folder under RAW_DIR (or MONTHS, "YYYY-MM"), oldest first, indexed by month; NaN
    for a month without its data. `series.attrs["figure"]` is the "<domain>.<key>"."""
    domain_name, _, key = name.partition(".")
    figure(domain_name, key)  # an unknown figure says so (KeyError naming it)
    dom, cfg = domain(domain_name), Config()
    chosen = [Month.parse(m) for m in months] if months else folders(raw_dir)
    values = {str(m): month_figures(dom, m, Path(raw_dir), Path(processed_dir), cfg).get(key)
              for m in chosen}
    series = pd.Series(values, dtype=float, name=key)
    series.index.name = "month"
    series.attrs["figure"] = name
    return series


@charts.drawable
def history_chart(series: pd.Series, lang: str | None = None):
    """A figure_history Series as a line over its months, with the figure's target (or
    benchmark) line from config/targets.yml; style arguments as every chart's."""
    charts.apply_theme()  # the house style and its CJK font, as Page.open sets them
    t = Labels(lang)
    fig_ = figure(*series.attrs["figure"].split(".", 1))
    line_key = fig_.judged_by
    reference = None
    if line_key is not None:
        value = Config().target(line_key).value
        word = t("common.target.target" if fig_.target else "common.target.benchmark")
        reference = (value, f"{word} {format_value(value, fig_.kind, t.lang)}")
    frame = series.rename("value").reset_index()
    return charts.line(frame, "month", {"value": fig_.label(t)}, fig_.label(t),
                       reference=reference, percent=fig_.kind == "percent")
