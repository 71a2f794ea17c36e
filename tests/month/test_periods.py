"""Months as they arrive (issue 27): a half month, a month after a two-month gap, per-agent
exports over part of a month, two shops' 千牛 exports and a near-miss header, built from
files laid out as the platforms' downloads. Each figure is held to a hand computation on the
page, the index and metrics.json alike."""

import datetime as dt
import html
import json
import re

import pytest

from opsreview.build.figure_cache import month_figures
from opsreview.build.runner import build
from opsreview.contract.config import Config
from opsreview.contract.languages import month_dir
from opsreview.domains import REGISTRY
from opsreview.domains.service import metrics as service
from opsreview.ingest.validate import validate_month
from opsreview.judging.labels import Labels
from opsreview.month.monthdata import MonthData
from opsreview.month.months import Month, Period
from opsreview.pages.index import previous_figures
from opsreview.pages.periods import page_line
from opsreview.pages.trends import headline_history

# 千牛 客服绩效 as downloaded: a title line, the period, the platform's own headers; the
# first response here headed 平均首次响应(秒), a near miss of the catalog's aliases
AGENT_HEADER = ["客服昵称", "咨询人数", "接待人数", "询单人数", "询单->最终付款人数",
                "询单->最终付款成功率", "平均首次响应(秒)", "平均接待时长", "客户满意率", "销售额"]


def qianniu(path, start, end, agents, worked=None):
    """A 客服绩效 CSV for START..END: agents are (`店铺:昵称`, received, inquiries, paid,
    first response s, satisfaction %, sales); WORKED adds 上班天数 per agent."""
    header = AGENT_HEADER + (["上班天数"] if worked else [])
    lines = [",".join(["客服绩效 自定义报表"] + [""] * (len(header) - 1)),
             f"统计时间：{start}至{end}", ",".join(header)]
    for i, (nick, received, asked, paid, first, rate, sales) in enumerate(agents):
        row = [nick, received + 10, received, asked, paid, f"{paid / asked:.2%}", first,
               "00:05:00", f"{rate:.2f}%", sales] + ([worked[i]] if worked else [])
        lines.append(",".join(map(str, row)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def orders(path, month, days, per_day=2, amount=100.0):
    """A plain order export: PER_DAY paid orders of AMOUNT on each of DAYS."""
    lines = ["订单编号,付款时间,实付金额,件数"]
    for d in days:
        lines += [f"{month}{d:02d}{k},{month}-{d:02d} 1{k}:00:00,{amount + d:.2f},1"
                  for k in range(per_day)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def text_of(path) -> str:
    markup = path.read_text(encoding="utf-8")
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


MAY_KIDS = [("童装旗舰店:小王", 500, 200, 80, 30, 96.0, 12000),
            ("童装旗舰店:小李", 520, 180, 72, 40, 94.0, 9000)]
MAY_FISH = [("渔具专营店:阿强", 300, 100, 40, 50, 90.0, 5000)]


@pytest.fixture(scope="module")
def gap(tmp_path_factory):
    """2024-02 whole, then nothing until 2024-05, whose exports cover 05-01 .. 05-15."""
    root = tmp_path_factory.mktemp("gap")
    feb, may = root / "raw" / "2024-02", root / "raw" / "2024-05"
    feb.mkdir(parents=True)
    may.mkdir(parents=True)
    qianniu(feb / "自定义报表_客服绩效_2024-02-01至2024-02-29.csv", "2024-02-01", "2024-02-29",
            [("童装旗舰店:小王", 1000, 300, 90, 35, 95.0, 20000),
             ("童装旗舰店:小李", 1100, 320, 100, 45, 93.0, 18000)], worked=[20, 21])
    orders(feb / "orders.csv", "2024-02", range(1, 30))
    qianniu(may / "自定义报表_客服绩效_2024-05-01至2024-05-15.csv", "2024-05-01", "2024-05-15",
            MAY_KIDS)
    # the second shop's export, named as 千牛 names it: its shop only in its rows
    qianniu(may / "自定义报表_客服绩效_2024-05-01至2024-05-15_2.csv", "2024-05-01",
            "2024-05-15", MAY_FISH)
    orders(may / "orders.csv", "2024-05", range(1, 16))
    out = root / "outputs"
    code = build("2024-05", ["service", "campaigns"], jobs=1, outputs_root=out,
                 raw_dir=root / "raw", processed_dir=root / "processed", echo=lambda _: None)
    pages = month_dir(out, "2024-05", "zh")
    doc = json.loads((pages / "metrics.json").read_text(encoding="utf-8"))
    assert code == 0, {n: d["error"] for n, d in doc["domains"].items()}
    said: list[str] = []
    validate_month(root / "raw", Month.parse("2024-05"), root / "processed", echo=said.append)
    return {"metrics": doc["domains"], "index": text_of(pages / "index.html"),
            "index_html": (pages / "index.html").read_text(encoding="utf-8"),
            "service": text_of(pages / "service.html"),
            "campaigns": text_of(pages / "campaigns.html"), "validate": "\n".join(said)}


# hand computations of May (three agents, 15 days each: no 上班天数 in the exports)
RECEIVED = 500 + 520 + 300
AGENT_DAYS = 15 * 3
INQUIRY = (80 + 72 + 40) / (200 + 180 + 100)
SATISFACTION = (0.96 * 500 + 0.94 * 520 + 0.90 * 300) / RECEIVED
FIRST = (30 * 500 + 40 * 520 + 50 * 300) / RECEIVED


@pytest.mark.slow
def test_per_agent_days_are_the_exports_own_period(gap):
    f = gap["metrics"]["service"]["metrics"]
    assert f["agent_days"] == AGENT_DAYS  # not 31 a head
    assert f["sessions_per_agent_day"] == pytest.approx(RECEIVED / AGENT_DAYS)
    assert f["shops"]["童装旗舰店"]["agent_days"] == 30
    assert f["shops"]["渔具专营店"]["agent_days"] == 15
    assert "人均日接待量 29.3" in gap["service"]  # 1,320 ÷ 45


@pytest.mark.slow
def test_a_near_miss_header_is_read_and_said(gap):
    f = gap["metrics"]["service"]["metrics"]
    assert f["first_response_mean_seconds"] == pytest.approx(FIRST)
    assert "平均首次响应(秒) read as first_response_seconds" in gap["validate"]
    assert "平均首次响应时长 38 秒" in gap["service"]  # 50,800 s ÷ 1,320


@pytest.mark.slow
def test_validate_reports_the_shop_the_rows_got(gap):
    said = gap["validate"]
    fish = next(i for i, line in enumerate(said.splitlines()) if "_2.csv" in line)
    notes = said.splitlines()[fish:fish + 4]
    assert any("shop 渔具专营店 from its rows" in n for n in notes), notes
    assert not any("童装旗舰店" in n for n in notes), notes
    kids = next(i for i, line in enumerate(said.splitlines()) if "15.csv" in line)
    assert "shop 童装旗舰店 from its rows" in said.splitlines()[kids + 1]  # `童装旗舰店:小王`


@pytest.mark.slow
def test_all_shops_figures_pool_like_exports(gap):
    f = gap["metrics"]["service"]["metrics"]
    assert f["inquiry_conversion"] == pytest.approx(INQUIRY)  # 192 / 480
    assert f["satisfaction_rate"] == pytest.approx(SATISFACTION)
    assert "apart" not in f
    page = gap["service"]
    table = page[page.index("渔具专营店 按接待人数计"):]
    all_row = table[table.index("全部店铺"):][:80]
    assert all_row.startswith("全部店铺 3 1,320 45 29.3 38 秒 93.8% 40%"), all_row


@pytest.mark.slow
def test_the_half_month_is_said_on_the_page_the_index_and_metrics_json(gap):
    for name in ("service", "campaigns"):
        period = gap["metrics"][name]["metrics"]["period"]
        assert period == {"start": "2024-05-01", "end": "2024-05-15", "days": 15,
                          "month_days": 31, "partial": True}
        assert "数据期间 5月1日–15日（半月）" in gap[name]
        assert "数据截至 2024-05-31" not in gap[name]
    assert "数据期间 5月1日–15日（半月）：客服、活动运营" in gap["index"]
    assert "2024-04 2024-05（半月）" in gap["index"]  # the trend's column of the half month


@pytest.mark.slow
def test_last_month_is_the_calendar_month_before_and_a_gap_breaks_the_trend(gap):
    index = gap["index"]
    assert "较上月" not in index  # April has no data: never a change on February
    assert "2024-03、2024-04 无数据" in index
    trends = gap["index_html"][gap["index_html"].index('id="s-trends"'):]
    assert "<polyline" not in trends  # February and May are not neighbours
    assert "较上月" not in gap["service"] and "较上月" not in gap["campaigns"]


@pytest.mark.slow
def test_a_month_without_campaigns_shows_its_sales_as_they_are(gap):
    page = gap["campaigns"]
    gmv = sum(2 * (100 + d) for d in range(1, 16))  # 3,240
    assert gap["metrics"]["campaigns"]["metrics"]["gmv"] == pytest.approx(gmv)
    assert "本月成交额 3,240元，付款订单 30 笔，客单价 108元" in page
    assert "无数据 天" not in page and "无数据" not in page.split("结论")[0]
    assert "聚划算" not in page


# --- a half month after a whole one: last month on the same days ---------------------------
def test_a_partial_month_compares_the_same_days_of_last_month(tmp_path):
    raw = tmp_path / "raw"
    (raw / "2024-05").mkdir(parents=True)
    (raw / "2024-06").mkdir(parents=True)
    orders(raw / "2024-05" / "orders.csv", "2024-05", range(1, 32), per_day=1)
    orders(raw / "2024-06" / "orders.csv", "2024-06", range(1, 16), per_day=1)
    cfg, dom = Config(), REGISTRY["campaigns"]
    june = MonthData.from_dirs("2024-06", raw, tmp_path / "processed")
    figures = dom.compute(june, cfg)
    assert figures["gmv"] == pytest.approx(sum(100 + d for d in range(1, 16)))
    prev = june.previous()
    assert prev.dirs is None and set(prev.cut) == {"orders"}  # cut, not the cache's month
    same_days = sum(100 + d for d in range(1, 16))  # May 1-15, not the whole of May
    assert dom.compute(prev, cfg)["gmv"] == pytest.approx(same_days)
    months = [Month.parse("2024-05"), Month.parse("2024-06")]
    trends = {"campaigns": headline_history("campaigns", months, raw, tmp_path / "processed",
                                            cfg, known={"2024-06": figures})}
    assert previous_figures(trends, "campaigns")["gmv"] == pytest.approx(same_days)
    whole = month_figures(dom, months[0], raw, tmp_path / "processed", cfg)
    assert whole["gmv"] == pytest.approx(sum(100 + d for d in range(1, 32)))  # trends: whole
    line = page_line(june, dom, Labels("zh"))
    assert line == "数据期间 6月1日–15日（半月）；较上月为与上月同期（5月1日–15日）相比"


# --- per-agent exports over 30 of 31 days --------------------------------------------------
@pytest.mark.parametrize(("worked", "days"), [(None, 30 + 30), ([22, 19], 22 + 19)])
def test_a_per_agent_export_over_30_of_31_days(tmp_path, worked, days):
    folder = tmp_path / "raw" / "2024-07"
    folder.mkdir(parents=True)
    qianniu(folder / "自定义报表_客服绩效_2024-07-01至2024-07-30.csv", "2024-07-01",
            "2024-07-30", MAY_KIDS, worked)
    md = MonthData.from_dirs("2024-07", tmp_path / "raw", tmp_path / "processed")
    f = service.compute(md, Config())
    assert f["agent_days"] == days
    assert f["sessions_per_agent_day"] == pytest.approx((500 + 520) / days)
    p = md.period("cs_agents")
    assert (p.start.day, p.end.day, p.partial) == (1, 30, True)


# --- headers close to an alias -------------------------------------------------------------
def test_loose_headers_are_read_when_unambiguous_and_near_misses_named():
    from opsreview.contract.catalog import BY_NAME
    from opsreview.ingest.heads import column_lookup, match_cell, readings

    lookup = column_lookup(BY_NAME["cs_agents"])
    for cell, column in [("平均首次响应(秒)", "first_response_seconds"),
                         ("平均值首次响应（秒）", "first_response_seconds"),
                         ("平均响应(秒)", "avg_response_seconds"),
                         ("接待人数", "received")]:
        assert match_cell(cell, lookup).name == column, cell
    header = ["客服昵称", "接待人数", "咨询人数", "平均首次响应(秒)", "客户满意度",
              "询单人数", "询单->最终付款人数", "询单->最终付款成功率"]
    assert readings(header, lookup) == [
        "平均首次响应(秒) read as first_response_seconds",
        "客户满意度 is not read: did you mean 客户满意率 (satisfaction_rate)? "
        "(or name it in config/imports.yml)"]  # a rate of columns already read: no guess


def test_session_load_per_weekday_counts_the_days_the_sessions_cover():
    import pandas as pd

    # a Wednesday 10:00 session on each Wednesday of 2024-05-01 .. 05-15 (1st, 8th, 15th)
    s = pd.DataFrame({"started_at": pd.to_datetime(["2024-05-01 10:00", "2024-05-08 10:00",
                                                    "2024-05-15 10:00"])})
    half = Period(Month.parse("2024-05"), dt.date(2024, 5, 1), dt.date(2024, 5, 15))
    cell = service.weekday_hour(s, half).query("weekday == 2 and hour == 10")
    assert cell["per_day"].item() == 1  # 3 sessions ÷ 3 Wednesdays, not ÷ 5 in May
    whole = service.weekday_hour(s, Month.parse("2024-05"))
    assert whole.query("weekday == 2 and hour == 10")["per_day"].item() == pytest.approx(3 / 5)


def test_figures_that_cannot_be_pooled_say_why_in_metrics_and_the_all_shops_row():
    """The sample February: 童装旗舰店's satisfaction from its sessions, 渔具专营店's from
    千牛, and inquiry conversion only from 渔具专营店's export."""
    from opsreview.domains.service.views import apart_words, shops_table
    from opsreview.paths import PROCESSED_DIR, RAW_DIR

    f = service.compute(MonthData.from_dirs("2024-02", RAW_DIR, PROCESSED_DIR), Config())
    assert f["apart"] == {"satisfaction_rate": "measured_apart",
                          "inquiry_conversion": "some_shops", "service_sales": "some_shops"}
    assert f["satisfaction_rate"] is None and f["inquiry_conversion"] is None
    row = shops_table(f, Labels("zh")).iloc[-1]
    assert row["shop"] == "全部店铺" and row["source"] == ""  # short on a phone; why below
    assert apart_words(f, Labels("zh")) == (
        "全部店铺一行不合计的指标：客户满意率各店口径不同，询单转化率、客服销售额仅部分店铺有。")
    # not added up is not missing data: "—", the note under the table says why
    assert row["satisfaction_rate"] == "—" and row["inquiry_conversion"] == "—"


def test_a_half_months_per_day_figures_count_the_days_it_covers(tmp_path):
    """Site articles a day and a shop's baseline days over the first half of June only."""
    raw = tmp_path / "raw" / "2024-06"
    raw.mkdir(parents=True)
    orders(raw / "orders.csv", "2024-06", range(1, 16), per_day=1)
    (raw / "campaigns.csv").write_text(
        "campaign_id,name,kind,platform,start_at,end_at,threshold,discount,cost,products,"
        "issued\nHD-1,满减,full_reduction,店铺,2024-06-03 00:00:00,2024-06-05 23:59:59,200,30,"
        ",,\n", encoding="utf-8")
    site = Config().sites[0]["site"]
    (raw / "site_traffic.csv").write_text("date,site,pv,uv,avg_load_seconds\n" + "".join(
        f"2024-06-{d:02d},{site},100,50,2.0\n" for d in range(1, 16)), encoding="utf-8")
    articles = "".join(f"2024-06-{d:02d} 09:00:00,{site},渔业新闻,,第{d}篇,编辑\n"
                       for d in range(1, 16))
    (raw / "site_articles.csv").write_text(
        "published_at,site,column,topic,title,author\n" + articles, encoding="utf-8")
    june = MonthData.from_dirs("2024-06", tmp_path / "raw", tmp_path / "processed")
    cfg = Config()
    campaigns = REGISTRY["campaigns"].compute(june, cfg)
    assert campaigns["baseline_days"] == 15 - 3  # not the 27 of the whole month
    site_figures = REGISTRY["site"].compute(june, cfg)
    assert site_figures["live_days"] == 15 and site_figures["articles_per_day"] == 1.0


def test_a_site_launched_within_the_month_is_no_partial_month():
    """Data from the launch day to the month's end is the site's whole month: the index and
    its page say no 数据期间 for it (metrics.json keeps the day it opened)."""
    m = Month.parse("2024-02")
    launched = Period(m, dt.date(2024, 2, 20), dt.date(2024, 2, 29), dt.date(2024, 2, 20))
    assert not launched.partial and launched.days == 10
    assert Period.from_dict(m, launched.as_dict()) == launched
    assert Period(m, dt.date(2024, 2, 20), dt.date(2024, 2, 25), dt.date(2024, 2, 20)).partial
    assert Period.from_dict(m, None) is None
