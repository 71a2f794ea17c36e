"""The market: branch visits and signings, new branches, contracts and fees, on-time
delivery, county review, settlement."""

from __future__ import annotations

from opsreview.contract.figure import DOWN, UP, F, declare

# the headline figures, in the order the cards and the index show them
HEADLINE = declare(
    "market",
    F("visits", "int", unit="家", **UP), F("intent_rate", "percent", **UP),
    F("online_share", "percent", benchmark="online_acquisition_share", **UP),
    F("new_branches", "int", unit="家", **UP), F("contract_amount", "money", **UP),
    F("fee_collection_rate", "percent", target="fee_collection_rate", **UP),
    F("on_time_rate", "percent", target="on_time_delivery", **UP),
    F("review_pass_rate_county", "percent", target="county_review_pass_rate", **UP),
    F("settlement_days_mean", "days", target="settlement_days", **DOWN))
