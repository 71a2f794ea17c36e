"""The PDF's text layer in the characters the pages show, so that a search for 月报 finds 月报.

Noto Sans CJK draws a Kangxi or supplementary radical and its ideograph (⽉ U+2F49 and
月 U+6708, ⻚ U+2EDA and 页 U+9875) with one glyph, and Chromium's PDF writer names a glyph by
the lowest code point mapped to it: the text layer then reads ⽉报, and copying or searching
the PDF fails. Each font's ToUnicode map is rewritten with the ideograph that the font's own
cmap gives the same glyph.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from opsreview.pages.charts import font_path

RADICALS = range(0x2E80, 0x2FE0)
IDEOGRAPHS = (range(0x4E00, 0xA000), range(0x3400, 0x4DC0))
_BLOCK = re.compile(r"\d+\s+beginbf(char|range)(.*?)endbf\1", re.S)
_TOKEN = re.compile(r"<([0-9A-Fa-f]*)>|\[|\]")
CHUNK = 100  # entries per bfchar block, the CMap format's limit


@lru_cache(maxsize=1)
def radical_ideographs() -> dict[int, int]:
    """Radical code point -> the ideograph sharing its glyph in Noto Sans CJK SC."""
    from fontTools.ttLib import TTFont  # matplotlib's own dependency

    cmap = TTFont(font_path(), lazy=True).getBestCmap()
    ideograph_of: dict[str, int] = {}
    for block in IDEOGRAPHS:
        for cp in block:
            if cp in cmap:
                ideograph_of.setdefault(cmap[cp], cp)
    return {cp: ideograph_of[cmap[cp]] for cp in RADICALS
            if cp in cmap and cmap[cp] in ideograph_of}


def _text(hexcode: str) -> str:
    return bytes.fromhex(hexcode).decode("utf-16-be", errors="replace")


def mappings(cmap: str) -> dict[str, str]:
    """A ToUnicode CMap's character code (hex) -> text, from its bfchar and bfrange blocks."""
    out: dict[str, str] = {}
    for kind, body in _BLOCK.findall(cmap):
        for line in body.strip().splitlines():
            tokens = [t.group(1) for t in _TOKEN.finditer(line) if t.group(1) is not None]
            if kind == "char" and len(tokens) == 2:
                out[tokens[0].upper()] = _text(tokens[1])
            elif kind == "range" and len(tokens) >= 3:
                lo, hi, width = int(tokens[0], 16), int(tokens[1], 16), len(tokens[0])
                for i, code in enumerate(range(lo, hi + 1)):
                    if "[" in line:
                        text = _text(tokens[2 + i]) if 2 + i < len(tokens) else ""
                    else:
                        start = _text(tokens[2])
                        text = start[:-1] + chr(ord(start[-1]) + i) if start else ""
                    out[f"{code:0{width}X}"] = text
    return out


def remapped(cmap: str, table: dict[int, int]) -> str | None:
    """The CMap with every radical replaced by its ideograph; None when it has none."""
    found = mappings(cmap)
    fixed = {code: text.translate(table) for code, text in found.items()}
    if fixed == found:
        return None
    blocks = list(_BLOCK.finditer(cmap))
    entries = [f"<{code}> <{text.encode('utf-16-be').hex().upper()}>"
               for code, text in fixed.items()]
    body = "".join(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n"
                   for chunk in (entries[i:i + CHUNK] for i in range(0, len(entries), CHUNK)))
    return cmap[:blocks[0].start()] + body + cmap[blocks[-1].end():].lstrip("\n")


def _fonts(resources, seen: set[int]):
    """Every font object under a resources dictionary, form XObjects included, once each."""
    resources = resources.get_object() if resources is not None else {}
    for ref in (resources.get("/Font") or {}).values():
        if id(ref.get_object()) not in seen:
            seen.add(id(ref.get_object()))
            yield ref.get_object()
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            seen.add(id(xobject))
            yield from _fonts(xobject.get("/Resources"), seen)


def fix_text_layer(src: Path, dst: Path) -> int:
    """Copy the PDF SRC to DST with its ToUnicode maps fixed; how many maps changed."""
    from pypdf import PdfWriter

    writer = PdfWriter(str(src), incremental=True)
    table = radical_ideographs()
    changed = 0
    seen: set[int] = set()
    for page in writer.pages:
        for font in _fonts(page.get("/Resources"), seen):
            if "/ToUnicode" not in font:
                continue
            stream = font["/ToUnicode"].get_object()
            new = remapped(stream.get_data().decode("latin-1"), table)
            if new is not None:
                stream.set_data(new.encode("latin-1"))
                changed += 1
    writer.write(str(dst))
    return changed
