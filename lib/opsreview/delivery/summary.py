"""What a message says: the month's title, 本月概述, 本月要点 and the scorecard line, read
from the built index as the manager sees it.

Reading the published page (not recomputing the review) keeps a message word for word what
the index says and holds nothing the boss-facing pages do not show: no analyst-only part
(数据说明), no raw value. The headings are the index's own, in its language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from opsreview.pages import html as h

ELLIPSIS = "…"


class SummaryError(Exception):
    """A built index without the parts a message is made of."""


@dataclass(frozen=True)
class Summary:
    title: str
    scorecard: str
    overview_heading: str
    overview: tuple[str, ...]  # the story's paragraphs
    points_heading: str
    points: tuple[str, ...]

    def lines(self) -> list[str]:
        """The message as markdown lines, most important first, so a cut loses the least:
        the title, the scorecard, the story, then the key points. Blocks are apart by an
        empty line, as 钉钉's markdown needs to keep them apart."""
        return [f"# {self.title}", "", f"**{self.scorecard}**", "",
                f"**{self.overview_heading}**", "",
                *[line for p in self.overview for line in (p, "")],
                f"**{self.points_heading}**", "", *[f"- {p}" for p in self.points]]

    def html(self) -> str:
        """The same for a mail's HTML part (every text escaped)."""
        return "".join([
            h.tag("h1", h.esc(self.title)), h.tag("p", h.tag("strong", h.esc(self.scorecard))),
            h.tag("h2", h.esc(self.overview_heading)),
            *[h.tag("p", h.esc(p)) for p in self.overview],
            h.tag("h2", h.esc(self.points_heading)),
            h.tag("ul", "".join(h.tag("li", h.esc(p)) for p in self.points))])


def _text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""


def read(index: Path) -> Summary:
    """The summary of a built index.html (Chinese or English)."""
    soup = BeautifulSoup(Path(index).read_text(encoding="utf-8"), "html.parser")
    title = _text(soup.select_one("header.report-header h1"))
    overview = soup.find(id="s-month-notes")
    points = soup.select_one("ul.key-points")
    scorecard = _text(soup.select_one("p.scorecard-total"))
    if not (title and overview):
        raise SummaryError(f"{index} has no title or review: build the month again")
    points_heading = soup.find(id="s-key-points")
    return Summary(
        title=title, scorecard=scorecard,
        overview_heading=_text(overview),
        overview=tuple(_text(p) for p in soup.select("#review p.story")),
        points_heading=_text(points_heading),
        points=tuple(_text(li) for li in points.find_all("li")) if points else ())


def cut(lines: list[str], limit: int) -> str:
    """LINES joined, within LIMIT bytes of UTF-8: whole lines while they fit, then a line
    "…" (never half a line, never half a character). A first line longer than the limit is
    cut at the last whole character that fits, with "…"."""
    text = "\n".join(lines).rstrip()
    if len(text.encode()) <= limit:
        return text
    tail = "\n" + ELLIPSIS
    kept, size = [], 0
    for line in lines:
        add = len(line.encode()) + (1 if kept else 0)
        if size + add + len(tail.encode()) > limit:
            break
        kept.append(line)
        size += add
    if kept:
        return "\n".join(kept).rstrip() + tail
    room = limit - len(ELLIPSIS.encode())
    return lines[0].encode()[:room].decode(errors="ignore") + ELLIPSIS
