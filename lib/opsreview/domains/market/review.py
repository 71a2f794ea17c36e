"""The market's part of the review: branches, contracts, the 自营 project, delivery."""

from __future__ import annotations

from opsreview.judging.insights import MILESTONE
from opsreview.judging.review import Facts
from opsreview.judging.verdicts import INFO, is_number


def review_market(x: Facts) -> None:
    f, t = x.f, x.t
    if x.has("new_branches", "cities_covered"):
        growth, cities = f.get("cities_covered_growth"), f["cities_covered"]
        before = None if growth is None or growth <= -1 else round(cities / (1 + growth))
        x.about("new_branches", "branches", brief="brief.branches",
                kind=MILESTONE if f["new_branches"] else None,  # none opened: no news
                companies=x.v("new_companies", "int"),
                offices=x.v("new_offices", "int"), cities=t.format(cities, "int"),
                last="" if not is_number(x.prev.get("new_branches")) else x.say(
                    "branches_last", n=t.format(x.prev["new_branches"], "int")),
                cities_since="" if before is None or before == cities else x.say(
                    "cities_since", before=t.format(before, "int")))
    if x.has("contracts_signed", "contract_received"):
        x.about("contract_amount", "contracts", brief="brief.contracts",
                n=x.v("contracts_signed", "int"),
                received=x.v("contract_received", "money"))
    x.concentration("contract_top_branch", "concentration")
    if x.has("self_run_amount"):
        amount, got = f["self_run_amount"], f.get("self_run_received")
        x.add(INFO, x.say("self_run", amount=x.v("self_run_amount", "money"),
                          received=x.v("self_run_received", "money"),
                          share=t.format(got / amount if got is not None and amount else None,
                                         "percent"),
                          progress=x.v("self_run_progress", "percent")),
              figures=("self_run_amount",))
    if x.has("contracts_on_time", "contracts_due"):
        x.about("on_time_rate", "on_time", on_time=x.v("contracts_on_time", "int"),
                due=x.v("contracts_due", "int"),
                delay="" if not f.get("mean_delay_days") else x.say(
                    "delay", delay=x.v("mean_delay_days", "days")))
    if x.has("review_pass_rate_core"):
        x.about("review_pass_rate_county", "county", core=x.v("review_pass_rate_core", "percent"))
