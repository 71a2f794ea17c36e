"""The chart theme every report uses: packaged CJK font, colour-blind-safe palette, PNGs.

The Noto Sans CJK SC font ships inside the mplfonts package, so Chinese renders on a
machine with no CJK system font. Under OPSREVIEW_STRICT_GLYPHS=1 (tests and the runner) a
missing glyph is an error instead of a silent tofu box. Every text is drawn as plain text
(`text.parse_math` off): data strings such as 满$100减$10 or $$ are names, not
mathtext, so titles, ticks, legends and annotations show them as written.

The backend is the process's: a build's kernels draw on Agg (the runner sets MPLBACKEND), an
analyst's Jupyter kernel inline (ipykernel sets it), a script or a test on Agg (set here).
"""

from __future__ import annotations

import base64
import io
import logging
import os
import warnings
from contextvars import ContextVar
from functools import wraps
from importlib.resources import files

import matplotlib
import matplotlib.dates
import matplotlib.ticker
import numpy as np
import pandas as pd
from PIL import Image

if "MPLBACKEND" not in os.environ:  # a script or a test; a kernel's backend stays its own:
    matplotlib.use("Agg")  # inline in Jupyter (ipykernel sets it), Agg under a build (runner)

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from opsreview.pages.canvas import Canvas  # noqa: E402

FONT_FILE = "NotoSansCJKsc-Regular.otf"
FONT_NAME = "Noto Sans CJK SC"
# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442",
           "#000000"]
GOOD, BAD, NEUTRAL, TARGET = "#009E73", "#D55E00", "#0072B2", "#555555"
# the colours a verdict gives (judging/verdicts.py's states): never a chart's style argument
VERDICT_COLORS = {"met": GOOD, "missed": BAD}
DPI = 110


def font_path() -> str:
    return str(files("mplfonts") / "fonts" / FONT_FILE)


def apply_theme() -> None:
    """Set the house style. Font after seaborn: set_theme resets font.sans-serif."""
    sns.set_theme(style="whitegrid", palette=PALETTE, context="notebook")
    if FONT_NAME not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(font_path())
    plt.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": [FONT_NAME, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "text.parse_math": False,  # "$" in data is a dollar sign, never mathtext
        "axes.titlesize": 13,
        "axes.titleweight": "normal",
        "axes.titlelocation": "left",
        # at a fixed height: matplotlib's search for a free place (over the top x axis, an
        # offset text) was a third of a chart's time; no chart here has either
        "axes.titley": 1.0,
        "axes.formatter.useoffset": False,  # ticks read 1200000, never "+1.2e6" above them
        "axes.formatter.limits": (-9, 12),
        "axes.labelsize": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.figsize": (8.5, 3.6),
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "legend.frameon": False,
    })
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    if os.environ.get("OPSREVIEW_STRICT_GLYPHS") == "1":
        warnings.filterwarnings("error", message=r"Glyph .* missing from")


def inline() -> bool:
    """In an analyst's Jupyter kernel (the inline backend), not under a build or a script."""
    return "inline" in matplotlib.get_backend()


_GIVEN_AX: ContextVar = ContextVar("given_ax", default=None)
_STYLE: ContextVar = ContextVar("style", default=None)


def figure(width: float = 8.5, height: float = 3.6, **kw):
    """A new figure and axes in the house size (or the `size=` a chart was called with); the
    caller's axes inside `drawable(ax=...)`."""
    ax = _GIVEN_AX.get()
    if ax is None:
        width, height = (_STYLE.get() or {}).get("size") or (width, height)
        return plt.subplots(figsize=(width, height), layout="constrained", **kw)
    if kw.get("nrows", 1) * kw.get("ncols", 1) > 1:
        raise ValueError("this chart draws several panels; call it without ax")
    return ax.figure, ax


def drawable(fn):
    """A chart function an analyst restyles in its notebook cell, for the page too:
    `color=` its plain series (one colour, or a list, one per series; the colours a verdict
    gives, met or missed, stay the verdict's), `size=(width, height)` in inches, `title=`
    its title, and `ax=` draws into the analyst's own axes and returns that figure."""
    @wraps(fn)
    def wrapper(*args, ax=None, color=None, size=None, title=None, **kw):
        tokens = _GIVEN_AX.set(ax), _STYLE.set({"color": color, "size": size})
        try:
            fig = fn(*args, **kw)
        finally:
            _STYLE.reset(tokens[1])
            _GIVEN_AX.reset(tokens[0])
        if title is not None and getattr(fig, "axes", None):  # a Needs has no axes
            (ax or fig.axes[0]).set_title(title)
        if ax is None and inline() and hasattr(fig, "canvas"):
            plt.close(fig)  # shown once: as the cell's value or by page.figure, not again
        return fig
    return wrapper


def series_color(i: int = 0, default: str | None = None) -> str:
    """The Ith plain series' colour: the chart's `color=` when given, else DEFAULT (the
    chart's own choice), else the palette's Ith."""
    given = (_STYLE.get() or {}).get("color")
    own = default or PALETTE[i % len(PALETTE)]
    if isinstance(given, str):
        return given if i == 0 else own
    if given:
        return given[i % len(given)]
    return own


def to_png_data_uri(fig, laid_out: bool = False) -> str:
    """Render and close a figure; return it as an embeddable data URI."""
    return "data:image/png;base64," + base64.b64encode(png_bytes(fig, laid_out)).decode("ascii")


def png_bytes(fig, laid_out: bool = False) -> bytes:
    """The figure as a 256-colour PNG: flat chart colours survive the palette unchanged, and
    the page is about a third as heavy to send by mail or chat (see bench/README.md).
    Laid out and rendered in one drawing, or only rendered when the caller has just laid
    the figure out as it is (`laid_out`): the pixels savefig gives, which lays a figure out
    in a drawing of its own and then renders it without laying it out again."""
    canvas = Canvas(fig)
    engine = fig.get_layout_engine() if laid_out else None
    if engine is not None:
        fig.set_layout_engine("none")
    try:
        canvas.draw()
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)
    full = Image.fromarray(np.asarray(canvas.buffer_rgba()), "RGBA")
    plt.close(fig)
    small = full.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE,
                                         dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG")
    return out.getvalue()


def target_line(ax, value: float, label: str, horizontal: bool = True) -> None:
    """A dashed reference line (target or benchmark) labelled at its end."""
    if horizontal:
        ax.axhline(value, color=TARGET, linestyle="--", linewidth=1.2, label=label)
    else:
        ax.axvline(value, color=TARGET, linestyle="--", linewidth=1.2, label=label)


LABEL_PATCH = {"facecolor": "white", "edgecolor": "none", "pad": 0.6}


def value_labels(ax, drawn, labels) -> None:
    """Figures at the ends of bars, on a white patch so no gridline runs through them."""
    ax.bar_label(drawn, labels=labels, fontsize=9, padding=3, bbox=LABEL_PATCH)


def finish(ax, title: str | None = None, xlabel: str | None = None, ylabel: str | None = None,
           *, values: str | None = None, percent: str | None = None, decimals: int | None = None,
           dates: bool = False, legend: str | None = None, anchor: tuple | None = None,
           ncols: int | None = None, handles: list | None = None, title_size: float | None = None,
           title_pad: float | None = None, upright: bool = False) -> None:
    """What every chart does last, said once: its title (`title_size`, `title_pad`), axis
    labels (`upright`: a short y label, a unit such as 篇 or 秒, reads upright, not on its
    side), grid lines only along the `values` axis ("x" or "y": lines across categories carry
    nothing), the `percent` axis as percentages of 1 (`decimals`), month-day `dates` on the x
    axis, and the legend: in the axes at `legend` (a location; `anchor` places it, beside the
    axes at (1.0, 1.0)), or "below" the chart across the figure; `ncols` columns, `handles`
    its entries when they are not the drawn series'."""
    if values is not None:
        (ax.yaxis if values == "x" else ax.xaxis).grid(False)
    if percent is not None:
        axis = ax.xaxis if percent == "x" else ax.yaxis
        axis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=decimals))
    if dates:
        ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%m-%d"))
    if title is not None:
        style = {"fontsize": title_size, "pad": title_pad}
        ax.set_title(title, **{k: v for k, v in style.items() if v is not None})
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if upright and ylabel and len(ylabel) <= 3:
        ax.set_ylabel(ylabel, rotation=0, ha="right", va="center")
    elif ylabel is not None:
        ax.set_ylabel(ylabel)
    if legend is None:
        return
    entries = {} if handles is None else {"handles": handles}
    if ncols is not None:
        entries["ncols"] = ncols
    if legend == "below":  # under the chart, across the figure: it covers no bar or line
        if handles is None:
            entries["handles"], entries["labels"] = ax.get_legend_handles_labels()
        ax.figure.legend(**entries, loc="outside lower center", fontsize=9)
    elif anchor is not None:
        ax.legend(**entries, loc=legend, bbox_to_anchor=anchor, fontsize=9)
    else:
        ax.legend(**entries, loc=legend, fontsize=9)


def line(frame, x: str, series: dict[str, str], title: str, xlabel: str | None = None,
         ylabel: str | None = None, reference: tuple[float, str] | None = None,
         marks: dict | None = None, invert: bool = False, percent: bool = False):
    """Lines over time: `series` maps column -> legend label; optional target line and marks.

    `marks` maps an x value to a label (e.g. the launch day); `invert` draws better ranks
    higher; `percent` formats the y axis as percentages.
    """
    fig, ax = figure()
    for i, (col, label) in enumerate(series.items()):
        ax.plot(frame[x], frame[col], marker="o", markersize=3, linewidth=1.8,
                color=series_color(i), label=label)
    if reference is not None:
        target_line(ax, reference[0], reference[1])
    for at, label in (marks or {}).items():
        ax.axvline(at, color=NEUTRAL, linestyle=":", linewidth=1)
        ax.annotate(label, (at, 1), xycoords=("data", "axes fraction"), xytext=(3, -12),
                    textcoords="offset points", fontsize=9, color=NEUTRAL)
    if invert:
        ax.invert_yaxis()
    elif all((frame[col].dropna() >= 0).all() for col in series):
        ax.set_ylim(bottom=0)  # counts and durations start at zero, or small moves look large
    finish(ax, title, xlabel or "", ylabel or "", upright=True, percent="y" if percent else None,
           dates=pd.api.types.is_datetime64_any_dtype(frame[x]),
           legend="best" if ax.get_legend_handles_labels()[0] else None)
    return fig


def bars(labels, values, title: str, xlabel: str | None = None, ylabel: str | None = None,
         reference: tuple[float, str] | None = None, horizontal: bool = False,
         colors=None, percent: bool = False, annotate=None):
    """Bars with an optional target line; `annotate(value) -> str` writes values on bars."""
    labels = [str(v) for v in labels]
    height = max(2.4, 0.38 * len(labels) + 1.2) if horizontal else 3.6
    fig, ax = figure(height=height)
    colors = colors or [series_color()] * len(labels)
    if horizontal:
        drawn = ax.barh(labels, values, color=colors)
        ax.invert_yaxis()
    else:
        drawn = ax.bar(labels, values, color=colors)
    if reference is not None:
        target_line(ax, reference[0], reference[1], horizontal=not horizontal)
    if annotate:
        value_labels(ax, drawn, [annotate(v) for v in values])
        ax.margins(**{"x" if horizontal else "y": 0.12})
    # beside horizontal bars the line's legend covers one of them or the line: below them
    below = horizontal and reference is not None and _GIVEN_AX.get() is None
    finish(ax, title, xlabel or "", ylabel or "", upright=True,
           percent=("x" if horizontal else "y") if percent else None,
           legend=None if reference is None else "below" if below else "best")
    return fig
