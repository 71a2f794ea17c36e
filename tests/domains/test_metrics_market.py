"""Market metric functions on small hand-made frames with hand-computed answers."""

from datetime import date

import pytest

from opsreview.domains.market import metrics as mk
from opsreview.month.months import Month
from opsreview.sample.market import canonical

FEB = Month.parse("2024-02")
HQ = {"总部", "HQ", "运营部"}


def visits(*specs):
    """specs: (intent, channel) pairs."""
    return canonical("client_visits", [
        dict(date=date(2024, 2, 5), client=f"c{i}", city="临沂", intent=intent, channel=ch)
        for i, (intent, ch) in enumerate(specs)])


def test_intent_rate_and_online_share():
    v = visits(("single", "online"), ("full", "offline"), ("none", "offline"), ("none", None))
    assert mk.intent_rate(v) == 0.5
    assert mk.online_share(v) == 0.25
    assert mk.intent_rate(visits()) is None


def test_visit_funnel_with_previous_month():
    now = visits(("single", "offline"), ("full", "offline"), ("none", "offline"),
                 ("none", "offline"))
    before = visits(("single", "offline"), ("none", "offline"), ("none", "offline"),
                    ("none", "offline"), ("none", "offline"))
    f = mk.visit_funnel(now, before).set_index("stage")
    assert f.loc["visited", "visits"] == 4 and f.loc["intent", "visits"] == 2
    assert f.loc["intent", "share"] == 0.5
    assert f.loc["intent", "previous_share"] == pytest.approx(0.2)
    assert f.loc["intent", "change"] == pytest.approx(0.3)
    alone = mk.visit_funnel(now).set_index("stage")
    assert alone.loc["full", "previous_visits"] is None and alone.loc["full", "change"] is None


def test_channel_share_treats_missing_as_offline_and_adds_industry():
    t = mk.channel_share(visits(("none", "online"), ("none", None), ("none", "offline"),
                                ("none", "offline")), 0.3).set_index("channel")
    assert t.loc["online", "visits"] == 1 and t.loc["offline", "visits"] == 3
    assert t.loc["online", "industry_share"] == 0.3
    assert t.loc["offline", "industry_share"] == pytest.approx(0.7)


BRANCHES = canonical("branches", [
    dict(branch="郯城分所", kind="office", city="临沂", tier="county", opened_on=date(2023, 5, 1)),
    dict(branch="济南分公司", kind="company", city="济南", tier="core", opened_on=date(2022, 1, 4)),
    dict(branch="临沂分公司", kind="company", city="临沂", tier="core", opened_on=date(2024, 2, 1)),
    dict(branch="泰安分所", kind="office", city="泰安", tier="core", opened_on=date(2024, 2, 20)),
])


def test_branches_opened_and_cities_covered():
    assert mk.cities_covered(BRANCHES, FEB.end) == 3
    assert mk.cities_covered(BRANCHES, FEB.previous().end) == 2
    t = mk.branches_opened(BRANCHES, FEB)
    assert t.to_dict("records") == [{"kind": "company", "city": "临沂", "branches": 1},
                                    {"kind": "office", "city": "泰安", "branches": 1}]


def test_coverage_by_tier_against_last_month():
    c = mk.coverage(BRANCHES, FEB).set_index("tier")
    assert c.loc["core"].tolist() == [3, 3, 1, 1, 2]
    assert c.loc["county"].tolist() == [1, 1, 1, 1, 0]
    assert c.loc["all"].tolist() == [4, 3, 2, 2, 2]


def contract(cid, branch, signed, amount, received, **kw):
    return dict(contract_id=cid, branch=branch, client="某公司", signed_on=signed,
                amount=amount, received=received, **kw)


CONTRACTS = canonical("contracts", [
    contract("A", "济南分公司", date(2024, 2, 1), 100.0, 40.0, fee_due=20.0, fee_received=20.0,
             due_on=date(2024, 2, 10), delivered_on=date(2024, 2, 9),
             paid_on=date(2024, 2, 2), settled_on=date(2024, 2, 8)),
    contract("B", "济南分公司", date(2024, 2, 3), 200.0, 60.0, fee_due=30.0, fee_received=15.0,
             due_on=date(2024, 2, 12), delivered_on=date(2024, 2, 15)),
    contract("C", "郯城分所", date(2024, 2, 5), 50.0, 50.0, fee_due=10.0, fee_received=10.0,
             due_on=date(2024, 2, 20), delivered_on=date(2024, 2, 25)),
    contract("D", "郯城分所", date(2024, 1, 5), 80.0, 80.0, due_on=date(2024, 2, 1),
             delivered_on=date(2024, 2, 1), paid_on=date(2024, 1, 28),
             settled_on=date(2024, 2, 7)),
    contract("E", "郯城分所", date(2024, 2, 6), 70.0, 0.0, due_on=date(2024, 2, 26)),
    contract("H", "总部", date(2024, 1, 10), 300.0, 150.0, progress=0.5),
    contract("H2", "HQ", date(2024, 2, 10), 100.0, 0.0, progress=0.1),
])


def test_branch_contracts_signed_in_month_exclude_hq_and_earlier():
    signed = mk.branch_signed(CONTRACTS, FEB, HQ)
    assert sorted(signed["contract_id"]) == ["A", "B", "C", "E"]
    assert mk.fee_collection_rate(signed) == pytest.approx(45 / 60)


def test_contracts_by_branch():
    t = mk.contracts_by_branch(CONTRACTS, FEB, HQ).set_index("branch")
    assert t.loc["济南分公司", "contracts"] == 2
    assert t.loc["济南分公司", "amount"] == 300 and t.loc["济南分公司", "outstanding"] == 200
    assert t.loc["济南分公司", "fee_collection_rate"] == pytest.approx(35 / 50)
    assert t.loc["郯城分所", "amount"] == 120 and t.loc["郯城分所", "fee_due"] == 10


def test_deliveries_and_punctuality():
    d = mk.deliveries(CONTRACTS, FEB, HQ)
    assert d["contract_id"].tolist() == ["D", "A", "B", "C"]  # E is not delivered yet
    assert d["delay_days"].tolist() == [0, 0, 3, 5]
    p = mk.punctuality(d)
    assert p["on_time_rate"] == 0.5 and p["mean_delay_days"] == 4.0
    assert (p["contracts_due"], p["on_time"], p["late"]) == (4, 2, 2)
    assert mk.punctuality(d[d["on_time"]])["mean_delay_days"] is None


def test_review_pass_rates_by_tier():
    reviews = canonical("design_reviews", [
        dict(date=date(2024, 2, 5), branch="济南分公司", passed=True),
        dict(date=date(2024, 2, 6), branch="济南分公司", passed=False),
        dict(date=date(2024, 2, 7), branch="郯城分所", passed=True),
        dict(date=date(2024, 2, 8), branch="未登记分所", passed=False),
    ])
    r = mk.review_pass_rates(reviews, BRANCHES, FEB).set_index("tier")
    assert r.loc["core", "pass_rate"] == 0.5 and r.loc["core", "reviews"] == 2
    assert r.loc["county", "pass_rate"] == 1.0
    none = mk.review_pass_rates(reviews, None, FEB)
    assert none["pass_rate"].isna().all()


def test_settlement_days():
    s = mk.settlements(CONTRACTS, FEB)
    assert s["contract_id"].tolist() == ["D", "A"]
    assert s["days"].tolist() == [10, 6]


def test_self_run_sums_and_amount_weighted_progress():
    r = mk.self_run(CONTRACTS, HQ)
    assert r["self_run_amount"] == 400.0 and r["self_run_received"] == 150.0
    assert r["self_run_progress"] == pytest.approx((300 * 0.5 + 100 * 0.1) / 400)
    empty = mk.self_run(CONTRACTS[CONTRACTS["branch"] == "济南分公司"], HQ)
    assert empty == {"self_run_amount": None, "self_run_received": None,
                     "self_run_progress": None}
