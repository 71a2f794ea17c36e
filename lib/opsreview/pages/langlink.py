"""The link between the two languages' indexes of a month, whichever is built first.

Each index has one `<nav class="lang">`: it links the other language's index when that
exists. A build writes its own index with the link, then adds the link to the other index.
"""

from __future__ import annotations

import re
from pathlib import Path

from opsreview.contract import languages
from opsreview.files import atomic_write
from opsreview.judging.labels import Labels
from opsreview.pages import html as h

_NAV = re.compile(r'<nav class="lang">.*?</nav>', re.S)


def switch(lang: str, present: bool) -> str:
    """The nav of LANG's index: a link to the other language when PRESENT, else empty."""
    if not present:
        return h.tag("nav", "", class_="lang")
    code = languages.other(lang)
    link = h.tag("a", h.esc(Labels(lang)("common.index.other_language")),
                 href=languages.index_href(lang), hreflang=code, lang=code)
    return h.tag("nav", link, class_="lang")


def other_present(out_dir: Path, lang: str) -> bool:
    return (languages.other_dir(out_dir, lang) / "index.html").is_file()


def relink(out_dir: Path, lang: str) -> None:
    """Give the other language's index (if built) its link to LANG's index, just written."""
    page = languages.other_dir(out_dir, lang) / "index.html"
    try:
        text = page.read_text(encoding="utf-8")
    except OSError:
        return
    linked = _NAV.sub(lambda _: switch(languages.other(lang), True), text, count=1)
    if linked != text:
        atomic_write(page, linked)
