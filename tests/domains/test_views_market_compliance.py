"""The market and compliance pages' charts, tables and sentences on the sample month."""

from datetime import date

import pandas as pd
import pytest

from opsreview.contract.config import Config
from opsreview.domains.compliance import views as vc
from opsreview.domains.market import metrics as market_metrics
from opsreview.domains.market import views as vm
from opsreview.judging.labels import Labels
from opsreview.month.monthdata import MonthData
from opsreview.pages import charts
from opsreview.sample import compliance as compliance_sample
from opsreview.sample import market as market_sample
from opsreview.sample.market import canonical

LANGS = ["zh", "en"]


def sample_month(module) -> MonthData:
    return MonthData.from_frames("2024-02", {m: module.frames(m) for m in ("2024-01", "2024-02")})


@pytest.fixture(scope="module")
def market():
    md, cfg = sample_month(market_sample), Config()
    return md, cfg, market_metrics.compute(md, cfg), vm.tables(md, cfg)


@pytest.fixture(scope="module")
def compliance():
    return vc.tables(sample_month(compliance_sample), Config())


pytestmark = pytest.mark.usefixtures("strict_glyphs")


def drawn(fig) -> bool:
    return charts.to_png_data_uri(fig).startswith("data:image/png")


# --- market ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_every_market_chart_draws_with_all_glyphs(market, lang):
    md, cfg, _, tabs = market
    t = Labels(lang)
    std = cfg.target("settlement_days")
    figs = [vm.funnel_chart(tabs.funnel, t), vm.channel_chart(tabs.channels, t),
            vm.branches_chart(tabs.coverage, md.month, t), vm.contracts_chart(tabs.contracts, t),
            vm.delivery_chart(tabs.deliveries, t), vm.reviews_chart(tabs.reviews, t, 0.95),
            vm.settlement_chart(tabs.settlements, t, std.low, std.value)]
    assert all(drawn(f) for f in figs)


@pytest.mark.parametrize("lang", LANGS)
def test_market_display_tables_show_no_codes(market, lang):
    _, cfg, _, tabs = market
    t = Labels(lang)
    shown = [vm.funnel_table(tabs.funnel, t), vm.opened_table(tabs.opened, t),
             vm.coverage_table(tabs.coverage, t)]
    codes = {"visited", "intent", "single", "full", "company", "office", "core", "county", "all"}
    for frame in shown:
        cells = {str(v) for col in frame.select_dtypes("object") for v in frame[col]}
        assert not cells & codes


def test_contracts_total_line_and_self_run(market):
    md, cfg, _, tabs = market
    table = vm.contracts_table(tabs.contracts, Labels("zh"))
    total = table.iloc[-1]
    assert total["branch"] == "合计"
    assert (total["contracts"], total["amount"], total["received"]) == (12, 860_000, 450_000)
    assert total["fee_received"] == 128_000
    assert total["fee_collection_rate"] == pytest.approx(128_000 / 139_000)
    run = vm.self_run_table(md.get("contracts"), cfg.hq_names)
    assert run[["amount", "received", "received_share", "progress"]].iloc[0].tolist() == \
        [350_000, 175_000, 0.5, 0.4]


def test_late_table_lists_the_two_late_contracts(market):
    late = vm.late_table(market[3].deliveries)
    assert sorted(late["delay_days"]) == [2, 4]


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", ["59.5%", "42 家", "单项合作意向 18 家", "全面合作意向 7 家", "临沂、潍坊、济宁",
            "由上月末的 10 个增至 14 个", "86万元", "45万元", "12.8万元", "83.3%", "3 天", "95%",
            "70%", "35万元",
            "17.5万元", "40%", "3–5"]),
    ("en", ["59.5%", "42 clients", "went from 10 to 14", "CNY 860,000", "CNY 128,000", "83.3%",
            "3 days",
            "95%", "70%", "CNY 350,000", "CNY 175,000", "40% done"]),
])
def test_market_findings_quote_the_seed_figures(market, lang, expected):
    _, cfg, figures, tabs = market
    text = " ".join(s for _, s, *_ in vm.extra_findings(figures, tabs, cfg, Labels(lang)))
    for bit in expected:
        assert bit in text, bit
    assert "nan" not in text.lower() and "None" not in text


def test_delivery_note_gives_the_computed_rate_not_the_seeds_85(market):
    _, _, figures, _ = market
    note = vm.delivery_note(figures, Labels("zh"))
    assert "10" in note and "12" in note and "83.3%" in note and "85%" not in note


def test_market_findings_without_last_month():
    md = MonthData.from_frames("2024-02", {"2024-02": market_sample.frames("2024-02")})
    cfg = Config()
    figures = market_metrics.compute(md, cfg)
    text = " ".join(s for _, s, *_ in vm.extra_findings(figures, vm.tables(md, cfg), cfg,
                                                   Labels("zh")))
    assert "59.5%" in text and "42 家" in text


# --- compliance -----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_points_chart_draws_with_all_glyphs(compliance, lang):
    assert drawn(vc.points_chart(compliance, Labels(lang)))


def test_the_points_charts_caption_says_what_each_tier_line_costs(compliance):
    assert vc.points_caption(compliance, Labels("zh")) == (
        "虚线为处罚档位：12 分屏蔽店铺 7 天、24 分屏蔽店铺 14 天并下架全部商品、"
        "36 分关闭店铺 21 天、48 分查封账户。")
    assert "account sealed at 48 pts" in vc.points_caption(compliance, Labels("en"))


def test_summary_says_pass_not_in_window_and_the_tier(compliance):
    summary = vc.summary_table(compliance, Labels("zh")).set_index("shop")
    assert summary.loc["童装旗舰店", "trial"] == "✓ 考核中，目前达标"  # day 76 of 61–90
    assert summary.loc["渔具专营店", "trial"] == "不适用（淘宝店铺）"
    assert summary.loc["渔具专营店", "serious_points"] == 18
    assert summary.loc["渔具专营店", "penalty"].startswith("12 分档：屏蔽店铺 7 天（")
    assert summary.loc["渔具专营店", "deal"] == "✗ 不满足"
    assert summary.loc["童装旗舰店", "platform"] == "天猫"


@pytest.mark.parametrize("lang", LANGS)
def test_scorecard_has_every_indicator_of_every_shop_the_trial_binds(compliance, lang):
    everything = vc.scorecard_table(compliance, Labels(lang))
    n = len(Config().section("tmall_trial")["indicators"])
    # 渔具专营店 is a Taobao shop: the Tmall trial does not bind it, so nothing of it fails
    assert everything["shop"].value_counts().to_dict() == {"童装旗舰店": n}
    card = everything[everything["shop"] == "童装旗舰店"]
    assert card["value"].tolist()[5:] == ["100%", "90%"]
    assert "0.06%" in card["value"].tolist()  # small rates keep two decimals
    assert "63%" in card["elimination"].iloc[0]  # GMV is eliminated on the category percentile


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", ["18 分",
            "12 分档", "屏蔽店铺 7 天", "还差 6 分",
            "DSR 评分 4.62（要求 ≥ 4.8）", "0.9%（要求 ≤ 0.5%）", "380（要求 ≥ 500）"]),
    ("en", ["18 serious points",
            "12-point tier",
            "shop hidden for 7 days", "6 more points", "DSR score 4.62 (required ≥ 4.8)"]),
])
def test_compliance_findings(compliance, lang, expected):
    text = " ".join(s for _, s, *_ in vc.extra_findings(None, compliance, None, Labels(lang)))
    for bit in expected:
        assert bit in text, bit


def test_deal_checklist_per_shop(compliance):
    table = vc.deal_table(compliance, Labels("zh"))
    assert table.groupby("shop")["met"].apply(list).to_dict() == {
        "童装旗舰店": ["✓"] * 3, "渔具专营店": ["✗"] * 3}


def test_red_line_is_flagged_alone():
    frames = compliance_sample.frames("2024-02")
    extra = canonical("violations", [dict(date=date(2024, 2, 27), shop="童装旗舰店",
                                          rule="售卖走私商品", severity="red_line", points=0)])
    frames["violations"] = pd.concat([frames["violations"], extra], ignore_index=True)
    tabs = vc.tables(MonthData.from_frames("2024-02", {"2024-02": frames}), Config())
    alerts = vc.red_line_alerts(tabs, Labels("zh"))
    assert len(alerts) == 1 and "童装旗舰店" in alerts[0] and "售卖走私商品" in alerts[0]
    assert "触犯即清退" in alerts[0]
    shown = []
    vc.show_alerts(type("P", (), {"t": Labels("en"), "alert": lambda self, s: shown.append(s)})(),
                   tabs)
    assert len(shown) == 1 and "removal" in shown[0]
    summary = vc.summary_table(tabs, Labels("zh")).set_index("shop")
    assert summary.loc["童装旗舰店", "penalty"].startswith("高压线")


def test_shop_without_figures_still_shows_its_penalties():
    frames = compliance_sample.frames("2024-02")
    frames["shop_status"] = frames["shop_status"].iloc[:1]
    tabs = vc.tables(MonthData.from_frames("2024-02", {"2024-02": frames}), Config())
    summary = vc.summary_table(tabs, Labels("en")).set_index("shop")
    assert summary.loc["渔具专营店", "trial"] == "no shop figures"
    assert summary.loc["渔具专营店", "deal"] == "no data"
    assert list(vc.trial_table(tabs, Labels("en"))["shop"]) == ["童装旗舰店"]


@pytest.mark.parametrize("lang", LANGS)
def test_absent_files_draw_no_data_not_errors(lang):
    frames = {"branches": market_sample.frames("2024-02")["branches"]}
    md, cfg, t = MonthData.from_frames("2024-02", {"2024-02": frames}), Config(), Labels(lang)
    tabs = vm.tables(md, cfg)
    assert tabs.funnel is None and tabs.contracts is None
    assert drawn(vm.funnel_chart(tabs.funnel, t))
    assert drawn(vm.settlement_chart(tabs.settlements, t, 3, 5))
    assert vm.contracts_table(tabs.contracts, t) is None
    figures = market_metrics.compute(md, cfg)
    kinds = [k for k, *_ in vm.extra_findings(figures, tabs, cfg, t)]
    assert kinds == ["good"]  # only the branch sentence has data
    empty = vc.tables(MonthData.from_frames("2024-02", {"2024-02": {}}), cfg)
    assert drawn(vc.points_chart(empty, t)) and vc.summary_table(empty, t).empty
    assert vc.points_caption(empty, t) is None


def test_the_tmall_trial_window_is_not_given_to_a_taobao_shop(compliance):
    trial = vc.trial_table(compliance, Labels("zh")).set_index("shop")
    assert trial.loc["童装旗舰店", "window"] == "第 61–90 天"
    assert trial.loc["渔具专营店", "window"] == "—"
    assert trial.loc["渔具专营店", "verdict"] == "不适用（淘宝店铺）"
    en = vc.summary_table(compliance, Labels("en")).set_index("shop")
    assert en.loc["渔具专营店", "trial"] == "not applicable (Taobao shop)"


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", "童装旗舰店本年没有严重违规扣分，一般违规扣 1 分（年底清零）。"),
    ("en", "童装旗舰店 has no serious penalty points this year; general points: 1 (they reset"),
])
def test_a_shop_without_serious_points_is_one_line_without_the_distance_to_a_tier(
        compliance, lang, expected):
    said = [s for _, s, *_ in vc.extra_findings(None, compliance, None, Labels(lang))
            if s.startswith("童装旗舰店")]
    assert any(s.startswith(expected) for s in said), said
    assert not any("距第一档" in s or "first tier" in s for s in said)


def test_a_block_says_whether_it_was_served_by_the_months_end(compliance):
    """渔具专营店's 12-point block (7 days from 21 Feb) ended on 27 Feb: the status says so,
    not a block still running; one reaching past the month says when it began."""
    from opsreview.month.months import Month

    summary = vc.summary_table(compliance, Labels("zh")).set_index("shop")
    assert summary.loc["渔具专营店", "penalty"] == \
        "12 分档：屏蔽店铺 7 天（2024年2月21日至2024年2月27日，已执行完毕）"
    pen = next(s.penalty for s in compliance.shops if s.name == "渔具专营店")
    late = {**pen, "latest_serious": {**pen["latest_serious"], "date": "2024-02-26"}}
    assert vc.penalty_text(late, compliance.rules, Labels("en"), Month.parse("2024-02")) == \
        "12-point tier: shop hidden for 7 days (from 2024-02-26)"


def test_a_shop_at_a_tier_still_has_its_general_points_said(compliance):
    """The review's penalty sentence says the serious points; the general ones (渔具专营店's
    6) are the page's own line, never dropped with it."""
    said = [s for _, s, *_ in vc.extra_findings(None, compliance, None, Labels("zh"))
            if s.startswith("渔具专营店本年一般违规")]
    assert said == ["渔具专营店本年一般违规扣分 6 分（年底清零）。"]
