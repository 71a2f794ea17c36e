"""Team sheet and kpis table on hand-made frames."""

import pandas as pd

from opsreview.contract.config import Target
from opsreview.domains.team import metrics as tm
from opsreview.month.monthdata import MonthData
from opsreview.sample.market import canonical

TEAM = canonical("team", [dict(group="甲组", role="x", headcount=3),
                          dict(group="乙组", role=None, headcount=1)])


def test_team_figures_and_table():
    assert tm.team_figures(TEAM) == {"headcount": 4, "groups": 2,
                                     "group_headcount": {"甲组": 3, "乙组": 1}}
    t = tm.team_table(TEAM)
    assert t["share"].tolist() == [0.75, 0.25]


def kpi(domain, key, value, unit="%"):
    return dict(domain=domain, kpi=key, label=None, value=value, unit=unit)


def test_kpi_table_previous_change_and_targets():
    now = canonical("kpis", [kpi("site", "skill", 82), kpi("team", "shipping_hours", 18, "h"),
                             kpi("market", "on_time_rate", 80), kpi("design", "new", 3, "次")])
    before = canonical("kpis", [kpi("site", "skill", 60), kpi("team", "gone", 1)])
    targets = {
        "shipping_hours": Target("shipping_hours", 24, "h", "benchmark", "lower", None, "s"),
        "on_time": Target("on_time", 0.9, "rate", "target", "higher", "market.on_time_rate", "s"),
    }
    t = tm.kpi_table(now, before, targets).set_index("kpi")
    assert t.loc["skill", "previous"] == 60 and t.loc["skill", "change"] == 22
    assert t.loc["skill", "label"] == "skill" and pd.isna(t.loc["skill", "target"])
    assert t.loc["shipping_hours", "target"] == 24 and t.loc["shipping_hours", "target_met"]
    assert t.loc["on_time_rate", "target"] == 90 and t.loc["on_time_rate", "target_met"] is False
    assert pd.isna(t.loc["new", "previous"]) and pd.isna(t.loc["new", "change"])
    assert tm.kpi_table(now, None, None, ("site",))["kpi"].tolist() == ["skill"]


def test_compute_team_and_no_data():
    md = MonthData.from_frames("2024-02", {"2024-01": {"team": TEAM.iloc[:1]},
                                           "2024-02": {"team": TEAM}})
    out = tm.compute(md, None)
    assert out["headcount"] == 4 and out["headcount_previous"] == 3
    assert out["headcount_change"] == 1 and out["kpis"] is None
    assert tm.compute(MonthData.from_frames("2024-02", {"2024-02": {}}), None) is None


def test_each_page_shows_its_own_hand_kept_figures():
    from opsreview.domains import REGISTRY

    assert REGISTRY["site"].kpi_domains == ("site", "design")  # the seed's 美工 review
    assert REGISTRY["service"].kpi_domains == ("service",)
    assert REGISTRY["team"].kpi_domains == ("team",)  # the team's own, not every domain's
