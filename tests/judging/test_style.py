"""The style guide (the head of config/labels/verdict.yml) held over every sentence the sample
year says, in zh and en: each month's review part of every domain (achievements, problems,
aims, context), the key points, each page's own observations, each card's line on last
month and the hand-kept figures' table. The rules' patterns are kept here, in one place.
"""

import re
import shutil
from dataclasses import dataclass
from importlib import import_module

import pytest

from opsreview.contract.catalog import BY_NAME
from opsreview.contract.config import Config
from opsreview.contract.figure import Figure
from opsreview.domains import REGISTRY
from opsreview.domains.team.metrics import kpis_for
from opsreview.judging.insights import Editorial
from opsreview.judging.labels import Labels
from opsreview.judging.review import domain_review, key_points, story
from opsreview.judging.verdicts import versus
from opsreview.month.monthdata import MonthData
from opsreview.month.months import folders
from opsreview.pages.kpis import display
from opsreview.paths import RAW_DIR

pytestmark = pytest.mark.slow

CJK = r"[\u3400-\u9fff]"
# measure words a count, a duration or money may end on, in zh
UNIT_WORDS = "个|家|份|次|人次|人|篇|件|张|项|名|单|款|条|套|页|元|%|秒|分钟|小时|天|周|月|年|万|亿"

# rule -> (languages, the pattern a sentence must not hold, what the guide says instead)
RULES = {
    "change_in_words": (("zh",), re.compile(r"较上月\s*[+\-]\d"),
                        "a change on last month in words and units: 较上月增加 4 家"),
    "measure_word": (("zh",), re.compile(
        rf"(?:增加|减少|多|少)\s*\d[\d,.]*+(?!\s*(?:{UNIT_WORDS}|个百分点))"),
                     "a count keeps its measure word: 增加 4 家"),
    "rank_in_places": (("zh", "en"), re.compile(
        r"(?:排名|名次)(?:提升|上升|下降|变差|变好)\s*\d[\d.]*%|变差\s*\d"
        r"|\branks?\b(?: \w+)? (?:improved|worsened|worse|fell|rose) by [\d.]+%", re.I),
                       "ranks move by 名: 平均排名上升 3 名 / up 3 places"),
    "range_by_upper_end": (("zh", "en"), re.compile(
        r"(?:超过|超出|longer than|more than|over)\s*(?:the\s*)?\d[\d.]*\s*[–~-]\s*\d", re.I),
                           "a range is exceeded by its upper end: 超过标准上限 5 天"),
    "needs_attention": (("zh", "en"), re.compile(r"有保留|达标但|with a caveat", re.I),
                        "met with a caveat needs attention: 需关注 / needs attention"),
    "no_opening_other": (("zh", "en"), re.compile(r"^(?:其他|其它|Other\b)"),
                         "name what it is instead of opening with 其他 / Other"),
    "plain_english": (("en",), re.compile(
        r"window shakes?|shook the window|shake the window|received per agent", re.I),
                      "English as the trade says it: nudged the agent (shake-window)"),
}


@dataclass(frozen=True)
class Said:
    month: str
    domain: str
    where: str
    text: str
    figure: Figure | None = None  # the headline figure a card's line is about


def sentences(text: str) -> list[str]:
    """A text's sentences, each also without the shop's or site's name that opens it
    ("渔具专营店：其他…" opens with 其他 too)."""
    out = []
    for part in re.split(r"(?<=[。；！？])|(?<=[.;!?])\s+", text):
        part = part.strip()
        if part:
            out.append(part)
            named = re.match(r"^[^：:，,。]{1,20}[：:]\s*(.+)$", part)
            if named:
                out.append(named.group(1))
    return out


def month_said(month: str, md: MonthData, figures: dict, previous: dict, cfg: Config,
               t: Labels) -> list[Said]:
    """What the month says in T's language: each domain's review part, its page's own
    observations, its cards' lines on last month, its hand-kept figures; the key points."""
    said, parts = [], {}
    kpis = (figures.get("team") or {}).get("kpi_targets") or []
    for name, dom in REGISTRY.items():
        own = figures[name]
        if not own:
            continue
        part = parts[name] = domain_review(name, own, previous.get(name), cfg, t, [
            r for r in kpis if r.get("domain") in dom.kpi_domains])
        for where, texts in (("overview", part.overview), ("good", part.good),
                             ("bad", part.bad), ("aims", part.aims)):
            said += [Said(month, name, where, x) for x in texts]
        views = import_module(dom.views)
        said += [Said(month, name, "page", x)
                 for _, x, *_ in views.extra_findings(own, views.tables(md, cfg, own), cfg, t)]
        said += [Said(month, name, "card", versus(v, t), v.figure)
                 for v in part.verdicts if v.move is not None]
        table = kpis_for(md, cfg, dom.kpi_domains)
        if table is not None and len(table):
            shown = display(table, t, False).fillna("")
            said += [Said(month, name, f"kpis {c}", str(x))
                     for c in shown.columns for x in shown[c]]
    editorial = Editorial(cfg)
    return said + [Said(month, i.domain, "key point", i.text)
                   for i in key_points(parts, editorial)] + [
        Said(month, "index", "overview", line) for line in story(parts, editorial, t)]


@pytest.fixture(scope="module")
def year(tmp_path_factory) -> dict:
    """Every sentence of the sample year per language (computed from the sample files: ~25 s),
    and what its sheets hold: the data's names, the hand-kept figures, the team's groups."""
    cfg = Config()
    processed = tmp_path_factory.mktemp("processed")
    out: dict = {"zh": [], "en": [], "kpis": set(), "team": set(),
                 "names": {e[k] for e in cfg.sites + cfg.shops
                           for k in ("name", "site", "shop") if e.get(k)}}
    previous: dict[str, dict] = {}
    for month in folders(RAW_DIR):
        md = MonthData.from_dirs(month, RAW_DIR, processed)
        out["names"] |= data_names(md)
        sheet, team = md.get("kpis"), md.get("team")
        if sheet is not None:  # (domain, kpi, unit) of the hand-kept figures
            out["kpis"] |= set(zip(sheet["domain"], sheet["kpi"], sheet["unit"], strict=True))
        if team is not None:  # (group, role) of the team sheet
            out["team"] |= set(zip(team["group"], team["role"], strict=True))
        figures = {name: dom.compute(md, cfg) for name, dom in REGISTRY.items()}
        for lang in ("zh", "en"):
            out[lang] += month_said(str(month), md, figures, previous, cfg, Labels(lang))
        previous = {name: own for name, own in figures.items() if own}
    shutil.rmtree(processed, ignore_errors=True)
    names = sorted((n for n in out["names"] if re.search(CJK, n)), key=len, reverse=True)
    out["data"] = re.compile("|".join(re.escape(n) for n in names))
    return out


# words of the report that a sheet holds: named in the label catalog, never data
NOT_DATA = {("team", "group"), ("team", "role"), ("kpis", "label")}


def data_names(md: MonthData) -> set[str]:
    """The names the month's data gives (text columns, no personal data): shown as written."""
    out: set[str] = set()
    for ds in BY_NAME.values():
        frame = md.get(ds.name)
        if frame is None:
            continue
        for col in ds.columns:
            if col.type == "str" and not col.pii and not col.free_text \
                    and (ds.name, col.name) not in NOT_DATA and col.name in frame:
                out |= {str(v) for v in frame[col.name].dropna().unique()}
    return out


@pytest.mark.parametrize(("rule", "wrong", "right"), [
    ("change_in_words", "较上月 +400%（上月 1）", "较上月增加 4 家（上月 1 家）"),
    ("measure_word", "新增分支机构 5 家；较上月增加 4。", "新增分支机构 5 家；较上月增加 4 家。"),
    ("rank_in_places", "平均名次从 44.4 名退到 86.7 名（变差 95.2%）", "平均排名下降 42.3 名"),
    ("rank_in_places", "the mean rank improved by 30%", "the mean rank rose 3 places"),
    ("range_by_upper_end", "其中 5 个超过 3–5 天的标准。", "其中 5 个超过标准上限 5 天。"),
    ("range_by_upper_end", "5 took longer than the 3–5-day standard.",
     "5 took longer than the standard's upper limit of 5 days."),
    ("needs_attention", "达标 8 项 / 达标但有保留 1 项", "达标 8 项 / 需关注 1 项"),
    ("needs_attention", "⚠ with a caveat", "⚠ needs attention"),
    ("no_opening_other", "其他网络故障 10 次，解决 9 次。", "网络故障 10 次，其中 9 次已解决。"),
    ("no_opening_other", "Other figures this month: keywords 28.", "Keywords tracked: 28."),
    ("plain_english", "85 buyers received per agent a day", "Each agent served 85 buyers a day"),
    ("plain_english", "Buyers who shook the window 3+ times",
     "Buyers who nudged the agent (shake-window) 3+ times"),
])
def test_each_rule_catches_what_the_guide_forbids_and_passes_what_it_asks(rule, wrong, right):
    pattern = RULES[rule][1]
    assert any(pattern.search(one) for one in sentences(wrong))
    assert not any(pattern.search(one) for one in sentences(right))


def test_the_sample_year_says_enough_to_judge_its_style(year):
    for lang in ("zh", "en"):
        assert len(year[lang]) > 1000
        assert {s.month for s in year[lang]} == {str(m) for m in folders(RAW_DIR)}
        assert {s.domain for s in year[lang]} == {*REGISTRY, "index"}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_sentence_of_the_sample_year_keeps_the_style_guide(year, rule):
    langs, pattern, instead = RULES[rule]
    broken = {shape(one): f"{s.month} {s.domain} {s.where}: {one}"
              for lang in langs for s in year[lang]
              for one in sentences(s.text) if pattern.search(one)}
    assert not broken, f"{rule} ({instead}):\n" + "\n".join(sorted(broken.values()))


def shape(text: str) -> str:
    """A sentence with its numbers and the shop's name left out: one line per wording."""
    return re.sub(r"\d[\d.,]*", "N", re.sub(r"^[^：:]{1,20}[：:]\s*", "", text))


def test_english_says_no_chinese_but_the_data_names(year):
    """English pages name everything in English; only what the data names (a shop, a site, a
    city, a campaign, a topic, an agent) stays as written. The team's groups and roles and the
    hand-kept figures' names are words of the report, not data: team.yml names them."""
    chinese = {shape(s.text): f"{s.month} {s.domain} {s.where}: {s.text}" for s in year["en"]
               if re.search(CJK, year["data"].sub("", s.text))}
    assert not chinese, "\n".join(sorted(chinese.values()))


def test_a_count_moves_by_a_difference_in_its_measure_word_on_every_card(year):
    """A card's line on last month: a count never moves by a percentage; in Chinese the
    figure's measure word (contract/figure.py `unit`) goes with the change and with last month."""
    zh = Labels("zh")
    for lang in ("zh", "en"):
        counts = [s for s in year[lang] if s.figure and s.figure.kind in ("int", "number")]
        assert counts and [s for s in counts if "%" in s.text] == []
        if lang == "zh":
            for s in counts:
                unit = zh(f"common.units.{s.figure.unit}")
                assert s.text.count(unit) == (1 if "持平" in s.text else 2), s


def test_every_hand_kept_figure_group_and_role_of_the_sample_has_an_english_name(year):
    """English pages translate the team's own words: each kpis.csv figure's name and its
    count word (3 plans, not a bare 3 where Chinese writes 3 份), each group and role."""
    en, zh = Labels("en"), Labels("zh")
    assert year["kpis"] and year["team"]
    for domain, kpi, unit in sorted(year["kpis"]):
        assert en.has(f"{domain}.kpis.{kpi}") or en.has(f"team.kpis.{kpi}"), kpi
        assert not re.search(CJK, year["data"].sub("", en.kpi(domain, kpi))), kpi
        assert en.kpi_unit(kpi, unit) or not zh.kpi_unit(kpi, unit), (kpi, unit)
    for group, role in sorted(year["team"]):
        assert not re.search(CJK, en.group(group)) and not re.search(CJK, en.role(role))
