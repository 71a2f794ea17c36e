from opsreview.report import export


def test_toc_lists_sections_after_the_header():
    page = ('<main class="report"><header class="report-header"><h1>T</h1></header>'
            '<h2 id="s-a" class="section">甲</h2><p>x</p><h2 id="s-b" class="section">乙</h2>')
    out = export.add_toc(page, "目录")
    nav = out[out.index("</header>"):out.index('<h2 id="s-a"')]
    assert 'href="#s-a"' in nav and 'href="#s-b"' in nav and "目录" in nav


def test_a_notice_page_is_self_contained_and_has_no_scripts():
    nb = export.notice_notebook("<p>无数据 &lt;b&gt;</p>")
    page = export.render(nb, title="站点 · 2024-01", lang="zh", back="返回", footer="f",
                         contents="目录")
    assert "<script" not in page.lower()
    assert "http://" not in page and "https://" not in page
    assert "无数据 &lt;b&gt;" in page
    assert 'lang="zh-CN"' in page
