"""Customer service of the shops: load per agent, first response, disputes, high-risk
buyers, conversion, satisfaction, sales through service."""

from __future__ import annotations

from opsreview.contract.figure import DOWN, UP, F, declare

# the headline figures, in the order the cards and the index show them
HEADLINE = declare(
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
    F("service_sales", "money", **UP))
