"""One declaration per figure: what it is, which way is good, and what it is held against.

Every place that shows or judges a figure (page cards, page findings, the index table, the
trends, the written review) reads it here; `report/verdicts.py` judges it once per month.
The thresholds themselves live in config/targets.yml (value, sign, aim text) and the words in
config/labels/<domain>.yml (`<domain>.metrics.<key>`); this module ties them to the figure
and checks that they agree (a target's `better` is the figure's direction of good).
"""

from __future__ import annotations

from dataclasses import dataclass

from opsreview.contract.catalog import DOMAINS
from opsreview.contract.config import Config, Target
from opsreview.errors import ConfigError

HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class Figure:
    """A metrics.json figure of one domain as people read it.

    key: its metrics.json key; kind: its report.fmt format; better: higher, lower, or None
    (no direction of good: a count of context, never an achievement or a problem);
    target / benchmark: config/targets.yml keys (the target decides met or missed; a
    benchmark, when there is also a target, is a second line worth saying); threshold: a
    metrics.json key of the same domain holding a derived line (the deal's break-even ROI)
    that a met figure must also clear, or it is met with a caveat; unit: a common.units word
    for counts ("篇", "家") so that gaps and changes say what they count.
    """

    key: str
    domain: str
    kind: str
    better: str | None = None
    target: str | None = None
    benchmark: str | None = None
    threshold: str | None = None
    unit: str | None = None

    @property
    def judged_by(self) -> str | None:
        """The config key that decides met or missed: the target, else the benchmark."""
        return self.target or self.benchmark

    @property
    def second(self) -> str | None:
        """A benchmark held beside a target (the 75 s industry mean beside the 60 s aim)."""
        return self.benchmark if self.target else None

    def label(self, t) -> str:
        return t.get(f"{self.domain}.metrics.{self.key}") or self.key

    def aim(self, key: str | None, cfg: Config, lang: str) -> str | None:
        """Next month's aim for a missed line: the config target's `action` text."""
        if key is None:
            return None
        return (cfg.target(key).action or {}).get(lang)


def _figures(domain: str, *specs: tuple) -> tuple[Figure, ...]:
    return tuple(Figure(key, domain, kind, **extra) for key, kind, extra in specs)


def F(key: str, kind: str, **extra) -> tuple:  # noqa: N802 - a declaration row
    return key, kind, extra


UP, DOWN = {"better": HIGHER}, {"better": LOWER}

# The headline figures of each domain, in the order the cards and the index show them.
HEADLINES: dict[str, tuple[Figure, ...]] = {
    "seo": _figures(
        "seo",
        F("keywords", "int", unit="个"), F("top10_share", "percent", **UP),
        F("improved_share", "percent", **UP),
        F("index_collapses", "int", unit="个", **DOWN),
        F("no_effect_share", "percent", **DOWN)),
    "site": _figures(
        "site",
        F("launched_on", "date"),
        F("first_week_avg_daily_uv", "number", benchmark="new_site_daily_uv", unit="人次", **UP),
        F("articles_per_day", "number", benchmark="articles_per_day", unit="篇", **UP),
        F("core_topic_coverage", "percent", target="core_topic_coverage", **UP),
        F("timeout_mttr_minutes", "minutes", benchmark="incident_recovery_minutes", **DOWN),
        F("fault_resolution_rate", "percent", **UP),
        F("consultation_accuracy", "percent", target="consultation_accuracy", **UP)),
    "market": _figures(
        "market",
        F("visits", "int", unit="家", **UP), F("intent_rate", "percent", **UP),
        F("online_share", "percent", benchmark="online_acquisition_share", **UP),
        F("new_branches", "int", unit="家", **UP), F("contract_amount", "money", **UP),
        F("fee_collection_rate", "percent", target="fee_collection_rate", **UP),
        F("on_time_rate", "percent", target="on_time_delivery", **UP),
        F("review_pass_rate_county", "percent", target="county_review_pass_rate", **UP),
        F("settlement_days_mean", "days", target="settlement_days", **DOWN)),
    "service": _figures(
        "service",
        F("sessions_per_agent_day", "number", unit="sessions"),
        F("peak_agent_day", "int", unit="sessions"),
        F("first_response_mean_seconds", "seconds", target="first_response_seconds",
          benchmark="industry_first_response_seconds", **DOWN),
        F("first_response_p90_seconds", "seconds", **DOWN),
        F("within_60s_share", "percent", **UP),
        F("dispute_resolution_rate", "percent", **UP),
        F("high_risk_sessions", "int", unit="个", **DOWN),
        F("avg_handle_minutes", "minutes"),
        F("inquiry_conversion", "percent", **UP),
        F("satisfaction_rate", "percent", **UP),
        F("service_sales", "money", **UP)),
    "campaigns": _figures(
        "campaigns",
        F("deal_visitors", "number", unit="人次"),
        F("deal_traffic_uplift", "signed_percent"),
        F("deal_roi", "ratio", benchmark="campaign_roi", threshold="deal_break_even_roi",
          **UP),
        F("full_reduction_orders", "int", unit="单"),
        F("coupon_redemption", "percent", **UP), F("bundle_share", "percent", **UP),
        F("rule_bug_fix_minutes_max", "minutes", target="rule_bug_fix_minutes",
          benchmark="rule_bug_complaint_minutes", **DOWN)),
    "compliance": (),
    "team": _figures("team", F("headcount", "int", unit="人"), F("groups", "int", unit="个")),
}
assert tuple(HEADLINES) == DOMAINS, "every catalog domain declares its headline figures"

FIGURES: dict[tuple[str, str], Figure] = {
    (f.domain, f.key): f for figs in HEADLINES.values() for f in figs}


def figure(domain: str, key: str) -> Figure:
    try:
        return FIGURES[(domain, key)]
    except KeyError:
        raise KeyError(f"no figure {domain}.{key} in figures.HEADLINES") from None


def headlines(domain: str) -> tuple[Figure, ...]:
    return HEADLINES[domain]


def check(cfg: Config) -> None:
    """Config and declarations agree: each target a figure names exists, judges that figure
    (its `metric`) and points the same way; every target naming a headline figure is named by
    it. Raises ConfigError saying which."""
    named = {}
    for fig in FIGURES.values():
        for key in (fig.target, fig.benchmark):
            if key is None:
                continue
            target: Target = cfg.target(key)
            named[key] = fig
            where = f"config/targets.yml: targets.{key}"
            if target.metric != f"{fig.domain}.{fig.key}":
                raise ConfigError(f"{where}: metric is {target.metric!r}, but figures.py "
                                  f"holds it against {fig.domain}.{fig.key}")
            if target.kind != ("target" if key == fig.target else "benchmark"):
                raise ConfigError(f"{where}: kind is {target.kind}, but figures.py names it "
                                  f"as the {'target' if key == fig.target else 'benchmark'} "
                                  f"of {fig.domain}.{fig.key}")
            if target.better != fig.better:
                raise ConfigError(f"{where}: better is {target.better}, but "
                                  f"{fig.domain}.{fig.key} is better {fig.better}")
    for key, target in cfg.targets.items():
        if target.metric and key not in named:
            domain, _, metric = target.metric.partition(".")
            if (domain, metric) in FIGURES:
                raise ConfigError(f"config/targets.yml: targets.{key} judges {target.metric}, "
                                  f"which figures.py does not hold against it")
