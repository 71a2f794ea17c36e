"""The packages whose output reaches a page, a figure or a cached frame, declared once.

The pages' fingerprints, the processed cache, the inventory and the figure cache all key on
their versions, so an upgrade that changes what they read or draw rebuilds what it touches.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata

PACKAGES = ("opsreview", "pandas", "numpy", "pyarrow", "python-calamine", "beautifulsoup4",
            "matplotlib", "seaborn", "pillow", "mplfonts", "papermill", "nbconvert", "nbformat",
            "mistune", "jinja2", "markdown-it-py", "pyyaml")


@lru_cache(maxsize=1)
def versions() -> dict[str, str | None]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out
