"""Whether text decoded as GBK is GBK at all.

GB18030 decodes almost any bytes, so a Big5 (or Shift-JIS, EUC-KR…) file read as GBK
"succeeds" and its Chinese becomes rare characters: 行政組 reads ︽現舱. Real GBK exports
write common characters (GB2312), nearly all of them; a file where many are outside it is
refused when charset-normalizer, too, reads the bytes as another encoding (it names it).
"""

from __future__ import annotations

# Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): one left
# open in a name (an unterminated U+202E) would reverse the rest of the sentence around it.
# Data strings keep their letters, Arabic or Hebrew included; only these controls go (the
# pages' escaping, pages.html.esc, and the analyst's notes, notes/sections.py, drop them).
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
SAMPLE_CHARS = 1 << 20  # enough text to judge; a 20 MB export is not read twice
MIN_RARE = 8  # fewer rare characters than this can be a rare name or two
RARE_SHARE = 0.1  # of the non-ASCII characters


def _rare(text: str) -> tuple[int, int]:
    """(non-ASCII characters, those GB2312 cannot write), counted at C speed."""
    wide = len(text) - len(text.encode("ascii", "ignore"))
    rare = len(text) - len(text.encode("gb2312", "ignore").decode("gb2312"))
    return wide, rare


def implausible_gbk(text: str, data: bytes) -> str | None:
    """None when `text` (`data` read as GB18030) reads as GBK; else a name for what the bytes
    more likely are, e.g. "Big5", for the message asking for UTF-8."""
    wide, rare = _rare(text[:SAMPLE_CHARS])
    if rare < MIN_RARE or rare <= RARE_SHARE * wide:
        return None
    from charset_normalizer import from_bytes  # only for a file about to be refused

    best = from_bytes(data[:SAMPLE_CHARS]).best()
    name = best.encoding if best is not None else ""
    if name.startswith("gb"):
        return None  # GBK after all, with many rare characters
    return {"": "another legacy encoding", "big5": "Big5"}.get(name, name.replace("_", "-"))
