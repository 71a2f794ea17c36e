"""Each report language has its own folder of a month, so both can be built and sent side by
side: Chinese (the default) in outputs/<MONTH>/, English in outputs/<MONTH>/en/."""

from __future__ import annotations

from pathlib import Path

DEFAULT = "zh"
LANGS = ("zh", "en")


def month_dir(outputs_root: Path, month: str, lang: str) -> Path:
    """Where MONTH's pages in LANG are written."""
    base = Path(outputs_root) / str(month)
    return base if lang == DEFAULT else base / lang


def other(lang: str) -> str:
    return next(code for code in LANGS if code != lang)


def other_dir(out_dir: Path, lang: str) -> Path:
    """The other language's folder of the same month, seen from OUT_DIR (LANG's folder)."""
    base = Path(out_dir) if lang == DEFAULT else Path(out_dir).parent
    return base if other(lang) == DEFAULT else base / other(lang)


def index_href(lang: str) -> str:
    """The link from LANG's index to the other language's index."""
    return f"{other(lang)}/index.html" if lang == DEFAULT else "../index.html"
