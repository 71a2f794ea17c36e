"""Campaigns: the platform deal, full reductions, coupons, bundles and their incidents.

Pure functions over campaigns, orders, shop_traffic and campaign_incidents; `compute`
assembles the metrics.json figures. "Baseline days" are the days of MONTH with no campaign
running; "baseline orders" have no campaign_id. Several campaigns of one kind are taken
together by the keys; `campaign_table` shows each. Nothing here returns the buyer column.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from opsreview.domains.calc import as_float, mean, ratio
from opsreview.month import scopes
from opsreview.month.months import Month

OWN = ("campaigns", "orders", "shop_traffic", "campaign_incidents")
RULE_BUG_KINDS = ("stacking", "threshold_error")
DAY = pd.Timedelta(days=1)


def uplift(figure: float | None, base: float | None) -> float | None:
    """figure / base − 1 (1.2 = +120 %)."""
    return None if figure is None or not base else figure / base - 1


# --- days ---------------------------------------------------------------------------------------
def campaign_dates(start_at: pd.Timestamp, end_at: pd.Timestamp, month: Month) -> pd.DatetimeIndex:
    """The days of MONTH on which a campaign runs (any part of the day)."""
    first = max(start_at.normalize(), month.start)
    last = min(end_at.normalize(), month.end)
    return pd.date_range(first, last, freq="D") if first <= last else pd.DatetimeIndex([])


def running_dates(campaigns: pd.DataFrame, month: Month) -> pd.DatetimeIndex:
    """Days of MONTH on which at least one of the campaigns runs."""
    days = [d for row in campaigns.itertuples() for d in
            campaign_dates(row.start_at, row.end_at, month)]
    return pd.DatetimeIndex(sorted(set(days)))


def baseline_dates(campaigns: pd.DataFrame, month: Month) -> pd.DatetimeIndex:
    """Days of MONTH on which no campaign runs."""
    every = pd.date_range(month.start, month.end, freq="D")
    return every.difference(running_dates(campaigns, month))


def of_kind(campaigns: pd.DataFrame, kind: str) -> pd.DataFrame:
    return campaigns[campaigns["kind"] == kind]


# --- traffic ------------------------------------------------------------------------------------
def visitors_on(traffic: pd.DataFrame, dates: Iterable[pd.Timestamp]) -> int | None:
    """Visitors summed over the dates (None when traffic has none of them)."""
    rows = traffic[traffic["date"].isin(pd.DatetimeIndex(dates))]
    return None if rows.empty else int(rows["visitors"].sum())


def mean_visitors(traffic: pd.DataFrame, dates: Iterable[pd.Timestamp]) -> float | None:
    rows = traffic[traffic["date"].isin(pd.DatetimeIndex(dates))]
    return mean(rows["visitors"])


# --- orders -------------------------------------------------------------------------------------
def orders_of(orders: pd.DataFrame, campaign_ids: Iterable[str]) -> pd.DataFrame:
    return orders[orders["campaign_id"].isin(list(campaign_ids))]


def baseline_orders(orders: pd.DataFrame) -> pd.DataFrame:
    return orders[orders["campaign_id"].isna()]


def orders_during(orders: pd.DataFrame, campaigns: pd.DataFrame) -> pd.DataFrame:
    """Orders paid while any of the campaigns runs (start_at to end_at inclusive)."""
    inside = pd.Series(False, index=orders.index)
    for row in campaigns.itertuples():
        inside |= (orders["paid_at"] >= row.start_at) & (orders["paid_at"] <= row.end_at)
    return orders[inside]


def aov(orders: pd.DataFrame) -> float | None:
    return mean(orders["amount"])


def margin_rate(orders: pd.DataFrame) -> float | None:
    """(Σ amount − Σ cost_of_goods) / Σ amount over orders whose cost of goods is known."""
    known = orders.dropna(subset=["cost_of_goods"])
    amount = known["amount"].sum()
    return ratio(amount - known["cost_of_goods"].sum(), amount)


def margin_change(orders: pd.DataFrame, base: pd.DataFrame) -> float | None:
    """Margin rate of the orders minus that of baseline orders (−0.18 = −18 points)."""
    now, before = margin_rate(orders), margin_rate(base)
    return None if now is None or before is None else now - before


# --- rules ---------------------------------------------------------------------------------------
def is_rate(discount: float) -> bool:
    """The contract's one rule for `discount`: below 1 it is a rate off (`25%` is read as
    0.25, as is `0.25`), from 1 up it is CNY off."""
    return discount < 1


def rule_text(kind: str, threshold: float | None, discount: float | None) -> str | None:
    """The rule as a Chinese shop writes it: 满200减30, 7.5折, 套餐8.5折."""
    def num(x: float) -> str:
        return f"{x:g}"

    if discount is None or pd.isna(discount):
        return None
    if is_rate(discount):
        text = f"{num(round((1 - discount) * 10, 2))}折"
        return f"套餐{text}" if kind == "bundle" else text
    if threshold is None or pd.isna(threshold):
        return f"减{num(discount)}"
    return f"满{num(threshold)}减{num(discount)}"


# --- the keys, by kind -------------------------------------------------------------------------
def deal_figures(campaigns: pd.DataFrame, orders: pd.DataFrame | None,
                 traffic: pd.DataFrame | None, month: Month) -> dict:
    deals = of_kind(campaigns, "platform_deal")
    keys = ("deal_visitors", "deal_traffic_uplift", "deal_units", "deal_gmv",
            "deal_margin_rate", "deal_margin_change", "deal_roi", "deal_cost",
            "deal_break_even_roi", "deal_margin_after_cost")
    if deals.empty:
        return dict.fromkeys(keys)
    days = running_dates(deals, month)
    out = dict.fromkeys(keys)
    if traffic is not None:
        out["deal_visitors"] = visitors_on(traffic, days)
        out["deal_traffic_uplift"] = uplift(mean_visitors(traffic, days), mean_visitors(
            traffic, baseline_dates(campaigns, month)))
    if orders is not None:
        mine = orders_of(orders, deals["campaign_id"])
        gmv = float(mine["amount"].sum()) if len(mine) else None
        cost = deals["cost"].sum() if deals["cost"].notna().any() else None
        out.update(deal_units=int(mine["units"].sum()), deal_gmv=gmv,
                   deal_margin_rate=margin_rate(mine),
                   deal_margin_change=margin_change(mine, baseline_orders(orders)),
                   deal_roi=None if gmv is None or not cost else gmv / float(cost),
                   deal_cost=None if cost is None else float(cost))
        out.update(break_even(out["deal_margin_rate"], out["deal_cost"], gmv))
    return out


def break_even(margin: float | None, cost: float | None, gmv: float | None) -> dict:
    """The ROI at which the deal's gross margin just pays its cost (1 / margin rate), and the
    margin left after the cost (negative: the deal lost money); None without margin or cost."""
    if not margin or margin <= 0 or not cost:
        return {"deal_break_even_roi": None, "deal_margin_after_cost": None}
    return {"deal_break_even_roi": 1 / margin,
            "deal_margin_after_cost": None if gmv is None else gmv * margin - cost}


def full_reduction_figures(campaigns: pd.DataFrame, orders: pd.DataFrame | None,
                           traffic: pd.DataFrame | None, month: Month) -> dict:
    fr = of_kind(campaigns, "full_reduction")
    out = dict.fromkeys(("full_reduction_orders", "full_reduction_aov_uplift",
                         "full_reduction_conversion"))
    if fr.empty or orders is None:
        return out
    mine = orders_of(orders, fr["campaign_id"])
    out["full_reduction_orders"] = len(mine)
    out["full_reduction_aov_uplift"] = uplift(aov(mine), aov(baseline_orders(orders)))
    if traffic is not None:
        out["full_reduction_conversion"] = ratio(len(mine), visitors_on(
            traffic, running_dates(fr, month)) or 0)
    return out


def coupon_figures(campaigns: pd.DataFrame, orders: pd.DataFrame | None) -> dict:
    coupons = of_kind(campaigns, "coupon")
    issued = int(coupons["issued"].sum()) if coupons["issued"].notna().any() else None
    redeemed = None if orders is None or coupons.empty else _redeemed(coupons, orders)
    return {"coupon_issued": issued,
            "coupon_redemption": None if redeemed is None else ratio(redeemed, issued or 0)}


def _redeemed(coupons: pd.DataFrame, orders: pd.DataFrame) -> int:
    mine = orders_of(orders, coupons["campaign_id"])
    return int(mine["coupon"].fillna(False).sum())


def bundle_figures(campaigns: pd.DataFrame, orders: pd.DataFrame | None) -> dict:
    bundles = of_kind(campaigns, "bundle")
    if orders is None or bundles.empty:
        return dict.fromkeys(("bundle_orders", "bundle_share"))
    n = int(orders["bundle"].fillna(False).sum())
    return {"bundle_orders": n, "bundle_share": ratio(n, len(orders_during(orders, bundles)))}


# --- incidents ----------------------------------------------------------------------------------
def incident_timeline(incidents: pd.DataFrame, fix_line: float | None = None,
                      complaint_line: float | None = None) -> pd.DataFrame:
    """One row per incident: group (rule_bug / emergency), minutes to respond and to fix, and
    whether the fix crossed the 1-hour target and the 2-hour complaint line."""
    def minutes(later: str) -> pd.Series:
        return (incidents[later] - incidents["detected_at"]).dt.total_seconds() / 60

    out = pd.DataFrame({
        "campaign_id": incidents["campaign_id"].to_numpy(),
        "kind": incidents["kind"].to_numpy(),
        "group": ["rule_bug" if k in RULE_BUG_KINDS else "emergency" for k in incidents["kind"]],
        "detected_at": incidents["detected_at"].to_numpy(),
        "respond_minutes": minutes("responded_at").to_numpy(),
        "fix_minutes": minutes("fixed_at").to_numpy(),
        "fixed": incidents["fixed_at"].notna().to_numpy(),
    })
    out["fix_line_minutes"] = fix_line
    out["complaint_line_minutes"] = complaint_line
    out["over_fix_line"] = None if fix_line is None else out["fix_minutes"] > fix_line
    out["over_complaint_line"] = (None if complaint_line is None
                                  else out["fix_minutes"] > complaint_line)
    return out.sort_values("detected_at").reset_index(drop=True)


def incident_figures(incidents: pd.DataFrame) -> dict:
    t = incident_timeline(incidents)
    bugs, emergencies = t[t["group"] == "rule_bug"], t[t["group"] == "emergency"]
    return {"rule_bugs": len(bugs),
            "rule_bug_fix_minutes_max": as_float(bugs["fix_minutes"].max()),
            "emergencies": len(emergencies),
            "emergency_response_minutes_mean": mean(emergencies["respond_minutes"]),
            "emergency_fix_minutes_max": as_float(emergencies["fix_minutes"].max()),
            # each fixed emergency's minutes: how many took longer than a limit is the review's
            "emergency_fix_minutes": sorted(float(m) for m in emergencies["fix_minutes"].dropna()),
            "emergencies_fixed": int(emergencies["fixed"].sum())}


# --- tables for the page ------------------------------------------------------------------------
def campaign_windows(campaigns: pd.DataFrame, month: Month) -> pd.DataFrame:
    """Each campaign's first and last day in MONTH: the shaded spans of the timeline."""
    rows = []
    for row in campaigns.sort_values("start_at").itertuples():
        days = campaign_dates(row.start_at, row.end_at, month)
        if len(days):
            rows.append({"campaign_id": row.campaign_id, "name": row.name, "kind": row.kind,
                         "first_day": days[0], "last_day": days[-1], "days": len(days)})
    return pd.DataFrame(rows, columns=["campaign_id", "name", "kind", "first_day", "last_day",
                                       "days"])


def daily_timeline(traffic: pd.DataFrame | None, orders: pd.DataFrame | None,
                   campaigns: pd.DataFrame | None, month: Month) -> pd.DataFrame:
    """Per day of MONTH: visitors, orders, GMV, the campaigns running and whether it is baseline."""
    days = pd.date_range(month.start, month.end, freq="D")
    out = pd.DataFrame({"date": days})
    if traffic is not None:
        out["visitors"] = out["date"].map(traffic.set_index("date")["visitors"]).astype("Int64")
    if orders is not None:
        paid = orders["paid_at"].dt.normalize()
        out["orders"] = out["date"].map(paid.value_counts()).fillna(0).astype("int64")
        out["gmv"] = out["date"].map(orders.groupby(paid)["amount"].sum()).fillna(0.0)
    running = {d: [] for d in days}
    for row in (campaigns.itertuples() if campaigns is not None else ()):
        for d in campaign_dates(row.start_at, row.end_at, month):
            running[d].append(row.campaign_id)
    out["campaigns"] = [", ".join(running[d]) or None for d in days]
    out["baseline"] = [not running[d] for d in days]
    return out


def campaign_table(campaigns: pd.DataFrame, orders: pd.DataFrame | None,
                   traffic: pd.DataFrame | None, month: Month,
                   roi_benchmark: float | None = None) -> pd.DataFrame:
    """One row per campaign: rule, days, orders, units, GMV, AOV vs baseline, conversion,
    cost, ROI (and against the benchmark), margin change."""
    base = baseline_orders(orders) if orders is not None else None
    rows = []
    for c in campaigns.sort_values("start_at").itertuples():
        days = campaign_dates(c.start_at, c.end_at, month)
        row = {"campaign_id": c.campaign_id, "name": c.name, "kind": c.kind,
               "platform": c.platform, "rule": rule_text(c.kind, c.threshold, c.discount),
               "start_at": c.start_at, "end_at": c.end_at, "days": len(days),
               "cost": as_float(c.cost)}
        if orders is not None:
            mine = orders_of(orders, [c.campaign_id])
            row.update(orders=len(mine), units=int(mine["units"].sum()),
                       gmv=float(mine["amount"].sum()), aov=aov(mine),
                       aov_uplift=uplift(aov(mine), aov(base)),
                       margin_change=margin_change(mine, base) if len(mine) else None)
            row["roi"] = None if not row["cost"] else row["gmv"] / row["cost"]
        if traffic is not None:
            row["visitors"] = visitors_on(traffic, days)
            row["conversion"] = (ratio(row.get("orders", 0), row["visitors"] or 0)
                                 if orders is not None else None)
        row["roi_benchmark"] = roi_benchmark
        row["roi_vs_benchmark"] = (None if row.get("roi") is None or roi_benchmark is None
                                   else row["roi"] - roi_benchmark)
        rows.append(row)
    columns = ["campaign_id", "name", "kind", "platform", "rule", "start_at", "end_at", "days",
               "orders", "units", "gmv", "aov", "aov_uplift", "visitors", "conversion", "cost",
               "roi", "roi_benchmark", "roi_vs_benchmark", "margin_change"]
    return pd.DataFrame(rows, columns=columns)


def coupon_funnel(campaigns: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """Per coupon campaign: issued → redeemed, with the redemption rate."""
    rows = []
    for c in of_kind(campaigns, "coupon").itertuples():
        issued = None if pd.isna(c.issued) else int(c.issued)
        redeemed = _redeemed(of_kind(campaigns, "coupon").loc[[c.Index]], orders)
        rows.append({"campaign_id": c.campaign_id, "name": c.name,
                     "rule": rule_text(c.kind, c.threshold, c.discount), "issued": issued,
                     "redeemed": redeemed, "redemption": ratio(redeemed, issued or 0)})
    return pd.DataFrame(rows, columns=["campaign_id", "name", "rule", "issued", "redeemed",
                                       "redemption"])


def bundle_table(campaigns: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """Per bundle campaign: orders placed in its window, bundle orders among them, share."""
    rows = []
    for c in of_kind(campaigns, "bundle").itertuples():
        window = orders_during(orders, campaigns.loc[[c.Index]])
        n = int(window["bundle"].fillna(False).sum())
        rows.append({"campaign_id": c.campaign_id, "name": c.name, "window_orders": len(window),
                     "bundle_orders": n, "share": ratio(n, len(window))})
    return pd.DataFrame(rows, columns=["campaign_id", "name", "window_orders", "bundle_orders",
                                       "share"])


# --- metrics.json -------------------------------------------------------------------------------
def month_orders(md) -> pd.DataFrame | None:
    """The month's orders by payment date (an order report can reach into the next month)."""
    orders = md.get("orders")
    return None if orders is None else orders[md.month.contains(orders["paid_at"])]


def kind_totals(campaigns: pd.DataFrame, orders: pd.DataFrame | None,
                traffic: pd.DataFrame | None, month) -> pd.DataFrame:
    """The campaigns of one kind taken together, for each kind that has several this month.

    Same definitions as the metrics keys: orders with any of their ids, conversion over the
    days any of them runs, AOV and margin against baseline orders, ROI on the summed cost.
    """
    cols = ["kind", "campaigns", "days", "orders", "units", "gmv", "aov", "aov_uplift",
            "visitors", "conversion", "cost", "roi", "margin_change"]
    rows = []
    for kind, group in campaigns.groupby("kind", sort=False):
        dates = running_dates(group, month)
        if len(group) < 2 or not len(dates):
            continue
        cost = float(group["cost"].sum()) if group["cost"].notna().any() else None
        row = {"kind": kind, "campaigns": len(group), "days": len(dates), "cost": cost}
        if orders is not None:
            mine, base = orders_of(orders, group["campaign_id"]), baseline_orders(orders)
            gmv = float(mine["amount"].sum())
            row.update(orders=len(mine), units=int(mine["units"].sum()), gmv=gmv,
                       aov=aov(mine), aov_uplift=uplift(aov(mine), aov(base)),
                       margin_change=margin_change(mine, base) if len(mine) else None,
                       roi=None if not cost else gmv / cost)
        if traffic is not None:
            row["visitors"] = visitors_on(traffic, dates)
            if orders is not None:
                row["conversion"] = ratio(row["orders"], row["visitors"] or 0)
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


def shops_together(traffic: pd.DataFrame | None) -> pd.DataFrame | None:
    """One traffic row per day: several shops' 生意参谋 exports summed (the all-shops
    timeline); a single shop's rows are returned as they are."""
    if traffic is None or not traffic["date"].duplicated().any():
        return traffic
    figures = [c for c in ("visitors", "pv", "paid_amount", "paid_buyers") if c in traffic]
    return traffic.groupby("date", as_index=False)[figures].sum(min_count=1)


def sales_figures(orders: pd.DataFrame | None) -> dict:
    """The month's paid GMV and, beside it, the refunds (a refunded order still counts in
    GMV, as 生意参谋 counts 支付金额); None without orders, or without a 退款金额 column."""
    if orders is None:
        return {"gmv": None, "refunded": None}
    refunds = orders["refunded"] if "refunded" in orders else pd.Series(dtype=float)
    return {"gmv": float(orders["amount"].sum()),
            "refunded": float(refunds.sum()) if refunds.notna().any() else None}


# The all-shops figures of a month with several shops (scopes.combine): counts and money
# summed, the longest fix, the mean response over every emergency. Every other key (uplifts,
# AOV, conversion, ROI, margins, baseline days) is the one shop's that has it, else left out.
POOLS = {key: scopes.total(key) for key in (
    "gmv", "refunded", "orders", "visitors", "deal_visitors", "deal_units", "deal_gmv", "deal_cost",
    "deal_margin_after_cost", "full_reduction_orders", "coupon_issued", "bundle_orders",
    "rule_bugs", "emergencies", "emergencies_fixed", "campaigns")}
POOLS.update(rule_bug_fix_minutes_max=scopes.most("rule_bug_fix_minutes_max"),
             emergency_fix_minutes_max=scopes.most("emergency_fix_minutes_max"),
             emergency_response_minutes_mean=scopes.weighted(
                 "emergency_response_minutes_mean", "emergencies"))


def compute(md, cfg) -> dict | None:
    """Every campaigns key of metrics.md; None when none of the domain's files exist. With
    several shops, each shop's figures (its campaigns against its own baseline days and
    orders) under `shops`, and the all-shops ones that make sense."""
    if not any(md.has(name) for name in OWN):
        return None
    shops = scopes.present(md, OWN, "shop", [s["shop"] for s in cfg.shops])
    if len(shops) < 2:
        return {**shop_figures(md), "shop": shops[0] if shops else None}
    per = {shop: shop_figures(scopes.only(md, "shop", shop, keep_empty=("campaigns",)))
           for shop in shops}
    return scopes.combine(per, POOLS)


def shop_figures(md) -> dict:
    """The campaigns keys of one shop's month (or of a month without shops)."""
    month = md.month
    orders, traffic = month_orders(md), shops_together(md.get("shop_traffic"))
    campaigns = md.get("campaigns")
    if campaigns is None:
        campaigns = pd.DataFrame(columns=["campaign_id", "kind", "start_at", "end_at", "cost",
                                          "issued"])
    out: dict = sales_figures(orders)
    out["orders"] = None if orders is None else len(orders)
    out["visitors"] = None if traffic is None else int(traffic["visitors"].sum())
    out.update(deal_figures(campaigns, orders, traffic, month))
    out.update(full_reduction_figures(campaigns, orders, traffic, month))
    out.update(coupon_figures(campaigns, orders))
    out.update(bundle_figures(campaigns, orders))
    incidents = md.get("campaign_incidents")
    if incidents is None:
        out.update(dict.fromkeys(("rule_bugs", "rule_bug_fix_minutes_max", "emergencies",
                                  "emergency_response_minutes_mean", "emergency_fix_minutes_max",
                                  "emergency_fix_minutes", "emergencies_fixed")))
    else:
        out.update(incident_figures(incidents))
    known = md.has("campaigns")
    covered = md.covered(("orders", "shop_traffic"))  # a partial month: only the days it has
    days = baseline_dates(campaigns, month)
    if covered is not None:
        days = days[(days >= pd.Timestamp(covered.start)) & (days <= pd.Timestamp(covered.end))]
    out["baseline_days"] = len(days) if known else None
    out["campaigns"] = len(campaigns) if known else None
    return out
