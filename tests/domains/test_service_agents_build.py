"""Customer service from the per-agent export (issue 12 item 6), built end to end: a month
with cs_agents only, in zh and en, and a month with both cs_agents and cs_sessions."""

import html
import json
import re
import shutil

import pytest

from opsreview.build.runner import build
from opsreview.contract.languages import month_dir
from opsreview.paths import RAW_DIR

pytestmark = pytest.mark.slow

MONTH = "2024-02"
# 千牛 客服绩效 as exported: one row per agent for the period, sub-accounts `店铺:昵称`,
# the platform's own header strings and value forms (mm:ss, 96.20%, a 汇总-free body).
HEADER = ("客服昵称,咨询人数,接待人数,询单人数,询单->最终付款人数,首次响应(秒),平均响应(秒),"
          "平均接待时长,客户满意率,销售额,上班天数")
AGENTS = {"小桃": (1320, 1280, 410, 168, 42, 35, "00:06:10", "96.20%", 86420.5, 24),
          "小鱼": (1150, 1102, 380, 129, 55, 41, "00:05:40", "94.10%", 70210, 22),
          "阿楠": (980, 955, 300, 84, 78, 60, "00:07:05", "90.30%", 45100, 21),
          "周周": (760, 741, 220, 88, 63, 52, "00:05:55", "95.00%", 51230, 18)}


def write_agents(folder):
    lines = [HEADER] + [",".join(map(str, (f"童装旗舰店:{nick}", *row)))
                        for nick, row in AGENTS.items()]
    (folder / "cs_agents.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def text_of(path) -> str:
    """The page as a reader sees it: tags and images out, entities decoded, spaces folded."""
    markup = path.read_text(encoding="utf-8")
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def _build(tmp, lang, with_sessions=False):
    raw = tmp / "raw" / MONTH
    raw.mkdir(parents=True)
    write_agents(raw)
    if with_sessions:
        shutil.copy(RAW_DIR / MONTH / "cs_sessions.csv", raw / "cs_sessions.csv")
    out = tmp / "outputs"
    code = build(MONTH, ["service"], lang=lang, jobs=1, outputs_root=out, raw_dir=tmp / "raw",
                 processed_dir=tmp / "processed", echo=lambda _: None)
    pages = month_dir(out, MONTH, lang)
    doc = json.loads((pages / "metrics.json").read_text(encoding="utf-8"))
    assert code == 0, doc["domains"]["service"]["error"]
    return {"metrics": doc["domains"]["service"], "page": text_of(pages / "service.html"),
            "index": text_of(pages / "index.html")}


@pytest.fixture(scope="module")
def agents_only(tmp_path_factory):
    return {lang: _build(tmp_path_factory.mktemp(f"agents-{lang}"), lang)
            for lang in ("zh", "en")}


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("both"), "zh", with_sessions=True)


def test_metrics_json_from_the_per_agent_export_alone(agents_only):
    rec = agents_only["zh"]["metrics"]
    f = rec["metrics"]
    assert rec["status"] == "ok"
    assert f["agents"] == 4 and f["sessions"] == 1280 + 1102 + 955 + 741
    assert f["sessions_per_agent_day"] == pytest.approx(f["sessions"] / (24 + 22 + 21 + 18))
    assert f["first_response_mean_seconds"] == pytest.approx(
        (42 * 1280 + 55 * 1102 + 78 * 955 + 63 * 741) / f["sessions"])
    assert f["inquiry_conversion"] == pytest.approx((168 + 129 + 84 + 88) / 1310)
    assert f["service_sales"] == pytest.approx(86420.5 + 70210 + 45100 + 51230)
    for key in ("first_response_p90_seconds", "within_60s_share", "share_dispute",
                "reco_conversion_need", "dispute_resolution_rate", "high_risk_sessions",
                "stock_query_per_day", "peak_agent_day"):
        assert f[key] is None, key
        assert key in f["needs"], key


@pytest.mark.parametrize(("lang", "needs", "no_data", "words"), [
    ("zh", "需要会话明细导出", "无数据",
     ["询单转化率", "客户满意率", "客服销售额", "全部客服", "目标 ≤ 60 秒"]),
    ("en", "needs the session export", "no data",
     ["Inquiry conversion", "Satisfaction", "Agent-assisted sales", "All agents",
      "Target ≤ 60 s"])])
def test_the_page_shows_the_per_agent_figures_and_leaves_out_what_needs_sessions(
        agents_only, lang, needs, no_data, words):
    """What the session export would give is no card, section or sentence of the page: the
    index's 数据说明 says it, once, for the analyst."""
    page = agents_only[lang]["page"]
    for word in words:
        assert word in page, word
    for nick in AGENTS:
        assert nick in page
    assert "童装旗舰店:" not in page  # `店铺:昵称`: the nickname, the shop split off
    assert needs not in page
    assert no_data.lower() not in page.lower().replace("kpis.csv", "")
    assert "Traceback" not in page


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", ["询单转化率 35.8%", "客户满意率", "客服销售额", "需要会话明细导出", "平均首次响应"]),
    ("en", ["inquiry conversion: 35.8%", "satisfaction", "agent-assisted sales",
            "the session export is needed", "Mean first response"])])
def test_the_review_quotes_the_per_agent_figures(agents_only, lang, words):
    review = agents_only[lang]["index"]
    for word in words:
        assert word in review, word


def test_a_month_with_both_shows_the_sessions_and_the_per_agent_export(both):
    f = both["metrics"]["metrics"]
    assert f["sessions"] == 3400 and f["share_dispute"] is not None  # from cs_sessions
    assert f["inquiry_conversion"] == pytest.approx(469 / 1310)  # from cs_agents
    assert not f.get("needs")
    page = both["page"]
    assert "需要会话明细导出" not in page and "需要客服绩效导出" not in page
    for word in ("咨询类型构成", "纠纷处理", "询单转化率", "全部客服", "日常事务"):
        assert word in page, word
    assert page.count("小桃") >= 2  # the session table and the per-agent export's
