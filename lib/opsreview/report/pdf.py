"""The month as one A4 PDF: the index with the written review, then every domain page.

The published pages are joined into one document (their links become links inside the PDF,
so the file can be sent alone) and printed by a Chromium-family browser found on the machine
through Playwright: a running header with the month and page numbers, the PDF's own outline
from the pages' headings (h1: the index and each domain), fonts embedded by the browser.
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

from .. import browser as browsers
from ..charts import font_path
from ..digest import sha256_path
from ..domains import REGISTRY
from ..lock import MonthLock
from ..months import Month
from ..publish import atomic_write_text
from . import export
from . import html as h
from .index import review_title
from .labels import Labels
from .pages import read_json
from .pdftext import fix_text_layer

_MAIN = re.compile(r'<main class="report">(.*)</main>', re.S)
_TOC = re.compile(r'<nav class="toc">.*?</nav>', re.S)
_LOCAL_PAGE = re.compile(r'href="([\w-]+?)(?:\.error)?\.html"')
MARGIN = {"top": "18mm", "bottom": "14mm", "left": "13mm", "right": "13mm"}


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
    and its links to sibling pages turned into links inside the document."""
    found = _MAIN.search(page)
    body = _TOC.sub("", found.group(1) if found else page)
    body = body.replace('id="s-', f'id="{part}-s-').replace('href="#s-', f'href="#{part}-s-')
    body = _LOCAL_PAGE.sub(
        lambda m: f'href="#d-{m.group(1)}"' if m.group(1) in known else m.group(0), body)
    return h.tag("section", body, class_="pdf-part", id=f"d-{part}")


def document(out_dir: Path, manifest: dict, lang: str) -> str:
    """The joined HTML document the browser prints."""
    t = Labels(lang)
    parts = sources(out_dir, manifest)
    known = {p for p, _ in parts}
    body = "".join(_part(p, (out_dir / f).read_text(encoding="utf-8"), known)
                   for p, f in parts)
    # The packaged CJK font stands in when the system has none (the browser embeds either).
    font = (f'<style>@font-face{{font-family:"opsreview CJK";'
            f'src:url("{Path(font_path()).as_uri()}")}}'
            'body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",'
            '"Source Han Sans SC","opsreview CJK",sans-serif}</style>')
    return export.render_markup(
        font + body, title=review_title(Month.parse(manifest["month"]), t),
        lang=lang, back="", contents="",
        footer=t("common.page.footer", at=datetime.now().strftime("%Y-%m-%d %H:%M")))


def header_template(title: str, t: Labels) -> str:
    """Chromium's running header: the month's title left, page N of M right."""
    number = t("common.pdf.page", page='<span class="pageNumber"></span>',
               pages='<span class="totalPages"></span>')
    return ('<div style="font-size:8px;color:#59636e;width:100%;margin:0 13mm;display:flex;'
            'justify-content:space-between;font-family:\'Noto Sans CJK SC\',sans-serif">'
            f"<span>{h.esc(title)}</span><span>{number}</span></div>")


def _print(html_file: Path, pdf_file: Path, title: str, t: Labels, executable: str) -> str:
    """Print HTML_FILE to PDF_FILE; returns the browser's version."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, headless=True,
                                      args=browsers.launch_args())
        try:
            page = chromium.new_page()
            page.goto(html_file.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            page.pdf(path=str(pdf_file), format="A4", print_background=True, margin=MARGIN,
                     display_header_footer=True, header_template=header_template(title, t),
                     footer_template="<span></span>", outline=True, tagged=True)
            return chromium.version
        finally:
            chromium.close()


def _hashes(out_dir: Path, parts: list[tuple[str, str]]) -> dict[str, str]:
    return {f: sha256_path(out_dir / f) for _, f in parts}


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
        old = manifest.get("pdf") or {}
        if not force and old.get("sources") == hashes and (out_dir / name).is_file():
            echo(f"PDF unchanged: {out_dir / name}")
            return 0
        title = review_title(Month.parse(manifest["month"]), t)
        work = out_dir / f".pdf-{os.getpid()}.html"
        printed = out_dir / f".{name}.{os.getpid()}.printed"
        tmp = out_dir / f".{name}.{os.getpid()}.tmp"
        try:
            atomic_write_text(work, document(out_dir, manifest, lang))
            version = _print(work, printed, title, t, executable)
            fix_text_layer(printed, tmp)
            pages = len(PdfReader(tmp).pages)
            os.replace(tmp, out_dir / name)
        except Exception as exc:  # the browser would not start or print: say so, keep the HTML
            echo(f"PDF not made: {executable} could not print it: {type(exc).__name__}: "
                 f"{str(exc).splitlines()[0] if str(exc) else ''}")
            return 1
        finally:
            for leftover in (work, printed, tmp):
                leftover.unlink(missing_ok=True)
        manifest["pdf"] = {"file": name, "pages": pages, "sources": hashes,
                           "built_at": datetime.now().isoformat(timespec="seconds"),
                           "browser": f"{executable} {version}",
                           "bytes": (out_dir / name).stat().st_size}
        atomic_write_text(out_dir / "manifest.json",
                          json.dumps(manifest, ensure_ascii=False, indent=2))
    echo(f"PDF: {out_dir / name} ({pages} pages: the index and {len(parts) - 1} domains)")
    return 0
