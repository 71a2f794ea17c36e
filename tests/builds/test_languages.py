"""Both languages side by side: an English build writes outputs/<MONTH>/en/ and leaves the
Chinese pages as they are; each index links to the other; each folder has its own manifest
and fingerprints, so neither build makes the other stale."""

import json
import shutil

import pytest

from conftest import MONTH
from opsreview.build.runner import build
from opsreview.contract import languages
from opsreview.pages import langlink


@pytest.fixture(scope="module")
def both(built, tmp_path_factory):
    """The session's zh build copied aside, then one English domain built beside it."""
    root = tmp_path_factory.mktemp("langs")
    shutil.copytree(built["out"], root / MONTH)
    zh_before = {p.name: p.read_bytes() for p in (root / MONTH).glob("*.html")}
    lines: list[str] = []
    code = build(MONTH, ["team"], lang="en", jobs=1, outputs_root=root, raw_dir=built["raw"],
                 processed_dir=built["root"] / "processed", echo=lines.append)
    return {"root": root, "zh": root / MONTH, "en": root / MONTH / "en", "code": code,
            "lines": lines, "zh_before": zh_before, "built": built}


def _read(path):
    return path.read_text(encoding="utf-8")


def test_the_english_build_has_its_own_folder(both):
    assert both["code"] == 0, both["lines"]
    en = both["en"]
    assert {p.name for p in en.glob("*.html")} == {"index.html", "team.html"}
    assert 'lang="en"' in _read(en / "index.html") and "operations review" in _read(
        en / "index.html")
    manifest = json.loads(_read(en / "manifest.json"))
    assert manifest["lang"] == "en" and list(manifest["domains"]) == ["team"]
    assert manifest["domains"]["team"]["parameters"] == {"lang": "en"}


def test_the_chinese_pages_stay_as_they_were(both):
    zh = both["zh"]
    now = {p.name: p.read_bytes() for p in zh.glob("*.html")}
    assert set(now) == set(both["zh_before"])
    changed = [n for n in now if now[n] != both["zh_before"][n]]
    assert changed == ["index.html"], "only the index changes: it gains the link to English"
    manifest = json.loads(_read(zh / "manifest.json"))
    assert manifest["lang"] == "zh" and len(manifest["domains"]) == 7
    assert 'lang="zh-CN"' in _read(zh / "team.html")


def test_each_index_links_the_other_language(both):
    zh_index, en_index = _read(both["zh"] / "index.html"), _read(both["en"] / "index.html")
    assert '<nav class="lang"><a href="en/index.html" hreflang="en" lang="en">English</a>' \
        in zh_index
    assert '<nav class="lang"><a href="../index.html" hreflang="zh" lang="zh">中文</a>' \
        in en_index
    assert 'href="index.html"' in _read(both["en"] / "team.html"), "back to the en index"


def test_rebuilding_either_language_finds_nothing_to_do(both):
    for lang, domains in (("en", ["team"]), ("zh", None)):
        lines: list[str] = []
        code = build(MONTH, domains, lang=lang, jobs=1, outputs_root=both["root"],
                     raw_dir=both["built"]["raw"],
                     processed_dir=both["built"]["root"] / "processed", echo=lines.append)
        assert code == 0 and "nothing to do" in lines[0], (lang, lines)


def test_folders_and_links_of_the_two_languages(tmp_path):
    zh, en = languages.month_dir(tmp_path, MONTH, "zh"), languages.month_dir(tmp_path, MONTH, "en")
    assert (zh, en) == (tmp_path / MONTH, tmp_path / MONTH / "en")
    assert languages.other_dir(zh, "zh") == en and languages.other_dir(en, "en") == zh
    assert langlink.switch("zh", False) == '<nav class="lang"></nav>'
    en.mkdir(parents=True)
    (zh / "index.html").write_text('<p>x</p><nav class="lang"></nav>', encoding="utf-8")
    assert langlink.other_present(en, "en") and not langlink.other_present(zh, "zh")
    langlink.relink(en, "en")  # the English index was just written: zh gets its link
    assert 'href="en/index.html"' in _read(zh / "index.html")
    langlink.relink(zh, "zh")  # no English index: nothing to link, nothing written
    assert not (en / "index.html").exists()
