"""A chart as a <picture>: the page-wide drawing for screens and print, and the same figure
drawn again at a phone's width, where the wide image would shrink its text below reading size.

Text drawn at P points in a figure W inches wide shows at P/72 × D/W px when the image is
scaled to D px: a phone of 390 px shows the image about 360 px wide, so at PHONE_WIDTH inches
the 11 pt axis text reads at 13-14 px and the 9 pt figures beside bars at 11 px. At that width
a long title is wrapped and an x axis whose labels would collide shows fewer of them.
"""

from __future__ import annotations

import math
import unicodedata
import warnings
from contextlib import suppress
from itertools import accumulate, pairwise

import matplotlib.category
import matplotlib.dates
import matplotlib.ticker
from matplotlib.layout_engine import ConstrainedLayoutEngine

from opsreview.pages import charts
from opsreview.pages import html as h
from opsreview.pages.canvas import Canvas

PHONE_WIDTH = 4.0  # inches
PHONE_MEDIA = "(max-width: 600px)"  # the same breakpoint as style.css's phone layout
BREAKS = "（(：，,、 ·/"  # a title line may end before or after one of these
LABEL_SHARE = 0.4  # a y label wider than this share of the figure is wrapped
STACKED = 0.8  # each stacked panel's share of the wide drawing's height
GAP = 1.25  # room a tick label needs, as a multiple of its own width
FEW = 8  # categories on an x axis that all keep their name (wrapped rather than thinned)
FEW_GAP = 1.05  # room each of a few category names needs in its own slot
TICK_SMALLEST = 9  # points: the smallest their names are drawn (11 px on a phone)
CELL_SHARE = 0.92  # of a grid cell's width its words may take
CELL_SMALLEST = 8  # points: the smallest a cell's words are drawn on a phone
CATEGORIES = (matplotlib.ticker.FixedLocator, matplotlib.category.StrCategoryLocator)
DATE_FORMATTERS = (matplotlib.dates.DateFormatter, matplotlib.dates.AutoDateFormatter,
                   matplotlib.dates.ConciseDateFormatter)


def figure(fig, caption: str | None = None) -> str:
    """The figure's markup; closes the figure. Same height on phones, so relatively taller."""
    width, height = fig.get_size_inches()
    wide = charts.to_png_data_uri(fig)  # closes the figure; it can still be drawn again
    source = ""
    if width > PHONE_WIDTH:
        panels = stack_columns(fig)
        fig.set_size_inches(PHONE_WIDTH, height if panels < 2 else height * panels * STACKED)
        laid_out = not fit_for_phone(fig).stale
        source = f'<source media="{PHONE_MEDIA}" ' \
                 f'srcset="{charts.to_png_data_uri(fig, laid_out)}">'
    img = f'<img src="{wide}" alt="{h.esc(caption or "")}">'
    cap = h.tag("figcaption", h.esc(caption)) if caption else ""
    return h.tag("figure", h.tag("picture", source + img) + cap)


def stack_columns(fig) -> int:
    """Panels side by side (one row of a grid) go one under another; how many there are."""
    groups: dict[tuple, list] = {}
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        if spec is not None:  # colorbars have none and follow their axes
            groups.setdefault((id(spec.get_gridspec()), spec.colspan.start), []).append(ax)
    grids = {id(ax.get_subplotspec().get_gridspec()) for axes in groups.values() for ax in axes}
    first = next(iter(groups.values()), [None])[0]
    if len(groups) < 2 or len(grids) > 1 or first.get_subplotspec().get_gridspec().nrows != 1:
        return len(groups)
    stacked = fig.add_gridspec(len(groups), 1)
    for row, (_, axes) in enumerate(sorted(groups.items())):
        for ax in axes:  # a panel and its twins
            ax.set_subplotspec(stacked[row, 0])
            ax.tick_params(labelleft=True)  # a shared y axis had hidden all but the first
    return len(groups)


class Drawing:
    """A figure's canvas, drawn again only when something changed since it was last drawn:
    measuring a label needs a drawing, and each drawing of a chart with its constrained
    layout costs as much as saving it."""

    def __init__(self, fig):
        self.fig = fig
        self.canvas = Canvas(fig)  # a closed figure has lost its canvas
        self.stale = True

    def renderer(self):
        """The renderer, the figure laid out as it is: its layout engine run (what places
        every axes, title, tick label and legend), without drawing its artists, which
        measuring does not need (half the time of a drawing without pixels)."""
        renderer = self.canvas.get_renderer()
        engine = self.fig.get_layout_engine()
        if self.stale and self.fig.axes and engine is not None:
            with warnings.catch_warnings():  # what is measured is what the fitting changes
                warnings.filterwarnings("ignore", "constrained_layout not applied")
                with suppress(ValueError):  # as Figure.draw does
                    engine.execute(self.fig)
        self.stale = False
        return renderer


def fit_for_phone(fig) -> Drawing:
    """Wrap long category labels and titles that run past the figure's edge; put a legend
    beside the axes under the chart and fold legends that run past the edge; thin x tick
    labels that collide. Returns the drawing: not stale when laid out as the figure is."""
    drawing = Drawing(fig)
    renderer = drawing.renderer()
    for ax in fig.axes:  # long category names beside bars: two lines, so the bars keep room
        labels = [t.get_text() for t in ax.get_yticklabels()]
        widest = max((t.get_window_extent(renderer).width for t in ax.get_yticklabels()),
                     default=0)
        if isinstance(ax.yaxis.get_major_locator(), CATEGORIES) and \
                widest > LABEL_SHARE * fig.bbox.width:
            ax.set_yticks(ax.get_yticks(), [wrap(text, 2) for text in labels])
            drawing.stale = True
    renderer = drawing.renderer()
    right = fig.bbox.x1
    titles = [fig._suptitle] + [title for ax in fig.axes  # matplotlib's three per axes
                                for title in (ax._left_title, ax.title, ax._right_title)]
    for title in titles:
        if title is None or not title.get_text():
            continue
        extent = title.get_window_extent(renderer)
        if extent.x1 > right:
            share = (right - max(extent.x0, fig.bbox.x0)) / max(extent.width, 1)
            title.set_text(wrap(title.get_text(), math.ceil(1 / max(share * 0.85, 0.2))))
            drawing.stale = True
    _legend_below(fig, drawing)
    _fit_legends(fig, drawing)
    for ax in fig.axes:
        _thin_x(ax, drawing)
        _fit_cells(ax, drawing)  # after the x labels: long ones narrow the axes
    return drawing


def _fit_cells(ax, drawing: Drawing) -> None:
    """The words written in a grid's cells (a heatmap's image): a line wider than its cell
    is broken at its spaces, then the text made smaller until it fits (never below
    CELL_SMALLEST points), so no cell's words run into the next cell."""
    if not ax.images or not ax.texts:
        return
    columns = ax.images[0].get_array().shape[1]
    renderer = drawing.renderer()
    room = ax.get_window_extent(renderer).width / max(columns, 1) * CELL_SHARE
    for text in ax.texts:
        if text.get_window_extent(renderer).width <= room:
            continue
        lines = text.get_text().split("\n")
        for i, line in enumerate(lines):
            for parts in (2, 3):
                text.set_text(lines[i])
                if " " in line and text.get_window_extent(renderer).width > room:
                    lines[i] = wrap(line, parts)
        text.set_text("\n".join(lines))
        width = text.get_window_extent(renderer).width
        if width > room:
            text.set_fontsize(max(CELL_SMALLEST, text.get_fontsize() * room / width))
        drawing.stale = True


def _legend_below(fig, drawing: Drawing) -> None:
    """A legend beside its axes (outside them, on the right) leaves a phone's plot a sliver
    of the width: it goes under the chart, across the figure, when it is the figure's only
    legend and the layout can make room for it."""
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    if not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine) or fig.legends \
            or len(legends) != 1:
        return
    legend, renderer = legends[0], drawing.renderer()
    if legend.get_window_extent(renderer).x0 < legend.axes.get_window_extent(renderer).x1 - 1:
        return  # inside its axes
    labels = [text.get_text() for text in legend.get_texts()]
    handles, size = legend.legend_handles, legend._fontsize
    legend.remove()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), fontsize=size)
    drawing.stale = True


def _fit_legends(fig, drawing: Drawing) -> None:
    """A legend running past the figure's edge (its entries side by side, or beside the
    axes): fewer columns, then its long labels on two lines."""
    for _ in range(2):
        renderer = drawing.renderer()
        edge = fig.bbox
        for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
            if legend is None:
                continue
            extent = legend.get_window_extent(renderer)
            if extent.x0 >= edge.x0 - 1 and extent.x1 <= edge.x1 + 1:
                continue
            drawing.stale = True
            labels = [text.get_text() for text in legend.get_texts()]
            columns = legend._ncols
            if columns > 1:  # the room from where it starts (inside its axes) to the edge
                room = edge.x1 - max(extent.x0, edge.x0)
                columns = max(1, math.floor(columns * 0.95 * room / extent.width))
            else:
                labels = [wrap(label, 2) if len(label) > 6 and "\n" not in label else label
                          for label in labels]
            _repack(legend, columns, labels)


def _repack(legend, columns: int, labels: list[str]) -> None:
    """The legend's entries in COLUMNS columns under LABELS: matplotlib builds a legend's
    box once, from its column count (set_ncols alone changes nothing drawn)."""
    title = legend.get_title()
    legend._ncols = columns
    legend._init_legend_box(legend.legend_handles, labels)
    legend._legend_box.set_offset(legend._findoffset)  # as set_loc places a new box
    legend.set_title(title.get_text(), prop=title.get_fontproperties())  # hides an empty one


def wrap(text: str, lines: int) -> str:
    """TEXT in about LINES lines of equal width, broken at punctuation or spaces if near.
    Widths are as drawn: a Chinese character is about two digits or letters wide, so
    `02-24 09:12 门槛计算错误` breaks before the Chinese, not after the date."""
    out, rest = [], text
    for left in range(lines, 1, -1):
        widths = [0, *accumulate(_width(c) for c in rest)]  # widths[i]: rest[:i] as drawn
        target = widths[-1] / left
        cuts = [i + 1 for i, c in enumerate(rest[:-1]) if c in BREAKS and c not in "（("] + \
               [i for i, c in enumerate(rest) if c in "（(" and i]
        near = [c for c in cuts if abs(widths[c] - target) <= max(3, target / 2)]
        if near:
            cut = min(near, key=lambda c: abs(widths[c] - target))
        else:
            middle = min(range(len(widths)), key=lambda c: abs(widths[c] - target))
            cut = _between_words(rest, middle)
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return "\n".join([*out, rest])


def _width(c: str) -> int:
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def _kinds(text: str) -> set[str]:
    """The east Asian widths in TEXT (W: a Chinese character)."""
    return {unicodedata.east_asian_width(c) for c in text}


def _word(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _between_words(text: str, cut: int) -> int:
    """CUT moved off the inside of a run of ASCII letters and digits (100, HT-202402)."""
    start = cut
    while 0 < start < len(text) and _word(text[start - 1]) and _word(text[start]):
        start -= 1
    return start if start > 0 else cut


def _thin_x(ax, drawing: Drawing) -> None:
    """Fewer x ticks until their labels no longer collide (a few tries: labels change); a
    few categories (a grid's columns) keep every name, wrapped and then made smaller."""
    for _ in range(5):
        renderer = drawing.renderer()
        labels = [t for t in ax.get_xticklabels() if t.get_text() and t.get_visible()]
        axis = ax.xaxis
        few = isinstance(axis.get_major_locator(), CATEGORIES) and len(labels) <= FEW
        widths = [t.get_window_extent(renderer).width for t in labels]
        if few and len(widths) > 1:  # each in its own slot, which two neighbours share
            need = max((a + b) / 2 for a, b in pairwise(widths)) * len(labels) * FEW_GAP
        else:  # many share the axis
            need = sum(widths) * GAP
        room = ax.get_window_extent(renderer).width
        if len(labels) < 3 or need <= room:
            return
        keep = max(2, int(len(labels) * room / need))
        drawing.stale = True
        if few and not any("\n" in t.get_text() for t in labels):
            names = [t.get_text() for t in ax.get_xticklabels()]
            ax.set_xticks(ax.get_xticks(), [wrap(n, 2) if " " in n or "W" in _kinds(n) else n
                                            for n in names])
            continue  # a few categories keep every name, on two lines if need be
        size = labels[0].get_fontsize()
        if few:  # and a little smaller if that is not enough, never fewer
            if size <= TICK_SMALLEST:
                return
            ax.tick_params(axis="x", labelsize=max(TICK_SMALLEST, size * 0.97 * room / need))
            continue
        if isinstance(axis.get_major_locator(), CATEGORIES):
            step = math.ceil(len(labels) / keep)
            ax.set_xticks(list(ax.get_xticks())[::step], [t.get_text() for t in labels][::step])
        elif isinstance(axis.get_major_formatter(), DATE_FORMATTERS):
            locator = matplotlib.dates.AutoDateLocator(minticks=2, maxticks=keep)
            axis.set_major_locator(locator)
            if isinstance(axis.get_major_formatter(), matplotlib.dates.AutoDateFormatter):
                axis.set_major_formatter(matplotlib.dates.AutoDateFormatter(locator))
        else:
            axis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=keep - 1))
