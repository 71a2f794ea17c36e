"""Market expansion and projects: visits, branches, branch contracts, reviews, self-run work.

Pure functions over the canonical frames; `compute` assembles the metrics.json figures.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from opsreview.domains.calc import mean, ratio
from opsreview.month.months import Month

OWN = ("client_visits", "branches", "contracts", "design_reviews")
TIERS = ("core", "county")


def total(series: pd.Series) -> float | None:
    """Sum of a money column; None when every cell is empty (the column was not exported)."""
    return None if series.notna().sum() == 0 else float(series.sum())


# --- visits -------------------------------------------------------------------------------
def intent_rate(visits: pd.DataFrame) -> float | None:
    return ratio(visits["intent"].isin(["single", "full"]).sum(), len(visits))


def online_share(visits: pd.DataFrame) -> float | None:
    return ratio((visits["channel"] == "online").sum(), len(visits))


def visit_funnel(visits: pd.DataFrame, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """Stages visited → intent (single + full) → single / full, with last month beside them.

    change is the share's difference in fractions (0.082 = +8.2 points).
    """
    def counts(frame: pd.DataFrame | None) -> dict[str, int] | None:
        if frame is None:
            return None
        intent = frame["intent"]
        return {"visited": len(frame), "intent": int(intent.isin(["single", "full"]).sum()),
                "single": int((intent == "single").sum()), "full": int((intent == "full").sum())}

    now, before = counts(visits), counts(previous)
    rows = []
    for stage, n in now.items():
        prev = before[stage] if before else None
        share = ratio(n, now["visited"])
        prev_share = ratio(prev, before["visited"]) if before else None
        rows.append({"stage": stage, "visits": n, "share": share, "previous_visits": prev,
                     "previous_share": prev_share,
                     "change": None if share is None or prev_share is None
                     else share - prev_share})
    return pd.DataFrame(rows)


def channel_share(visits: pd.DataFrame, industry_online: float | None = None) -> pd.DataFrame:
    """Offline vs online visits and their shares, with the industry's share where known."""
    channel = visits["channel"].fillna("offline")
    rows = []
    for code in ("offline", "online"):
        n = int((channel == code).sum())
        industry = None
        if industry_online is not None:
            industry = industry_online if code == "online" else 1 - industry_online
        rows.append({"channel": code, "visits": n, "share": ratio(n, len(visits)),
                     "industry_share": industry})
    return pd.DataFrame(rows)


# --- branches -----------------------------------------------------------------------------
def opened_in(branches: pd.DataFrame, month: Month) -> pd.DataFrame:
    return branches[month.contains(branches["opened_on"])].sort_values("opened_on")


def cities_covered(branches: pd.DataFrame, until: pd.Timestamp) -> int:
    """Distinct cities of branches opened on or before `until`."""
    return int(branches.loc[branches["opened_on"] <= until, "city"].nunique())


def branches_opened(branches: pd.DataFrame, month: Month) -> pd.DataFrame:
    """Branches opened in MONTH counted by kind and city."""
    new = opened_in(branches, month)
    return (new.groupby(["kind", "city"], sort=False).size().rename("branches").reset_index()
            .astype({"branches": "int64"}))


def coverage(branches: pd.DataFrame, month: Month) -> pd.DataFrame:
    """Branches and cities by tier (core, county, all) at MONTH's end and the month before.

    The register is cumulative, so last month's coverage is read from the same register.
    """
    rows = []
    ends = {"": month.end, "previous_": month.previous().end}
    for tier in (*TIERS, "all"):
        part = branches if tier == "all" else branches[branches["tier"] == tier]
        row = {"tier": tier}
        for prefix, end in ends.items():
            opened = part[part["opened_on"] <= end]
            row[f"{prefix}branches"] = len(opened)
            row[f"{prefix}cities"] = int(opened["city"].nunique())
        row["new_branches"] = row["branches"] - row["previous_branches"]
        rows.append(row)
    return pd.DataFrame(rows)[["tier", "branches", "cities", "previous_branches",
                               "previous_cities", "new_branches"]]


# --- contracts ----------------------------------------------------------------------------
def is_hq(contracts: pd.DataFrame, hq_names: Iterable[str]) -> pd.Series:
    return contracts["branch"].str.strip().isin(set(hq_names))


def branch_signed(contracts: pd.DataFrame, month: Month, hq_names: Iterable[str]) -> pd.DataFrame:
    """Contracts signed in MONTH by a branch (not HQ)."""
    return contracts[month.contains(contracts["signed_on"]) & ~is_hq(contracts, hq_names)]


def fee_collection_rate(contracts: pd.DataFrame) -> float | None:
    due, got = total(contracts["fee_due"]), total(contracts["fee_received"])
    return None if due is None or got is None else ratio(got, due)


def contracts_by_branch(contracts: pd.DataFrame, month: Month,
                        hq_names: Iterable[str]) -> pd.DataFrame:
    """Per branch, the contracts it signed in MONTH: amounts, received, outstanding, fees."""
    signed = branch_signed(contracts, month, hq_names)
    out = (signed.groupby("branch", sort=True)
           .agg(contracts=("contract_id", "size"), amount=("amount", "sum"),
                received=("received", "sum"), fee_due=("fee_due", lambda s: s.sum(min_count=1)),
                fee_received=("fee_received", lambda s: s.sum(min_count=1)))
           .reset_index())
    out["outstanding"] = out["amount"] - out["received"]
    out["fee_collection_rate"] = out["fee_received"] / out["fee_due"].where(out["fee_due"] > 0)
    return out[["branch", "contracts", "amount", "received", "outstanding", "fee_due",
                "fee_received", "fee_collection_rate"]]


def deliveries(contracts: pd.DataFrame, month: Month, hq_names: Iterable[str]) -> pd.DataFrame:
    """Branch contracts due in MONTH and delivered: days late (0 when on time) and on_time."""
    due = contracts[month.contains(contracts["due_on"]) & contracts["delivered_on"].notna()
                    & ~is_hq(contracts, hq_names)]
    late = (due["delivered_on"] - due["due_on"]).dt.days
    out = due[["contract_id", "branch", "due_on", "delivered_on"]].copy()
    out["delay_days"] = late.clip(lower=0).astype("int64")
    out["on_time"] = late <= 0
    return out.sort_values("due_on").reset_index(drop=True)


def punctuality(delivered: pd.DataFrame) -> dict:
    """On-time share and the mean delay of the late ones, from `deliveries`."""
    late = delivered.loc[~delivered["on_time"], "delay_days"]
    return {"contracts_due": len(delivered), "on_time": int(delivered["on_time"].sum()),
            "late": len(late), "on_time_rate": ratio(delivered["on_time"].sum(), len(delivered)),
            "mean_delay_days": mean(late)}


def review_pass_rates(reviews: pd.DataFrame, branches: pd.DataFrame | None,
                      month: Month) -> pd.DataFrame:
    """Drawing reviews in MONTH by the tier of the submitting branch: count, passed, rate."""
    reviews = reviews[month.contains(reviews["date"])]
    tier_of = {} if branches is None else dict(zip(branches["branch"], branches["tier"],
                                                   strict=True))
    tiers = reviews["branch"].map(tier_of)
    rows = []
    for tier in TIERS:
        part = reviews[tiers == tier]
        rows.append({"tier": tier, "reviews": len(part), "passed": int(part["passed"].sum()),
                     "pass_rate": ratio(part["passed"].sum(), len(part))})
    return pd.DataFrame(rows)


def settlements(contracts: pd.DataFrame, month: Month) -> pd.DataFrame:
    """Contracts settled in MONTH and the days from the client's payment to settlement."""
    done = contracts[month.contains(contracts["settled_on"]) & contracts["paid_on"].notna()]
    out = done[["contract_id", "branch", "paid_on", "settled_on"]].copy()
    out["days"] = (out["settled_on"] - out["paid_on"]).dt.days.astype("int64")
    return out.sort_values("settled_on").reset_index(drop=True)


def self_run(contracts: pd.DataFrame, hq_names: Iterable[str]) -> dict:
    """The HQ (self-run) contracts: amount, received, amount-weighted progress."""
    hq = contracts[is_hq(contracts, hq_names)]
    known = hq[hq["progress"].notna()]
    return {"self_run_amount": total(hq["amount"]), "self_run_received": total(hq["received"]),
            "self_run_progress": ratio((known["progress"] * known["amount"]).sum(),
                                       known["amount"].sum())}


# --- the domain's figures -----------------------------------------------------------------
def compute(md, cfg) -> dict | None:
    """Every market key of metrics.md; None when none of the domain's files exist."""
    if not any(md.has(name) for name in OWN):
        return None
    month, hq = md.month, cfg.hq_names
    out: dict = {}
    out.update(_visit_figures(md))
    out.update(_branch_figures(md.get("branches"), month))
    out.update(_contract_figures(md.get("contracts"), month, hq))
    reviews = md.get("design_reviews")
    rates = ({} if reviews is None else dict(zip(
        TIERS, review_pass_rates(reviews, md.get("branches"), month)["pass_rate"], strict=True)))
    for tier in TIERS:
        out[f"review_pass_rate_{tier}"] = _plain(rates.get(tier))
    return out


def _visit_figures(md) -> dict:
    visits = md.get("client_visits")
    prev_md = md.previous()
    prev = prev_md.get("client_visits") if prev_md is not None else None
    now_rate = intent_rate(visits) if visits is not None else None
    prev_rate = intent_rate(prev) if prev is not None else None
    return {
        "visits": len(visits) if visits is not None else None,
        "intent_rate": now_rate,
        "intent_rate_previous": prev_rate,
        "intent_rate_change": None if now_rate is None or prev_rate is None
        else now_rate - prev_rate,
        "online_share": online_share(visits) if visits is not None else None,
    }


def _branch_figures(branches: pd.DataFrame | None, month: Month) -> dict:
    keys = ("new_branches", "new_companies", "new_offices", "cities_covered",
            "cities_covered_previous", "cities_covered_growth")
    if branches is None:
        return dict.fromkeys(keys)
    new = opened_in(branches, month)
    now = cities_covered(branches, month.end)
    before = cities_covered(branches, month.previous().end)
    return dict(zip(keys, (len(new), int((new["kind"] == "company").sum()),
                           int((new["kind"] == "office").sum()), now, before,
                           ratio(now - before, before)), strict=True))


def _contract_figures(contracts: pd.DataFrame | None, month: Month, hq) -> dict:
    keys = ("contracts_signed", "contract_amount", "contract_received", "fee_collection_rate",
            "on_time_rate", "mean_delay_days", "settlement_days_mean", "self_run_amount",
            "self_run_received", "self_run_progress", "contract_top_branch")
    if contracts is None:
        return dict.fromkeys(keys)
    signed = branch_signed(contracts, month, hq)
    out = {"contracts_signed": len(signed),
           "contract_amount": total(signed["amount"]),
           "contract_received": total(signed["received"]),
           "fee_collection_rate": fee_collection_rate(signed),
           "contract_top_branch": top_share(signed, "branch", "amount")}
    timing = punctuality(deliveries(contracts, month, hq))
    out.update(on_time_rate=timing["on_time_rate"], mean_delay_days=timing["mean_delay_days"],
               contracts_due=timing["contracts_due"], contracts_on_time=timing["on_time"])
    out["settlement_days_mean"] = mean(settlements(contracts, month)["days"])
    out.update(self_run(contracts, hq))
    return out


def top_share(frame: pd.DataFrame, item: str, amount: str) -> dict | None:
    """The item holding the largest part of a total (the review says when one holds much of
    it): {item, share, items}; None without a positive total."""
    sums = frame.groupby(item, sort=False)[amount].sum()
    whole = float(sums.sum())
    if not len(sums) or whole <= 0:
        return None
    return {"item": str(sums.idxmax()), "share": float(sums.max()) / whole, "items": len(sums)}


def _plain(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
