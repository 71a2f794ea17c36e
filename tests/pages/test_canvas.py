"""The pages' canvas remembers text sizes; the pixels must stay matplotlib's own."""

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.font_manager import FontProperties

from opsreview.pages import canvas, charts


@pytest.fixture(autouse=True)
def theme():
    charts.apply_theme()


def _chart():
    frame = pd.DataFrame({"day": pd.date_range("2024-02-01", periods=29),
                          "uv": np.arange(29) * 3.5 + 100})
    fig = charts.line(frame, "day", {"uv": "访客数（UV）"}, "日均访客：二月（新站 tcyyxxw.com）",
                      "日期", "人次", reference=(180, "行业基准 180"))
    fig.axes[0].set_yticks([100, 150, 200], ["一百", "150 人", "两百"])
    return fig


def _pixels(fig, canvas_class) -> np.ndarray:
    c = canvas_class(fig)
    c.draw()
    return np.asarray(c.buffer_rgba()).copy()


def test_a_chart_drawn_on_the_canvas_has_matplotlibs_pixels():
    plain = _pixels(_chart(), FigureCanvasAgg)  # a new figure each: a layout moves a little
    assert np.array_equal(_pixels(_chart(), canvas.Canvas), plain)  # when drawn again
    assert np.array_equal(_pixels(_chart(), canvas.Canvas), plain)  # from remembered sizes


@pytest.mark.parametrize("text", ["0%", "访客数（UV）", "Revenue 2024", ""])
def test_remembered_sizes_are_the_measured_ones(text):
    prop = FontProperties(size=11)
    plain = RendererAgg(100, 100, charts.DPI)
    ours = canvas.Renderer(100, 100, charts.DPI)
    for _ in range(2):
        assert ours.get_text_width_height_descent(text, prop, False) == \
            plain.get_text_width_height_descent(text, prop, False)


def test_line_metrics_are_those_matplotlib_works_out_itself():
    """matplotlib's Text reads the font's line height from the renderer when it can; the
    text's extent on our renderer equals the one on a renderer without that method."""
    fig = _chart()
    title = fig.axes[0].title
    title.set_text("两行标题\n第二行 Title")
    extents = []
    for canvas_class in (FigureCanvasAgg, canvas.Canvas):
        c = canvas_class(fig)
        extents.append(tuple(title.get_window_extent(c.get_renderer()).bounds))
    assert extents[0] == extents[1]


def test_a_changed_font_setting_is_measured_again():
    prop = FontProperties(size=11)
    before = canvas.Renderer(100, 100, charts.DPI).get_text_width_height_descent(
        "Revenue 2024", prop, False)
    with mpl.rc_context({"font.sans-serif": ["DejaVu Sans"]}):
        changed = canvas.Renderer(100, 100, charts.DPI).get_text_width_height_descent(
            "Revenue 2024", prop, False)
        plain = RendererAgg(100, 100, charts.DPI).get_text_width_height_descent(
            "Revenue 2024", prop, False)
    assert changed == plain
    assert changed != before
