"""The written review on the index: achievements, problems, aims, absent domains; zh and en."""

import pytest

from opsreview.config import Config
from opsreview.report.index import written_review
from opsreview.report.labels import Labels

METRICS = {"domains": {
    "site": {"status": "ok", "error": None, "metrics": {
        "first_week_avg_daily_uv": 320.0, "articles_per_day": 2.0}},
    "market": {"status": "no_data", "error": None, "metrics": {}},
    "service": {"status": "invalid", "error": "cs_sessions.csv, column x", "metrics": {}},
}}


@pytest.mark.parametrize(("lang", "met", "missed", "aim", "absent"), [
    ("zh", "首周日均访客（UV）为 320，达到行业基准（≥ 270）",
     "日均更新文章为 2，未达到行业基准（≥ 5），差距 3", "将日均更新文章提高到 5 篇", "本月无数据"),
    ("en", "First-week average daily UV was 320, meeting the benchmark of ≥ 270",
     "Articles per day was 2, missing the benchmark of ≥ 5 by 3", "Raise publishing to 5",
     "No data this month"),
])
def test_met_and_missed_targets_and_absent_domains(lang, met, missed, aim, absent):
    html = written_review(METRICS, {}, Labels(lang), Config())
    assert met in html and missed in html and aim in html and absent in html
    assert 'href="site.html"' in html, "each part links to the page it quotes"
    assert html.index(met) < html.index(missed) < html.index(aim)


def test_progress_on_last_month_counts_as_achievement_or_problem():
    import pandas as pd

    trends = {"site": pd.DataFrame({"2024-01": [300.0, 3.0], "2024-02": [320.0, 2.0]},
                                   index=["first_week_avg_daily_uv", "articles_per_day"])}
    html = written_review(METRICS, {}, Labels("zh"), Config(), trends)
    assert "日均更新文章较上月下降 33.3%（3 → 2）" in html
    problems = html[html.index("存在问题"):]
    assert "日均更新文章较上月" in problems


def test_data_is_escaped():
    metrics = {"domains": {"team": {"status": "ok", "error": None,
                                    "metrics": {"headcount": 3, "groups": 1}},
                           "compliance": {"status": "ok", "error": None, "metrics": {"shops": {
                               "<script>x</script>": {"trial_verdict": "pass", "trial_day": 70}
                           }}}}}
    html = written_review(metrics, {}, Labels("zh"), Config())
    assert "<script>" not in html and "&lt;script&gt;" in html
