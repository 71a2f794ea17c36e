import warnings

import pandas as pd
import pytest

from opsreview import charts


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("OPSREVIEW_STRICT_GLYPHS", "1")
    charts.apply_theme()


def test_theme_uses_the_packaged_cjk_font_after_seaborn():
    import matplotlib.pyplot as plt

    assert plt.rcParams["font.sans-serif"][0] == charts.FONT_NAME
    assert plt.rcParams["axes.unicode_minus"] is False


def test_chinese_renders_without_missing_glyphs():
    frame = pd.DataFrame({"date": pd.date_range("2024-02-20", periods=5), "uv": [1, 2, 3, 4, 5]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = charts.line(frame, "date", {"uv": "访客数（UV）"}, "日均访客 赤皮病 烂鳃病", "日期",
                          "人次", reference=(270, "新站基准 270"),
                          marks={pd.Timestamp("2024-02-20"): "上线"})
        uri = charts.to_png_data_uri(fig)
    assert uri.startswith("data:image/png;base64,")


def test_a_missing_glyph_fails_under_strict_mode():
    fig, ax = charts.figure()
    ax.set_title("\U0001F600" * 3)  # no emoji in the font
    with pytest.raises(UserWarning, match="Glyph"):
        charts.to_png_data_uri(fig)


def test_bars_with_target_and_labels():
    fig = charts.bars(["诊断标准", "用药规范"], [0.6, 0.8], "准确率", reference=(0.9, "目标"),
                      horizontal=True, percent=True, annotate=lambda v: f"{v:.0%}")
    assert charts.to_png_data_uri(fig)
