"""Charts, display tables and sentences of the market page, from the tables of its metrics.py."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
from matplotlib.ticker import MaxNLocator

from opsreview.domains.market import metrics as m
from opsreview.domains.tables import Tables, drawn_from, given, no_data_figure
from opsreview.judging.fmt import format_value
from opsreview.judging.labels import Labels
from opsreview.pages import charts


def tables(md, cfg, figures: dict | None = None) -> Tables:
    """Every table the page shows; a table is None when its file is absent this month."""
    month, hq = md.month, cfg.hq_names
    visits, branches = md.get("client_visits"), md.get("branches")
    contracts, reviews = md.get("contracts"), md.get("design_reviews")
    prev = md.previous()
    before = prev.get("client_visits") if prev is not None else None
    online = cfg.target("online_acquisition_share").value
    return Tables(
        funnel=None if visits is None else m.visit_funnel(visits, before),
        channels=None if visits is None else m.channel_share(visits, online),
        opened=None if branches is None else m.opened_in(branches, month),
        coverage=None if branches is None else m.coverage(branches, month),
        contracts=None if contracts is None else m.contracts_by_branch(contracts, month, hq),
        deliveries=None if contracts is None else m.deliveries(contracts, month, hq),
        settlements=None if contracts is None else m.settlements(contracts, month),
        self_run=None if contracts is None else self_run_table(contracts, hq),
        reviews=None if reviews is None else m.review_pass_rates(reviews, branches, month),
    )


def self_run_table(contracts: pd.DataFrame, hq_names) -> pd.DataFrame:
    """The HQ contracts one by one: amount, received and its share, progress."""
    hq = contracts[m.is_hq(contracts, hq_names)]
    out = hq[["contract_id", "client", "signed_on", "amount", "received", "progress"]].copy()
    out.insert(5, "received_share", out["received"] / out["amount"].where(out["amount"] > 0))
    return out.reset_index(drop=True)


# --- display tables -----------------------------------------------------------------------
@given
def funnel_table(funnel: pd.DataFrame, t: Labels) -> pd.DataFrame:
    """The intent stages named, as shares of the visits (the visits themselves are a card);
    last month's columns only when there was one."""
    out = funnel[funnel["stage"] != "visited"]
    out = out.assign(stage=[t(f"market.stages.{s}") for s in out["stage"]])
    if out["previous_visits"].isna().all():
        out = out.drop(columns=["previous_visits", "previous_share", "change"])
    return out


@given
def opened_table(opened: pd.DataFrame, t: Labels) -> pd.DataFrame:
    return opened.assign(kind=[t.enum("branches", "kind", k) for k in opened["kind"]],
                         tier=[t.enum("branches", "tier", k) for k in opened["tier"]])


@given
def coverage_table(coverage: pd.DataFrame, t: Labels) -> pd.DataFrame:
    tiers = [t("market.tiers.all") if k == "all" else t.enum("branches", "tier", k)
             for k in coverage["tier"]]
    return coverage.assign(tier=tiers)[["tier", "previous_branches", "branches", "new_branches",
                                        "previous_cities", "cities"]]


@given
def contracts_table(by_branch: pd.DataFrame, t: Labels) -> pd.DataFrame:
    """Contracts per branch, the largest amount first as in its chart, with a total line
    (its fee rate is the month's, not a mean)."""
    if by_branch.empty:
        return by_branch
    by_branch = by_branch.sort_values("amount", ascending=False, kind="stable")
    sums = by_branch[["contracts", "amount", "received", "outstanding", "fee_due",
                      "fee_received"]].sum(min_count=1)
    total = {"branch": t("market.total"), **sums.to_dict(),
             "fee_collection_rate": m.fee_collection_rate(by_branch)}
    return pd.concat([by_branch, pd.DataFrame([total])], ignore_index=True)


@given
def late_table(deliveries: pd.DataFrame) -> pd.DataFrame:
    late = deliveries[~deliveries["on_time"]]
    return late[["contract_id", "branch", "due_on", "delivered_on", "delay_days"]]


# --- charts -------------------------------------------------------------------------------
@charts.drawable
@drawn_from("market.charts.funnel_title")
def funnel_chart(funnel: pd.DataFrame, t: Labels):
    """Clients visited, and those with intent split into single-service and full cooperation."""
    n = dict(zip(funnel["stage"], funnel["visits"], strict=True))
    share = dict(zip(funnel["stage"], funnel["share"], strict=True))
    rate = format_value(share.get("intent"), "percent", t.lang)
    fig, ax = charts.figure(height=2.6)
    rows = [t("market.charts.intent"), t("market.charts.visited")]
    ax.barh(rows[1], n["visited"], color=charts.series_color(2, charts.PALETTE[4]))
    ax.barh(rows[0], n["single"], color=charts.series_color(0),
            label=t.enum("client_visits", "intent", "single"))
    ax.barh(rows[0], n["full"], left=n["single"], color=charts.series_color(1),
            label=t.enum("client_visits", "intent", "full"))
    charts.value_labels(ax, ax.containers[0], [format_value(n["visited"], "int", t.lang)])
    charts.value_labels(ax, ax.containers[2],
                        [t("market.charts.intent_note", n=n["intent"], rate=rate)])
    ax.set_xlim(0, n["visited"] * 1.25 or 1)
    ax.invert_yaxis()  # a funnel reads downwards
    # the legend under the chart: inside the axes it covers the intent note on a phone's
    # narrower bars
    charts.finish(ax, t("market.charts.funnel_title"), t("market.charts.clients_axis"),
                  values="x", legend="below", ncols=2)
    return fig


@charts.drawable
@drawn_from("market.charts.channel_title")
def channel_chart(channels: pd.DataFrame, t: Labels):
    """Share of visits per channel, ours beside the industry average."""
    if channels["share"].isna().all():  # no visits this month: no shares to compare
        return no_data_figure(t("market.charts.channel_title"), t)
    fig, ax = charts.figure(width=6.5)
    names = [t.enum("client_visits", "channel", c) for c in channels["channel"]]
    x = range(len(names))
    ours = ax.bar([i - 0.2 for i in x], channels["share"], width=0.4, color=charts.series_color(0),
                  label=t("market.charts.ours"))
    pct = [format_value(v, "percent", t.lang) for v in channels["share"]]
    charts.value_labels(ax, ours, pct)
    industry = channels["industry_share"]
    if industry.notna().any():
        bars = ax.bar([i + 0.2 for i in x], industry.fillna(0), width=0.4,
                      color=charts.series_color(1, charts.PALETTE[7]), alpha=0.35,
                      label=t("market.charts.industry"))
        charts.value_labels(ax, bars, [format_value(v, "percent", t.lang) for v in industry])
    ax.set_xticks(list(x), names)
    ax.set_ylim(0, 1.1)
    charts.finish(ax, t("market.charts.channel_title"), None, t("market.charts.channel_axis"),
                  values="y", percent="y", legend="upper center")
    return fig


@charts.drawable
@drawn_from("market.charts.branches_title")
def branches_chart(coverage: pd.DataFrame, month, t: Labels):
    """Branches by tier at last month's end and this month's end; cities covered on top."""
    tiers = coverage[coverage["tier"] != "all"]
    every = coverage[coverage["tier"] == "all"].iloc[0]
    ends = [t("market.charts.month_end", month=str(month.previous())),
            t("market.charts.month_end", month=str(month))]
    fig, ax = charts.figure(width=6.5)
    bottom = [0, 0]
    for i, (_, row) in enumerate(tiers.iterrows()):
        heights = [row["previous_branches"], row["branches"]]
        ax.bar(ends, heights, bottom=bottom, width=0.5, color=charts.series_color(i),
               label=t.enum("branches", "tier", row["tier"]))
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    cities = [every["previous_cities"], every["cities"]]
    for x, (top, n) in enumerate(zip(bottom, cities, strict=True)):
        ax.annotate(t("market.charts.cities_note", n=int(n)), (x, top), ha="center",
                    xytext=(0, 3), textcoords="offset points", fontsize=9,
                    bbox=charts.LABEL_PATCH)
    ax.set_ylim(0, max(bottom) * 1.2 or 1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    charts.finish(ax, t("market.charts.branches_title"), None, t("market.charts.branches_axis"),
                  values="y", legend="upper left")
    return fig


def _money_scale(lang: str) -> float:
    """Axis unit: 万元 in Chinese, thousands of CNY in English (see market.charts.money_axis)."""
    return 10_000 if lang == "zh" else 1_000


@charts.drawable
@drawn_from("market.charts.contracts_title")
def contracts_chart(by_branch: pd.DataFrame, t: Labels):
    """Per branch, the month's contract amount split into received and outstanding."""
    rows = by_branch.sort_values("amount", ascending=False)
    scale = _money_scale(t.lang)
    fig, ax = charts.figure(height=max(2.4, 0.38 * len(rows) + 1.3))
    ax.barh(rows["branch"], rows["received"] / scale, color=charts.series_color(0, charts.GOOD),
            label=t("market.charts.received"))
    rest = ax.barh(rows["branch"], rows["outstanding"] / scale, left=rows["received"] / scale,
                   color=charts.series_color(1), alpha=0.6, label=t("market.charts.outstanding"))
    charts.value_labels(ax, rest, [format_value(v, "money", t.lang) for v in rows["amount"]])
    ax.invert_yaxis()
    ax.set_xlim(0, rows["amount"].max() / scale * 1.3)
    charts.finish(ax, t("market.charts.contracts_title"), t("market.charts.money_axis"),
                  values="x", legend="lower right")
    return fig


@charts.drawable
@drawn_from("market.charts.delivery_title")
def delivery_chart(deliveries: pd.DataFrame, t: Labels):
    """Days between delivery and due date per contract: early below zero, late in red."""
    diff = (deliveries["delivered_on"] - deliveries["due_on"]).dt.days
    labels = [f"{c} {b}" for c, b in zip(deliveries["contract_id"], deliveries["branch"],
                                          strict=True)]
    colors = [charts.BAD if d > 0 else charts.GOOD for d in diff]
    fig = charts.bars(labels, diff, t("market.charts.delivery_title"),
                      t("market.charts.delivery_axis"), None, horizontal=True, colors=colors,
                      annotate=lambda v: t("market.charts.days_note", n=int(v)) if v else "0")
    ax = fig.axes[0]
    ax.axvline(0, color=charts.TARGET, linewidth=0.8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    lo, hi = min(diff.min(), 0), max(diff.max(), 0)
    ax.set_xlim(lo - 1, hi + 1.5)
    charts.finish(ax, values="x")
    return fig


@charts.drawable
@drawn_from("market.charts.reviews_title")
def reviews_chart(reviews: pd.DataFrame, t: Labels, target: float):
    """Pass rate per branch tier against the pass-rate target, with the counts."""
    rows = reviews[reviews["reviews"] > 0]
    if rows.empty:
        return no_data_figure(t("market.charts.reviews_title"), t)
    notes = {tier: t("market.charts.reviews_note", rate=format_value(r, "percent", t.lang),
                     passed=p, reviews=n)
             for tier, r, p, n in rows[["tier", "pass_rate", "passed", "reviews"]].itertuples(
                 index=False)}
    names = [t.enum("branches", "tier", k) for k in rows["tier"]]
    colors = [charts.GOOD if r >= target else charts.BAD for r in rows["pass_rate"]]
    fig = charts.bars(names, rows["pass_rate"], t("market.charts.reviews_title"), None,
                      t("market.charts.reviews_axis"), colors=colors, percent=True,
                      reference=(target, t("market.charts.target",
                                           value=format_value(target, "percent", t.lang))))
    ax = fig.axes[0]
    ax.bar_label(ax.containers[0], labels=list(notes.values()), label_type="center",
                 color="white", fontsize=10)
    ax.set_ylim(0, 1.1)
    charts.finish(ax, values="y")
    return fig


@charts.drawable
@drawn_from("market.charts.settlement_title")
def settlement_chart(settled: pd.DataFrame, t: Labels, low: float | None, high: float):
    """Days from payment to settlement per contract, the standard shown as a band."""
    labels = [f"{c} {b}" for c, b in zip(settled["contract_id"], settled["branch"], strict=True)]
    colors = [charts.BAD if d > high else charts.GOOD for d in settled["days"]]
    fig = charts.bars(labels, settled["days"], t("market.charts.settlement_title"),
                      t("market.charts.settlement_axis"), None, horizontal=True, colors=colors,
                      annotate=lambda v: t("market.charts.days_note", n=int(v)))
    ax = fig.axes[0]
    ax.axvspan(low if low is not None else 0, high, color=charts.GOOD, alpha=0.15, zorder=0,
               label=t("market.charts.standard_band", low=_n(low or 0), high=_n(high)))
    ax.set_xlim(0, max(settled["days"].max(), high) + 1.5)
    charts.finish(ax, values="x", legend="upper left", anchor=(1.0, 1.0))
    return fig


def _n(value: float) -> str:
    return format_value(value, "number", "en")


# --- sentences ----------------------------------------------------------------------------
def delivery_note(figures: dict, t: Labels) -> str | None:
    """How the on-time rate is reached, with its counts (the seed's 85 % does not follow)."""
    if figures.get("on_time_rate") is None:
        return None
    return t("market.notes.on_time", on_time=figures["contracts_on_time"],
             due=figures["contracts_due"],
             rate=format_value(figures["on_time_rate"], "percent", t.lang))


def extra_findings(figures: dict, tabs: SimpleNamespace, cfg, t: Labels) -> list[tuple[str, str]]:
    """The page's own observations; target checks and headline moves come from Page."""
    out = []  # each tagged with the figure it restates: left out when the review said it
    for part, about in ((_funnel_sentence, "intent_rate"), (_branch_sentence, "new_branches"),
                        (_contract_sentence, "contract_amount"),
                        (_delivery_sentence, "on_time_rate"),
                        (_review_sentence, "review_pass_rate_county"),
                        (_self_run_sentence, "self_run_amount")):
        item = part(figures, tabs, t)
        if item:
            out.append((*item, about))
    item = _settlement_sentence(tabs, cfg, t)
    return out + ([item] if item else [])


def _funnel_sentence(figures, tabs, t):
    if tabs.funnel is None or figures.get("intent_rate") is None:
        return None
    n = dict(zip(tabs.funnel["stage"], tabs.funnel["visits"], strict=True))
    change = figures.get("intent_rate_change")  # the move itself is Page's change sentence
    return ("info" if change is None else "good" if change >= 0 else "bad"), t(
        "market.findings.funnel", visits=n["visited"], single=n["single"], full=n["full"],
        rate=format_value(figures["intent_rate"], "percent", t.lang))


def _branch_sentence(figures, tabs, t):
    if tabs.opened is None:
        return None
    if tabs.opened.empty:
        return "info", t("market.findings.no_new_branches", now=figures["cities_covered"])
    parts = [t("market.findings.branch_kind", kind=t.enum("branches", "kind", kind),
               n=len(group), cities=t.join(group["city"]))
             for kind, group in tabs.opened.groupby("kind", sort=False)]
    growth = figures.get("cities_covered_growth")
    return "good", t("market.findings.branches", n=len(tabs.opened),
                     parts=("，" if t.lang == "zh" else "; ").join(parts),
                     before=figures["cities_covered_previous"], now=figures["cities_covered"],
                     growth=format_value(growth, "signed_percent", t.lang))


def _contract_sentence(figures, tabs, t):
    if tabs.contracts is None or not figures.get("contracts_signed"):
        return None
    money = {k: format_value(v, "money", t.lang) for k, v in (
        ("amount", figures["contract_amount"]), ("received", figures["contract_received"]),
        ("outstanding", tabs.contracts["outstanding"].sum()),
        ("fee", tabs.contracts["fee_received"].sum(min_count=1)),
        ("fee_due", tabs.contracts["fee_due"].sum(min_count=1)))}
    return "info", t("market.findings.contracts", n=figures["contracts_signed"], **money)


def _delivery_sentence(figures, tabs, t):
    due = figures.get("contracts_due")
    if not due:
        return None
    late = due - figures["contracts_on_time"]
    if not late:
        return "good", t("market.findings.delivery_all_on_time", due=due)
    return "bad", t("market.findings.delivery", due=due, on_time=figures["contracts_on_time"],
                    late=late, rate=format_value(figures["on_time_rate"], "percent", t.lang),
                    delay=format_value(figures["mean_delay_days"], "days", t.lang))


def _review_sentence(figures, tabs, t):
    core, county = figures.get("review_pass_rate_core"), figures.get("review_pass_rate_county")
    if core is None or county is None:
        return None
    values = dict(core=format_value(core, "percent", t.lang),
                  county=format_value(county, "percent", t.lang))
    if county >= core:
        return "info", t("market.findings.reviews_even", **values)
    return "bad", t("market.findings.reviews", **values,
                    gap=format_value(core - county, "points", t.lang).lstrip("+"))


def _self_run_sentence(figures, tabs, t):
    amount = figures.get("self_run_amount")
    if amount is None:
        return None
    received = figures.get("self_run_received")
    return "info", t("market.findings.self_run", amount=format_value(amount, "money", t.lang),
                     received=format_value(received, "money", t.lang),
                     share=format_value(m.ratio(received or 0, amount), "percent", t.lang),
                     progress=format_value(figures.get("self_run_progress"), "percent", t.lang))


def _settlement_sentence(tabs, cfg, t):
    settled = tabs.settlements
    if settled is None or settled.empty:
        return None
    std = cfg.target("settlement_days")
    over = int((settled["days"] > std.value).sum())
    return ("bad" if over else "good"), t(
        "market.findings.settlement", n=len(settled), over=over,
        longest=format_value(settled["days"].max(), "days", t.lang),
        low=_n(std.low if std.low is not None else 0), high=_n(std.value))
