"""A figure's history: its months as a Series from figure_cache (kept once, then read, no
page built), and its chart against the figure's target."""

import math

import matplotlib.pyplot as plt
import pytest

from opsreview.build import figure_cache
from opsreview.contract.config import Config
from opsreview.explore.history import figure_history, history_chart
from opsreview.paths import RAW_DIR


def test_a_figures_months_come_from_the_figure_cache(tmp_path, monkeypatch):
    months = ["2023-12", "2024-01", "2024-02"]
    series = figure_history("market.fee_collection_rate", months, RAW_DIR, tmp_path)
    assert list(series.index) == months and series.name == "fee_collection_rate"
    assert all(0 <= v <= 1 for v in series if not math.isnan(v))
    assert (tmp_path / "2024-02" / "figures" / "market.json").exists()
    monkeypatch.setattr(figure_cache.MonthData, "from_dirs",
                        lambda *a, **k: pytest.fail("recomputed: the cache was not read"))
    again = figure_history("market.fee_collection_rate", months, RAW_DIR, tmp_path)
    assert again.equals(series)


def test_a_month_without_the_domains_data_is_nan(tmp_path):
    series = figure_history("site.core_topic_coverage", ["2024-01", "2024-02"], RAW_DIR,
                            tmp_path)
    assert math.isnan(series["2024-01"]) and not math.isnan(series["2024-02"])


def test_an_unknown_figure_says_so(tmp_path):
    with pytest.raises(KeyError, match="market.fee_rate"):
        figure_history("market.fee_rate", ["2024-02"], RAW_DIR, tmp_path)


def test_the_history_is_drawn_against_its_target(tmp_path):
    series = figure_history("market.fee_collection_rate", ["2024-01", "2024-02"], RAW_DIR,
                            tmp_path)
    fig, ax = plt.subplots()
    assert history_chart(series, "en", ax=ax, title="Fees") is fig
    target = Config().target("fee_collection_rate").value
    assert [line.get_ydata()[0] for line in ax.lines if line.get_linestyle() == "--"] == \
        [target]
    assert ax.get_title("left") == "Fees"
    plt.close(fig)
