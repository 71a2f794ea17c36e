"""Pages: what a reader sees, as escaped HTML.

A domain's page (`Page`: cards from verdicts, findings, the tables and charts of its
notebook), the index (index: title, key points, review, domain table, trends), the building
blocks (html tables that read as cards on a phone, charts and their phone drawings, the
hand-kept figures, shops' standing, periods), the executed notebook to HTML (export) and
moving finished pages into outputs/ (outputs).
"""

from opsreview import exports

__getattr__, __dir__, __all__ = exports(__name__, {
    "page": ("Page",),
    "index": ("render_index",),
    "html": ("esc", "table"),
    "charts": ("finish", "drawable", "line", "bars"),
    "export": ("css",),
    "outputs": ("publish",),
})
