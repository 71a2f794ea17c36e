"""The analyst's notes (data/raw/MONTH/notes.md): read, checked, shown, templated.

Sections, parts and figure placeholders (sections), warnings with their lines for what the
notes say against the figures (check), safe rendering on the index and the pages (html) and
`make notes`' template (template).
"""

from opsreview import exports

__getattr__, __dir__, __all__ = exports(__name__, {
    "sections": ("read_month", "Notes", "Problem"),
    "check": ("warnings",),
    "template": ("write_template",),
})
