"""Shop compliance: Tmall trial scorecard, Taobao penalty points, platform-deal entry rules.

Every threshold comes from config/targets.yml (sections tmall_trial, taobao_penalties,
deal_entry); the functions take those sections as plain dicts so tests can pass their own.
"""

from __future__ import annotations

from numbers import Integral

import pandas as pd

from opsreview.month.months import Month

OWN = ("shop_status", "violations")
SERIOUS = ("serious", "red_line")


def _value(row: pd.Series | None, column: str | None):
    """A cell as a plain Python value; None when the row, column or cell is missing."""
    if row is None or column is None or column not in row.index or pd.isna(row[column]):
        return None
    value = row[column]
    return int(value) if isinstance(value, Integral) else float(value)


def _crosses(value: float | None, rule: dict) -> bool | None:
    """Whether a value crosses a `{below: x}` / `{above: x}` line; None without a value."""
    if value is None:
        return None
    if "below" in rule:
        return value < rule["below"]
    return value > rule["above"]


def _meets(value: float | None, standard: dict) -> bool | None:
    if value is None:
        return None
    if standard["better"] == "higher":
        return value >= standard["value"]
    return value <= standard["value"]


# --- Tmall trial ---------------------------------------------------------------------------
def trial_day(entered_on: pd.Timestamp, month: Month) -> int:
    """Days from entering the platform to MONTH's last day."""
    return int((month.end - pd.Timestamp(entered_on)).days)


def in_window(day: int, trial: dict) -> bool:
    first, last = trial["window_days"]
    return first <= day <= last


def window_open(day: int, trial: dict) -> bool:
    """In the window with days of it still to come: a shop meeting every line is on track,
    not yet passed."""
    return in_window(day, trial) and day < trial["window_days"][1]


def trial_scorecard(row: pd.Series, trial: dict) -> pd.DataFrame:
    """One row per trial indicator: value, standard, elimination line and status.

    status: met (meets the standard), below_standard (misses it, above the elimination
    line), eliminated (crosses the elimination line), no_data.
    """
    rows = []
    for ind in trial["indicators"]:
        elim = ind["elimination"]
        value = _value(row, ind["column"])
        elim_value = _value(row, elim.get("column", ind["column"]))
        crossed, meets = _crosses(elim_value, elim), _meets(value, ind["standard"])
        if value is None and elim_value is None:
            status = "no_data"
        elif crossed:
            status = "eliminated"
        elif meets is False:
            status = "below_standard"
        else:
            status = "met"
        rows.append({
            "indicator": ind["key"], "group": ind.get("group"), "value": value,
            "standard": ind["standard"]["value"], "better": ind["standard"]["better"],
            "unit": ind["standard"].get("unit"),
            "elimination_column": elim.get("column", ind["column"]),
            "elimination_value": elim_value,
            "elimination_rule": "below" if "below" in elim else "above",
            "elimination_line": elim.get("below", elim.get("above")), "status": status,
        })
    return pd.DataFrame(rows)


def trial_verdict(scorecard: pd.DataFrame, in_trial_window: bool) -> tuple[str, list[str]]:
    """(verdict, indicators past their elimination line). Indicators without data do not fail."""
    failures = scorecard.loc[scorecard["status"] == "eliminated", "indicator"].tolist()
    if not in_trial_window:
        return "not_in_window", failures
    return ("fail" if failures else "pass"), failures


# --- Taobao penalty points -------------------------------------------------------------------
def year_to_date(violations: pd.DataFrame, month: Month) -> pd.DataFrame:
    dates = violations["date"]
    return violations[(dates.dt.year == month.year) & (dates <= month.end)]


def penalty_tier(points: int, rules: dict) -> dict:
    """The tier reached by serious points, its consequence, and points left to the next tier."""
    tiers = sorted(rules["tiers"], key=lambda t: t["points"])
    reached = [t for t in tiers if points >= t["points"]]
    nxt = next((t for t in tiers if points < t["points"]), None)
    return {
        "tier_points": reached[-1]["points"] if reached else None,
        "consequence": dict(reached[-1]["consequence"]) if reached else None,
        "next_tier_points": nxt["points"] if nxt else None,
        "points_to_next": nxt["points"] - points if nxt else None,
    }


def block(penalty: dict | None, rules: dict) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last day of the block or closure a shop's tier brings (config tiers'
    `days`), counted from the serious violation that last cost it points; None for a tier
    without days, or no tier."""
    if not penalty or not isinstance(penalty.get("latest_serious"), dict):
        return None
    tier = next((r for r in rules.get("tiers", []) if r["points"] == penalty.get("tier_points")),
                None)
    if not tier or not tier.get("days"):
        return None
    start = pd.Timestamp(penalty["latest_serious"]["date"])
    return start, start + pd.Timedelta(days=tier["days"] - 1)


def shop_penalty(ytd: pd.DataFrame, shop: str, rules: dict) -> dict:
    """One shop's ledger line: serious (with red-line) and general points, tier, red-line flag."""
    own = ytd[ytd["shop"] == shop]
    points = own.groupby("severity")["points"].sum()
    serious = int(sum(points.get(s, 0) for s in SERIOUS))
    red = int((own["severity"] == "red_line").sum())
    tier = penalty_tier(serious, rules)
    consequence = tier.pop("consequence") or {}
    latest = own[own["severity"].isin(SERIOUS)].sort_values("date").tail(1)
    return {
        "shop": shop, "serious_points_ytd": serious,
        # the serious violation that last cost points: what the review says the penalty is for
        "latest_serious": None if latest.empty else {
            "date": latest["date"].iloc[0].strftime("%Y-%m-%d"),
            "rule": str(latest["rule"].iloc[0]), "points": int(latest["points"].iloc[0])},
        "general_points_ytd": int(points.get("general", 0)), "red_line_count": red,
        "red_line": red > 0,
        "red_line_consequence": rules["red_line"]["consequence"].get("zh") if red else None,
        **tier, "consequence_zh": consequence.get("zh"), "consequence_en": consequence.get("en"),
    }


def penalty_ledger(violations: pd.DataFrame, shops: list[str], month: Month,
                   rules: dict) -> pd.DataFrame:
    """Per shop, the penalty points of MONTH's year up to its last day (see shop_penalty)."""
    ytd = year_to_date(violations, month)
    ledger = pd.DataFrame([shop_penalty(ytd, shop, rules) for shop in shops])
    tiers = ["tier_points", "next_tier_points", "points_to_next"]
    return ledger.astype(dict.fromkeys(tiers, "Int64")) if len(ledger) else ledger


# --- platform deal entry ---------------------------------------------------------------------
def deal_checklist(row: pd.Series, deal: dict) -> pd.DataFrame:
    """Each deal-entry rule: the shop's value, the limit, and whether it is met (None: no data)."""
    rows = []
    for rule in deal["rules"]:
        value = _value(row, rule["column"])
        bound = "min" if "min" in rule else "max"
        limit = rule[bound]
        met = None if value is None else (value >= limit if bound == "min" else value <= limit)
        rows.append({"rule": rule["key"], "value": value, "bound": bound, "limit": limit,
                     "met": met})
    return pd.DataFrame(rows)


def deal_eligible(checklist: pd.DataFrame) -> bool | None:
    """False when a rule is missed; None when none is missed but one has no data."""
    met = checklist["met"].tolist()
    if False in met:
        return False
    return None if None in met else True


# --- the domain's figures -----------------------------------------------------------------
def shop_names(status: pd.DataFrame | None, violations: pd.DataFrame | None,
               configured: list[dict]) -> list[str]:
    """Shops in config order, then any other shop the data names."""
    names = [s["shop"] for s in configured]
    for frame in (status, violations):
        if frame is not None:
            names += [s for s in frame["shop"].tolist() if s not in names]
    return list(dict.fromkeys(names))


def shop_figures(row: pd.Series | None, penalty: dict | None, month: Month,
                 trial: dict, deal: dict, platform: str | None = None) -> dict:
    """The metrics.json figures of one shop (row: its shop_status row; penalty: shop_penalty;
    platform: config's, so that pages can say the Tmall trial does not apply to it)."""
    out: dict = dict.fromkeys(("trial_day", "in_trial_window", "trial_window_open",
                               "trial_verdict", "deal_eligible"))
    out["platform"] = platform
    out["trial_failures"], out["deal_failures"], out["deal_values"] = [], [], {}
    # the platform's GMV (its 考核口径), which reconcile holds against the orders' on campaigns
    out["gmv"] = _value(row, "gmv")
    if row is not None:
        day = trial_day(row["entered_on"], month)
        window = in_window(day, trial)
        verdict, failures = trial_verdict(trial_scorecard(row, trial), window)
        checklist = deal_checklist(row, deal)
        out.update(trial_day=day, in_trial_window=window,
                   trial_window_open=window_open(day, trial), trial_verdict=verdict,
                   trial_failures=failures, deal_eligible=deal_eligible(checklist),
                   deal_failures=[r for r, met in zip(checklist["rule"], checklist["met"],
                                                      strict=True) if met is False],
                   deal_values=dict(zip(checklist["rule"], checklist["value"], strict=True)))
    out.update(serious_points_ytd=None, general_points_ytd=None, red_line=None, penalty=None)
    if penalty is not None:
        out.update(serious_points_ytd=penalty["serious_points_ytd"],
                   general_points_ytd=penalty["general_points_ytd"], red_line=penalty["red_line"],
                   penalty={k: penalty[k] for k in ("tier_points", "consequence_zh",
                                                    "consequence_en", "next_tier_points",
                                                    "latest_serious",
                                                    "points_to_next")})
    return out


def compute(md, cfg) -> dict | None:
    """Per-shop figures under `shops`; None when neither compliance file exists."""
    status, violations = md.get("shop_status"), md.get("violations")
    if status is None and violations is None:
        return None
    trial, deal = cfg.section("tmall_trial"), cfg.section("deal_entry")
    rules = cfg.section("taobao_penalties")
    rows = {} if status is None else {r["shop"]: r for _, r in status.iterrows()}
    ytd = None if violations is None else year_to_date(violations, md.month)
    platforms = cfg.platforms
    out = {}
    for shop in shop_names(status, violations, cfg.shops):
        penalty = None if ytd is None else shop_penalty(ytd, shop, rules)
        if shop in rows or penalty is not None:
            out[shop] = shop_figures(rows.get(shop), penalty, md.month, trial, deal,
                                     platforms.get(shop))
    return {"shops": out}
