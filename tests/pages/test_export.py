from html.parser import HTMLParser

import nbformat

from opsreview.pages import export


def test_toc_lists_sections_after_the_header():
    page = ('<main class="report"><header class="report-header"><h1>T</h1></header>'
            '<h2 id="s-a" class="section">甲</h2><p>x</p><h2 id="s-b" class="section">乙</h2>')
    out = export.add_toc(page, "目录")
    nav = out[out.index("</header>"):out.index('<h2 id="s-a"')]
    assert 'href="#s-a"' in nav and 'href="#s-b"' in nav and "目录" in nav


def test_a_notice_page_is_self_contained_and_has_no_scripts():
    page = export.render_markup("<p>无数据 &lt;b&gt;</p>", title="站点 · 2024-01", lang="zh",
                                back="返回", footer="f", contents="目录")
    assert "<script" not in page.lower()
    assert "http://" not in page and "https://" not in page
    assert "无数据 &lt;b&gt;" in page
    assert 'lang="zh-CN"' in page


def parsed(page: str) -> list[tuple]:
    """The tags (attributes sorted) and non-blank text of a page, in order."""
    events = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            events.append(("start", tag, tuple(sorted(attrs))))

        def handle_startendtag(self, tag, attrs):  # <meta/> and <meta> are one tag
            self.handle_starttag(tag, attrs)

        def handle_endtag(self, tag):
            events.append(("end", tag))

        def handle_data(self, data):
            if data.strip():
                events.append(("data", data.strip()))

    Collect().feed(page)
    return events


def test_markup_pages_and_notebook_pages_share_one_frame():
    frame = {"title": "T <b>", "lang": "en", "back": "Back", "footer": "made <now>",
             "contents": "Contents"}
    markup = '<p id="body">x</p>'
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": markup})]
    nb.cells = [cell]
    from_nb, direct = export.render(nb, **frame), export.render_markup(markup, **frame)
    # nbconvert re-serialises its page (attribute order, "/>"): compare the tops as parsed
    tops = [parsed(p[:p.index('<main class="report">')]) for p in (from_nb, direct)]
    assert tops[0] == tops[1]
    assert ("start", "title", ()) in tops[1] and ("start", "html", (("lang", "en"),)) in tops[1]
    assert ("data", "T <b>") in tops[1]
    for page in (from_nb, direct):
        assert markup in page
        assert page.rstrip().endswith("<footer>made &lt;now&gt;</footer>\n</body>\n</html>")
