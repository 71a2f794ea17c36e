"""What the analyst runs beside the build: `make lab`, a figure's history, `make preview`.

Working copies of the notebooks under work/MONTH/ and JupyterLab on them (lab), a figure's
months from the figure cache and its chart (history), and the month served on 127.0.0.1,
rebuilt and reloaded as its files change (preview).
"""

from opsreview import exports

__getattr__, __dir__, __all__ = exports(__name__, {
    "lab": ("working_copies", "style", "serve"),
    "history": ("figure_history", "history_chart"),
    "preview": ("Preview",),
})
