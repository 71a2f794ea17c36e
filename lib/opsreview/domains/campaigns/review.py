"""The campaigns' part of the review: the deal, full reduction, coupons, rule bugs."""

from __future__ import annotations

from opsreview.judging.review import Facts
from opsreview.judging.verdicts import BAD, GOOD, INFO, is_number


def review_campaigns(x: Facts) -> None:
    f, t = x.f, x.t
    if f.get("campaigns") == 0 and x.has("gmv", "orders"):  # a shop that ran none
        x.add(INFO, x.say("no_campaign", gmv=x.v("gmv", "money"), orders=x.v("orders", "int")))
    if x.has("deal_visitors", "deal_units", "deal_traffic_uplift"):
        x.about("deal_visitors", "deal", also=("deal_traffic_uplift",),
                uplift=t.format(abs(f["deal_traffic_uplift"]), "percent"),
                more=x.say("more" if f["deal_traffic_uplift"] >= 0 else "fewer"),
                units=x.v("deal_units", "int"), gmv=x.v("deal_gmv", "money"))
    margin, net = f.get("deal_margin_change"), f.get("deal_margin_after_cost")
    x.about("deal_roi", "roi", margin="" if margin is None or margin >= 0 else x.say(
        "margin", change=t.format(-margin, "points").lstrip("+")),
        loss="" if not is_number(net) or net >= 0 else x.say("loss", amount=t.format(-net,
                                                                                    "money")))
    if f.get("full_reduction_orders") and x.has("full_reduction_aov_uplift"):
        up = f["full_reduction_aov_uplift"]
        x.about("full_reduction_orders", "full_reduction",
                aov=t.format(abs(up), "percent"), more=x.say("higher" if up >= 0 else "lower"),
                conversion=x.v("full_reduction_conversion", "percent"))
    if x.has("coupon_issued"):
        x.about("coupon_redemption", "coupons", issued=x.v("coupon_issued", "int"))
    if f.get("bundle_orders"):
        x.about("bundle_share", "bundles", n=x.v("bundle_orders", "int"))
    if f.get("rule_bugs"):
        x.about("rule_bug_fix_minutes_max", "rule_bugs", n=x.v("rule_bugs", "int"))
    if f.get("emergencies"):
        still = f["emergencies"] - (f.get("emergencies_fixed") or 0)
        minutes = x.v("emergency_response_minutes_mean", "minutes")
        if still > 0 and f.get("emergencies_fixed") is not None:
            x.add(BAD, x.say("emergencies_open", n=x.v("emergencies", "int"), minutes=minutes,
                             open=t.format(still, "int")))
            x.aim(x.say("aims.emergencies"))
        elif still <= 0:
            # all fixed is an achievement only when none took longer than a rule bug may
            longest, limit = f.get("emergency_fix_minutes_max"), _fix_limit(x)
            slow = longest is not None and limit is not None and longest > limit
            over = [m for m in f.get("emergency_fix_minutes") or []
                    if limit is not None and m > limit]
            x.add(BAD if slow else GOOD, x.say(
                "emergencies_slow" if slow else "emergencies", n=x.v("emergencies", "int"),
                some=x.say("some_of", n=t.format(len(over), "int")) if over else x.say("some"),
                minutes=minutes, limit=t.format(None if limit is None else limit / 60, "hours"),
                slowest=x.v("emergency_fix_minutes_max", "minutes"),
                longest="" if longest is None else x.say(
                    "emergencies_longest", minutes=x.v("emergency_fix_minutes_max", "minutes"))),
                figures=("emergency_fix_minutes_max",))
            if slow:
                x.aim(x.say("aims.emergencies_slow",
                            limit=t.format(None if limit is None else limit / 60, "hours")))


def _fix_limit(x: Facts) -> float | None:
    """The minutes a rule bug may take to fix (the target of rule_bug_fix_minutes_max)."""
    v = x.verdicts.get("rule_bug_fix_minutes_max")
    return None if v is None or v.line is None else v.line.value
