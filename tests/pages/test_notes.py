"""The analyst's notes (data/raw/<MONTH>/notes.md): parsing, placeholders, checks, rendering,
the template, the incremental rule and the sample month's notes."""

import re
import shutil

import pytest

from opsreview.build.fingerprint import domain_fingerprint
from opsreview.domains import REGISTRY
from opsreview.ingest.validate import validate_month
from opsreview.judging.labels import Labels
from opsreview.judging.review import Review
from opsreview.month.months import Month
from opsreview.notes import sections as nt
from opsreview.notes.html import beside, part, render
from opsreview.pages import html as h
from opsreview.paths import RAW_DIR
from opsreview.sample import write_month
from opsreview.sample.month_notes import SOURCES

NOTES = """# 2024年2月

本月开头 {site.first_week_avg_daily_uv}

## seo
SEO 的概述。

### 成果
- 成果一
### Problems
- 问题一
### 目标
- 首页稳定排名
### 认知
#### 三大核心认知
1. 长期主义

## 渔业信息网运营
<!-- 计算得出：不会显示
多行 -->
### achievements
上线首周 {site.first_week_avg_daily_uv} 人次，覆盖率 {site.core_topic_coverage}

## Customer service
```
## 代码块里的标题不算
```
"""


def test_sections_by_code_chinese_and_english_name_with_parts_and_free_text():
    got = nt.parse(NOTES)
    assert not got.problems, got.problems
    assert list(got.sections) == [nt.MONTH_PART, "seo", "site", "service"]
    seo = got.section("seo")
    assert seo.text(nt.OVERVIEW).strip() == "SEO 的概述。"
    assert seo.text(nt.GOOD).strip() == "- 成果一"
    assert seo.text(nt.BAD).strip() == "- 问题一"  # English part word
    assert seo.text(nt.AIMS).strip() == "- 首页稳定排名"
    assert "#### 三大核心认知" in seo.text(nt.LESSONS)  # a sub-heading stays in its part
    assert "计算得出" not in got.section("site").text(nt.GOOD)  # comments never shown
    assert "## 代码块里的标题不算" in got.section("service").text(nt.OVERVIEW)
    assert "本月开头" in got.section(nt.MONTH_PART).text(nt.OVERVIEW)


def test_every_domain_name_is_a_heading():
    for lang in ("zh", "en"):
        t = Labels(lang)
        for name in REGISTRY:
            heading = t(f"common.domains.{name}").replace(" ", "")
            assert list(nt.parse(f"## {heading}\ntext\n").sections) == [name]


def test_a_section_naming_no_domain_is_reported_with_its_line_and_not_shown():
    got = nt.parse("## seo\nok\n\n## 财务\n不显示\n## seo\n又一次\n")
    assert [p.line for p in got.problems] == [4, 6]
    assert "names no domain" in got.problems[0].message
    assert "SEO 优化" in got.problems[0].message  # the names it could have used
    assert "section already (line 1)" in got.problems[1].message
    assert "不显示" not in str(got.sections) and "又一次" not in str(got.sections)


def test_an_empty_file_and_empty_parts_show_nothing():
    for text in ("", "\n\n", "# 标题\n\n## seo\n\n### 成果\n\n### 目标\n<!-- 空 -->\n"):
        got = nt.parse(text)
        assert got.sections == {} and got.problems == [], text


def test_a_comment_left_open_is_a_problem():
    got = nt.parse("## seo\n一\n<!-- 没有关上\n二\n")
    assert [(p.line, "never closed" in p.message) for p in got.problems] == [(3, True)]


def test_placeholders_are_filled_and_formatted_per_language():
    figures = {"site": {"first_week_avg_daily_uv": 320.0, "core_topic_coverage": 0.4,
                        "timeout_mttr_minutes": 120.0, "consultation_accuracy": None}}
    text = ("{site.first_week_avg_daily_uv} / {site.core_topic_coverage} / "
            "{site.timeout_mttr_minutes} / {site.consultation_accuracy}")
    assert render(text, figures, "zh") == "<p>320 / 40% / 120 分钟 / 无数据</p>\n"
    assert render(text, figures, "en") == "<p>320 / 40% / 120 min / no data</p>\n"


def test_an_unknown_placeholder_is_rejected_naming_its_line():
    got = nt.parse("开头\n\n## site\n一\n二 {site.nope} 和 {seo.keywords}\n\n## seo\n{seo.keywords}"
                   "\n{tea.cups}\n")
    said = [(p.line, p.message.split(":")[0]) for p in got.problems]
    assert said == [(5, "{site.nope}"), (5, "{seo.keywords}"), (9, "{tea.cups}")]
    assert "its figures: launched_on, first_week_avg_daily_uv" in got.problems[0].message
    assert "quotes its own figures only" in got.problems[1].message
    assert "no domain" in got.problems[2].message
    # above the first ##, any domain's figure may be quoted; braces that are no placeholder
    # ({{ x }}, {name}) are text
    assert not nt.parse("{seo.keywords} {site.articles_per_day} {{ 7*7 }} {name}\n").problems


def test_validate_reports_notes_with_lines_and_never_as_an_unknown_file(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR / "2024-02", raw / "2024-02")
    lines: list[str] = []
    assert validate_month(raw, Month.parse("2024-02"), tmp_path / "p", echo=lines.append) == 0
    said = "\n".join(lines)
    assert "notes.md" in said and "not recognised" not in said
    assert re.search(r"notes\.md\s+notes\s+8\s+ok", said), said
    (raw / "2024-02" / "notes.md").write_text("## seo\n{seo.nope}\n## 财务\nx\n", encoding="utf-8")
    lines.clear()
    assert validate_month(raw, Month.parse("2024-02"), tmp_path / "p", echo=lines.append) == 1
    said = "\n".join(lines)
    assert "notes.md line 2: {seo.nope}" in said and "notes.md line 3: ## 财务" in said
    assert "1 invalid file(s)" in said


def test_hostile_markdown_is_text_links_only_http_no_images():
    markup = render("<script>alert(1)</script> <b>x</b> &amp; &#x202e;\u202e\n\n"
                    "[a](javascript:alert(1)) [b](data:text/html,x) [c](https://example.com)\n\n"
                    "![p](https://example.com/p.png)\n\n# 标题\n", {}, "zh")
    assert "<script" not in markup and "<b>" not in markup
    assert "&amp;amp; &amp;#x202e;" in markup and "\u202e" not in markup
    assert markup.count("<a ") == 2 and "javascript:" not in markup.split("<a ")[1]
    assert '<a href="https://example.com" rel="noopener noreferrer nofollow">c</a>' in markup
    assert "<img" not in markup
    assert "<h4>标题</h4>" in markup  # never an h1 or h2 of the page


def test_parts_are_marked_as_the_analysts_and_aims_join_the_generated_ones():
    section = nt.parse(NOTES).section("seo")
    for lang, by, lessons in (("zh", "分析师补充", "认知与经验"), ("en", "Analyst&#x27;s notes",
                                                                 "Lessons")):
        t = Labels(lang)
        said = Review(good=["生成的成果"], aims=["生成的目标"])
        markup = beside(said, section, t, {})
        assert markup.count('class="analyst ') == 5 and lessons in markup
        assert markup.count(by) == 1  # one mark per section, on its first box
        assert markup.index(by) < markup.index("SEO 的概述")
        aims = markup[markup.index(h.esc(t("common.review.aims"))):]
        assert aims.index("生成的目标") < aims.index("首页稳定排名")  # beside, not mixed in
        assert "长期主义" in markup  # the Chinese notes as written, in either language
    assert part(None, nt.GOOD, Labels("zh"), {}) == ""


@pytest.mark.slow
def test_make_notes_writes_a_template_with_every_domain_and_never_overwrites(tmp_path):
    from opsreview.notes.template import write_template

    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR / "2024-02", raw / "2024-02")
    shutil.copytree(RAW_DIR / "2024-01", raw / "2024-01")
    (raw / "2024-02" / "notes.md").unlink()
    said: list[str] = []
    month = Month.parse("2024-02")
    assert write_template(month, raw, tmp_path / "p", "zh", echo=said.append) == 0
    text = (raw / "2024-02" / "notes.md").read_text(encoding="utf-8")
    t = Labels("zh")
    for name in REGISTRY:
        assert f"## {t(f'common.domains.{name}')}" in text
    assert text.count("\n### 成果\n") == len(REGISTRY) == text.count("\n### 认知\n")
    assert "{site.first_week_avg_daily_uv} = 320" in text  # the figures to quote, now
    assert "存在问题" in text and "tcyuju.cn" in text  # the computed problems, as comments
    got = nt.parse(text)
    assert got.problems == [] and got.sections == {}  # the template alone shows nothing
    (raw / "2024-02" / "notes.md").write_text("## seo\n我的笔记\n", encoding="utf-8")
    said.clear()  # an existing notes.md is checked instead (test_notes_check.py)
    assert write_template(month, raw, tmp_path / "p", "zh", echo=said.append) == 0
    assert "exists" in said[0] and "no problem found" in said[1]
    assert (raw / "2024-02" / "notes.md").read_text(encoding="utf-8") == "## seo\n我的笔记\n"


def _prints(raw):
    return {n: domain_fingerprint(REGISTRY[n], Month.parse("2024-02"), raw, {"lang": "zh"})
            ["fingerprint"] for n in REGISTRY}


def test_a_section_changes_only_its_domains_fingerprint(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR / "2024-02", raw / "2024-02")
    path = raw / "2024-02" / "notes.md"
    path.unlink()
    bare = _prints(raw)
    path.write_text("开头\n## seo\n一\n## team\n二\n", encoding="utf-8")
    first = _prints(raw)
    assert {n for n in REGISTRY if first[n] != bare[n]} == {"seo", "team"}
    path.write_text("开头改了\n<!-- 注释 -->\n## seo\n一\n\n## team\n二改了\n", encoding="utf-8")
    second = _prints(raw)
    assert {n for n in REGISTRY if second[n] != first[n]} == {"team"}


@pytest.mark.slow
def test_the_build_rebuilds_only_what_shows_a_notes_change(tmp_path):
    """The month's overview or another domain's section: the index alone; the domain's own
    section: its page too. An unknown placeholder fails the build's status, never a page."""
    from opsreview.build.runner import build

    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR / "2024-02", raw / "2024-02")
    path = raw / "2024-02" / "notes.md"
    out = tmp_path / "out" / "2024-02"

    def run() -> list[str]:
        lines: list[str] = []
        code = build("2024-02", ["team"], jobs=1, outputs_root=tmp_path / "out", raw_dir=raw,
                     processed_dir=tmp_path / "p", echo=lines.append)
        return [code, *lines]

    path.write_text("## team\n团队笔记一\n", encoding="utf-8")
    assert run()[0] == 0
    assert "团队笔记一" in (out / "team.html").read_text(encoding="utf-8")
    path.write_text("开头一\n## team\n团队笔记一\n## seo\nSEO 笔记\n", encoding="utf-8")
    got = run()
    assert got[0] == 0 and "0 to build, 1 unchanged" in got[1], got
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "开头一" in index  # (seo is not built here: its section is not shown)
    assert "nothing to do" in run()[1]  # nothing changed: nothing rewritten
    path.write_text("开头一\n## team\n团队笔记二 {team.headcount}\n## seo\nSEO 笔记\n",
                    encoding="utf-8")
    got = run()
    assert "1 to build" in got[1], got
    assert "团队笔记二 17" in (out / "team.html").read_text(encoding="utf-8")
    path.write_text("开头一 {team.nope}\n## team\n团队笔记二\n", encoding="utf-8")
    got = run()
    assert got[0] == 1 and any("notes.md line 1: {team.nope}" in ln for ln in got[1:]), got
    assert "{team.nope}" in (out / "index.html").read_text(encoding="utf-8")


def test_the_sample_generator_keeps_the_hand_written_notes(tmp_path):
    written = write_month("2024-02", tmp_path)
    assert tmp_path / "2024-02" / "notes.md" in written
    shipped = (SOURCES / "2024-02.md").read_bytes()
    assert (tmp_path / "2024-02" / "notes.md").read_bytes() == shipped
    assert (RAW_DIR / "2024-02" / "notes.md").read_bytes() == shipped
    assert not (SOURCES / "2024-01.md").exists() and "notes.md" not in {
        p.name for p in write_month("2024-01", tmp_path)}
    assert not nt.parse(shipped.decode("utf-8")).problems


# Each section of the seed review (../shared/seed/000_4bb56c5a9d1de21e.txt), by its heading,
# and the text under which the sample index now holds it.
SEED_SECTIONS = {
    "2024年2月网络运营月度工作总结及核心业务复盘": "2024年2月运营工作总结",
    "2024年2月电商运营核心模块复盘(客服、美工、运营)": "客服",
    "试运营考核(以天猫新商家为例)": "试运营核心定义",
    "2024年2月SEO运营工作总结": "SEO 优化",
    "三大核心认知": "三大核心认知",
    "E-E-A-T原则": "E-E-A-T 原则",
    "2024年2月郯城渔业信息网运营工作总结": "渔业信息网运营",
    "现存核心问题(数据化呈现)": "存在问题",
    "2024年2月运营部市场开拓与项目运营总结": "市场开拓与项目运营",
    "市场开拓核心成果": "市场开拓核心成果",
    "项目运营数据": "项目运营数据",
    "管理优化措施(引用PDCA循环理论)": "管理优化措施（PDCA 循环）",
    "现存问题与改进方向": "存在问题",  # the analyst's causes join the problems they explain
    "客服模块运营复盘": "客服",
    "客服工作四大核心类型(数据化拆解)": "客服工作四大核心类型",
    "客户认知误区(数据支撑)": "客户认知误区",
    "高风险客户行为(数据验证)": "高风险客户行为",
    "美工模块运营复盘": "美工工作核心原则",
    "美工工作核心原则(结合行业标准)": "美工工作核心原则",
    "运营模块核心工作(活动运营)": "活动运营",
    "平台活动参与(以天猫为例)": "平台活动参与（以天猫为例）",
    "店铺自运营活动": "店铺自运营活动",
    "活动运营核心风险点": "活动运营核心风险点",
    "2024年2月试运营与规则合规复盘": "试运营与规则合规",
    "试运营核心定义": "试运营核心定义",
    "考核指标(量化标准)": "考核指标",
    "试运营通过关键策略": "试运营关键策略",
    "淘宝商城核心规则(合规要点)": "淘宝商城核心规则",
    "规则核心逻辑": "规则核心逻辑",
    "高压线规则(触犯即清退)": "高压线规则",
    "违规处罚机制(分等级)": "违规处罚机制",
    "2024年2月团队建设与组织架构复盘": "团队与组织",
}


def test_the_sample_index_holds_every_section_of_the_seed(built):
    from opsreview.paths import PROJECT_ROOT

    seeds = [p / "shared" / "seed" / "000_4bb56c5a9d1de21e.txt" for p in PROJECT_ROOT.parents]
    for seed in [p for p in seeds if p.exists()][:1]:  # the headings above are the seed's own
        text = seed.read_text(encoding="utf-8")
        flat = "".join(text.split())
        missing = [h for h in SEED_SECTIONS if "".join(h.split()) not in flat]
        assert not missing, missing
    index = (built["out"] / "index.html").read_text(encoding="utf-8")
    shown = re.sub(r"<[^>]+>", "", index)
    absent = {seed: where for seed, where in SEED_SECTIONS.items() if where not in shown}
    assert not absent, absent
    for fact in ("长期主义", "品类体量", "站点适配", "72dpi", "头部企业 3 家，区域中小型企业 28 家",
                 "2 核 CPU、4G 内存、50GB SSD 存储、10M 带宽", "48 分查封账户", "120 家"):
        assert fact in shown, fact
    assert built["code"] == 0


def test_chinese_notes_keep_chinese_figures_on_an_english_page():
    figures = {"market": {"settlement_days_mean": 7.0}}
    assert render("回款后平均 {market.settlement_days_mean}才能结算", figures, "en") == \
        "<p>回款后平均 7 天才能结算</p>\n"
