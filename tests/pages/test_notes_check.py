"""The notes read as their reader would (notes/check.py): references to nothing, placeholders
left in, typed numbers the figures contradict; printed by the build and `make notes`, never
shown; and the sample year's notes clean, shown whole, marked once per section."""

import html
import re
import shutil

import pytest

from opsreview.domains import REGISTRY
from opsreview.month.months import Month
from opsreview.notes import sections as nt
from opsreview.notes.check import warnings
from opsreview.notes.template import month_figures, write_template
from opsreview.paths import RAW_DIR

REFERENCES = """# 2024年2月

月度概述（见首页的本月要点）

## 客服
- 比例见客服页。
- 表格见财务页的汇总。
- 常见问题一般见效快（见图例），按需求推荐见上方存在问题。

## 渔业信息网运营
- 故障记录见本页手工统计指标。
- 详见本页。
- 满意度见客服页的高风险客户。

## 活动运营
- 每类的日均次数见客服页的咨询构成。
- 每类的会话数见客服页的咨询构成。
- 排班见客服页的排班总表。
- For the figures see the campaigns page.
- Rota: see the rota page.
"""


def _said(text, figures=None):
    return [(p.line, p.message) for p in warnings(nt.parse(text), figures)]


def test_references_to_nothing_name_their_line():
    said = _said(REFERENCES)
    assert [line for line, _ in said] == [3, 6, 7, 11, 12, 16, 18, 19, 20], said
    by_line = dict(said)
    assert "shown on the index itself" in by_line[3]  # every section is on the index
    assert "shown on the service page itself" in by_line[6]
    assert "no '财务页'" in by_line[7] and "service (客服页)" in by_line[7]
    assert "the index has no '手工统计指标'" in by_line[11]
    assert "'this page' is the index and the site page" in by_line[12]
    assert "shows 会话数, 占比" in by_line[16] and "not 日均" in by_line[16]
    assert "the service page has no part '排班总表'" in by_line[18]
    assert "shown on the campaigns page itself" in by_line[19]  # English too
    assert "no 'rotapage'" in by_line[20]
    # 常见 / 见效 / 见图例 / a part above that both pages have / a part that shows what is
    # asked: no reference to nothing
    assert 8 not in by_line and 13 not in by_line and 17 not in by_line
    # a part named alone is this page's; 上文 with no part named is no reference; a domain's
    # section may send its page's reader to a part of the index
    assert [line for line, _ in _said("见手工统计指标。\n见上文所述。\n## seo\n见本月要点\n"
                                      "见首页的本月要点\n")] == [1, 4]


def test_placeholders_left_in_are_warned_but_sizes_words_and_code_are_not():
    text = ("## 市场开拓与项目运营\n自营项目：XX设计产业园。\n负责人：某某\n完成时间？？\n"
            "TODO 补数字\n日期 TBD，另见 xx 项\nXXL 码、Xbox、`XX` 和 {market.visits}\n"
            "```\nXX 在代码块里\n```\n")
    said = _said(text)
    assert [(line, m.split(" is ")[0]) for line, m in said] == [
        (2, "'XX'"), (3, "'某某'"), (4, "'？？'"), (5, "'TODO'"), (6, "'TBD'"), (6, "'xx'")]
    assert all("placeholder left in" in m for _, m in said)


FIGURES = {
    "service": {"avg_handle_minutes": 3.77, "sessions_per_agent_day": 85.0,
                "shops": {"童装旗舰店": {"avg_handle_minutes": 3.0},
                          "渔具专营店": {"avg_handle_minutes": 4.2}}},
    "market": {"settlement_days_mean": 7.0, "contract_amount": 860000.0},
    "campaigns": {"rule_bug_fix_minutes_max": 47.0},
}

NUMBERS = """本月平均结算 9 天。

## 客服
- 每位客户平均约 3 分钟。
- 童装旗舰店每位客户平均约 3 分钟。
- 每人每天接待约 85 人次，人均日接待量较上月增加 6 次。
- 人均日接待 90 人次。
- 每位客户平均 {service.avg_handle_minutes}。

## 市场开拓与项目运营
- 平均结算从 8 天缩短到 7 天，合同额 86万元。
- 平均结算 5 天，合同额 80 万元。

## 活动运营
- 规则 BUG 最长 1 小时内修好。
- 规则 BUG 最长 30 分钟。

## SEO 优化
- 平均结算 9 天（另一个领域的指标：不在本节核对）。
"""


def test_a_typed_number_is_held_to_the_figure_the_page_shows():
    said = _said(NUMBERS, FIGURES)
    assert [line for line, _ in said] == [1, 4, 7, 12, 12, 16], said
    by_line = dict(said)
    assert "平均结算天数 is 7 天 on the market page" in said[0][1]
    assert "平均接待时长 is 3.8 分钟" in by_line[4]
    assert "{service.avg_handle_minutes}" in by_line[4]
    assert "人均日接待量 is 85" in by_line[7]
    assert any("合同总额 is 86万元" in m for line, m in said if line == 12)
    assert "规则 BUG 最长修复时长 is 47 分钟" in by_line[16]
    assert _said(NUMBERS) == []  # without figures nothing is held to them


@pytest.mark.slow
def test_make_notes_checks_existing_notes_and_the_build_prints_without_failing(tmp_path):
    from opsreview.build.runner import build

    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR / "2024-02", raw / "2024-02")
    path = raw / "2024-02" / "notes.md"
    path.write_text("## 团队与组织\n- 人员配置见团队页。\n- 团队人数 20 人。\n- 待补充\n",
                    encoding="utf-8")
    said: list[str] = []
    assert write_template(Month.parse("2024-02"), raw, tmp_path / "p", "zh",
                          echo=said.append) == 1
    assert [ln.split(":")[0].strip() for ln in said if "notes.md line" in ln] == [
        "! notes.md line 2", "! notes.md line 3", "! notes.md line 4"], said
    assert "团队人数 is 17" in said[3]
    assert path.read_text(encoding="utf-8").startswith("## 团队与组织")  # never replaced
    lines: list[str] = []
    code = build("2024-02", ["team"], jobs=1, outputs_root=tmp_path / "out", raw_dir=raw,
                 processed_dir=tmp_path / "p", echo=lines.append)
    assert code == 0  # the pages are right: a warning is for the analyst
    assert sum("notes.md line" in ln for ln in lines) == 3, lines
    page = (tmp_path / "out" / "2024-02" / "team.html").read_text(encoding="utf-8")
    assert "notes.md line" not in page and "left in" not in page  # never shown


@pytest.mark.slow
def test_the_sample_years_notes_are_clean(tmp_path):
    months = sorted(p.parent.name for p in RAW_DIR.glob("*/notes.md"))
    assert months, "the sample year has notes"
    for month in months:
        got = nt.read_month(RAW_DIR, month)
        figures = month_figures(Month.parse(month), RAW_DIR, tmp_path / "p")
        assert set(figures) == set(REGISTRY)
        assert not got.problems and warnings(got, figures) == [], month
        said: list[str] = []
        assert write_template(Month.parse(month), RAW_DIR, tmp_path / "p", "zh",
                              echo=said.append) == 0, said
        assert any("no problem found" in ln for ln in said)


def _text(markup: str) -> str:
    markup = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", markup, flags=re.S)
    return "".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def _pieces(line: str) -> list[str]:
    """A notes line's words as a page shows them: Markdown marks and placeholders out."""
    line = re.sub(r"^\s*(?:#+|[-*+]|\d+\.|>)\s*", "", line.replace("**", ""))
    cells = nt.PLACEHOLDER.sub("|", line).split("|")
    return [p for p in ("".join(c.split()) for c in cells) if len(p) > 1 and set(p) - set("-:")]


def test_the_sample_notes_are_shown_whole_marked_once_per_section(built):
    got = nt.read_month(built["raw"], "2024-02")
    out = built["out"]
    index = (out / "index.html").read_text(encoding="utf-8")
    shown = _text(index)
    missing = [(n, p) for n, _, line in got.lines for p in _pieces(line) if p not in shown]
    assert not missing, missing[:5]
    # one mark per section: the month's and each domain's, however many boxes each has
    assert index.count('class="by"') == len(got.sections) < index.count('class="analyst ')
    for name in REGISTRY:
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        assert page.count('class="by"') == (name in got.sections), name
        text = _text(page)
        assert all(p in text for n, d, line in got.lines if d == name for p in _pieces(line))
    assert not any("notes.md" in ln for ln in built["lines"]), built["lines"]
