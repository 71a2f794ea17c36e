"""The campaigns page's charts, tables and sentences on the sample month, in both languages."""


import pandas as pd
import pytest

from opsreview.contract.config import Config
from opsreview.domains import figure
from opsreview.domains.campaigns import metrics
from opsreview.domains.campaigns import views as v
from opsreview.judging.labels import Labels
from opsreview.judging.review import domain_review
from opsreview.judging.verdicts import CAVEAT, caveat_words, judge
from opsreview.month.monthdata import MonthData
from opsreview.pages import charts
from opsreview.sample import campaigns as sample
from opsreview.sample import compliance as sample_compliance

MONTHS = ("2024-01", "2024-02")


def _month(frames_by_month: dict):
    md = MonthData.from_frames("2024-02", frames_by_month)
    cfg = Config()
    figures = metrics.compute(md, cfg)
    return figures, v.tables(md, cfg, figures)


def _frames() -> dict:
    return {m: {**sample.frames(m), **sample_compliance.frames(m)} for m in MONTHS}


@pytest.fixture(scope="module")
def frames():
    return _frames()


@pytest.fixture(scope="module")
def month(frames):
    return _month(frames)


pytestmark = pytest.mark.usefixtures("strict_glyphs")


def _charts(tabs, t):
    return [v.timeline_chart(tabs.timeline, tabs.windows, t), v.compare_chart(tabs.campaigns, t),
            v.deal_chart(tabs.deal, t), v.funnel_chart(tabs.coupons, tabs.bundles, t),
            v.incidents_chart(tabs.incidents, t)]


def _display_tables(tabs, t):
    return [v.sales_table(tabs, t), v.returns_table(tabs, t), v.deal_display(tabs.deal, t),
            v.checklist_table(tabs, t), v.coupons_table(tabs.coupons, tabs, t),
            v.bundles_table(tabs.bundles), v.incidents_table(tabs.incidents, t)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_draws_with_all_glyphs(month, lang):
    _, tabs = month
    t = Labels(lang)
    for fig in _charts(tabs, t):
        assert fig.axes[0].get_title("left") or fig.get_suptitle()
        assert charts.to_png_data_uri(fig).startswith("data:image/png")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_absent_tables_draw_a_no_data_chart(lang):
    t = Labels(lang)
    empty = pd.DataFrame()
    figs = [v.timeline_chart(None, None, t), v.compare_chart(None, t), v.deal_chart(None, t),
            v.funnel_chart(None, None, t), v.incidents_chart(None, t),
            v.compare_chart(empty, t), v.incidents_chart(empty, t)]
    for fig in figs:
        [ax] = fig.axes
        assert not ax.axison  # the no-data figure: a title over "no data", no empty axes
        assert ax.texts[0].get_text() == t("common.page.no_rows")
        assert charts.to_png_data_uri(fig).startswith("data:image/png")


def test_a_month_without_campaign_files_has_no_tables_and_no_sentences():
    figures, tabs = _month({"2024-02": sample_compliance.frames("2024-02")})
    t = Labels("zh")
    for name in ("timeline", "windows", "campaigns", "kinds", "deal", "coupons", "bundles",
                 "incidents"):
        assert getattr(tabs, name) is None, name
    assert all(table is None for table in _display_tables(tabs, t)[:3])
    assert v.baseline_note(tabs, t) is None
    sentences = v.extra_findings(figures, tabs, None, t)
    # an eligible shop's deal entry is the compliance page's status, not said here
    assert sentences == []
    for fig in _charts(tabs, t):
        assert charts.to_png_data_uri(fig).startswith("data:image/png")


def test_the_deal_table_holds_the_seed_figures(month):
    _, tabs = month
    deal = tabs.deal.set_index("measure")
    assert deal.loc["visitors", "value"] == 12_000
    assert deal.loc["visitors_per_day", "change"] == pytest.approx(1.2)
    assert deal.loc["units", "value"] == 320
    assert deal.loc["margin_rate", "change"] == pytest.approx(-0.18, abs=1e-6)
    assert deal.loc["roi", "value"] == pytest.approx(3.5)
    assert deal.loc["roi", "compare"] == pytest.approx(2.8)
    even = deal.loc["break_even_roi", "value"]
    assert even == pytest.approx(1 / deal.loc["margin_rate", "value"])
    left = deal.loc["margin_after_cost", "value"]
    assert (left < 0) == (deal.loc["roi", "value"] < even)


def test_the_campaign_tables_hold_the_seed_figures(month):
    _, tabs = month
    rows = tabs.campaigns.set_index("kind")
    fr = rows.loc["full_reduction"]
    assert (fr["orders"], fr["days"]) == (86, 1)
    assert fr["aov_uplift"] == pytest.approx(0.25, abs=1e-5)
    assert fr["conversion"] == pytest.approx(0.032, abs=1e-4)
    assert rows.loc["platform_deal", "units"] == 320
    assert rows.loc["platform_deal", "roi"] == pytest.approx(3.5)
    [coupon] = tabs.coupons.to_dict("records")
    assert (coupon["issued"], coupon["redemption"]) == (500, pytest.approx(0.45))
    [bundle] = tabs.bundles.to_dict("records")
    assert (bundle["bundle_orders"], bundle["share"]) == (48, pytest.approx(0.15))
    assert tabs.kinds.empty  # one campaign of each kind in the sample month
    assert tabs.baseline.days == 11


def test_incidents_and_the_entry_rules_hold_the_seed_figures(month):
    _, tabs = month
    inc = tabs.incidents
    bugs, emergencies = inc[inc["group"] == "rule_bug"], inc[inc["group"] == "emergency"]
    assert len(bugs) == 2 and (bugs["fix_minutes"] <= 60).all()
    assert len(emergencies) == 4 and emergencies["fixed"].all()
    assert emergencies["respond_minutes"].mean() == pytest.approx(30)
    assert not inc["over_complaint_line"].any()
    # The deal's entry rules are the Tmall shop's: the Taobao shop is the compliance page's.
    assert [(s.name, s.eligible) for s in tabs.shops] == [("童装旗舰店", True)]
    assert v.alerts(tabs, Labels("zh")) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_display_tables_speak_words_not_codes(month, lang):
    _, tabs = month
    t = Labels(lang)
    sales = v.sales_table(tabs, t)
    rules = set(sales["rule"])
    kinds = set(sales["kind"])
    if lang == "zh":
        assert {"满200减30", "满100减10", "7.5折", "套餐8.5折"} <= rules
        assert {"平台活动", "满减", "优惠券", "套餐"} == kinds
    else:
        assert {"CNY 30 off 200", "CNY 10 off 100", "25% off", "15% off the bundle"} <= rules
        assert {"Platform deal", "Full reduction", "Coupon", "Bundle"} == kinds
    shown = v.returns_table(tabs, t)
    assert t("campaigns.roi_vs.above", benchmark="1:2.8") in set(shown["roi_vs_industry"])
    deal = v.deal_display(tabs.deal, t).set_index("measure")
    assert deal.loc[t("campaigns.measures.visitors_per_day"), "difference"] == "+120%"
    assert deal.loc[t("campaigns.measures.roi"), "deal"] == "1:3.5"
    incidents = v.incidents_table(tabs.incidents, t)
    assert not set(incidents["kind"]) & set(tabs.incidents["kind"])  # labels, not codes
    assert set(incidents["group"]) == {t("campaigns.groups.rule_bug"),
                                       t("campaigns.groups.emergency")}
    checklist = v.checklist_table(tabs, t)
    assert list(checklist["shop"].unique()) == ["童装旗舰店"]


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", ["1.2万", "高 120%", "320 件", "低 18 个百分点", "1:3.5", "1:2.8", "86 单", "高 25%",
            "3.2%",
            "500 张", "45%", "48 套", "15%", "规则 BUG 2 次", "60 分钟", "应急事件 4 次",
            "30 分钟", "全部解决"]),
    ("en", ["12,000", "120% more", "320 units", "18 pts below", "1:3.5", "1:2.8", "86 orders",
            "25% higher",
            "3.2%", "500 coupons", "45%", "48 bundles", "15%", "2 rule bugs", "60 min",
            "4 emergencies", "30 min", "all resolved"])])
def test_findings_state_the_seed_facts(month, lang, expected):
    """The page's findings: the domain's review part (its verdicts) and the view's own facts."""
    figures, tabs = month
    t = Labels(lang)
    items = v.extra_findings(figures, tabs, None, t)
    said = domain_review("campaigns", figures, None, Config(), t)
    text = " ".join([s for _, s, *_ in items] + said.overview + said.good + said.bad)
    for bit in expected:
        assert bit in text, bit
    assert {kind for kind, *_ in items} <= {"good", "bad", "info"}
    assert any("ROI" in s for s in said.bad)  # the margin given away is a problem
    assert "nan" not in text.lower() and "None" not in text


def _two_full_reductions(frames: dict) -> dict:
    """The sample month with the 满200减30 split into two campaigns of one kind."""
    feb = {k: f.copy() for k, f in frames["2024-02"].items()}
    camps = feb["campaigns"]
    first = camps[camps["kind"] == "full_reduction"].iloc[0]
    second = first.copy()
    second["campaign_id"], second["name"] = "HD-202402-05", "元宵节满300减50"
    second["threshold"], second["discount"] = 300.0, 50.0
    feb["campaigns"] = pd.concat([camps, second.to_frame().T.astype(camps.dtypes)],
                                 ignore_index=True)
    orders = feb["orders"]
    mine = orders.index[orders["campaign_id"] == first["campaign_id"]]
    orders.loc[mine[::3], "campaign_id"] = "HD-202402-05"
    return {**frames, "2024-02": feb}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_several_campaigns_of_one_kind_are_shown_each_and_together(frames, lang):
    figures, tabs = _month(_two_full_reductions(frames))
    t = Labels(lang)
    [total] = tabs.kinds.to_dict("records")
    assert total["kind"] == "full_reduction" and total["campaigns"] == 2
    # Taken together they are the metrics keys, which cover every campaign of a kind.
    assert total["orders"] == figures["full_reduction_orders"] == 86
    assert total["aov_uplift"] == pytest.approx(figures["full_reduction_aov_uplift"])
    assert total["conversion"] == pytest.approx(figures["full_reduction_conversion"])
    sales = v.sales_table(tabs, t)
    names = list(sales["name"])
    together = t("campaigns.together", kind=t("common.enums.full_reduction"), n=2)
    at = names.index(together)
    assert {"元宵节满200减30", "元宵节满300减50"} == set(names[at - 2:at])
    assert list(sales["orders"])[at] == 86
    assert sum(sales["orders"].iloc[at - 2:at]) == 86
    text = " ".join(s for _, s, *_ in v.extra_findings(figures, tabs, None, t))
    assert "元宵节满200减30" in text and "元宵节满300减50" in text
    fig = v.timeline_chart(tabs.timeline, tabs.windows, t)
    labels = [a.get_text() for a in fig.axes[0].texts]
    short = t("campaigns.short.full_reduction")
    assert f"{short} 1" in labels and f"{short} 2" in labels
    assert charts.to_png_data_uri(fig).startswith("data:image/png")


def test_an_open_incident_and_a_barred_shop_raise_alerts(frames):
    feb = {k: f.copy() for k, f in frames["2024-02"].items()}
    feb["campaign_incidents"].loc[0, "fixed_at"] = pd.NaT
    status = feb["shop_status"]
    status.loc[status["shop"] == "童装旗舰店", "stock"] = 120
    figures, tabs = _month({**frames, "2024-02": feb})
    t = Labels("en")
    alerts = v.alerts(tabs, t)
    assert any("still open" in a for a in alerts)
    assert any("童装旗舰店" in a for a in alerts)
    items = v.extra_findings(figures, tabs, None, t)
    bad = " ".join(s for kind, s in items if kind == "bad")
    assert "stayed unfixed" in bad and "Stock 120" in bad
    fig = v.incidents_chart(tabs.incidents, t)
    assert "open" in [x.get_text() for x in fig.axes[0].texts]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_buyer_value_reaches_a_table_or_a_sentence(frames, month, lang):
    buyers = set()
    for m in MONTHS:
        for frame in frames[m].values():
            for col in ("customer", "phone", "message"):
                if col in frame:
                    buyers |= {str(x) for x in frame[col].dropna()}
    assert buyers
    figures, tabs = month
    t = Labels(lang)
    shown = [x for x in vars(tabs).values() if isinstance(x, pd.DataFrame)]
    shown += [x for x in _display_tables(tabs, t) if x is not None]
    for frame in shown:
        assert not {"customer", "phone", "message"} & set(frame.columns)
        cells = {str(x) for x in frame.astype(str).to_numpy().ravel()}
        assert not cells & buyers
    text = " ".join([s for _, s, *_ in v.extra_findings(figures, tabs, None, t)] + v.alerts(tabs, t)
                    + [v.baseline_note(tabs, t)])
    assert not [b for b in buyers if b in text]


def test_names_from_the_data_draw_as_plain_text(frames):
    feb = {k: f.copy() for k, f in frames["2024-02"].items()}
    feb["campaigns"]["name"] = ["券$100 {x}", "聚划算 $5 off $", r"满减 \frac", "套餐 $x^2$"]
    _, tabs = _month({**frames, "2024-02": feb})
    t = Labels("en")
    for fig in (v.compare_chart(tabs.campaigns, t), v.funnel_chart(tabs.coupons, tabs.bundles, t)):
        assert charts.to_png_data_uri(fig).startswith("data:image/png")


@pytest.mark.parametrize(("lang", "caveat"), [("zh", "但低于保本 ROI 1:3.6"),
                                              ("en", "but below the break-even ROI of 1:3.6")])
def test_the_roi_card_says_when_beating_the_industry_is_not_break_even(month, lang, caveat):
    """Break-even is a metric (computed once in domains.campaigns.metrics); the card reads the
    verdict."""
    figures, tabs = month
    assert figures["deal_break_even_roi"] == pytest.approx(1 / figures["deal_margin_rate"])
    deal = tabs.deal.set_index("measure")
    assert deal.loc["break_even_roi", "value"] == figures["deal_break_even_roi"]
    verdict = judge(figure("campaigns", "deal_roi"), figures, None, Config())
    assert verdict.state == CAVEAT and caveat_words(verdict, Labels(lang)) == caveat




def test_a_daily_chart_without_campaign_days_does_not_speak_of_shading(month):
    _, tabs = month
    t = Labels("zh")
    shaded = v.timeline_chart(tabs.timeline, tabs.windows, t)
    plain = v.timeline_chart(tabs.timeline, tabs.windows.iloc[0:0], t)
    assert shaded.axes[0].get_title("left") == t("campaigns.charts.timeline_title")
    assert plain.axes[0].get_title("left") == "每日访客、订单与成交额"


@pytest.mark.slow
@pytest.mark.parametrize("shops", ["two", "one"])
def test_a_month_without_a_campaigns_file_shows_each_shops_sales_and_incidents(
        tmp_path, template, shops):
    """No campaigns recorded: each shop's timeline with its sales as they are, then its
    incidents when it has any, and no section of a campaign that never was."""
    import html
    import re
    import shutil

    from opsreview.paths import RAW_DIR

    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    (raw / "2024-02" / "campaigns.csv").unlink()
    if shops == "one":
        for path in raw.rglob(f"*{Config().entities['shops'][1]['shop']}*"):
            path.unlink()
    ns, shown = template("campaigns", raw, tmp_path / "processed")
    markup = "".join(shown)
    each = ns["outline"].scopes
    assert (len(each) > 1) == (shops == "two")
    drawn = re.findall(r'<h2 id="s-(timeline|campaigns|returns|deal|self_run|incidents)'
                       r'(?:-(\d+))?"', markup)
    assert drawn == [(key, str(s.index) if s.name else "") for s in each
                     for key in ("timeline", "incidents")
                     if key == "timeline" or s.tabs.incidents is not None]
    assert any(s.tabs.incidents is not None for s in each)
    assert markup.count(html.escape(ns["t"]("campaigns.notes.no_campaigns"))) == len(each)


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "其中 3 天是春节假期"), ("en", "3 of them fall in the Spring Festival")])
def test_baseline_days_in_a_holiday_are_said(lang, said):
    """Baseline days inside a holiday of config/entities.yml flatter every uplift: the
    baseline sentence says how many there are; none, nothing."""
    from types import SimpleNamespace

    from opsreview.domains.campaigns.views import baseline_figures, baseline_note
    from opsreview.month.months import Month

    month = Month.parse("2024-02")
    campaigns = pd.DataFrame({"start_at": [pd.Timestamp("2024-02-01")],
                              "end_at": [pd.Timestamp("2024-02-26 23:59:59")]})
    spring = {"name": {"zh": "春节", "en": "Spring Festival"}, "from": "2024-02-25",
              "to": "2024-02-29"}
    base = baseline_figures(campaigns, None, None, month, [spring])
    assert base.days == 3 and base.holidays == [(spring["name"], 3)]
    assert said in baseline_note(SimpleNamespace(baseline=base), Labels(lang))
    quiet = baseline_figures(campaigns, None, None, month, [{**spring, "from": "2024-01-01",
                                                             "to": "2024-01-02"}])
    assert quiet.holidays == []
    assert "春节" not in baseline_note(SimpleNamespace(baseline=quiet), Labels("zh"))
