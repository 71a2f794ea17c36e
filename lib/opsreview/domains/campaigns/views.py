"""Charts, display tables and sentences of the campaigns page, from domains.campaigns.metrics.

The platform deal's entry rules are judged by domains.compliance.metrics's checklist on shop_status
(the compliance dataset of the same month folder), for the Tmall shops of config/entities.yml.
Orders carry a buyer column: no table or sentence here ever reads it.
"""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from opsreview.domains import headlines
from opsreview.domains.campaigns import metrics as m
from opsreview.domains.compliance import metrics as mc
from opsreview.domains.compliance import views as vc
from opsreview.domains.tables import Tables, drawn_from, given, no_data_figure
from opsreview.judging.fmt import format_value
from opsreview.judging.labels import Labels
from opsreview.month.scopes import together
from opsreview.pages import charts

KINDS = ("platform_deal", "full_reduction", "coupon", "bundle")
KIND_COLORS = dict(zip(KINDS, (charts.PALETTE[1], charts.PALETTE[2], charts.PALETTE[4],
                               charts.PALETTE[5]), strict=True))
DEAL_PLATFORM = "tmall"  # deal_entry holds the rules of Tmall's official deals (聚划算)

# Formats of the display tables, for page.table.
FORMATS = {
    "sales": {"days": "int", "orders": "int", "units": "int", "gmv": "money", "aov": "money",
              "aov_uplift": "signed_percent", "conversion": "percent"},
    "returns": {"gmv": "money", "cost": "money", "roi": "ratio",
                "margin_change": "points"},
    "coupons": {"issued": "int", "redeemed": "int", "redemption": "percent"},
    "bundles": {"window_orders": "int", "bundle_orders": "int", "share": "percent"},
    "incidents": {"respond_minutes": "minutes", "fix_minutes": "minutes"},
    "shops": {"gmv": "money", "orders": "int", "visitors": "int", "conversion": "percent",
              "aov": "money", "campaigns": "int", "baseline_days": "int"},
}


def _missing(value) -> bool:
    return value is None or bool(pd.isna(value))


def _yes(value) -> bool:
    """True for a true flag (numpy's too); False for false, None or NaN."""
    return not _missing(value) and bool(value)


# --- the month's tables ---------------------------------------------------------------------
def tables(md, cfg, figures: dict | None = None) -> Tables:
    """Every table the page shows; a table is None when a file it needs is absent.

    FIGURES are the page's metrics (domains.campaigns.metrics.compute); computed here when not
    given, so the tables and the headline cards always show the same numbers.
    """
    month = md.month
    campaigns, traffic = md.get("campaigns"), m.shops_together(md.get("shop_traffic"))
    orders, incidents = m.month_orders(md), md.get("campaign_incidents")
    if figures is None:
        figures = m.compute(md, cfg) or {}
    roi = cfg.target("campaign_roi").value
    fix_line = cfg.target("rule_bug_fix_minutes").value
    complaint_line = cfg.target("rule_bug_complaint_minutes").value
    have = campaigns is not None and orders is not None
    return Tables(
        timeline=None if traffic is None and orders is None else
        m.daily_timeline(traffic, orders, campaigns, month),
        windows=None if campaigns is None else m.campaign_windows(campaigns, month),
        campaigns=None if campaigns is None else m.campaign_table(campaigns, orders, traffic,
                                                                   month, roi),
        kinds=None if campaigns is None else m.kind_totals(campaigns, orders, traffic, month),
        rules=None if campaigns is None else campaigns[["campaign_id", "kind", "threshold",
                                                        "discount"]],
        baseline=baseline_figures(campaigns, orders, traffic, month, cfg.holidays),
        deal=None if campaigns is None else deal_table(campaigns, orders, traffic, month,
                                                       figures, roi),
        coupons=m.coupon_funnel(campaigns, orders) if have else None,
        bundles=m.bundle_table(campaigns, orders) if have else None,
        incidents=None if incidents is None else _named(
            m.incident_timeline(incidents, fix_line, complaint_line), campaigns),
        shops=deal_shops(md.get("shop_status"), cfg),
        deal_rules=cfg.section("deal_entry"), roi_benchmark=roi, fix_line=fix_line,
        complaint_line=complaint_line,
    )


def baseline_figures(campaigns, orders, traffic, month, holidays=()) -> SimpleNamespace:
    """What campaigns are held against: baseline days, their visitors, baseline orders' AOV,
    and the holidays (config entities.yml) among those days: [(name, days)]."""
    none = pd.DataFrame(columns=["start_at", "end_at"])
    dates = m.baseline_dates(campaigns if campaigns is not None else none, month)
    base = None if orders is None else m.baseline_orders(orders)
    inside = []
    for h in holidays if campaigns is not None else ():
        n = int(((dates >= pd.Timestamp(h["from"])) & (dates <= pd.Timestamp(h["to"]))).sum())
        if n:
            inside.append((h["name"], n))
    return SimpleNamespace(
        holidays=inside, days=len(dates) if campaigns is not None else None,
        visitors_per_day=None if traffic is None else m.mean_visitors(traffic, dates),
        aov=None if base is None else m.aov(base),
        margin_rate=None if base is None else m.margin_rate(base))


def deal_table(campaigns, orders, traffic, month, figures: dict,
               roi_benchmark: float | None) -> pd.DataFrame | None:
    """The platform deal against baseline days / orders and the industry ROI, with the
    break-even ROI and the margin left after cost that domains.campaigns.metrics computes."""
    deals = m.of_kind(campaigns, "platform_deal")
    if deals.empty:
        return None
    rows = []

    def add(measure, value, compare=None, compare_kind=None, change=None, kind="number",
            change_kind="number"):
        rows.append({"measure": measure, "value": value, "compare": compare,
                     "compare_kind": compare_kind, "change": change, "kind": kind,
                     "change_kind": change_kind})

    if traffic is not None:
        add("visitors", figures.get("deal_visitors"), kind="int")
        add("visitors_per_day", m.mean_visitors(traffic, m.running_dates(deals, month)),
            m.mean_visitors(traffic, m.baseline_dates(campaigns, month)), "baseline",
            figures.get("deal_traffic_uplift"), "int", "signed_percent")
    if orders is not None:
        roi = figures.get("deal_roi")
        add("units", figures.get("deal_units"), kind="int")
        add("gmv", figures.get("deal_gmv"), kind="money")
        add("margin_rate", figures.get("deal_margin_rate"),
            m.margin_rate(m.baseline_orders(orders)), "baseline",
            figures.get("deal_margin_change"), "percent", "points")
        add("cost", figures.get("deal_cost"), kind="money")
        add("roi", roi, roi_benchmark, "industry",
            None if roi is None or roi_benchmark is None else roi - roi_benchmark, "ratio")
        if figures.get("deal_break_even_roi") is not None:
            add("break_even_roi", figures["deal_break_even_roi"], roi, "actual", kind="ratio")
            add("margin_after_cost", figures.get("deal_margin_after_cost"), kind="money")
    return pd.DataFrame(rows, columns=["measure", "value", "compare", "compare_kind", "change",
                                       "kind", "change_kind"])


def deal_shops(status: pd.DataFrame | None, cfg) -> list[SimpleNamespace]:
    """The Tmall shops of shop_status with domains.compliance.metrics's deal-entry checklist.

    Every shop of shop_status when config/entities.yml gives none of them a platform.
    """
    if status is None:
        return []
    deal = cfg.section("deal_entry")
    platform = status["shop"].map(cfg.platforms)
    rows = status[platform == DEAL_PLATFORM] if platform.notna().any() else status
    out = []
    for _, row in rows.iterrows():
        checklist = mc.deal_checklist(row, deal)
        out.append(SimpleNamespace(name=row["shop"], checklist=checklist,
                                   eligible=mc.deal_eligible(checklist)))
    return out


def _named(incidents: pd.DataFrame, campaigns: pd.DataFrame | None) -> pd.DataFrame:
    """The incident timeline with its campaign's name (None when unknown)."""
    names = {} if campaigns is None else dict(zip(campaigns["campaign_id"], campaigns["name"],
                                                  strict=True))
    return incidents.assign(campaign=[names.get(c) for c in incidents["campaign_id"]])


# --- words --------------------------------------------------------------------------------
def rule(kind: str, threshold, discount, t: Labels) -> str:
    """The rule as the trade writes it: 满200减30 / 7.5折; CNY 30 off 200 / 25% off in English."""
    if t.lang == "zh":
        return m.rule_text(kind, threshold, discount) or ""
    if _missing(discount):
        return ""
    if m.is_rate(discount):
        key = "bundle_off" if kind == "bundle" else "rate_off"
        return t(f"campaigns.rules.{key}", off=format_value(discount, "percent", "en"))
    if _missing(threshold):
        return t("campaigns.rules.off", off=f"{discount:g}")
    return t("campaigns.rules.off_over", off=f"{discount:g}", over=f"{threshold:g}")


def _hours(minutes, t: Labels) -> str:
    """60 -> 1 小时 / 1 h: the lines of the incidents chart."""
    return t.format(minutes / 60, "hours")


def baseline_note(tabs: SimpleNamespace, t: Labels) -> str | None:
    """One sentence: what this month's campaigns are measured against."""
    b = tabs.baseline
    if b.days is None and b.aov is None:
        return None
    said = t("campaigns.notes.baseline", days=t.format(b.days, "int"),
             visitors=t.format(b.visitors_per_day, "int"), aov=t.format(b.aov, "money"),
             margin=t.format(b.margin_rate, "percent"))
    for name, n in b.holidays:  # a holiday flatters the uplifts
        said += t("campaigns.notes.holiday", n=t.format(n, "int"), holiday=name[t.lang])
    return said


def note_refunds(page, figures: dict | None = None) -> None:
    """GMV with its refunds beside it, when the order report gives refunds (FIGURES: one
    shop's, else the page's)."""
    figures = (page.metrics if figures is None else figures) or {}
    if figures.get("refunded") is not None:
        page.note(page.t("campaigns.notes.refunds", gmv=page.t.format(figures["gmv"], "money"),
                         refunded=page.t.format(figures["refunded"], "money")))


def note_baseline(page, tabs: SimpleNamespace) -> None:
    """The baseline sentence under a section, when the month has the data for it."""
    text = baseline_note(tabs, page.t)
    if text:
        page.note(text)


# --- display tables -----------------------------------------------------------------------
def _rows(tabs: SimpleNamespace, t: Labels) -> pd.DataFrame | None:
    """One row per campaign, and after the campaigns of a kind that has several, their total."""
    table = tabs.campaigns
    if table is None or table.empty:
        return None
    rules = {r.campaign_id: rule(r.kind, r.threshold, r.discount, t)
             for r in tabs.rules.itertuples()} if tabs.rules is not None else {}
    shown = table.assign(kind_label=[t.enum("campaigns", "kind", k) for k in table["kind"]],
                         rule=[rules.get(c, "") for c in table["campaign_id"]])
    totals = {} if tabs.kinds is None else {r["kind"]: r for r in tabs.kinds.to_dict("records")}
    records: list[dict] = []
    for kind, group in shown.groupby("kind", sort=False):
        records += group.to_dict("records")
        if kind in totals:
            total = totals[kind]
            label = group["kind_label"].iloc[0]
            records.append({**total, "kind_label": label, "rule": "",
                            "name": t("campaigns.together", kind=label, n=total["campaigns"])})
    return pd.DataFrame(records, columns=list(shown.columns)).rename(
        columns={"kind_label": "kind_name"})


def sales_table(tabs: SimpleNamespace, t: Labels) -> pd.DataFrame | None:
    """Per campaign: kind, rule, days, orders, units, GMV, AOV against baseline, conversion."""
    rows = _rows(tabs, t)
    if rows is None:
        return None
    cols = ["name", "kind_name", "rule", "days", "orders", "units", "gmv", "aov", "aov_uplift",
            "conversion"]
    return rows.reindex(columns=cols).rename(columns={"kind_name": "kind"})


def returns_table(tabs: SimpleNamespace, t: Labels) -> pd.DataFrame | None:
    """Per campaign: cost, ROI and where it stands against the industry, margin change."""
    rows = _rows(tabs, t)
    if rows is None:
        return None
    bench = tabs.roi_benchmark
    rows = rows.reindex(columns=["name", "kind_name", "gmv", "cost", "roi", "margin_change"])
    rows.insert(5, "roi_vs_industry", [_versus(r, bench, t) for r in rows["roi"]])
    return rows.rename(columns={"kind_name": "kind"})


def _versus(roi, benchmark, t: Labels) -> str:
    if _missing(roi) or benchmark is None:
        return t("campaigns.roi_vs.unknown")
    key = "above" if roi > benchmark else "below" if roi < benchmark else "equal"
    return t(f"campaigns.roi_vs.{key}", benchmark=t.format(benchmark, "ratio"))


@given
def deal_display(deal: pd.DataFrame, t: Labels) -> pd.DataFrame:
    """The deal's figures written out: each row has its own unit, so cells are text."""
    def show(value, kind):
        return "" if _missing(value) else t.format(value, kind)

    def change(value, kind):
        if _missing(value):
            return ""
        text = t.format(value, kind)
        return text if kind != "number" or text.startswith("-") else "+" + text

    return pd.DataFrame({
        "measure": [t(f"campaigns.measures.{k}") for k in deal["measure"]],
        "deal": [show(v, k) for v, k in zip(deal["value"], deal["kind"], strict=True)],
        "compare": ["" if _missing(v) else t(f"campaigns.compare.{c}", value=show(v, k))
                    for v, c, k in zip(deal["compare"], deal["compare_kind"], deal["kind"],
                                       strict=True)],
        "difference": [change(v, k) for v, k in zip(deal["change"], deal["change_kind"],
                                                    strict=True)]})


def checklist_table(tabs: SimpleNamespace, t: Labels) -> pd.DataFrame | None:
    """The deal's entry rules per shop: the compliance page's own table."""
    table = vc.deal_table(SimpleNamespace(shops=tabs.shops, deal=tabs.deal_rules), t)
    return None if table.empty else table


@given
def coupons_table(coupons: pd.DataFrame, tabs: SimpleNamespace, t: Labels) -> pd.DataFrame:
    rules = {r.campaign_id: rule(r.kind, r.threshold, r.discount, t)
             for r in tabs.rules.itertuples()}
    return coupons.assign(rule=[rules.get(c, "") for c in coupons["campaign_id"]])[
        ["name", "rule", "issued", "redeemed", "redemption"]]


@given
def bundles_table(bundles: pd.DataFrame) -> pd.DataFrame:
    return bundles[["name", "window_orders", "bundle_orders", "share"]]


@given
def incidents_table(incidents: pd.DataFrame, t: Labels) -> pd.DataFrame:
    """Per incident: when, which campaign, what, minutes to respond and fix, and the verdict."""
    return pd.DataFrame({
        "detected_at": incidents["detected_at"].dt.strftime("%m-%d %H:%M"),
        "campaign": [n or "" for n in incidents["campaign"]],
        "group": [t(f"campaigns.groups.{g}") for g in incidents["group"]],
        "kind": [t.enum("campaign_incidents", "kind", k) for k in incidents["kind"]],
        "respond_minutes": incidents["respond_minutes"],
        "fix_minutes": incidents["fix_minutes"],
        "state": [_state(r, t) for r in incidents.itertuples()]})


def _state(row, t: Labels) -> str:
    if not row.fixed:
        return t("campaigns.state.open")
    if _yes(row.over_complaint_line):
        return t("campaigns.state.late", time=_hours(row.complaint_line_minutes, t))
    if _yes(row.over_fix_line):
        return t("campaigns.state.over_hour", time=_hours(row.fix_line_minutes, t))
    if _missing(row.fix_line_minutes):
        return t("campaigns.state.fixed")
    return t("campaigns.state.in_time", time=_hours(row.fix_line_minutes, t))


# --- charts -------------------------------------------------------------------------------
def _money_scale(t: Labels) -> float:
    return 10_000 if t.lang == "zh" else 1_000


def _window_labels(windows: pd.DataFrame, t: Labels) -> list[str]:
    """Short kind names; numbered when a kind has several campaigns this month."""
    counts = windows["kind"].value_counts()
    seen: dict[str, int] = {}
    out = []
    for kind in windows["kind"]:
        seen[kind] = seen.get(kind, 0) + 1
        label = t(f"campaigns.short.{kind}") if t.has(f"campaigns.short.{kind}") else kind
        out.append(f"{label} {seen[kind]}" if counts[kind] > 1 else label)
    return out


@charts.drawable
@drawn_from("campaigns.charts.timeline_title")
def timeline_chart(timeline: pd.DataFrame, windows: pd.DataFrame | None, t: Labels):
    """Visitors, orders and GMV per day in three panels, each campaign's days shaded."""
    panels = [(c, k) for c, k in (("visitors", "visitors_axis"), ("orders", "orders_axis"),
                                  ("gmv", "gmv_axis")) if c in timeline.columns]
    if not panels:
        return no_data_figure(t("campaigns.charts.timeline_title"), t)
    fig, axes = charts.figure(height=1.6 * len(panels) + 1.2, nrows=len(panels), sharex=True)
    axes = np.atleast_1d(axes)
    windows = windows if windows is not None else pd.DataFrame(columns=["kind"])
    half = pd.Timedelta(hours=12)
    for ax, (col, key) in zip(axes, panels, strict=True):
        values = timeline[col].astype(float) / (_money_scale(t) if col == "gmv" else 1)
        if col == "visitors":
            ax.plot(timeline["date"], values, color=charts.series_color(0), marker="o",
                    markersize=3, linewidth=1.6)
        else:
            ax.bar(timeline["date"], values, width=0.75, color=charts.series_color(0))
        ax.set_ylabel(t(f"campaigns.charts.{key}"), fontsize=9)
        top = values.max()
        ax.set_ylim(0, top * 1.2 if top and not pd.isna(top) else 1)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        charts.finish(ax, values="y")
        for w in windows.itertuples():
            ax.axvspan(w.first_day - half, w.last_day + half, linewidth=0, zorder=0,
                       color=KIND_COLORS.get(w.kind, charts.PALETTE[7]), alpha=0.2)
    axes[-1].set_xlim(timeline["date"].min() - half, timeline["date"].max() + half)
    levels = _label_windows(fig, axes[0], windows, t)
    title = "timeline_title" if len(windows) else "timeline_title_plain"  # nothing shaded
    charts.finish(axes[0], t(f"campaigns.charts.{title}"), title_pad=22 + LABEL_STEP * levels)
    axes[-1].xaxis.set_major_locator(mdates.DayLocator(bymonthday=range(1, 32, 3)))
    charts.finish(axes[-1], None, t("campaigns.charts.day_axis"), dates=True)
    return fig


LABEL_STEP = 14  # points between stacked window labels


def _label_windows(fig, ax, windows: pd.DataFrame, t: Labels) -> int:
    """Each window's label above the top panel, stacked when it would overlap an earlier one;
    returns how many levels were added."""
    renderer = fig.canvas.get_renderer()
    placed, top = [], 0
    for w, label in zip(windows.itertuples(), _window_labels(windows, t), strict=True):
        middle = w.first_day + (w.last_day - w.first_day) / 2
        for level in range(len(windows)):
            note = ax.annotate(label, (middle, 1.0), xycoords=("data", "axes fraction"),
                               xytext=(0, 3 + LABEL_STEP * level), textcoords="offset points",
                               ha="center", va="bottom", fontsize=9, color="black",
                               bbox={"boxstyle": "round,pad=0.2", "linewidth": 0, "alpha": 0.45,
                                     "facecolor": KIND_COLORS.get(w.kind, charts.PALETTE[7])})
            box = note.get_window_extent(renderer).expanded(1.08, 1.0)
            if not any(box.overlaps(other) for other in placed):
                break
            note.remove()
        placed.append(box)
        top = max(top, level)
    return top


def _chart_names(table: pd.DataFrame, t: Labels) -> list[str]:
    return [t("campaigns.charts.campaign_label", kind=t.enum("campaigns", "kind", k),
              name=n)
            for k, n in zip(table["kind"], table["name"], strict=True)]


@charts.drawable
@drawn_from("campaigns.charts.compare_title")
def compare_chart(table: pd.DataFrame, t: Labels):
    """Per campaign: AOV against baseline orders, and orders per visitor of its days."""
    rows = table.dropna(subset=["orders"]) if "orders" in table else table.iloc[0:0]
    if rows.empty:
        return no_data_figure(t("campaigns.charts.compare_title"), t)
    names = _chart_names(rows, t)
    colors = [KIND_COLORS.get(k, charts.PALETTE[0]) for k in rows["kind"]]
    fig, (left, right) = charts.figure(height=0.6 * len(rows) + 1.7, ncols=2, sharey=True)
    up = rows["aov_uplift"].astype(float)
    bars = left.barh(names, up.fillna(0), color=colors, height=0.6)
    charts.value_labels(left, bars, [t.format(v, "signed_percent") for v in rows["aov_uplift"]])
    left.axvline(0, color=charts.TARGET, linewidth=0.8)
    lo, hi = min(up.fillna(0).min(), 0), max(up.fillna(0).max(), 0)  # no orders: no uplift
    left.set_xlim(lo * 2.2 - 0.03 if lo < 0 else 0, hi * 1.5 + 0.05)
    charts.finish(left, t("campaigns.charts.aov_title"), t("campaigns.charts.aov_axis"),
                  values="x", percent="x", decimals=0, title_size=11)
    has_conv = "conversion" in rows and rows["conversion"].notna().any()
    conv = rows["conversion"].astype(float) if has_conv else pd.Series(0.0, index=rows.index)
    bars = right.barh(names, conv.fillna(0), color=colors, height=0.6)
    charts.value_labels(right, bars, [t.format(v, "percent")
                                      for v in (conv if has_conv else [None] * len(rows))])
    right.set_xlim(0, (conv.max() * 1.4) if has_conv and conv.max() > 0 else 0.01)
    charts.finish(right, t("campaigns.charts.conversion_title"),
                  t("campaigns.charts.conversion_axis"), values="x", percent="x", decimals=1,
                  title_size=11)
    left.invert_yaxis()
    fig.suptitle(t("campaigns.charts.compare_title"), x=0.01, ha="left", fontsize=13)
    return fig


@charts.drawable
@drawn_from("campaigns.charts.deal_title")
def deal_chart(deal: pd.DataFrame, t: Labels):
    """The deal against the baseline: daily visitors, margin rate, and ROI against the trade
    with the ROI that would just pay its cost at the deal's margin."""
    d = deal.set_index("measure")
    panels = [k for k in ("visitors_per_day", "margin_rate", "roi") if k in d.index]
    if not panels:
        return no_data_figure(t("campaigns.charts.deal_title"), t)
    fig, axes = charts.figure(height=3.0, ncols=len(panels))
    axes = np.atleast_1d(axes)
    for ax, key in zip(axes, panels, strict=True):
        row = d.loc[key]
        names = [t("campaigns.charts.deal"), t(f"campaigns.charts.{row['compare_kind']}")]
        values = [row["value"], row["compare"]]
        shown = [0.0 if _missing(v) else float(v) for v in values]
        bars = ax.bar(names, shown, width=0.55,
                      color=[KIND_COLORS["platform_deal"], "#BBBBBB"])
        ax.bar_label(bars, label_type="center", fontsize=10, color="black",
                     labels=[t.format(v, row["kind"]) for v in values])
        top = max(shown)
        if key == "roi" and "break_even_roi" in d.index and not _missing(
                d.loc["break_even_roi", "value"]):
            even = float(d.loc["break_even_roi", "value"])
            ax.axhline(even, color=charts.BAD, linestyle="--", linewidth=1.2)
            ax.annotate(t("campaigns.charts.break_even", roi=t.format(even, "ratio")),
                        (0.5, even), xycoords=("axes fraction", "data"), xytext=(0, 3),
                        textcoords="offset points", ha="center", va="bottom", fontsize=8,
                        color=charts.BAD)
            top = max(top, even)
        ax.set_ylim(0, top * 1.3 or 1)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        charts.finish(ax, t(f"campaigns.charts.deal_{key}"), values="y",
                      percent="y" if row["kind"] == "percent" else None, decimals=0,
                      title_size=11)
    fig.suptitle(t("campaigns.charts.deal_title"), x=0.01, ha="left", fontsize=13)
    return fig


@charts.drawable
def funnel_chart(coupons: pd.DataFrame | None, bundles: pd.DataFrame | None, t: Labels):
    """Coupons issued → redeemed, and bundle orders among the orders of the bundle's days."""
    rows = []
    for c in (coupons.itertuples() if coupons is not None else ()):
        if not _missing(c.issued):
            rows.append((t("campaigns.charts.coupon_row", name=c.name), c.issued,
                         c.redeemed,
                         t("campaigns.charts.coupon_note", n=c.redeemed, total=c.issued,
                           rate=t.format(c.redemption, "percent"))))
    for b in (bundles.itertuples() if bundles is not None else ()):
        rows.append((t("campaigns.charts.bundle_row", name=b.name), b.window_orders,
                     b.bundle_orders, t("campaigns.charts.bundle_note", n=b.bundle_orders,
                                        total=b.window_orders, rate=t.format(b.share, "percent"))))
    if not rows:
        return no_data_figure(t("campaigns.charts.funnel_title"), t)
    fig, ax = charts.figure(height=0.7 * len(rows) + 1.5)
    names = [r[0] for r in rows]
    ax.barh(names, [r[1] for r in rows], color="#DDDDDD", height=0.6)
    part = ax.barh(names, [r[2] for r in rows], color=charts.series_color(0), height=0.6)
    for bar, r in zip(part, rows, strict=True):
        ax.annotate(r[3], (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    xytext=(5, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set_xlim(0, max(r[1] for r in rows) * 1.05 or 1)
    ax.invert_yaxis()
    charts.finish(ax, t("campaigns.charts.funnel_title"), t("campaigns.charts.count_axis"),
                  values="x", legend="below", ncols=2,
                  handles=[Patch(color=charts.series_color(0), label=t("campaigns.charts.part")),
                           Patch(color="#DDDDDD", label=t("campaigns.charts.whole"))])
    return fig


@charts.drawable
@drawn_from("campaigns.charts.incidents_title")
def incidents_chart(incidents: pd.DataFrame, t: Labels):
    """Per incident in time order: minutes to respond (thin bar) and to fix (wide bar), with
    the 1-hour fix target and the 2-hour line past which complaints rise."""
    labels = [t("campaigns.charts.incident_label", at=f"{d:%m-%d %H:%M}",
                kind=t.enum("campaign_incidents", "kind", k))
              for d, k in zip(incidents["detected_at"], incidents["kind"], strict=True)]
    fig, ax = charts.figure(height=0.5 * len(incidents) + 1.9)
    fix = incidents["fix_minutes"].astype(float)
    respond = incidents["respond_minutes"].astype(float)
    colors = [charts.BAD if g == "rule_bug" else charts.series_color(0)
              for g in incidents["group"]]
    bars = ax.barh(labels, fix.fillna(0), color=colors, alpha=0.35, height=0.7)
    ax.barh(labels, respond.fillna(0), height=0.3, color=colors)
    charts.value_labels(ax, bars, [
        t("campaigns.charts.open") if not fixed else t.format(v, "minutes")
        for v, fixed in zip(fix, incidents["fixed"], strict=True)])
    lines = [(incidents["fix_line_minutes"].iloc[0], "fix_line", "--"),
             (incidents["complaint_line_minutes"].iloc[0], "complaint_line", ":")]
    # the first line's words end at it and the second's start at it: on a phone's narrow
    # axes the two lines are close, and centred words ran into each other
    for (value, key, style), (side, dx) in zip(lines, (("right", -2), ("left", 2)),
                                               strict=True):
        if not _missing(value):
            ax.axvline(value, color=charts.TARGET, linestyle=style, linewidth=1.2)
            ax.annotate(t(f"campaigns.charts.{key}", time=_hours(value, t)), (value, 1.0),
                        xycoords=("data", "axes fraction"), xytext=(dx, 3),
                        textcoords="offset points", ha=side, va="bottom", fontsize=8,
                        color=charts.TARGET)
    reach = [v for v in (fix.max(), respond.max(), *(v for v, _, _ in lines))
             if not _missing(v)]
    ax.set_xlim(0, max(reach or [60]) * 1.15)
    ax.invert_yaxis()
    charts.finish(ax, t("campaigns.charts.incidents_title"), t("campaigns.charts.minutes_axis"),
                  values="x", title_pad=18, legend="below", ncols=3,
                  handles=[Patch(color=charts.BAD, label=t("campaigns.groups.rule_bug")),
                           Patch(color=charts.series_color(0),
                                 label=t("campaigns.groups.emergency")),
                           Patch(color="#BBBBBB", label=t("campaigns.charts.legend_bars"))])
    return fig


# --- alerts and sentences -----------------------------------------------------------------
def alerts(tabs: SimpleNamespace, t: Labels) -> list[str]:
    """Incidents still open or fixed past the complaint line; a Tmall shop barred from deals."""
    out = []
    inc = tabs.incidents
    if inc is not None and len(inc):
        late = inc[~inc["fixed"] | inc["over_complaint_line"].map(_yes)]
        out += [t("campaigns.alerts.late", at=f"{r.detected_at:%m-%d %H:%M}",
                  kind=t.enum("campaign_incidents", "kind", r.kind),
                  state=_state(r, t)) for r in late.itertuples()]
    out += [t("campaigns.alerts.deal_barred", shop=s.name) for s in tabs.shops
            if s.eligible is False]
    return out


def note_without_campaigns(page, tabs: SimpleNamespace, figures: dict) -> None:
    """Under the timeline of a month without campaigns recorded: so, and its sales and
    refunds as they are; of a shop that ran none: its month is all baseline days."""
    t = page.t
    if tabs.rules is None:
        page.note(t("campaigns.notes.no_campaigns"))
        if (text := sales_words(figures, t)) is not None:
            page.note(text)
        note_refunds(page, figures)
    elif figures.get("campaigns") == 0:
        page.note(t("campaigns.notes.no_campaign", days=t.format(figures.get("baseline_days"),
                                                                   "int")))


def shown(key: str, tabs: SimpleNamespace, figures: dict) -> bool:
    """Whether section KEY (any after the timeline) is on the page of the month or shop:
    without campaigns recorded, only the incidents, when there are any; for a shop that ran
    none, no section; else every one."""
    if tabs.rules is None:
        return key == "incidents" and tabs.incidents is not None
    return figures.get("campaigns") != 0


def sales_words(figures: dict, t: Labels) -> str | None:
    """The month's sales in one sentence (成交额, orders, AOV; visitors and conversion when
    the shop's traffic is there), for a month without campaigns; None without orders."""
    f = figures or {}
    gmv, orders, visitors = f.get("gmv"), f.get("orders"), f.get("visitors")
    if gmv is None or not orders:
        return None
    text = t("campaigns.notes.sales", gmv=t.format(gmv, "money"), orders=t.format(orders, "int"),
             aov=t.format(gmv / orders, "money"))
    if visitors:
        text += t("campaigns.notes.visitors", visitors=t.format(visitors, "int"),
                  conversion=t.format(orders / visitors, "percent"))
    return text + t("campaigns.notes.end")


SHOP_COLUMNS = ("shop", "gmv", "orders", "visitors", "conversion", "aov", "campaigns",
                "baseline_days")


def shops_table(figures: dict, t: Labels) -> pd.DataFrame:
    """The shops side by side: GMV, orders, visitors, conversion and AOV, campaigns and
    baseline days, then all shops together (sums and their ratios; baseline days "—")."""
    def row(name, f):
        orders, visitors, gmv = f.get("orders"), f.get("visitors"), f.get("gmv")
        return {"shop": name, "gmv": gmv, "orders": orders, "visitors": visitors,
                "conversion": m.ratio(orders, visitors) if orders is not None and visitors
                else None, "aov": gmv / orders if gmv is not None and orders else None,
                "campaigns": f.get("campaigns"), "baseline_days": f.get("baseline_days")}

    rows = [row(name, f) for name, f in (figures.get("shops") or {}).items()]
    # each shop has its own baseline days: the all-shops row has none to show, not no data
    rows.append(row(t("campaigns.all_shops"), {**figures, "baseline_days": "—"}))
    return pd.DataFrame(rows, columns=list(SHOP_COLUMNS))


def cards(page) -> list[str] | None:
    """The headline cards to show: the month's (scoped.together); without campaigns
    recorded, only the figures the month has (no card of a campaign that never was)."""
    keys = together(page.metrics)
    if page.md.get("campaigns") is not None:
        return keys
    return [f.key for f in headlines("campaigns") if (keys is None or f.key in keys)
            and (page.metrics or {}).get(f.key) is not None]


def show_alerts(page, tabs: SimpleNamespace) -> None:
    for text in alerts(tabs, page.t):
        page.alert(text)


def extra_findings(figures: dict | None, tabs: Tables, cfg,
                   t: Labels) -> list[tuple[str, str]]:
    """The page's own observations on the month's campaigns and incidents (the deal's ROI
    and the targeted figures are the domain's verdicts, said by Page.findings)."""
    f = figures or {}
    out: list[tuple[str, str]] = []
    if tabs.rules is None and (text := sales_words(f, t)) is not None:
        out.append(("info", text))  # no campaigns: the conclusion is the month's sales
    for shop in tabs.shops:
        # a shop that meets every entry rule is a status the compliance page shows: said
        # here only when it stands in the way of the next deal
        out += [] if shop.eligible else vc.deal_sentences(shop, tabs.deal_rules, t)
    out += _together_sentences(tabs, t)
    out += _incident_sentences(f, tabs, t)
    return out


def _together_sentences(tabs: SimpleNamespace, t: Labels) -> list[tuple[str, str]]:
    """A kind with several campaigns: each campaign's orders and AOV change, then the total."""
    if tabs.kinds is None or tabs.kinds.empty or tabs.campaigns is None:
        return []
    out = []
    for total in tabs.kinds.itertuples():
        each = tabs.campaigns[tabs.campaigns["kind"] == total.kind]
        parts = [t("campaigns.findings.one", name=r.name, orders=t.format(r.orders, "int"),
                   uplift=t.format(r.aov_uplift, "signed_percent")) for r in each.itertuples()]
        out.append(("info", t("campaigns.findings.together",
                              kind=_inline(t.enum("campaigns", "kind", total.kind), t),
                              n=total.campaigns,
                              each=t("campaigns.findings.joiner").join(parts),
                              orders=t.format(total.orders, "int"),
                              uplift=t.format(total.aov_uplift, "signed_percent"))))
    return out


def _inline(text: str, t: Labels) -> str:
    """A label inside an English sentence starts in lower case."""
    return text[:1].lower() + text[1:] if t.lang == "en" else text


def _kinds(incidents: pd.DataFrame, t: Labels) -> str:
    """The incidents' kinds in words, each once: 优惠叠加、门槛计算错误 / coupon stacking, …"""
    names = [t.enum("campaign_incidents", "kind", k) for k in dict.fromkeys(incidents["kind"])]
    names = [_inline(n, t) for n in names]
    return t("campaigns.findings.list_joiner").join(names)


def _incident_sentences(f: dict, tabs: SimpleNamespace, t: Labels) -> list[tuple[str, str]]:
    """What the incidents were beside the review's counts and longest fixes, said once: the
    emergencies fixed past the fix line (within the complaint line) with their kinds, else
    the incidents left past the complaint line, else that every one was fixed inside it. The
    rule bugs' kinds are the section's caption."""
    inc = tabs.incidents
    if inc is None or inc.empty:
        return []
    line, complaint = _hours(tabs.fix_line, t), _hours(tabs.complaint_line, t)
    late = inc[~inc["fixed"] | inc["over_complaint_line"].map(_yes)]
    if len(late):
        return [("bad", t("campaigns.findings.complaints", n=len(late), time=complaint))]
    emergencies = inc[inc["group"] == "emergency"]
    slow = emergencies[emergencies["fixed"] & emergencies["over_fix_line"].map(_yes)]
    if len(slow):
        named = slow[slow["kind"] != "other"]
        # the review's sentence on the slowest emergency says it (and its aim the 预案)
        return [("info", t("campaigns.findings.emergencies_slow", n=len(slow), time=line,
                           complaint=complaint, kinds=_kinds(named if len(named) else slow, t)),
                 "emergency_fix_minutes_max")]
    return [("good", t("campaigns.findings.no_complaints", time=complaint))]
