"""Hostile text in the exports: every page builds, nothing runs, the text shows escaped."""

import os
import shutil
import subprocess
from dataclasses import replace

import pytest

from opsreview.catalog import BY_NAME
from opsreview.runner import build
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


def hostile_month(root):
    frames = generate(MONTH)
    targets = [frames["branches"]["branch"].iloc[0], frames["seo_rankings"]["keyword"].iloc[0],
               frames["campaigns"]["name"].iloc[0], frames["site_consultations"]["topic"].iloc[0],
               frames["site_topic_plan"]["topic"].iloc[-1], frames["team"]["group"].iloc[0],
               frames["site_articles"]["title"].iloc[0], frames["client_visits"]["client"].iloc[0]]
    swap = dict(zip(targets, PAYLOADS, strict=True))
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


def test_every_page_builds(hostile):
    out, code, lines = hostile
    assert code == 0, "\n".join(lines)


def test_payloads_show_escaped_never_as_markup(hostile):
    out, _, _ = hostile
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text.lower(), page.name
        assert "<img src=x" not in text and "<b>粗体" not in text, page.name
        assert 'href="javascript:' not in text.lower(), page.name


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is installed by .ci/run")
def test_no_payload_runs_in_a_real_browser(hostile):
    out, _, _ = hostile
    for page in sorted(out.glob("*.html")):
        dom = subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--no-first-run", "--dump-dom",
             page.as_uri()], capture_output=True, text=True, timeout=120).stdout
        assert dom, page.name
        assert "data-pwned" not in dom.split("</head>")[-1].split(">")[0], page.name
        assert "<title>pwned" not in dom, page.name
