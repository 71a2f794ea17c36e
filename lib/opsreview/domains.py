"""The domain registry: the one place a report is plugged in.

A domain is a notebook `notebooks/<name>.ipynb`, the datasets it reads (from the catalog),
the function that computes its metrics, and the headline figures the index shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from .catalog import DOMAINS, Dataset, datasets_for
from .paths import NOTEBOOKS_DIR


@dataclass(frozen=True)
class Headline:
    """A figure shown on the index and in the review: metric key, format, target key."""

    metric: str
    format: str
    target: str | None = None
    better: str | None = None  # higher | lower, for a figure with no target


@dataclass(frozen=True)
class Domain:
    name: str
    headline: tuple[Headline, ...]
    also_kpis: tuple[str, ...] = ()  # other kpis.csv domains this page shows (美工 on site)

    @property
    def kpi_domains(self) -> tuple[str, ...] | None:
        """The kpis.csv domains of this page's hand-kept figures; None (all) for team."""
        return None if self.name == "team" else (self.name, *self.also_kpis)

    @property
    def notebook(self):
        return NOTEBOOKS_DIR / f"{self.name}.ipynb"

    @property
    def datasets(self) -> tuple[Dataset, ...]:
        return datasets_for(self.name)

    @property
    def own_datasets(self) -> tuple[Dataset, ...]:
        """The datasets whose absence makes the domain 'no data' (kpis.csv is shared)."""
        own = tuple(d for d in self.datasets if d.domain == self.name)
        return tuple(d for d in own if d.name != "kpis") or own

    def compute(self, md: Any, cfg: Any) -> dict | None:
        module = import_module(f"opsreview.metrics.{self.name}")
        return module.compute(md, cfg)


H = Headline
REGISTRY: dict[str, Domain] = {
    d.name: d
    for d in (
        Domain("seo", (
            H("keywords", "int"), H("top10_share", "percent", better="higher"),
            H("improved_share", "percent", better="higher"),
            H("index_collapses", "int", better="lower"),
            H("no_effect_share", "percent", better="lower"),
        )),
        Domain("site", (
            H("launched_on", "date"),
            H("first_week_avg_daily_uv", "number", "new_site_daily_uv"),
            H("articles_per_day", "number", "articles_per_day"),
            H("core_topic_coverage", "percent", "core_topic_coverage"),
            H("timeout_mttr_minutes", "minutes", "incident_recovery_minutes"),
            H("fault_resolution_rate", "percent", better="higher"),
            H("consultation_accuracy", "percent", "consultation_accuracy"),
        ), also_kpis=("design",)),  # the seed's 美工 review is the site's visual overhaul
        Domain("market", (
            H("visits", "int"), H("intent_rate", "percent", better="higher"),
            H("online_share", "percent", "online_acquisition_share"),
            H("new_branches", "int", better="higher"), H("contract_amount", "money"),
            H("fee_collection_rate", "percent", "fee_collection_rate"),
            H("on_time_rate", "percent", "on_time_delivery"),
            H("review_pass_rate_county", "percent", "county_review_pass_rate"),
            H("settlement_days_mean", "days", "settlement_days"),
        )),
        Domain("service", (
            H("sessions_per_agent_day", "number"), H("peak_agent_day", "int"),
            H("first_response_mean_seconds", "seconds", "first_response_seconds"),
            H("first_response_p90_seconds", "seconds", better="lower"),
            H("within_60s_share", "percent", better="higher"),
            H("dispute_resolution_rate", "percent", better="higher"),
            H("high_risk_sessions", "int", better="lower"),
            H("avg_handle_minutes", "minutes"),
            H("inquiry_conversion", "percent", better="higher"),
            H("satisfaction_rate", "percent", better="higher"),
            H("service_sales", "money"),
        )),
        Domain("campaigns", (
            H("deal_visitors", "number"), H("deal_traffic_uplift", "signed_percent"),
            H("deal_roi", "ratio", "campaign_roi"), H("full_reduction_orders", "int"),
            H("coupon_redemption", "percent", better="higher"),
            H("bundle_share", "percent", better="higher"),
            H("rule_bug_fix_minutes_max", "minutes", "rule_bug_fix_minutes"),
        )),
        Domain("compliance", ()),
        Domain("team", (H("headcount", "int"), H("groups", "int"))),
    )
}
assert tuple(REGISTRY) == DOMAINS, "the registry lists the catalog's domains in order"


def domain(name: str) -> Domain:
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown domain {name!r}; known: {', '.join(REGISTRY)}") from None
