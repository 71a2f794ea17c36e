"""The editorial layer: every statement scored (config/editorial.yml), the month's story and
key points from the top insights, every alert a key point, each part in score order, and no
analyst's words (files, exports, the tool) in what the manager reads."""

import copy
import re
import shutil
from html import unescape

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from opsreview.contract.config import Config, ConfigError
from opsreview.judging.insights import ALERT, Editorial, Insight
from opsreview.judging.labels import Labels
from opsreview.judging.review import (
    contributors,
    domain_review,
    history_insights,
    key_points,
    scorecard,
    story,
)
from opsreview.pages.index import about_data, written_review
from opsreview.paths import CONFIG_DIR
from test_review import SAMPLE, document, review, text

EDITORIAL = Editorial(Config())


def parts(figures: dict, lang: str = "zh") -> dict:
    return {name: domain_review(name, figs, None, Config(), Labels(lang))
            for name, figs in figures.items()}


def alarming() -> dict:
    """The sample month with every kind of alert: two sites collapsing, a fault still open, a
    shop at a penalty tier, another over a red line and failing its trial."""
    figures = copy.deepcopy(SAMPLE)
    figures["seo"]["collapses"].append({"site": "mengertz.com", "date": "2024-02-20",
                                        "pages_before": 200, "pages": 3})
    figures["site"]["open_faults"] = [{"started_at": "2024-02-28 10:00", "kind": "cc_attack"}]
    shop = figures["compliance"]["shops"]["童装旗舰店"]
    shop.update(red_line=True, trial_verdict="fail", in_trial_window=True,
                trial_failures=["shipping_delay_rate"])
    return figures


def test_every_alert_is_a_key_point_and_comes_first():
    said = parts(alarming())
    alerts = [i for p in said.values() for i in p.insights if i.kind == ALERT]
    assert len(alerts) == 6  # 2 collapses, the open fault, penalty, red line, failed trial
    points = key_points(said, EDITORIAL)
    assert points[:len(alerts)] == EDITORIAL.ranked(alerts)
    assert {i.text for i in alerts} <= {i.text for i in points}


def test_key_points_hold_the_months_wins_as_well_as_its_problems():
    points = key_points(parts(SAMPLE), EDITORIAL)
    wins = [i.text for i in points if i.side == "good"]
    assert any("新增分支机构 5 家" in w for w in wins)
    assert any("2024年2月20日上线" in w for w in wins)
    assert sum(i.side == "bad" for i in points) >= EDITORIAL.each_side
    assert len(points) == len({i.text for i in points})  # none twice


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_story_is_two_to_four_sentences_of_the_months_news(lang):
    said_parts = parts(SAMPLE, lang)
    lines = story(said_parts, EDITORIAL, Labels(lang))
    assert 2 <= len(lines) <= 4
    said = " ".join(lines)
    assert "tcyuju.cn" in said  # the collapse: the thing to act on first
    assert ("2024年2月20日" if lang == "zh" else "2024-02-20") in said  # the launch: a win
    counts = scorecard(said_parts)  # the month's verdicts counted
    met = sum(c["met"] for c in counts.values())
    missed = sum(c["missed"] for c in counts.values())
    assert re.search(rf"\b{met}\b.*\b{missed}\b", lines[0]), lines[0]


def test_each_part_lists_its_statements_by_score():
    said = review("market", SAMPLE["market"])
    bad = [i for i in said.insights if i.side == "bad"]
    assert said.bad == [i.text for i in EDITORIAL.ranked(bad)]
    scores = [EDITORIAL.score(i) for i in EDITORIAL.ranked(bad)]
    assert scores == sorted(scores, reverse=True)


def test_the_weights_are_config(tmp_path):
    root = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, root)
    a = Insight("site", "change", "bad", "a move", magnitude=0.1)
    b = Insight("site", "target", "bad", "a miss", magnitude=0.5)
    assert EDITORIAL.score(b) > EDITORIAL.score(a)
    path = root / "editorial.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  change: 12", "  change: 500"),
                    encoding="utf-8")
    assert Editorial(Config(root)).score(a) > Editorial(Config(root)).score(b)
    path.write_text("weights: {alert: 1}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="editorial.yml"):
        Editorial(Config(root)).settings  # noqa: B018


def test_a_problem_outranks_an_equal_achievement_and_a_status_is_no_achievement():
    good = Insight("market", "target", "good", "met", magnitude=0.2)
    bad = Insight("market", "target", "bad", "missed", magnitude=0.2)
    assert EDITORIAL.score(bad) > EDITORIAL.score(good)
    compliance = review("compliance", SAMPLE["compliance"])
    assert not any("满足聚划算报名条件" in s for s in compliance.good)


def test_all_emergencies_fixed_is_no_achievement_when_one_took_too_long():
    said = review("campaigns", SAMPLE["campaigns"])  # the longest took 96 min, the limit 60
    assert not any("应急事件" in s for s in said.good)
    assert any("应急事件 4 次" in s and "96 分钟" in s for s in said.bad)
    quick = review("campaigns", {**SAMPLE["campaigns"], "emergency_fix_minutes_max": 50.0})
    assert any("应急事件 4 次" in s for s in quick.good)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_review_holds_no_analysts_words(lang):
    figures = copy.deepcopy(SAMPLE)
    figures["service"]["needs"] = {"inquiry_conversion": "cs_agents"}
    metrics = document(figures)
    said = text(written_review(metrics, {}, Labels(lang), Config()))
    assert not EDITORIAL.system_talk(said, lang)
    about = text(about_data(metrics, {}, Labels(lang)))  # what the month lacks: said there
    assert EDITORIAL.system_talk(about, lang)


def boss_text(html: str) -> str:
    """What the manager reads of a built page: everything but 数据说明 and the notes in the
    analyst's own words."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["style", "script"]):
        tag.decompose()
    for tag in soup.select(".about-data, .analyst"):
        tag.decompose()
    return unescape(soup.get_text(" ", strip=True))


def test_no_page_of_the_sample_month_talks_of_files_exports_or_the_tool(built):
    pages = sorted(built["out"].glob("*.html"))
    assert len(pages) >= 8
    found = {p.name: EDITORIAL.system_talk(boss_text(p.read_text(encoding="utf-8")), "zh")
             for p in pages if not p.name.endswith(".error.html")}
    assert not any(found.values()), found


def test_no_statement_is_said_twice_on_a_page(built):
    for page in sorted(built["out"].glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for block in soup.select("ul.findings, ul.said"):
            items = [re.sub(r"\s+", " ", li.get_text(" ", strip=True)) for li in block("li")]
            assert len(items) == len(set(items)), (page.name, items)
        if page.name != "index.html":
            items = [li.get_text(" ", strip=True) for li in soup.select("ul.findings li")]
            assert len(items) == len(set(items)), (page.name, items)


def test_the_sample_months_key_points_name_the_collapse_and_its_wins(built):
    soup = BeautifulSoup((built["out"] / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    points = [li.get_text(" ", strip=True) for li in soup.select("ul.key-points li")]
    for news in ("tcyuju.cn", "严重违规累计 18 分", "新增分支机构 5 家", "2024年2月20日上线",
                 "合同额 86万元"):
        assert any(news in p for p in points), (news, points)
    story = " ".join(p.get_text(" ", strip=True) for p in soup.select("p.story"))
    assert "tcyuju.cn" in story and "上线" in story


def test_a_record_and_an_unusual_move_against_the_months_of_history():
    months = [f"2023-{m:02d}" for m in range(7, 13)]
    trends = {"market": pd.DataFrame(
        [[0.80, 0.82, 0.81, 0.83, 0.84, 0.90],     # on-time delivery at its best: a record
         [7.0, 7.2, 6.9, 7.1, 7.0, 7.05],          # settlement days: nothing to say
         [0.70, 0.72, 0.71, 0.73, 0.74, 0.715]],  # county pass rate: its largest move
        index=["on_time_rate", "settlement_days_mean", "review_pass_rate_county"],
        columns=months)}
    said = history_insights(trends, Labels("zh"))
    assert [(i.kind, i.side, i.figures) for i in said] == [
        ("record", "good", ("on_time_rate",)), ("unusual", "bad", ("review_pass_rate_county",))]
    assert said[0].text == "项目交付准时率 90%，为近 6 个月最好。"
    assert "较上月下降 2.5 个百分点" in said[1].text
    short = {"market": trends["market"].iloc[:, 1:]}  # five months are too few to tell
    assert history_insights(short, Labels("zh")) == []
    # a figure said by its domain's part and as a record is one key point
    part = {"market": review("market", {**SAMPLE["market"], "on_time_rate": 0.9})}
    points = key_points(part, EDITORIAL, said)
    assert sum("on_time_rate" in i.figures for i in points) <= 1


def test_one_branch_holding_much_of_the_contracts_is_said():
    top = {"item": "日照分公司", "share": 0.324, "items": 8}
    said = review("market", {**SAMPLE["market"], "contract_top_branch": top})
    line = [s for s in said.overview if "日照分公司" in s]
    assert line == ["本月 8 家分支机构签约，日照分公司最多，占合同额的 32.4%。"]
    for quiet in ({**top, "share": 0.2}, {**top, "items": 2}, None):
        said = review("market", {**SAMPLE["market"], "contract_top_branch": quiet})
        assert not any("集中" in s for s in said.overview + said.good + said.bad)


def test_the_shop_behind_an_all_shops_move_is_named():
    from opsreview.month import scopes

    key = "first_response_mean_seconds"
    now = {key: 48.0, scopes.TOGETHER: [key],
           "shops": {"童装旗舰店": {key: 41.0}, "渔具专营店": {key: 51.0}}}
    before = {key: 56.0, "shops": {"童装旗舰店": {key: 54.0}, "渔具专营店": {key: 56.0}}}
    said = contributors("service", now, before, "shop", Labels("zh"))
    assert [i.text for i in said] == [
        "全部店铺平均首次响应时长 48 秒，较上月缩短 8 秒，主要来自童装旗舰店（缩短 13 秒）。"]
    assert said[0].side == "good" and said[0].kind == "contributor"
    small = {**before, key: 49.0}  # a 2 % move says nothing
    assert contributors("service", now, small, "shop", Labels("zh")) == []


def test_a_penalty_says_what_it_is_for_and_the_overview_names_every_alert():
    figures = copy.deepcopy(SAMPLE)
    figures["compliance"]["shops"]["渔具专营店"]["penalty"]["latest_serious"] = {
        "date": "2024-02-21", "rule": "发布违禁信息", "points": 12}
    said = parts(figures)
    [penalty] = [i for i in said["compliance"].insights if i.kind == ALERT]
    assert penalty.text.startswith(
        "渔具专营店于 2024年2月21日因“发布违禁信息”扣 12 分，今年严重违规")
    act = story(said, EDITORIAL, Labels("zh"))[-1]
    assert "tcyuju.cn 索引量只剩首页，疑似被百度降权" in act
    # what is still to act on is the next tier: the tier reached is being served
    assert "渔具专营店严重违规累计 18 分（已被屏蔽店铺 7 天），再扣 6 分将" in act


def test_one_quantity_two_inputs_give_differently_is_said_once_with_why():
    figures = copy.deepcopy(SAMPLE)
    figures["compliance"]["shops"]["童装旗舰店"]["gmv"] = 83_500.0
    figures["campaigns"] = {**figures["campaigns"], "shop": "童装旗舰店", "gmv": 352_000.0,
                            "refunded": 0.0}
    said = text(written_review(document(figures), {}, Labels("zh"), Config()))
    sentence = ("童装旗舰店的成交额按平台考核口径为 8.35万元，"
                "按本月付款订单合计为 35.2万元（活动页）")
    assert said.count(sentence) == 1
    agree = copy.deepcopy(figures)
    agree["compliance"]["shops"]["童装旗舰店"]["gmv"] = 352_000.0
    assert "平台考核口径" not in text(written_review(document(agree), {}, Labels("zh"), Config()))


def test_validate_names_the_export_one_shop_lacks():
    from opsreview.ingest.validate import shop_gaps

    said = shop_gaps({"cs_sessions": {"童装旗舰店"}, "cs_agents": {"童装旗舰店", "渔具专营店"},
                      "orders": {"童装旗舰店", "渔具专营店"}})
    assert said == ["no cs_sessions rows for 渔具专营店 (other shops have them): "
                    "the figures it gives are left out of their pages"]


def test_a_workspace_without_editorial_yml_keeps_the_projects_and_its_hash(tmp_path):
    from opsreview.build.fingerprint import config_hash

    root = tmp_path / "config"
    root.mkdir()
    for name in ("targets.yml", "entities.yml"):
        shutil.copy(CONFIG_DIR / name, root / name)
    assert Editorial(Config(root)).settings == EDITORIAL.settings
    before = config_hash(root)
    shutil.copy(CONFIG_DIR / "editorial.yml", root / "editorial.yml")  # its own now
    (root / "editorial.yml").write_text(
        (root / "editorial.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert config_hash(root) != before
