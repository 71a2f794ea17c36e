"""The hand-kept figures as the pages show them: units in the page's language, one column
per fact, changes in points for % figures, targets with ✓ / ✗."""

from dataclasses import replace

import pandas as pd

from opsreview.contract.config import Target
from opsreview.domains.team.metrics import kpi_table
from opsreview.judging.labels import Labels
from opsreview.judging.review import kpi_sentence
from opsreview.pages.kpis import change_text, display, with_unit

SHIPPING = Target("shipping_hours", 24.0, "h", "target", "lower", "team.shipping_hours", "")


NOW = pd.DataFrame({"domain": ["team", "site", "market"],
                    "kpi": ["shipping_hours", "skill", "reports"],
                    "label": ["发货时效", "网站建设技术掌握度", "市场调研报告"],
                    "value": [18.0, 82.0, 2.0], "unit": ["h", "%", "份"]})
BEFORE = NOW.assign(value=[18.0, 60.0, None])


def test_zh_values_carry_their_units_and_changes_their_points():
    shown = display(kpi_table(NOW, BEFORE, {"shipping_hours": SHIPPING}), Labels("zh"), True)
    rows = shown.set_index("label")
    # the catalog's name (team.kpis), as the review's sentence says it, over the sheet's
    assert rows.loc["平均发货时长", "value"] == "18 小时"
    assert rows.loc["平均发货时长", "change"] == "持平"
    assert rows.loc["平均发货时长", "target"] == "≤ 24 小时 ✓ 达标"
    assert rows.loc["网站建设技术掌握度", "value"] == "82%"
    assert rows.loc["网站建设技术掌握度", "change"] == "+22 个百分点"
    assert rows.loc["市场调研报告", "value"] == "2 份"
    assert rows.loc["市场调研报告", "target"] == "—"  # none set, not "no data"
    assert pd.isna(rows.loc["市场调研报告", "change"])  # no value last month: no data
    assert list(shown.columns) == ["domain", "label", "value", "previous", "change", "target"]


def test_en_units_are_english_and_bare_counts_have_none():
    shown = display(kpi_table(NOW, None, None), Labels("en"), False).set_index("label")
    assert shown.loc["Mean shipping time", "value"] == "18 h"
    # a figure the catalog does not know: the sheet's name and a bare count
    assert shown.loc["市场调研报告", "value"] == "2"
    assert list(shown.columns) == ["value"]  # no last month, no targets: those columns go


def test_en_names_every_hand_kept_figure_of_the_sample_and_keeps_its_count_word():
    known = pd.DataFrame({"domain": ["team", "market", "design"],
                          "kpi": ["campaign_plans", "project_inspections", "banner_updates"],
                          "label": ["活动策划方案", "项目巡检次数", "首页Banner优化"],
                          "value": [3.0, 4.0, 3.0], "unit": ["份", "次", "次"]})
    before = known.assign(value=[1.0, 4.0, 2.0])
    en = display(kpi_table(known, before, None), Labels("en"), False)
    assert en.to_dict("list") == {
        "label": ["Campaign plans written", "Project inspections", "Home-page banner updates"],
        "value": ["3 plans", "4 inspections", "3 updates"],
        "previous": ["1 plan", "4 inspections", "2 updates"],
        "change": ["+2 plans", "no change", "+1 update"]}
    zh = display(kpi_table(known, before, None), Labels("zh"), False)
    assert zh["value"].tolist() == ["3 份", "4 次", "3 次"]


SKILL = Target("skill", 0.9, "rate", "target", "higher", "site.skill", "")


def test_hand_kept_targets_read_as_findings_with_the_gap_in_points():
    table = kpi_table(NOW, None, {"shipping_hours": SHIPPING, "skill": SKILL}).to_dict("records")
    said = [kpi_sentence(r, Labels("zh")) for r in table]
    assert said[:2] == [
        ("good", "平均发货时长 18 小时，达到目标（≤ 24 小时）。"),  # the catalog's name
        ("bad", "网站建设技术掌握度 82%，低于目标（≥ 90%）8 个百分点。")]
    assert said[2] is None  # no target
    en = [kpi_sentence(r, Labels("en")) for r in table]
    assert en[0] == ("good", "Mean shipping time: 18 h, meeting the target of ≤ 24 h.")
    # a Chinese name from kpis.csv is quoted as data, never used as an English word
    assert en[1] == ("bad", "The hand-kept figure “网站建设技术掌握度”: 82%, 8 pts short of the "
                            "target of ≥ 90%.")


def test_money_reads_as_money_does_elsewhere():
    t_zh, t_en = Labels("zh"), Labels("en")
    assert [with_unit(200.0, "CNY", t_zh), with_unit(200.0, "CNY", t_en)] == ["200元", "CNY 200"]
    assert change_text(-50.0, "CNY", t_zh) == "-50元"


BENCHMARK = replace(SHIPPING, kind="benchmark")


def test_a_benchmark_is_named_as_one_in_the_table_as_in_the_sentence():
    table = kpi_table(NOW, None, {"shipping_hours": BENCHMARK})
    rows = display(table, Labels("zh"), True).set_index("label")
    assert rows.loc["平均发货时长", "target"] == "行业基准 ≤ 24 小时 ✓ 达标"
    said = kpi_sentence(table.to_dict("records")[0], Labels("zh"))
    assert "行业基准" in said[1]
