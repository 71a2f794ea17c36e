"""The team page's headcount chart on the sample month, in both languages."""

import pytest

from opsreview.domains.team.metrics import team_table
from opsreview.domains.team.views import headcount_chart
from opsreview.judging.labels import Labels
from opsreview.pages import charts
from opsreview.sample import team as sample

pytestmark = pytest.mark.usefixtures("strict_glyphs")


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


@pytest.mark.parametrize("lang, said", [
    ("zh", "较上月增加 3 人（14 → 17），策划组、市场组、客服组各增加 1 人"),
    ("en", "3 more than last month (14 → 17), "
           "1 more each in Planning, Marketing, Customer service")])
def test_the_groups_that_grew_on_last_month_are_named(lang, said):
    from opsreview.contract.config import Config
    from opsreview.judging.review import domain_review

    table = team_table(sample.frames("2024-02")["team"], sample.frames("2024-01")["team"])
    assert table["change"].tolist() == [0, 0, 1, 0, 1, 1]
    assert table["previous"].sum() == 14  # last month's team, group by group
    assert "change" not in team_table(sample.frames("2024-02")["team"])  # no last month
    figures = {"headcount": 17, "groups": 6, "headcount_previous": 14,
               "group_headcount": {"策划组": 3, "市场组": 2, "客服组": 5},
               "group_changes": {"策划组": 1, "市场组": 1, "客服组": 1}}
    part = domain_review("team", figures, None, Config(), Labels(lang))
    assert any(said in line for line in part.overview), part.overview
    figures["group_changes"] = {"策划组": 2, "市场组": -1}
    part = domain_review("team", figures, None, Config(), Labels(lang))
    words = ("策划组增加 2 人、市场组减少 1 人" if lang == "zh"
             else "Planning 2 more, Marketing 1 fewer")
    assert any(words in line for line in part.overview), part.overview
