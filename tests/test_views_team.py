"""The team page's headcount chart on the sample month, in both languages."""

import pytest

from opsreview import charts
from opsreview.metrics.team import team_table
from opsreview.report.labels import Labels
from opsreview.sample import team as sample
from opsreview.views.common import Tables
from opsreview.views.team import extra_findings, headcount_chart


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("OPSREVIEW_STRICT_GLYPHS", "1")
    charts.apply_theme()


@pytest.mark.parametrize("lang, note", [("zh", "5 人 · 29.4%"), ("en", "5 · 29.4%")])
def test_one_bar_per_group_in_file_order_with_people_and_share(lang, note):
    table = team_table(sample.frames("2024-02")["team"])
    fig = headcount_chart(table, Labels(lang))
    ax = fig.axes[0]
    t = Labels(lang)  # groups named in the page's language (team.yml)
    assert [lbl.get_text() for lbl in ax.get_yticklabels()] == [t.group(g) for g in table["group"]]
    assert note in [txt.get_text() for txt in ax.texts]  # 客服组: 5 of 17
    assert charts.to_png_data_uri(fig).startswith("data:image/png")


def test_no_team_list_draws_no_data():
    t = Labels("zh")
    fig = headcount_chart(None, t)
    assert t("common.page.no_rows") in [txt.get_text() for txt in fig.axes[0].texts]


@pytest.mark.parametrize("lang, text", [
    ("zh", "客服组人数最多：5 人，占全队 29.4%。"),
    ("en", "Customer service is the largest group: 5 people, 29.4% of the team.")])
def test_the_largest_group_is_named_with_its_share(lang, text):
    table = team_table(sample.frames("2024-02")["team"])
    assert extra_findings(None, Tables(groups=table), None, Labels(lang)) == [("info", text)]
    assert extra_findings(None, Tables(groups=None), None, Labels(lang)) == []


@pytest.mark.parametrize("lang, said", [
    ("zh", "各组较上月：策划组增加 1 人、市场组增加 1 人、客服组增加 1 人。"),
    ("en", "On last month: Planning 1 more, Marketing 1 more, Customer service 1 more.")])
def test_the_groups_that_grew_on_last_month_are_named(lang, said):
    table = team_table(sample.frames("2024-02")["team"], sample.frames("2024-01")["team"])
    assert table["change"].tolist() == [0, 0, 1, 0, 1, 1]
    assert table["previous"].sum() == 14  # last month's team, group by group
    texts = [text for _, text in extra_findings({}, Tables(groups=table), None, Labels(lang))]
    assert said in texts
    alone = team_table(sample.frames("2024-02")["team"])  # no last month: no change said
    assert "change" not in alone
    assert len(extra_findings({}, Tables(groups=alone), None, Labels(lang))) == 1
