import warnings

import pandas as pd
import pytest

from opsreview.pages import charts

pytestmark = pytest.mark.usefixtures("strict_glyphs")


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


def test_charts_are_palette_pngs_that_keep_the_house_colours_exactly():
    import io

    from PIL import Image

    fig = charts.bars(["甲", "乙", "丙"], [3, 5, 4], "接待量", horizontal=True)
    with Image.open(io.BytesIO(charts.png_bytes(fig))) as png:
        assert png.mode == "P"
        counts = sorted(png.convert("RGB").getcolors(256), reverse=True)
    used = {rgb for _, rgb in counts}
    assert min(counts[0][1]) >= 254  # the background: white, to a step the eye can't see
    assert tuple(int(charts.NEUTRAL[i:i + 2], 16) for i in (1, 3, 5)) in used  # the bars' blue


def test_lines_of_counts_start_at_zero_and_ranks_read_best_at_the_top():
    frame = pd.DataFrame({"day": [1, 2, 3], "uv": [300, 340, 320], "rank": [9, 4, 2]})
    counts = charts.line(frame, "day", {"uv": "访客数"}, "访客").axes[0]
    assert counts.get_ylim()[0] == 0
    ranks = charts.line(frame, "day", {"rank": "排名"}, "排名", invert=True).axes[0]
    low, high = ranks.get_ylim()
    assert low > high  # inverted: rank 1 at the top, the axis not forced to zero


def test_value_labels_sit_on_a_white_patch_clear_of_gridlines():
    fig = charts.bars(["甲", "乙"], [3, 5], "接待量", annotate=str)
    labels = fig.axes[0].texts
    assert [x.get_text() for x in labels] == ["3", "5"]
    assert all(x.get_bbox_patch().get_facecolor()[:3] == (1.0, 1.0, 1.0) for x in labels)


def test_large_figures_get_no_offset_text_that_the_fixed_title_would_cover():
    fig = charts.bars(["一月", "二月"], [12_345_678, 12_345_999], "成交额（元）")
    fig.draw_without_rendering()
    ax = fig.axes[0]
    assert ax.yaxis.get_offset_text().get_text() == ""
    assert ax.title.get_position()[1] == 1.0
    assert charts.to_png_data_uri(fig).startswith("data:image/png")


def test_horizontal_bars_put_the_reference_lines_legend_under_the_chart():
    """Beside horizontal bars the line's legend covered a bar or the line itself."""
    fig = charts.bars(["小渔", "阿强", "海子"], [0.294, 0.289, 0.282], "各客服询单转化率",
                      horizontal=True, percent=True, reference=(0.288, "全部客服 28.8%"))
    assert fig.axes[0].get_legend() is None
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["全部客服 28.8%"]
    fig = charts.bars(["1月", "2月"], [3, 4], "新增文章", reference=(5, "目标 5 篇"))
    assert fig.axes[0].get_legend() is not None and not fig.legends


def test_finish_says_each_chart_finishing_once():
    """charts.finish: the title, axis labels (a short unit upright), grid lines only along
    the value axis, percent and date axes, and the legend in the axes or below the chart."""
    import matplotlib

    fig, ax = charts.figure()
    ax.bar(["甲", "乙"], [0.2, 0.5], label="本月")
    charts.finish(ax, "占比", "渠道", "%", values="y", percent="y", decimals=0, upright=True,
                  legend="upper left", anchor=(1.0, 1.0), title_size=11)
    assert (ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()) == ("占比", "渠道", "%")
    title = next(c for c in ax.get_children() if getattr(c, "get_text", None) and
                 c.get_text() == "占比")
    assert ax.yaxis.label.get_rotation() == 0 and title.get_fontsize() == 11
    assert ax.yaxis.get_major_formatter()(0.5, 0) == "50%"
    assert not ax.xaxis.get_major_ticks()[0].gridline.get_visible()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["本月"]
    assert charts.to_png_data_uri(fig).startswith("data:image/png")

    fig, ax = charts.figure()
    ax.plot(pd.date_range("2024-02-01", periods=3), [1, 2, 3], label="访客")
    charts.finish(ax, "访客", legend="below", ncols=2, dates=True)
    assert ax.get_legend() is None
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["访客"]
    assert isinstance(ax.xaxis.get_major_formatter(), matplotlib.dates.DateFormatter)
    assert charts.to_png_data_uri(fig).startswith("data:image/png")
