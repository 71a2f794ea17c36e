"""The Agg canvas the pages' charts are drawn on: its renderer remembers text sizes.

A page draws each chart two to four times (for screens, then measured and drawn again for
phones), and each drawing lays out every tick label, title and legend entry again, which
matplotlib measures afresh for each new renderer: a fifth of a chart's time went to asking
FreeType the size of "0%" and of the same font's line height thousands of times. A size
depends only on the text, its font properties, the resolution and the font settings, so the
renderer here keeps them for the process. The pixels are matplotlib's own: only the
measuring is remembered, every text is still rendered by Agg.
"""

from __future__ import annotations

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.font_manager import fontManager, get_font

# The settings a text's size depends on besides its own properties (matplotlib keys its
# font lookup cache on the family lists the same way).
_FONT_SETTINGS = ("font.family", "font.serif", "font.sans-serif", "font.cursive",
                  "font.fantasy", "font.monospace", "text.hinting", "text.hinting_factor",
                  "text.kerning_factor", "text.antialiased")
_LIMIT = 50_000  # remembered sizes before the memo starts again (a long JupyterLab session)
_sizes: dict[tuple, tuple[float, float, float]] = {}
_lines: dict[tuple, tuple[float, float, float]] = {}


def _settings() -> tuple:
    return tuple(str(mpl.rcParams[key]) for key in _FONT_SETTINGS)


class Renderer(RendererAgg):
    """RendererAgg whose text measurements are remembered across renderers."""

    def __init__(self, width, height, dpi):
        super().__init__(width, height, dpi)
        self._settings = _settings()  # read once per drawing, not once per text

    def get_text_width_height_descent(self, s, prop, ismath):
        return _remembered(_sizes, (s, hash(prop), ismath, self.dpi, self._settings),
                           lambda: super(Renderer, self).get_text_width_height_descent(
                               s, prop, ismath))

    def _get_font_height_metrics(self, prop):
        """(ascent, descent, line gap) of the font in pixels, as matplotlib's Text works
        them out from the font's OS/2 or hhea table when a renderer has no such method
        (text.py asks for it by this name; a matplotlib that stops asking just measures)."""
        return _remembered(_lines, (hash(prop), self.dpi, self._settings),
                           lambda: _font_lines(prop, self.dpi))


def _remembered(memo: dict, key: tuple, work):
    """MEMO's value for KEY, worked out once (the memo starts again past _LIMIT)."""
    value = memo.get(key)
    if value is None:
        if len(memo) > _LIMIT:
            memo.clear()
        value = memo[key] = work()
    return value


def _font_lines(prop, dpi) -> tuple:
    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, gap, ascent, descent in (
            ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
            ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() \
            * dpi / 72  # in matplotlib's order, to the last bit
        return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None  # matplotlib then measures "lp" itself


class Canvas(FigureCanvasAgg):
    """FigureCanvasAgg drawing with `Renderer` (its get_renderer, with that class)."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = Renderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer
