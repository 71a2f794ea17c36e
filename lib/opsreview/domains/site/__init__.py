"""The fishery information portal: launch traffic, speed, faults and their recovery, articles,
core-topic coverage, the accuracy of technical consultations."""

from __future__ import annotations

from opsreview.contract.figure import DOWN, UP, F, declare

# the headline figures, in the order the cards and the index show them
HEADLINE = declare(
    "site",
    F("launched_on", "date"),
    F("first_week_avg_daily_uv", "number", benchmark="new_site_daily_uv", unit="人次", **UP),
    F("articles_per_day", "number", benchmark="articles_per_day", unit="篇", **UP),
    F("core_topic_coverage", "percent", target="core_topic_coverage", **UP),
    F("timeout_mttr_minutes", "minutes", benchmark="incident_recovery_minutes", **DOWN),
    F("fault_resolution_rate", "percent", **UP),
    F("consultation_accuracy", "percent", target="consultation_accuracy", **UP))
