"""The site page with only some of its files (issue 12 item 8b): every cell draws, and a
month whose only site file is site_traffic.csv builds (it failed in the coverage cell)."""

import json
import shutil

import pytest

from opsreview.build.runner import build
from opsreview.contract.config import Config
from opsreview.domains.site import metrics
from opsreview.domains.site import views as v
from opsreview.judging.labels import Labels
from opsreview.month.monthdata import MonthData
from opsreview.pages import charts
from opsreview.paths import RAW_DIR
from opsreview.sample import site as sample

MONTH = "2024-02"
SUBSETS = [(f"only {name}", (name,)) for name in metrics.OWN] + [
    (f"all but {name}", tuple(n for n in metrics.OWN if n != name)) for name in metrics.OWN]


@pytest.fixture(autouse=True)
def theme():
    charts.apply_theme()  # the CJK font; a missing glyph is an error (conftest)


def _page(files: tuple[str, ...], lang: str) -> list:
    """What the site notebook calls, in its order: tables, every chart, the findings."""
    frames = {n: f for n, f in sample.frames(MONTH).items() if n in files}
    md = MonthData.from_frames(MONTH, {MONTH: frames})
    cfg, t = Config(), Labels(lang)
    figures = metrics.compute(md, cfg)
    tabs = v.tables(md, cfg, figures)
    figs = [v.traffic_chart(tabs.traffic, t), v.articles_chart(tabs.articles, t),
            v.coverage_chart(tabs.coverage, t),
            v.incidents_chart(tabs.incidents, t, cfg.target("incident_recovery_minutes").value),
            v.accuracy_chart(tabs.by_module, "module", t, 0.9),
            v.accuracy_chart(tabs.by_topic, "topic", t, 0.9), v.load_chart(tabs.load, t)]
    for fig in figs:
        assert charts.to_png_data_uri(fig).startswith("data:image/png")
    v.extra_findings(figures, tabs, cfg, t)
    return figures


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("case", "files"), SUBSETS, ids=[c for c, _ in SUBSETS])
def test_every_site_cell_draws_with_any_file_missing(case, files, lang):
    figures = _page(files, lang)
    if "site_articles" not in files:  # no article in any month: coverage is unknown, not 0
        assert figures["core_topic_coverage"] is None and figures["articles"] is None


@pytest.mark.slow
def test_a_month_with_only_site_traffic_builds_the_site_page(tmp_path):
    raw = tmp_path / "raw" / MONTH
    raw.mkdir(parents=True)
    shutil.copy(RAW_DIR / MONTH / "site_traffic.csv", raw / "site_traffic.csv")
    out = tmp_path / "outputs"
    code = build(MONTH, ["site"], jobs=1, outputs_root=out, raw_dir=tmp_path / "raw",
                 processed_dir=tmp_path / "processed", echo=lambda _: None)
    doc = json.loads((out / MONTH / "metrics.json").read_text(encoding="utf-8"))
    assert code == 0, doc["domains"]["site"]["error"]
    site = doc["domains"]["site"]
    assert site["status"] == "ok" and site["metrics"]["first_week_avg_daily_uv"] is not None
    assert site["metrics"]["core_topic_coverage"] is None
    page = (out / MONTH / "site.html").read_text(encoding="utf-8")
    assert "Traceback" not in page and "TypeError" not in page
