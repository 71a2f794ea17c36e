"""The month as one A4 PDF: the index with the written review, then every domain page.

The published pages are joined into one document (their links become links inside the PDF,
so the file can be sent alone) behind a cover and a contents page, and printed by a
Chromium-family browser found on the machine through Playwright: a running header with the
month and page numbers, the PDF's own outline from the pages' headings (h1: the index and
each domain), fonts embedded by the browser. The contents' page numbers come from a first
printing (where each part and section landed), so the document is printed twice.
The file is written atomically and recorded in manifest.json with the pages it was made from,
so `make pdf` prints again only when a page changed.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path

from pypdf import PdfReader

from opsreview.build.lock import MonthLock
from opsreview.contract.config import Config
from opsreview.digest import sha256_path
from opsreview.domains import REGISTRY
from opsreview.files import atomic_write
from opsreview.judging.labels import Labels
from opsreview.month.months import Month
from opsreview.pages import export
from opsreview.pages import html as h
from opsreview.pages.charts import font_path
from opsreview.pages.index import review_title
from opsreview.pages.outputs import read_json
from opsreview.printing import browser as browsers
from opsreview.printing.pdftext import fix_text_layer

_MAIN = re.compile(r'<main class="report">(.*)</main>', re.S)
_TOC = re.compile(r'<nav class="toc">.*?</nav>', re.S)
_LOCAL_PAGE = re.compile(r'href="([\w-]+?)(?:\.error)?\.html"')
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_H2 = re.compile(r"<h2\b([^>]*)>(.*?)</h2>", re.S)
_ID = re.compile(r'\bid="([\w-]+)"')
_TAGS = re.compile(r"<[^>]+>")
_ABOUT_DATA = re.compile(r'<details class="about-data">.*?</details>', re.S)  # the analyst's
MARGIN = {"top": "18mm", "bottom": "14mm", "left": "13mm", "right": "13mm"}
# The first printing places the contents' page numbers, the second prints them (a third if
# printing them moved a page).
PRINTINGS = 3


def pdf_name(month: str, lang: str) -> str:
    """opsreview-2024-02.pdf, opsreview-2024-02-en.pdf: two files that can travel together."""
    return f"opsreview-{month}{'' if lang == 'zh' else '-' + lang}.pdf"


def sources(out_dir: Path, manifest: dict) -> list[tuple[str, str]]:
    """(part id, page file) in reading order: the index, then each built domain's page."""
    parts = [("index", "index.html")]
    for name in REGISTRY:
        entry = manifest.get("domains", {}).get(name)
        if entry and (out_dir / (entry.get("html") or f"{name}.html")).is_file():
            parts.append((name, entry.get("html") or f"{name}.html"))
    return parts


def _part(part: str, page: str, known: set[str]) -> str:
    """A page's main content as one section of the joined document, its anchors made unique
    and its links to sibling pages turned into links inside the document; the index's 数据说明
    (for the analyst) left out."""
    found = _MAIN.search(page)
    body = _ABOUT_DATA.sub("", _TOC.sub("", found.group(1) if found else page))
    body = body.replace('id="s-', f'id="{part}-s-').replace('href="#s-', f'href="#{part}-s-')
    body = _LOCAL_PAGE.sub(
        lambda m: f'href="#d-{m.group(1)}"' if m.group(1) in known else m.group(0), body)
    head, _, rest = body.partition("</header>")  # the title above the print layout's columns
    if rest:
        body = head + "</header>" + h.tag("div", rest, class_="part-body")
    return h.tag("section", body, class_="pdf-part", id=f"d-{part}")


def company(t: Labels) -> str:
    """The organisation the cover names: entities.yml's company, else its hq's name."""
    entities = Config().entities
    named = entities.get("company") or {}
    return str(named.get(t.lang) or named.get("zh") or (entities.get("hq") or {}).get("name")
               or "")


def headings(part: str, body: str) -> list[tuple[str, str, int]]:
    """(anchor, heading text as escaped markup, level) of a part: its title (1) and its
    sections (2), for the contents."""
    found = [(f"d-{part}", _TAGS.sub("", title).strip(), 1) for title in _H1.findall(body)[:1]]
    for attrs, text in _H2.findall(body):
        anchor = _ID.search(attrs)
        if 'class="section"' in attrs and anchor:
            found.append((anchor.group(1), _TAGS.sub("", text).strip(), 2))
    return found


def cover(title: str, t: Labels, printed_on: str) -> str:
    """The first page: the organisation, the month's review title, the day it was printed."""
    return h.tag("section", h.tag("p", h.esc(company(t)), class_="cover-company")
                 + h.tag("p", h.esc(title), class_="cover-title")
                 + h.tag("p", h.esc(t("common.pdf.printed", date=printed_on)),
                         class_="cover-date"), class_="pdf-cover")


def contents(entries: list[tuple[str, str, int]], t: Labels, numbers: dict[str, int]) -> str:
    """The contents page: each part and its sections with the page it starts on (a blank
    of the same width before the numbers are known, so the pages do not move)."""
    rows = "".join(
        h.tag("li", h.tag("a", h.tag("span", text, class_="entry")
                          + h.tag("span", str(numbers[anchor]) if anchor in numbers else "",
                                  class_="page-no"), href=f"#{anchor}"),
              class_=f"level-{level}")
        for anchor, text, level in entries)
    return h.tag("section", h.tag("p", h.esc(t("common.pdf.contents")), class_="contents-title")
                 + h.tag("ol", rows, class_="contents"), class_="pdf-contents")


def document(out_dir: Path, manifest: dict, lang: str, printed_on: str,
             numbers: dict[str, int] | None = None) -> str:
    """The joined HTML document the browser prints: the cover, the contents (with NUMBERS,
    anchor -> page, once a first printing gave them), then the index and each domain."""
    t = Labels(lang)
    parts = sources(out_dir, manifest)
    known = {p for p, _ in parts}
    bodies = [(p, _part(p, (out_dir / f).read_text(encoding="utf-8"), known)) for p, f in parts]
    entries = [entry for p, body in bodies for entry in headings(p, body)]
    title = review_title(Month.parse(manifest["month"]), t)
    # The packaged CJK font stands in when the system has none (the browser embeds either).
    font = (f'<style>@font-face{{font-family:"opsreview CJK";'
            f'src:url("{Path(font_path()).as_uri()}")}}'
            'body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",'
            '"Source Han Sans SC","opsreview CJK",sans-serif}</style>')
    return export.render_markup(
        font + cover(title, t, printed_on) + contents(entries, t, numbers or {})
        + "".join(body for _, body in bodies),
        title=title, lang=lang, back="", contents="", footer="")


def page_numbers(pdf: Path) -> dict[str, int]:
    """Anchor -> the page (from 1) it is on, from the printed PDF's named destinations
    (the browser writes one for every anchor a link points to: the contents' links)."""
    reader = PdfReader(pdf)
    return {name.lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def header_template(title: str, t: Labels) -> str:
    """Chromium's running header: the month's title left, page N of M right."""
    number = t("common.pdf.page", page='<span class="pageNumber"></span>',
               pages='<span class="totalPages"></span>')
    return ('<div style="font-size:8px;color:#59636e;width:100%;margin:0 13mm;display:flex;'
            'justify-content:space-between;font-family:\'Noto Sans CJK SC\',sans-serif">'
            f"<span>{h.esc(title)}</span><span>{number}</span></div>")


def _print(write, html_file: Path, pdf_file: Path, title: str, t: Labels,
           executable: str) -> str:
    """Print what WRITE(numbers) puts in HTML_FILE to PDF_FILE, again with the page numbers
    the printing gave the contents until they hold; returns the browser's version."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, headless=True,
                                      args=browsers.launch_args())
        try:
            page = chromium.new_page()
            page.emulate_media(media="print")
            numbers: dict[str, int] = {}
            for _ in range(PRINTINGS):
                write(numbers)
                page.goto(html_file.as_uri(), wait_until="load")
                page.pdf(path=str(pdf_file), format="A4", print_background=True,
                         margin=MARGIN, display_header_footer=True,
                         header_template=header_template(title, t),
                         footer_template="<span></span>", outline=True, tagged=True)
                found = page_numbers(pdf_file)
                if found == numbers:
                    break
                numbers = found
            return chromium.version
        finally:
            chromium.close()


def _hashes(out_dir: Path, parts: list[tuple[str, str]]) -> dict[str, str]:
    return {f: sha256_path(out_dir / f) for _, f in parts}


def is_current(out_dir: Path, manifest: dict, lang: str) -> bool:
    """Whether the month's PDF is there, printed from its pages as they are now (no browser
    needed to tell: `make send` prints one only when it is missing or stale)."""
    old = manifest.get("pdf") or {}
    return (old.get("sources") == _hashes(out_dir, sources(out_dir, manifest))
            and (out_dir / pdf_name(manifest["month"], lang)).is_file())


def make_pdf(out_dir: Path, lang: str, force: bool = False, echo=print) -> int:
    """Print the month's PDF into OUT_DIR; the exit code (0 done, 2 no browser, 1 failed)."""
    out_dir = Path(out_dir).resolve()
    t = Labels(lang)
    try:
        executable = browsers.find_browser()
    except browsers.BrowserNotFound as exc:
        echo(f"PDF not made: {exc}. The HTML pages are built: {out_dir / 'index.html'}")
        return 2
    with MonthLock(out_dir, echo=echo):
        for dead in (*out_dir.glob(".pdf-*.html"), *out_dir.glob(".*.printed")):
            dead.unlink(missing_ok=True)  # a print killed mid-way (we hold the lock)
        manifest = read_json(out_dir / "manifest.json")
        if not manifest or not (out_dir / "index.html").is_file():
            echo(f"PDF not made: {out_dir} has no built month (run make report first)")
            return 1
        name = pdf_name(manifest["month"], lang)
        parts = sources(out_dir, manifest)
        hashes = _hashes(out_dir, parts)
        if not force and is_current(out_dir, manifest, lang):
            echo(f"PDF unchanged: {out_dir / name}")
            return 0
        title = review_title(Month.parse(manifest["month"]), t)
        work = out_dir / f".pdf-{os.getpid()}.html"
        printed = out_dir / f".{name}.{os.getpid()}.printed"
        pages = 0

        def finished(tmp: Path) -> None:  # the printing with its text layer, its pages counted
            nonlocal pages
            fix_text_layer(printed, tmp)
            pages = len(PdfReader(tmp).pages)

        try:
            printed_on = datetime.now().strftime("%Y-%m-%d")
            version = _print(
                lambda numbers: atomic_write(
                    work, document(out_dir, manifest, lang, printed_on, numbers)),
                work, printed, title, t, executable)
            atomic_write(out_dir / name, finished)
        except Exception as exc:  # the browser would not start or print: say so, keep the HTML
            echo(f"PDF not made: {executable} could not print it: {type(exc).__name__}: "
                 f"{str(exc).splitlines()[0] if str(exc) else ''}")
            return 1
        finally:
            for leftover in (work, printed):
                leftover.unlink(missing_ok=True)
        manifest["pdf"] = {"file": name, "pages": pages, "sources": hashes,
                           "built_at": datetime.now().isoformat(timespec="seconds"),
                           "browser": f"{executable} {version}",
                           "bytes": (out_dir / name).stat().st_size}
        atomic_write(out_dir / "manifest.json",
                     json.dumps(manifest, ensure_ascii=False, indent=2))
    echo(f"PDF: {out_dir / name} ({pages} pages: the index and {len(parts) - 1} domains)")
    return 0
