"""The shops' campaigns: the platform deal (聚划算) and its ROI, full reduction, coupons,
bundles, rule bugs and emergencies."""

from __future__ import annotations

from opsreview.contract.figure import DOWN, UP, F, declare

# the headline figures, in the order the cards and the index show them
HEADLINE = declare(
    "campaigns",
    F("deal_visitors", "number", unit="人次"),
    F("deal_traffic_uplift", "signed_percent"),
    F("deal_roi", "ratio", benchmark="campaign_roi", threshold="deal_break_even_roi",
      **UP),
    F("full_reduction_orders", "int", unit="单"),
    F("coupon_redemption", "percent", **UP), F("bundle_share", "percent", **UP),
    F("rule_bug_fix_minutes_max", "minutes", target="rule_bug_fix_minutes",
      benchmark="rule_bug_complaint_minutes", **DOWN))
