"""The month as one PDF: cover, contents with page numbers, the published pages.

Printed by headless Chromium (browser), assembled and numbered (pdf), its text layer mended
so that copied Chinese reads as typed (pdftext).
"""

from opsreview import exports

__getattr__, __dir__, __all__ = exports(__name__, {
    "pdf": ("make_pdf", "pdf_name"),
    "browser": ("find_browser",),
})
