"""The hand-kept figures (kpis.csv) in words: each under its name in the page's language
(Labels.kpi), its value with its unit, the change on last month in that unit (points for %),
and the target with ✓ / ✗; one column per fact."""

from __future__ import annotations

import pandas as pd

from opsreview.judging import fmt
from opsreview.judging.labels import Labels


def with_unit(value: float | None, unit: str | None, t: Labels,
              kpi: str | None = None) -> str | None:
    """82% / 18 小时 / 7 个 / 500 元 / 3 plans (the unit as Labels.kpi_unit writes it for KPI);
    None when there is no value (the table says no data)."""
    if value is None or value != value:
        return None
    if unit == "CNY":  # money reads as money does everywhere: 200元 / CNY 200
        return fmt.money(value, t.lang)
    word = t.kpi_unit(kpi, unit)
    if t.lang == "en" and abs(value) == 1 and len(word) > 1 and word.endswith("s"):
        word = word[:-1]  # 1 plan, 1 day
    number = fmt.number(value, t.lang)
    return number + word if unit == "%" or not word else f"{number} {word}"


def change_text(change: float | None, unit: str | None, t: Labels,
                kpi: str | None = None) -> str | None:
    """+22 个百分点 for a % figure, +3 个 otherwise, 持平 when it did not move."""
    if change is None or change != change:
        return None
    if change == 0:
        return t("common.findings.level")
    if unit == "%":
        return fmt.points(change / 100, t.lang)
    text = with_unit(change, unit, t, kpi)
    return text if text.startswith("-") else "+" + text


def target_text(row: dict, t: Labels) -> str | None:
    """≥ 90% ✓ 达标: the target in the figure's unit and whether the month met it; an
    industry benchmark says so (行业基准 ≤ 24 小时 ✓ 达标), as the review's sentence does."""
    if row.get("target") is None or row["target"] != row["target"]:
        return None
    text = f"{fmt.sign(row['target_better'])} " \
           f"{with_unit(row['target'], row['unit'], t, row.get('kpi'))}"
    if row.get("target_kind") == "benchmark":
        text = f"{t('common.target.benchmark')} {text}"
    met = row.get("target_met")
    if met is None or met != met:
        return text
    return f"{text} {t('common.target.met' if met else 'common.target.missed')}"


def display(table: pd.DataFrame, t: Labels, with_domain: bool) -> pd.DataFrame:
    """kpi_table rows as the page shows them; columns with nothing in them are left out."""
    rows = table.to_dict("records")
    shown = pd.DataFrame({
        "label": [t.kpi(r["domain"], r["kpi"], r["label"]) for r in rows],
        "value": [with_unit(r["value"], r["unit"], t, r["kpi"]) for r in rows],
        "previous": [with_unit(r["previous"], r["unit"], t, r["kpi"]) for r in rows],
        "change": [change_text(r["change"], r["unit"], t, r["kpi"]) for r in rows],
        "target": [target_text(r, t) for r in rows],
    })
    shown = shown.drop(columns=[c for c in ("previous", "change", "target")
                                if shown[c].isna().all()])
    if "target" in shown:  # a figure without a target has none, which is not missing data
        shown["target"] = shown["target"].fillna("—")
    if with_domain:
        shown.insert(0, "domain", [t.enum("kpis", "domain", c) for c in table["domain"]])
    return shown
