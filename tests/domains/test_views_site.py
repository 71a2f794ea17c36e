"""The site page's charts and sentences on the sample month, in both languages."""

import pytest

from conftest import sample_month
from opsreview.contract.config import Config
from opsreview.domains.site import metrics
from opsreview.domains.site import views as v
from opsreview.judging.labels import Labels
from opsreview.judging.review import domain_review
from opsreview.pages import charts
from opsreview.sample import site as sample


@pytest.fixture(scope="module")
def month():
    md = sample_month([sample])
    cfg = Config()
    figures = metrics.compute(md, cfg)
    return md, cfg, figures, v.tables(md, cfg, figures)


pytestmark = pytest.mark.usefixtures("strict_glyphs")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_draws_with_all_glyphs(month, lang):
    _, cfg, _, tabs = month
    t = Labels(lang)
    figs = [v.traffic_chart(tabs.traffic, t), v.articles_chart(tabs.articles, t),
            v.coverage_chart(tabs.coverage, t), v.load_chart(tabs.load, t),
            v.incidents_chart(tabs.incidents, t, 60),
            v.accuracy_chart(tabs.by_module, "module", t, 0.9),
            v.accuracy_chart(tabs.by_topic, "topic", t, 0.9)]
    for fig in figs:
        assert charts.to_png_data_uri(fig).startswith("data:image/png")


def test_tables_cover_the_live_days_and_the_plan(month):
    _, _, figures, tabs = month
    assert len(tabs.traffic) == 10 and tabs.traffic["launch"].sum() == 1
    assert tabs.articles["articles"].sum() == figures["articles"] == 20
    assert set(tabs.uncovered["topic"]) == set(figures["uncovered_core_topics"])


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", ["320 人次", "5 秒", "2.5 秒", "1 起故障未解决（2024年2月28日的CC攻击）"]),
    ("en", ["320 daily visitors", "5 s", "2.5 s",
            "open at the month's end: the CC attack of 2024-02-28"])])
def test_findings_quote_the_seed_figures(month, lang, expected):
    """The page's findings: the review part, then the view's own observations."""
    _, _, figures, tabs = month
    t = Labels(lang)
    said = domain_review("site", figures, None, Config(), t)
    text = " ".join([s for _, s, *_ in v.extra_findings(figures, tabs, None, t)]
                    + said.good + said.bad)
    for bit in expected:
        assert bit in text


def test_incidents_by_kind_in_words_and_none_when_absent():
    import pandas as pd

    by_kind = pd.DataFrame({"kind": ["outage"], "incidents": [2], "resolved": [2],
                            "mean_minutes": [90.0], "max_minutes": [120.0]})
    assert v.by_kind_table(by_kind, Labels("zh"))["kind"].tolist() == ["宕机"]
    assert v.by_kind_table(None, Labels("en")) is None


def test_a_kind_none_of_whose_incidents_recovered_says_so_in_the_table(month):
    """The open CC attack of the sample month: 未恢复 where its minutes would be, never
    无数据 (it is not missing data: it has not recovered)."""
    from opsreview.pages import html

    tabs, t = month[3], Labels("zh")
    shown = v.by_kind_table(tabs.by_kind, t)
    cc = shown[shown["kind"] == t.enum("site_incidents", "kind", "cc_attack")].iloc[0]
    assert (cc["mean_minutes"], cc["max_minutes"]) == ("未恢复", "未恢复")
    markup = html.table(shown, v.BY_KIND_FORMATS)
    assert "未恢复" in markup and "无数据" not in markup
    assert tabs.by_kind["mean_minutes"].dtype.kind == "f"  # the tidy table stays numbers
