"""The analyst's own words for a month: data/raw/<MONTH>/notes.md, read and checked.

Half of a written review is not figures (lessons, principles, a case, the competitive
landscape), so the analyst writes it in plain Markdown beside the exports: one `##` section
per domain (its code or its Chinese or English name), inside it optional `###` parts
(成果 / 问题 / 目标 / 认知, or achievements / problems / aims / lessons) and free text for the
domain's overview. Text above the first `##` is the month's own overview. A note may quote a
headline figure as `{domain.key}` (contract/figure.py declares them), filled in when the page is
built, so the text stays true when the data is corrected. A section quotes its own domain's
figures only (that page shows it and is rebuilt with them); the month's overview may quote
any. HTML comments are the analyst's scratch (the template's computed figures) and never
shown. The notes are untrusted text: notes/html.py renders them. What they say (a
reference to nothing, a placeholder left in, a number the figures contradict) is checked by
notes/check.py: warnings with lines, printed beside these problems.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from opsreview.contract.figure import Figure
from opsreview.domains import HEADLINES, REGISTRY
from opsreview.ingest.text_check import BIDI_CONTROLS
from opsreview.month.months import Month

FILE = "notes.md"
MONTH_PART = ""  # Notes.sections key of the text above the first `##`
OVERVIEW, GOOD, BAD, AIMS, LESSONS = "overview", "good", "bad", "aims", "lessons"
# a part's heading words (compared without spaces, case-folded), in the order pages show them
PART_WORDS = {GOOD: ("成果", "主要成果", "achievements"), BAD: ("问题", "存在问题", "problems"),
              LESSONS: ("认知", "lessons"), AIMS: ("目标", "下月目标", "aims")}
PARTS = (OVERVIEW, GOOD, BAD, LESSONS, AIMS)
PLACEHOLDER = re.compile(r"\{\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*\}")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True)
class Problem:
    """A line of notes.md that is wrong (the page cannot show it as meant: the build fails
    its status) or, as a warning, that a reader would find wrong (a reference to nothing, a
    placeholder left in, a number the page contradicts: notes/check.py)."""

    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{FILE} line {self.line}: {self.message}"


@dataclass
class Part:
    """A part's Markdown (comments blanked) and the line of the file it starts on."""

    text: str
    line: int


@dataclass
class Section:
    domain: str  # a REGISTRY name, or MONTH_PART
    line: int
    parts: dict[str, Part] = field(default_factory=dict)

    def sha256(self) -> str:
        """What the section shows: its parts' text (a comment or blank line changes nothing)."""
        shown = {k: _squeeze(p.text) for k, p in self.parts.items() if _squeeze(p.text)}
        return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()

    def text(self, part: str) -> str:
        p = self.parts.get(part)
        return p.text if p is not None and p.text.strip() else ""


@dataclass
class Notes:
    sections: dict[str, Section]
    problems: list[Problem]
    sha256: str | None  # of everything shown (None: no notes file)
    # every line shown, comments blanked: (line number, its section's domain, text)
    lines: tuple[tuple[int, str, str], ...] = ()

    def section(self, name: str) -> Section | None:
        return self.sections.get(name)


NO_NOTES = Notes({}, [], None)


def _squeeze(text: str) -> str:
    return "\n".join(ln.rstrip() for ln in text.strip().splitlines() if ln.strip())


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


@lru_cache(maxsize=1)
def domain_names() -> dict[str, str]:
    """Every name a `##` heading may give a domain -> the domain: code, Chinese, English."""
    from opsreview.judging.labels import Labels

    out = {}
    for lang in ("zh", "en"):
        t = Labels(lang)
        for name in REGISTRY:
            out[_key(t(f"common.domains.{name}"))] = name
    out.update({_key(name): name for name in REGISTRY})
    return out


def _part_of(heading: str) -> str | None:
    key = _key(heading)
    return next((p for p, words in PART_WORDS.items() if key in map(_key, words)), None)


# markdown-it stops reading at maxNesting nested blocks (20 by default: a 10-level outline)
# and drops the rest of the file without a word. Deeper still, the headings are found in
# the text without its nesting, and the problem is said: no later section is lost.
MAX_NESTING = 100


def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")


def read(folder: Path) -> Notes:
    """The notes of a month folder (NO_NOTES when it has none)."""
    path = Path(folder) / FILE
    if not path.is_file():
        return NO_NOTES
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        return Notes({}, [Problem(line, "not UTF-8 text: save the file as UTF-8")], None)
    return parse(text)


def read_month(raw_dir: Path, month: Month | str) -> Notes:
    return read(Path(raw_dir) / str(month))


@lru_cache(maxsize=8)
def parse(text: str) -> Notes:
    """Sections and parts by the document's own headings (a `##` inside a code block is
    text), with every problem found: a section naming no domain, a domain twice, a comment
    left open, an unknown placeholder or one quoting another domain's figure."""
    text = text.translate(BIDI_CONTROLS).replace("\r\n", "\n").replace("\r", "\n")
    problems: list[Problem] = []
    shown = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    if "<!--" in shown:
        at = shown.index("<!--")
        problems.append(Problem(shown[:at].count("\n") + 1,
                                "a comment <!-- is never closed with -->"))
    lines = shown.split("\n")
    tokens = _parser().parse(shown)
    deep = next((tok for tok in tokens if tok.level >= MAX_NESTING - 2 and tok.map), None)
    if deep is not None:  # nested to the limit: markdown-it dropped what came after
        problems.append(Problem(deep.map[0] + 1, f"an outline nested more than "
                                f"{MAX_NESTING // 2 - 1} levels deep: flatten it (its headings "
                                "are read as they are)"))
        tokens = _parser().parse(re.sub(r"(?m)^[ \t>*+-]+", "", shown))
    marks = []  # (first line, last line + 1, level, heading text) of top-level headings
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.level == 0 and tok.map:
            marks.append((tok.map[0], tok.map[1], int(tok.tag[1]), tokens[i + 1].content))
    names = domain_names()
    sections: dict[str, Section] = {}
    current: Section | None = Section(MONTH_PART, 1)
    sections[MONTH_PART] = current
    part, start = OVERVIEW, 0
    shown_lines: list[tuple[int, str, str]] = []

    def close(end: int) -> None:
        if current is None or start >= end:
            return
        body = "\n".join(lines[start:end])
        shown_lines.extend((n + 1, current.domain, lines[n]) for n in range(start, end))
        problems.extend(_placeholder_problems(current.domain, body, start + 1))
        if part in current.parts:  # a part given twice: one text, in the file's order
            current.parts[part].text += "\n\n" + body
        else:
            current.parts[part] = Part(body, start + 1)

    for first, after, level, heading in marks:
        if level > 3 or (level == 3 and not _part_of(heading)):
            continue  # a sub-heading of the text: it stays in its part
        close(first)
        start = after
        if level == 1:  # the file's title
            continue
        if level == 3:
            part = _part_of(heading)
            continue
        name = names.get(_key(heading))
        if name is None:
            problems.append(Problem(first + 1, f"## {heading[:40]} names no domain; use a "
                                    "domain's code or name: " + _known_domains()))
            current = None
        elif name in sections:
            problems.append(Problem(first + 1, f"## {heading[:40]}: {name} has a section "
                                    f"already (line {sections[name].line})"))
            current = None
        else:
            current = sections[name] = Section(name, first + 1)
        part = OVERVIEW
    close(len(lines))
    sections = {k: s for k, s in sections.items() if any(p.text.strip() for p in
                                                          s.parts.values())}
    problems.sort(key=lambda p: p.line)
    digest = hashlib.sha256(json.dumps({k: s.sha256() for k, s in sections.items()},
                                       sort_keys=True).encode()).hexdigest()
    return Notes(sections, problems, digest,
                 tuple(ln for ln in shown_lines if ln[1] in sections))


def _known_domains() -> str:
    from opsreview.judging.labels import Labels

    t = Labels("zh")
    return ", ".join(f"{n} ({t(f'common.domains.{n}')})" for n in REGISTRY)


def figure_of(domain: str, key: str) -> Figure | None:
    return next((f for f in HEADLINES.get(domain, ()) if f.key == key), None)


def _placeholder_problems(owner: str, text: str, first_line: int) -> list[Problem]:
    out = []
    for offset, line in enumerate(text.split("\n")):
        for m in PLACEHOLDER.finditer(line):
            said = _placeholder_problem(owner, m.group(1), m.group(2))
            if said:
                out.append(Problem(first_line + offset, f"{m.group()}: {said}"))
    return out


def _placeholder_problem(owner: str, domain: str, key: str) -> str | None:
    if domain not in REGISTRY:
        return f"{domain} is no domain; known: {', '.join(REGISTRY)}"
    if figure_of(domain, key) is None:
        keys = [f.key for f in HEADLINES.get(domain, ())]
        return (f"{domain} has no headline figure {key}; its figures: "
                f"{', '.join(keys) or 'none'}")
    if owner not in (MONTH_PART, domain):
        return (f"the {owner} section quotes its own figures only (the {owner} page shows it): "
                f"quote {domain} figures in the {domain} section or above the first ## heading")
    return None


def fill(markup: str, figures: dict[str, dict], lang: str) -> str:
    """Each known placeholder in rendered MARKUP replaced by its figure, formatted for
    LANG (figures: metrics.json figures by domain). An unknown one stays as written: the
    build and `make validate` report it."""
    from opsreview.judging.fmt import format_value
    from opsreview.pages.html import esc

    def value(m: re.Match) -> str:
        fig = figure_of(m.group(1), m.group(2))
        if fig is None or m.group(1) not in figures:
            return m.group()
        return esc(format_value((figures[m.group(1)] or {}).get(fig.key), fig.kind, lang))

    return PLACEHOLDER.sub(value, markup)


def figures_of(metrics: dict) -> dict[str, dict]:
    """metrics.json's figures by domain, as the notes' placeholders and checks read them."""
    return {n: e.get("metrics") or {} for n, e in (metrics.get("domains") or {}).items()}


def section_sha256(raw_dir: Path, month: Month, name: str) -> str | None:
    """The hash of what domain NAME's page shows of the month's notes; None without any."""
    sec = read_month(raw_dir, month).section(name)
    return sec.sha256() if sec is not None else None
