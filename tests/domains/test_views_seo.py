"""The SEO page's charts, tables and sentences on the sample month, in both languages."""

import pytest

from conftest import sample_month
from opsreview.contract.config import Config
from opsreview.domains.seo import metrics
from opsreview.domains.seo import views as v
from opsreview.judging.labels import Labels
from opsreview.judging.review import domain_review
from opsreview.pages import charts
from opsreview.sample import seo as sample


@pytest.fixture(scope="module")
def month():
    md = sample_month([sample])
    return metrics.compute(md, Config()), v.tables(md, Config())


pytestmark = pytest.mark.usefixtures("strict_glyphs")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_draws_with_all_glyphs(month, lang):
    _, tabs = month
    t = Labels(lang)
    figs = [v.distribution_chart(tabs.distribution, t),
            v.rank_chart(tabs.history, t, tabs.collapses),
            v.index_chart(tabs.index, t, tabs.collapses), v.trials_chart(tabs.trials, t)]
    for fig in figs:
        assert fig.axes[0].get_title("left")
        assert charts.to_png_data_uri(fig).startswith("data:image/png")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_absent_tables_draw_a_no_data_chart(lang):
    t = Labels(lang)
    for fig in (v.distribution_chart(None, t), v.rank_chart(None, t), v.index_chart(None, t),
                v.trials_chart(None, t)):
        assert charts.to_png_data_uri(fig).startswith("data:image/png")


def test_rank_chart_draws_better_ranks_higher(month):
    _, tabs = month
    ax = v.rank_chart(tabs.history, Labels("zh"), tabs.collapses).axes[0]
    low, high = ax.get_ylim()
    assert low > high  # inverted: rank 1 at the top


def test_trials_chart_writes_the_change_and_verdict_in_each_tried_cell(month):
    _, tabs = month
    ax = v.trials_chart(tabs.trials, Labels("zh")).axes[0]
    texts = [txt.get_text() for txt in ax.texts]
    assert "名次提升 30%\n改善" in texts and "变化 +0.5%\n无效果" in texts
    assert sum("未试验" in s for s in texts) == 12 - len(tabs.trials)
    assert "internal_links" not in " ".join(lbl.get_text() for lbl in ax.get_xticklabels())


def test_display_tables_speak_words_not_codes(month):
    _, tabs = month
    t = Labels("zh")
    movers = v.movers_table(tabs.movers, t)
    assert set(movers["direction"]) == {"上升", "下降"}
    assert "未排名" in set(movers["last_rank"]) and movers["gained"].iloc[0] == "+17"
    trials = v.trials_table(tabs.trials, t)
    assert "外链建设" in set(trials["strategy"])
    assert set(trials["verdict"]) == {"改善", "无效果", "变差"}
    assert v.movers_table(None, t) is None


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", ["tcyuju.cn", "2024年2月13日", "40%", "从 40 名升到 28 名", "外链建设", "mengertz.com"]),
    ("en", ["tcyuju.cn", "2024-02-13", "40%", "from 40 to 28", "Backlinks", "mengertz.com"])])
def test_findings_and_alert_state_the_seed_facts(month, lang, expected):
    figures, tabs = month
    t = Labels(lang)
    items = v.extra_findings(figures, tabs, None, t)
    said = domain_review("seo", figures, None, Config(), t)  # the page's findings start with it
    text = " ".join([s for _, s, *_ in items] + said.overview + said.good + said.bad)
    for bit in expected:
        assert bit in text
    assert {kind for kind, *_ in items} <= {"good", "bad", "info"}
    [alert] = v.collapse_alerts(tabs.collapses, t)
    assert "tcyuju.cn" in alert and "431" in alert and "99.8%" in alert


def test_the_lesson_comes_from_the_data(month):
    figures, tabs = month
    figures = {**figures, "split_strategies": []}
    text = " ".join(s for _, s, *_ in v.extra_findings(figures, tabs, None, Labels("en")))
    assert "One strategy, different results" not in text


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", ["名次提升 30%\n改善", "名次下降 95.2%\n变差", "变化 +0.5%\n无效果"]),
    ("en", ["rank up 30%\nimproved", "rank down 95.2%\nworse", "moved +0.5%\nno effect"])])
def test_trial_cells_say_better_without_a_minus_sign(lang, expected):
    t = Labels(lang)
    cells = [v.cell_text(-0.3, "improved", t), v.cell_text(0.952, "worse", t),
             v.cell_text(0.005, "no_effect", t)]
    assert cells == expected


def test_a_trial_on_a_collapsed_site_is_not_judged_worse_in_the_table():
    """A trial whose ranks fell while its site's index collapsed reads 无法判断, as the
    review says; other trials keep their verdict."""
    import pandas as pd

    trials = pd.DataFrame({"site": ["tcyuju.cn", "lyjzsj.com"], "strategy": ["internal_links",
                                                                           "backlinks"],
                           "first_action": pd.to_datetime(["2024-02-05", "2024-02-06"]),
                           "keywords": [3, 4], "baseline_mean_rank": [44.4, 40.0],
                           "end_mean_rank": [86.7, 28.0], "relative_change": [0.95, -0.3],
                           "verdict": ["worse", "improved"]})
    collapses = pd.DataFrame({"site": ["tcyuju.cn"]})
    shown = v.trials_table(trials, Labels("zh"), collapses)
    assert list(shown["verdict"]) == ["无法判断（同期索引骤降）", "改善"]
    assert list(v.trials_table(trials, Labels("zh"))["verdict"]) == ["变差", "改善"]
