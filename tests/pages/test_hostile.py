"""Hostile text in the exports: every page builds, nothing runs, the text shows escaped."""

import html
import json
import os
import re
from dataclasses import replace

import pytest

from opsreview.build.runner import build
from opsreview.contract.catalog import BY_NAME
from opsreview.sample import DIALECTS, generate
from opsreview.sample.write import Dialect, to_csv_bytes

MONTH = "2024-02"
PAYLOADS = [
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">",
    "javascript:alert(1)",
    "[点我](javascript:alert(1))",
    "{{ 7*7 }} {% raw %}",
    "很长的名字" * 60,
    "منتج عربي",
    "<b>粗体</b>&amp;🐟",
]
# "$" in a name is text, never matplotlib mathtext (it failed six domains and drew tofu).
DOLLARS = ["行政$\\x$组", "$$", "满$100减$10", "$$客服", "$病害$"]
RLO = "运营\u202e组"  # an unterminated right-to-left override in a team group


# Where each payload goes: (dataset, column, row of the sample frame). Campaign names and team
# groups are printed as text on their pages; the other fields are drawn in charts or counted.
PLACES = {
    ("campaigns", "name", 0): PAYLOADS[0], ("campaigns", "name", 1): PAYLOADS[1],
    ("campaigns", "name", 2): PAYLOADS[3], ("campaigns", "name", 3): PAYLOADS[4],
    ("team", "group", 1): PAYLOADS[7], ("team", "group", 2): PAYLOADS[5],
    ("team", "group", 3): PAYLOADS[6], ("team", "group", 4): PAYLOADS[2],
    ("branches", "branch", 0): PAYLOADS[0], ("seo_rankings", "keyword", 0): PAYLOADS[1],
    ("site_consultations", "topic", 0): PAYLOADS[7], ("site_topic_plan", "topic", -1): PAYLOADS[3],
    ("site_articles", "title", 0): PAYLOADS[4], ("client_visits", "client", 0): PAYLOADS[6],
    ("team", "group", 0): DOLLARS[0], ("branches", "branch", 1): DOLLARS[1],
    ("seo_rankings", "keyword", 1): DOLLARS[2], ("cs_sessions", "agent", 0): DOLLARS[3],
    ("site_articles", "topic", 1): DOLLARS[4], ("team", "group", 5): RLO,
}
SHOWN = {"campaigns": [PAYLOADS[i] for i in (0, 1, 3, 4)],
         "team": [PAYLOADS[i] for i in (7, 5, 6, 2)],
         "index": [PAYLOADS[i] for i in (7, 5, 6, 2)]}  # the review names every team group


# The analyst's notes are untrusted too: every payload in the month's overview (the index),
# the campaigns section's overview and the team section's aims, each its own paragraph or
# item; links to other schemes than http(s), a data: link, an image, raw HTML, a character
# reference for U+202E and a bare control character on top.
NOTE_EXTRA = ["[数据](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
              "<a href=\"javascript:alert(1)\">链接</a>", "![图](javascript:alert(1))",
              "<iframe src=\"https://example.com\"></iframe>", "&#x202e;反转", "笔记\u202e反转"]
NOTE_PAYLOADS = PAYLOADS + NOTE_EXTRA
NOTES_MD = "\n\n".join(NOTE_PAYLOADS) + "\n\n## campaigns\n\n" + "\n\n".join(NOTE_PAYLOADS) \
    + "\n\n## 团队与组织\n\n### 目标\n\n" + "\n".join(f"- {p}" for p in NOTE_PAYLOADS) + "\n"
NOTE_SHOWN = [p.replace("\u202e", "") for p in NOTE_PAYLOADS]


def hostile_month(root):
    frames = generate(MONTH)
    swap = {frames[name][col].iloc[row]: payload for (name, col, row), payload in PLACES.items()}
    folder = root / MONTH
    folder.mkdir(parents=True)
    for name, frame in frames.items():
        frame = frame.copy()
        for col in frame.columns:
            if frame[col].dtype == object:
                frame[col] = frame[col].map(lambda v: swap.get(v, v))
        (folder / f"{name}.csv").write_bytes(
            to_csv_bytes(frame, BY_NAME[name], replace(DIALECTS.get(name, Dialect()),
                                                       encoding="utf-8")))
    (folder / "notes.md").write_text(NOTES_MD, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    hostile_month(root / "raw")
    lines: list[str] = []
    # Real exports may hold emoji the CJK font lacks: the page must still build.
    os.environ["OPSREVIEW_STRICT_GLYPHS"] = "0"
    try:
        code = build(MONTH, jobs=2, outputs_root=root / "out", raw_dir=root / "raw",
                     processed_dir=root / "proc", echo=lines.append)
    finally:
        os.environ["OPSREVIEW_STRICT_GLYPHS"] = "1"
    return root / "out" / MONTH, code, lines


@pytest.mark.slow
def test_every_page_builds(hostile):
    out, code, lines = hostile
    assert code == 0, "\n".join(lines)


def test_dollar_names_are_drawn_as_plain_text_in_every_kind_of_chart_text():
    """Titles, tick labels, legends, bar labels and annotations: `$` is a dollar sign, and
    a name such as 满$100减$10 draws every glyph (strict glyphs: no tofu)."""
    import warnings

    import matplotlib.pyplot as plt
    import pandas as pd
    from matplotlib.text import Text

    from opsreview.pages import charts

    charts.apply_theme()
    frame = pd.DataFrame({"day": pd.date_range("2024-02-01", periods=3), "n": [1, 2, 3]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in DOLLARS:
            figs = [charts.bars([name, "乙"], [3, 5], name, name, name, reference=(4, name),
                                horizontal=True, annotate=lambda v, name=name: name),
                    charts.line(frame, "day", {"n": name}, name, reference=(2, name),
                                marks={frame["day"][1]: name})]
            for fig in figs:
                fig.canvas.draw()  # mathtext would raise here, a missing glyph too
                texts = [t for t in fig.findobj(Text) if name in t.get_text()]
                assert len(texts) >= 3, name  # title, legend, the mark or a bar's label/tick
                assert not any(t._parse_math for t in texts), name
                plt.close(fig)


@pytest.mark.slow
def test_bidi_controls_in_data_never_reach_a_page(hostile):
    """An unterminated U+202E in a group name would reverse the rest of the review sentence:
    the pages show the name without the control."""
    out, _, _ = hostile
    bare = RLO.replace("\u202e", "")
    for page in ("index.html", "team.html", "campaigns.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert "\u202e" not in text and "&#x202e;" not in text.lower(), page
        assert bare in text or page == "campaigns.html", page
        assert "笔记反转" in text, page  # the notes' control character dropped too


@pytest.mark.slow
def test_payloads_show_escaped_never_as_markup(hostile):
    out, _, _ = hostile
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text.lower(), page.name
        assert "<img src=x" not in text and "<b>粗体" not in text, page.name
        assert 'src="javascript' not in text.lower(), page.name
        assert "<iframe" not in text.lower(), page.name
        # as an attribute of a real tag (an escaped `&lt;a href="javascript:` is text)
        assert not re.search(r'<[a-z][^<>]*href="javascript:', text, re.I), page.name
        hrefs = re.findall(r'<a\b[^<>]*\shref="([^"]*)"', text)
        assert all(h.startswith(("#", "http://", "https://")) or h.endswith(".html")
                   for h in hrefs), (page.name, [h for h in hrefs if ":" in h][:3])


def _flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def test_no_payload_runs_in_a_real_browser(hostile, browser):
    """JavaScript on: no payload changes the title or the DOM or opens a dialog; text shows."""
    out, _, _ = hostile
    pages = sorted(out.glob("*.html"))
    assert pages
    texts = {}
    dialogs: list[str] = []

    def dialog(d):
        dialogs.append(f"{d.page.url if d.page else '?'}: {d.type} {d.message!r}")
        d.dismiss()

    for path in pages:
        source = path.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", source, re.S)
        context = browser.new_context(java_script_enabled=True)
        try:
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                ("file:", "data:")) else r.abort())
            page = context.new_page()
            page.on("dialog", dialog)
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_timeout(200)  # time for an onerror or a timer to fire, were there one
            shown_title = page.title()
            pwned = page.eval_on_selector_all("[data-pwned]", "els => els.length")
            scripts = page.evaluate("document.scripts.length")
            texts[path.stem] = _flat(page.inner_text("body"))
        finally:
            context.close()
        assert title and shown_title == _flat(html.unescape(title.group(1))), path.name
        assert shown_title != "pwned", path.name
        assert pwned == 0, f"{path.name}: a payload set data-pwned"
        assert scripts == 0, f"{path.name}: a <script> element is in the DOM"
    assert not dialogs, f"a payload opened a dialog: {dialogs}"
    status = json.loads((out / "metrics.json").read_text(encoding="utf-8"))["domains"]
    for name, payloads in SHOWN.items():
        owner = "team" if name == "index" else name
        if status[owner]["status"] == "ok":  # else test_every_page_builds says why
            for payload in payloads:
                assert _flat(payload) in texts[name], f"{name}.html does not show {payload!r}"
    for name in ("index", "campaigns", "team"):  # the notes, as written: text, never markup
        for payload in NOTE_SHOWN:
            assert _flat(payload) in texts[name], f"{name}.html: the notes lose {payload!r}"
