"""The sample months reproduce the seed's site and SEO figures, deterministically and typed."""

import json

import pytest

from conftest import sample_month
from opsreview.domains.seo import metrics as seo
from opsreview.domains.site import metrics as site
from opsreview.sample import seo as s_seo
from opsreview.sample import site as s_site

MODULES = (s_site, s_seo)


def test_site_february_lands_on_the_seed(md, cfg):
    m = site.compute(md, cfg)
    assert m["site"] == "tcyyxxw.com" and m["launched_on"] == "2024-02-20"
    assert m["first_week_avg_daily_uv"] == 320.0
    assert round(m["first_week_vs_benchmark"], 3) == 0.185
    assert m["articles"] == 20 and m["articles_per_day"] == 2.0
    assert m["core_topic_coverage"] == pytest.approx(0.4)
    assert len(m["uncovered_core_topics"]) == 6
    assert (m["timeouts"], m["timeout_mttr_minutes"]) == (2, 120.0)
    assert m["fault_resolution_rate"] == pytest.approx(0.9)
    assert m["consultation_accuracy"] == pytest.approx(0.7)
    assert m["consultations"] > m["consultations_reviewed"]  # some not yet reviewed
    assert m["load_seconds_start"] == pytest.approx(5.0)
    assert m["load_seconds_end"] == pytest.approx(2.5)
    assert m["changes"] == {}  # January has no site data
    json.dumps(m)  # plain JSON values only


def test_site_january_has_no_data(md, cfg):
    assert s_site.frames("2024-01") == {}
    assert site.compute(md.previous(), cfg) is None


def test_wrong_answers_concentrate_on_two_diseases_in_two_modules(md):
    c = md.get("site_consultations")
    wrong = c[c["accurate"].eq(False).fillna(False)]
    focus = wrong["topic"].isin(["赤皮病", "烂鳃病"]) & wrong["module"].isin(
        ["diagnosis", "medication"])
    assert focus.sum() >= 0.8 * len(wrong)


def test_seo_february_lands_on_the_seed(md, cfg):
    m = seo.compute(md, cfg)
    assert m["index_collapses"] == 1
    assert m["collapses"][0]["site"] == "tcyuju.cn" and m["collapses"][0]["pages"] == 1
    assert m["no_effect_share"] == pytest.approx(0.4) and m["strategy_trials"] == 5
    assert m["best_trial"]["relative_change"] == pytest.approx(-0.3)
    lesson = m["split_strategies"][0]
    assert lesson["strategy"] == "backlinks" and lesson["weakest_verdict"] == "no_effect"
    assert "keywords" in m["changes"]  # January has SEO data to compare with
    json.dumps(m)


def test_seo_january_is_plausible(md, cfg):
    m = seo.compute(md.previous(), cfg)
    assert m["index_collapses"] == 0 and m["strategy_trials"] == 3
    assert 0 < m["top10_share"] < 1


def test_scale_adds_rows_and_keeps_the_seed(cfg):
    md2 = sample_month(MODULES, scale=3)
    assert len(md2.get("site_traffic")) == 3 * 10
    assert md2.get("seo_rankings")["keyword"].nunique() > 30
    m = site.compute(md2, cfg)
    assert m["first_week_avg_daily_uv"] == 320.0 and m["articles_per_day"] == 2.0
    s = seo.compute(md2, cfg)
    assert s["index_collapses"] == 1 and s["no_effect_share"] == pytest.approx(0.4)
