"""The analyst's notes as page markup: untrusted Markdown, rendered safe, marked as theirs.

markdown-it-py renders them with raw HTML off (a tag shows as text), character references
off (`&#x202e;` stays text, never a control character), no images (a mailed page loads
nothing remote) and links only to http(s) (any other link stays as written text). Headings
move below the page's own (`###` is h4, never above h4: the page keeps its one h1 and
its contents).
Placeholders are filled after rendering, from the figures, escaped. Each part sits in a
`div.analyst` (a thin grey rule) beside the generated part of the same name, never inside a
generated sentence; the section's first box alone carries the small "分析师补充 / Analyst's
notes" line: the notes are the analyst's own words, marked once per section, not stamped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from opsreview.ingest.text_check import BIDI_CONTROLS
from opsreview.judging.labels import Labels
from opsreview.notes import sections as nt
from opsreview.pages import html as h

SAFE_SCHEMES = ("http://", "https://")


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                   "maxNesting": nt.MAX_NESTING})
    md.enable("table").enable("strikethrough").disable(["image", "entity", "html_inline",
                                                        "html_block"])
    md.validateLink = lambda url: url.strip().lower().startswith(SAFE_SCHEMES)
    base = md.renderer.renderToken

    def heading(self, tokens, idx, options, env):
        tokens[idx].tag = f"h{min(6, max(4, int(tokens[idx].tag[1]) + 1))}"
        return base(tokens, idx, options, env)

    def link_open(self, tokens, idx, options, env):
        tokens[idx].attrSet("rel", "noopener noreferrer nofollow")
        return base(tokens, idx, options, env)

    for rule in ("heading_open", "heading_close"):
        md.add_render_rule(rule, heading)
    md.add_render_rule("link_open", link_open)
    return md


def render(text: str, figures: dict[str, dict], lang: str) -> str:
    """Markdown TEXT as safe markup, its placeholders filled from FIGURES (by domain) in the
    notes' own language: notes written in Chinese are shown as written on an English page
    too, so a figure in them is written as Chinese writes it (never "平均 7 days才能结算");
    notes without Chinese take the page's LANG."""
    written = "zh" if _CJK.search(text) else lang
    return nt.fill(_markdown().render(text.translate(BIDI_CONTROLS)), figures, written)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def part(section: nt.Section | None, key: str, t: Labels, figures: dict[str, dict],
         tell: bool = True) -> str:
    """The analyst's text of one part (overview, good, bad, lessons, aims), or "". The
    index and the page show a section's parts in the order of nt.PARTS, so the first part
    with text is where the section's one mark goes."""
    text = section.text(key) if section is not None else ""
    if not text:
        return ""
    first = next(k for k in nt.PARTS if section.text(k))
    mark = ""
    if key == first:  # in English, that the notes stay in the analyst's words (TELL: here)
        mark = h.tag("p", h.esc(t("common.notes.by")) + (
            h.tag("span", h.esc(" — " + t("common.notes.as_written")), class_="as-written")
            if t.lang == "en" and tell else ""), class_="by")
    return h.tag("div", mark + render(text, figures, t.lang), class_=f"analyst {key}")


# the review's parts in the order shown: (label, css of the generated items, notes part)
REVIEW_PARTS = (("common.review.achievements", "good", nt.GOOD),
                ("common.review.problems", "bad", nt.BAD),
                ("common.notes.lessons", None, nt.LESSONS),
                ("common.review.aims", None, nt.AIMS))
assert nt.PARTS == (nt.OVERVIEW, *(key for *_, key in REVIEW_PARTS)), "part() marks the first"


def generated(said, key: str) -> list[str]:
    """A review part's generated items (lessons come from the notes alone)."""
    return {nt.GOOD: said.good, nt.BAD: said.bad, nt.AIMS: said.aims}.get(key, [])


def beside(said, section: nt.Section | None, t: Labels, figures: dict[str, dict],
           tell: bool = True) -> str:
    """A domain's part of the index review: the analyst's overview, then each part's
    generated items and the analyst's text of that part below them; the generated facts
    that are neither achievement nor problem (其他情况) after the problems: the part opens
    with what matters."""
    out = part(section, nt.OVERVIEW, t, figures, tell)
    for label, css, key in REVIEW_PARTS:
        if key == nt.LESSONS and said.overview:
            out += h.tag("p", h.tag("strong", h.esc(t("common.findings.details"))))
            out += h.tag("ul", "".join(h.tag("li", h.esc(i), class_="info")
                                       for i in said.overview), class_="said")
        items, extra = generated(said, key), part(section, key, t, figures, tell)
        if items or extra:
            out += h.tag("p", h.tag("strong", h.esc(t(label))))
        if items:
            out += h.tag("ul", "".join(h.tag("li", h.esc(i), class_=css) for i in items),
                          class_=None if css is None else "said")
        out += extra
    return out
