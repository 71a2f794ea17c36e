"""The month as one PDF (make pdf): printed by Debian's chromium from the session's build.

A cover, then a contents page whose page numbers are where each part and section starts,
then the index (at most 5 pages) and each domain; no heading left at a page's foot, no page
with only the header. Its outline has the index and each domain, in order, each starting on
a later page; its text layer (read with pypdf) has the month's headline figures in Chinese,
in the characters the pages show; every font is embedded; a second run with unchanged pages
prints nothing.
"""

import json
import os
import re
import shutil

import pytest
from pypdf import PdfReader

from conftest import CHROMIUM, MONTH, require_chromium
from opsreview import cli
from opsreview.contract.config import Config
from opsreview.domains import REGISTRY, headlines
from opsreview.judging.fmt import format_value
from opsreview.judging.labels import Labels
from opsreview.month.months import Month
from opsreview.pages.index import review_title
from opsreview.printing import browser as browsers
from opsreview.printing import pdf, pdftext
from opsreview.printing.pdf import make_pdf, pdf_name


@pytest.fixture(scope="module")
def printed(built, tmp_path_factory):
    """The session's build copied aside (the shared folder stays as built), then printed.
    Not through the `browser` fixture: Playwright runs one sync session per thread."""
    require_chromium()
    out = tmp_path_factory.mktemp("pdf") / MONTH
    shutil.copytree(built["out"], out)
    lines: list[str] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(browsers.ENV, CHROMIUM)
        code = make_pdf(out, "zh", echo=lines.append)
        again: list[str] = []
        code_again = make_pdf(out, "zh", echo=again.append)
    path = out / pdf_name(MONTH, "zh")
    return {"out": out, "code": code, "lines": lines, "path": path, "again": again,
            "code_again": code_again, "reader": PdfReader(path) if path.exists() else None}


def _outline(reader):
    """Top-level outline entries: (title, page index)."""
    return [(item.title, reader.get_destination_page_number(item))
            for item in reader.outline if not isinstance(item, list)]


def test_the_pdf_is_written_with_nothing_left_over(printed):
    assert printed["code"] == 0, printed["lines"]
    assert printed["path"].is_file(), printed["lines"]
    leftovers = [p.name for p in printed["out"].iterdir() if p.name.startswith(".")]
    assert leftovers == [], leftovers
    manifest = json.loads((printed["out"] / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["pdf"]
    assert entry["file"] == printed["path"].name
    assert entry["pages"] == len(printed["reader"].pages)
    assert set(entry["sources"]) == {"index.html"} | {f"{n}.html" for n in manifest["domains"]}


def test_the_outline_is_the_index_then_every_domain_in_order(printed):
    reader = printed["reader"]
    t = Labels("zh")
    manifest = json.loads((printed["out"] / "manifest.json").read_text(encoding="utf-8"))
    wanted = [review_title(Month.parse(MONTH), t)] + \
        [t(f"common.domains.{n}") for n in REGISTRY if n in manifest["domains"]]
    outline = _outline(reader)
    assert [title for title, _ in outline] == wanted
    starts = [page for _, page in outline]
    assert starts[0] >= 2 and starts == sorted(set(starts)), f"each part begins a page: {starts}"
    assert len(reader.pages) > starts[-1]
    for (title, page), end in zip(outline, [*starts[1:], len(reader.pages)], strict=True):
        assert title in reader.pages[page].extract_text(), f"{title} not on page {page + 1}"
        assert end > page


HEADER = re.compile(r"第 \d+ / \d+ 页")


def _lines(page) -> list[str]:
    """A page's text lines without its running header."""
    return [line.strip() for line in page.extract_text().splitlines()
            if line.strip() and not HEADER.search(line)]


def _headings(items) -> set[str]:
    """Every outline title, at every level (the pages' headings)."""
    out = set()
    for item in items:
        out |= _headings(item) if isinstance(item, list) else {item.title.strip()}
    return out


def test_the_first_page_is_a_cover(printed):
    reader = printed["reader"]
    t = Labels("zh")
    cover = _lines(reader.pages[0])
    assert review_title(Month.parse(MONTH), t) in cover
    assert Config().entities["company"]["zh"] in cover
    assert any(line.startswith("生成日期：") for line in cover)
    assert len(cover) <= 4, f"the cover holds the title, not the report: {cover}"


def test_the_contents_give_the_page_each_part_starts_on(printed):
    reader = printed["reader"]
    outline = _outline(reader)
    first = outline[0][1]
    contents = [line for page in reader.pages[1:first] for line in _lines(page)]
    assert contents[0] == "目录"
    numbered = dict(line.rsplit(" ", 1) for line in contents[1:])
    for title, page in outline:
        assert numbered.get(title) == str(page + 1), f"{title}: page {page + 1} in the PDF"
    tops = [i for i, item in enumerate(reader.outline) if not isinstance(item, list)]
    seo = reader.outline[tops[1] + 1]  # the second part's sections (its h2), then theirs
    for section in [item.title for item in seo if not isinstance(item, list)]:
        assert section in numbered, f"{section} is missing from the contents"
    for line, number in numbered.items():  # every entry's page holds its heading
        assert line.split("：")[-1] in " ".join(_lines(reader.pages[int(number) - 1])), line


def test_the_index_part_takes_at_most_five_pages(printed):
    starts = [page for _, page in _outline(printed["reader"])]
    assert starts[1] - starts[0] <= 5, f"the index takes {starts[1] - starts[0]} pages"


def test_no_page_is_blank_and_no_heading_is_left_at_a_page_foot(printed):
    reader = printed["reader"]
    headings = _headings(reader.outline)
    first = _outline(reader)[0][1]
    for number, page in enumerate(reader.pages, start=1):
        lines = _lines(page)
        assert lines, f"page {number} has nothing but its header"
        if number > first:  # the contents list every heading, by design
            assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]}"
    assert len(_lines(reader.pages[-1])) >= 3, "the last page is a footer's page"


def test_a4_pages_with_the_month_and_page_numbers_in_the_header(printed):
    reader = printed["reader"]
    total = len(reader.pages)
    for number in (1, total):
        page = reader.pages[number - 1]
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) in \
            ((595, 842), (596, 843))
        text = page.extract_text()
        assert f"第 {number} / {total} 页" in text and "2024年2月运营工作总结" in text


def test_the_text_layer_has_the_headline_figures_in_chinese(printed):
    text = "\n".join(p.extract_text() for p in printed["reader"].pages)
    flat = " ".join(text.split())
    metrics = json.loads((printed["out"] / "metrics.json").read_text(encoding="utf-8"))["domains"]
    for name, entry in metrics.items():
        if entry["status"] != "ok":
            continue
        for fig in headlines(name):
            value = entry["metrics"].get(fig.key)
            if value is not None:
                assert " ".join(format_value(value, fig.kind, "zh").split()) in flat, fig.key
    for words in ("运营工作总结", "月度总结", "各领域报告", "下月目标"):
        assert words in text, f"{words} cannot be found in the PDF"
    radicals = sorted({c for c in text if 0x2E80 <= ord(c) < 0x2FE0})
    assert not radicals, f"radicals instead of ideographs: {radicals}"


def test_every_font_is_embedded(printed):
    missing = set()
    for page in printed["reader"].pages:
        for name, ref in (page["/Resources"].get("/Font") or {}).items():
            font = ref.get_object()
            if font["/Subtype"] == "/Type3":  # glyphs drawn inside the file
                continue
            fonts = [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]
            described = [f["/FontDescriptor"].get_object() for f in fonts
                         if "/FontDescriptor" in f]
            if not any(k in d for d in described for k in ("/FontFile", "/FontFile2",
                                                             "/FontFile3")):
                missing.add(f"{name} {font.get('/BaseFont')}")
    assert not missing, missing


def test_an_unchanged_month_is_not_printed_again(printed):
    assert printed["code_again"] == 0
    assert any("unchanged" in line for line in printed["again"]), printed["again"]


def test_without_a_browser_the_message_says_how_to_install_one(built, monkeypatch, capsys,
                                                              tmp_path):
    monkeypatch.delenv(browsers.ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(browsers, "INSTALL_PATHS", ())
    lines: list[str] = []
    assert make_pdf(built["out"], "zh", echo=lines.append) == 2
    said = "\n".join(lines)
    assert "apt-get install chromium" in said and browsers.ENV in said
    assert "HTML pages are built" in said
    assert not (built["out"] / pdf_name(MONTH, "zh")).exists()


def test_the_browser_is_found_from_the_variable_then_path(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv(browsers.ENV, str(fake))
    assert browsers.find_browser() == str(fake)
    monkeypatch.setenv(browsers.ENV, str(tmp_path / "nothing"))
    with pytest.raises(browsers.BrowserNotFound, match="is not an executable browser"):
        browsers.find_browser()
    monkeypatch.delenv(browsers.ENV)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert browsers.find_browser() == str(fake)


CMAP = """/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
1 begincodespacerange
<00> <FF>
endcodespacerange
2 beginbfchar
<06> <2F49>
<0C> <002B>
endbfchar
1 beginbfrange
<10> <12> <2ED9>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def test_radicals_in_the_text_layer_become_the_ideographs_they_draw():
    table = pdftext.radical_ideographs()
    assert chr(table[0x2F49]) == "月" and chr(table[0x2EDA]) == "页"
    fixed = pdftext.remapped(CMAP, table)
    mapped = pdftext.mappings(fixed)
    assert mapped["06"] == "月" and mapped["0C"] == "+"
    assert [mapped[c] for c in ("10", "11", "12")] == \
        [chr(table.get(cp, cp)) for cp in (0x2ED9, 0x2EDA, 0x2EDB)]
    assert fixed.startswith("/CIDInit") and fixed.rstrip().endswith("end")
    assert pdftext.remapped(fixed, table) is None, "a clean map is left as it is"


def test_launch_args_keep_the_sandbox_unless_root():
    assert ("--no-sandbox" in browsers.launch_args()) == (os.geteuid() == 0)


def test_report_with_pdf_and_no_browser_still_builds_the_pages(built, monkeypatch, capsys,
                                                               tmp_path):
    """`make report PDF=1` on a machine without a browser: the HTML is there, exit 2."""
    shutil.copytree(built["out"], tmp_path / MONTH)
    monkeypatch.delenv(browsers.ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(browsers, "INSTALL_PATHS", ())
    code = cli.main(["report", "--month", MONTH, "--pdf", "--raw", str(built["raw"]),
                     "--processed", str(built["root"] / "processed"),
                     "--outputs", str(tmp_path)])
    said = capsys.readouterr().out
    assert code == 2, said
    assert "nothing to do" in said and "PDF not made" in said and "apt-get install" in said
    assert (tmp_path / MONTH / "index.html").is_file()


def test_the_contents_list_each_parts_title_and_sections_with_their_pages():
    """Read from the joined part: its h1, then each h2 of class section (either attribute
    order), as escaped markup; the page numbers once a printing gave them, blank before."""
    body = ('<header class="report-header"><h1>SEO <b>优化</b></h1></header>'
            '<h2 class="section" id="seo-s-ranks">关键词 &amp; 排名</h2>'
            '<h2 id="seo-s-index" class="section">索引量</h2><h2>不是章节</h2>')
    entries = pdf.headings("seo", body)
    assert entries == [("d-seo", "SEO 优化", 1), ("seo-s-ranks", "关键词 &amp; 排名", 2),
                       ("seo-s-index", "索引量", 2)]
    t = Labels("zh")
    blank = pdf.contents(entries, t, {})
    numbered = pdf.contents(entries, t, {"d-seo": 8, "seo-s-ranks": 8, "seo-s-index": 9})
    assert blank.count('<span class="page-no"></span>') == 3
    assert '<a href="#seo-s-index"><span class="entry">索引量</span><span class="page-no">9' \
        in numbered
    assert "关键词 &amp; 排名" in numbered and "目录" in numbered
