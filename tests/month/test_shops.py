"""Several shops and sites in one month (issue 13): figures per shop and per site, the
all-shops figures that make sense, the review naming the shop in every sentence, the pages'
per-shop parts, and rows naming a shop or site config/entities.yml does not list."""

from datetime import datetime

import pandas as pd
import pytest

from opsreview.contract.catalog import BY_NAME
from opsreview.contract.config import Config
from opsreview.domains.campaigns import metrics as cp
from opsreview.domains.service import metrics as sv
from opsreview.domains.site import metrics as st
from opsreview.errors import DataError
from opsreview.ingest.combine import load_dataset
from opsreview.ingest.inventory import inventory
from opsreview.ingest.loader import load
from opsreview.judging.insights import Editorial
from opsreview.judging.labels import Labels
from opsreview.judging.review import domain_review, key_points
from opsreview.month import scopes
from opsreview.month.monthdata import MonthData
from opsreview.month.months import Month
from opsreview.paths import RAW_DIR
from opsreview.sample import campaigns as s_campaigns
from opsreview.sample import second_shop
from opsreview.sample import service as s_service
from opsreview.sample import site as s_site
from opsreview.sample.market import canonical

CFG = Config()
A, B = "童装旗舰店", "渔具专营店"


# --- small frames: two shops that differ in every figure --------------------------------------
def _orders(shop, rows):
    return [dict(order_id=f"{shop}-{i}", paid_at=datetime(2024, 2, d, 12), amount=amt,
                 list_amount=amt, cost_of_goods=amt / 2, units=1, campaign_id=c, shop=shop,
                 customer="tb000000001") for i, (d, amt, c) in enumerate(rows)]


def two_shops() -> MonthData:
    """A runs a full reduction on 10 Feb, B one on 20-21 Feb; A's baseline is 28 days, B's 27;
    visitors, AOVs and agents all differ."""
    camps = canonical("campaigns", [
        dict(campaign_id="A1", name="A满减", kind="full_reduction", shop=A,
             start_at=datetime(2024, 2, 10), end_at=datetime(2024, 2, 10, 23, 59),
             threshold=100.0, discount=10.0, cost=50.0),
        dict(campaign_id="B1", name="B满减", kind="full_reduction", shop=B,
             start_at=datetime(2024, 2, 20), end_at=datetime(2024, 2, 21, 23, 59),
             threshold=50.0, discount=5.0, cost=20.0)])
    orders = canonical("orders", _orders(A, [(5, 100.0, None), (6, 100.0, None),
                                             (10, 150.0, "A1"), (10, 130.0, "A1")])
                       + _orders(B, [(5, 40.0, None), (7, 60.0, None), (20, 80.0, "B1")]))
    days = pd.date_range("2024-02-01", "2024-02-29")
    traffic = canonical("shop_traffic", [dict(date=d, visitors=100 if d.day != 10 else 400,
                                              shop=A) for d in days]
                        + [dict(date=d, visitors=30 if d.day not in (20, 21) else 60, shop=B)
                           for d in days])
    sessions = canonical("cs_sessions", [
        dict(session_id=f"s{i}", started_at=datetime(2024, 2, 1 + i % 2, 10), agent=agent,
             customer="x", category="routine", topic="freight", first_response_seconds=fr,
             handle_seconds=120.0, resolved=True, shop=A)
        for i, (agent, fr) in enumerate([("小桃", 30.0), ("小桃", 50.0), ("阿楠", 40.0)])])
    agents = canonical("cs_agents", [
        dict(agent="阿强", shop=B, consultations=110, received=100, inquiries=40,
             inquiry_paid=10, first_response_seconds=70.0, avg_handle_seconds=300.0,
             satisfaction_rate=0.9, sales=5000.0, days_worked=20)])
    feb = {"campaigns": camps, "orders": orders, "shop_traffic": traffic,
           "cs_sessions": sessions, "cs_agents": agents}
    return MonthData.from_frames("2024-02", {"2024-02": feb})


def test_campaign_figures_per_shop_against_each_shops_own_baseline():
    f = cp.compute(two_shops(), CFG)
    a, b = f["shops"][A], f["shops"][B]
    assert (a["baseline_days"], b["baseline_days"]) == (28, 27)
    assert a["full_reduction_aov_uplift"] == pytest.approx(140 / 100 - 1)  # A's own baseline
    assert b["full_reduction_aov_uplift"] == pytest.approx(80 / 50 - 1)
    assert a["full_reduction_conversion"] == pytest.approx(2 / 400)
    assert b["full_reduction_conversion"] == pytest.approx(1 / 120)
    assert (a["gmv"], b["gmv"], f["gmv"]) == (480.0, 180.0, 660.0)  # GMV adds up
    assert f["full_reduction_orders"] == 3 and f["campaigns"] == 2
    assert f["visitors"] == a["visitors"] + b["visitors"]
    for key in ("full_reduction_aov_uplift", "full_reduction_conversion", "baseline_days"):
        assert a[key] != b[key] and f[key] is None, key  # no mean uplift of two shops
    assert "full_reduction_orders" in f[scopes.TOGETHER]
    assert "full_reduction_aov_uplift" not in f[scopes.TOGETHER]


def test_service_figures_per_shop_and_per_agent_within_a_shop():
    f = sv.compute(two_shops(), CFG)
    a, b = f["shops"][A], f["shops"][B]
    assert (a["sessions"], a["agents"], b["sessions"], b["agents"]) == (3, 2, 100, 1)
    assert a["first_response_mean_seconds"] == pytest.approx(40.0)
    assert b["first_response_mean_seconds"] == pytest.approx(70.0)
    assert b["inquiry_conversion"] == 0.25 and a["inquiry_conversion"] is None
    assert a["within_60s_share"] == 1.0 and b["within_60s_share"] is None
    assert f["sessions"] == 103 and f["agents"] == 3
    assert f["sessions_per_agent_day"] == pytest.approx(103 / (a["agent_days"] + 20))
    assert f["first_response_mean_seconds"] == pytest.approx((40 * 3 + 70 * 100) / 103)
    from opsreview.domains.service import views as v
    tabs = v.tables(scopes.only(two_shops(), "shop", A), CFG, a)
    assert set(tabs.agents["agent"]) == {"小桃", "阿楠"}  # A's agents only on A's part


def test_a_shop_without_a_campaign_has_the_whole_month_as_baseline():
    md = two_shops()
    camps = md.get("campaigns")
    only_a = MonthData.from_frames("2024-02", {"2024-02": {
        **{n: md.get(n) for n in ("orders", "shop_traffic")},
        "campaigns": camps[camps["shop"] == A]}})
    f = cp.compute(only_a, CFG)
    assert f["shops"][B]["campaigns"] == 0 and f["shops"][B]["baseline_days"] == 29
    assert f["shops"][B]["full_reduction_orders"] is None
    assert f["full_reduction_aov_uplift"] == f["shops"][A]["full_reduction_aov_uplift"]
    said = domain_review("campaigns", f, None, CFG, Labels("zh"))
    assert any(s.startswith(f"{B}：本月没有活动") for s in said.overview)


# --- the sample months -------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    md = MonthData.from_dirs("2024-02", RAW_DIR, tmp_path_factory.mktemp("processed"))
    return md, {"campaigns": cp.compute(md, CFG), "service": sv.compute(md, CFG)}, \
        {"campaigns": cp.compute(md.previous(), CFG), "service": sv.compute(md.previous(), CFG)}


def one_shop_month(month: str) -> MonthData:
    return MonthData.from_frames(month, {m: {k: v for mod in (s_service, s_campaigns)
                                             for k, v in mod.frames(m).items()}
                                         for m in ("2024-01", "2024-02")})


def test_the_sample_month_holds_two_shops_and_the_seed_is_the_first_shops(sample):
    md, now, _ = sample
    assert list(now["campaigns"]["shops"]) == [A, B] and list(now["service"]["shops"]) == [A, B]
    for name, module in (("campaigns", cp), ("service", sv)):
        alone = module.compute(one_shop_month("2024-02"), CFG)
        assert "shops" not in alone
        mine = now[name]["shops"][A]
        for key, value in alone.items():
            if key not in ("shop", "needs"):
                assert mine[key] == (pytest.approx(value) if isinstance(value, float)
                                     else value), (name, key)
    b = now["campaigns"]["shops"][B]
    assert b["campaigns"] == 0 and b["baseline_days"] == 29 and b["gmv"] > 0
    s = now["service"]["shops"][B]
    # the 客服组's five people serve both shops: five agents in each, five people in all
    assert s["sessions"] == 6375 and s["agents"] == 5 and s["sessions_per_agent_day"] == 85
    assert now["service"]["agents"] == 5
    assert s["inquiry_conversion"] is not None and s["first_response_p90_seconds"] is None
    jan = cp.compute(md.previous(), CFG)["shops"]
    assert jan[B]["full_reduction_orders"] == second_shop.FULL_REDUCTION_ORDERS
    assert jan[A]["baseline_days"] != jan[B]["baseline_days"]


def test_the_second_shops_files_are_its_own_and_leave_the_first_shops_rows_alone():
    for month in second_shop.MONTHS:
        names = [f for f, *_ in second_shop.files(month)]
        assert all(B in f for f in names)
        for f in names:
            assert (RAW_DIR / month / f).exists(), f
    assert second_shop.frames("2024-02")["orders"].equals(second_shop.frames("2024-02")["orders"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sentence_about_a_shop_names_it_and_never_two(sample, lang):
    _, now, before = sample
    t = Labels(lang)
    sep = "：" if lang == "zh" else " — "
    parts = {}
    for name in ("campaigns", "service"):
        said = domain_review(name, now[name], before[name], CFG, t)
        parts[name] = said
        # a sentence on the shops together names the one behind its move: not a shop's own
        together = {i.text for i in said.insights if i.kind == "contributor"}
        for text in said.overview + said.good + said.bad + said.aims:
            if text in together:
                continue
            shops = [s for s in (A, B) if s in text]
            assert len(shops) == 1 and text.startswith(shops[0] + sep), text
        assert {v.scope for v in said.verdicts} == {A, B}
    for point in key_points(parts, Editorial(CFG)):
        assert sum(s in point.text for s in (A, B)) == 1, point.text
    deal = [s for s in parts["campaigns"].bad if "1:3.5" in s]
    assert deal and deal[0].startswith(A)


def test_a_one_shop_month_is_reviewed_as_before():
    md = one_shop_month("2024-02")
    f = cp.compute(md, CFG)
    said = domain_review("campaigns", f, cp.compute(md.previous(), CFG), CFG, Labels("zh"))
    assert not any(A in s for s in said.overview + said.good + said.bad)
    assert all(v.scope is None for v in said.verdicts)


def test_each_shops_last_month_is_its_own(sample):
    _, now, before = sample
    said = domain_review("service", now["service"], before["service"], CFG, Labels("zh"))
    a = [v for v in said.verdicts if v.scope == A and v.figure.key == "sessions_per_agent_day"]
    assert a[0].previous == before["service"]["shops"][A]["sessions_per_agent_day"] == 78.0


# --- sites -----------------------------------------------------------------------------------
def two_sites() -> MonthData:
    feb = s_site.frames("2024-02")
    other = {name: frame.assign(site="tcyuju.cn") for name, frame in feb.items()}
    other["site_traffic"] = other["site_traffic"].assign(uv=other["site_traffic"]["uv"] * 2)
    other["site_incidents"] = other["site_incidents"].iloc[:3]
    both = {n: pd.concat([feb[n], other[n]], ignore_index=True) for n in feb}
    return MonthData.from_frames("2024-02", {"2024-02": both})


def test_every_site_with_data_gets_its_figures_and_the_review_names_it():
    f = st.compute(two_sites(), CFG)
    portal, other = f["sites"]["tcyyxxw.com"], f["sites"]["tcyuju.cn"]
    assert portal["first_week_avg_daily_uv"] == pytest.approx(320)  # the seed's, alone
    assert other["first_week_avg_daily_uv"] == pytest.approx(640)
    assert f["first_week_avg_daily_uv"] is None  # no mean first week of two sites
    assert f["articles"] == portal["articles"] + other["articles"]
    assert portal["timeouts"] != other["timeouts"] or portal["other_faults"] != \
        other["other_faults"]
    for lang, sep in (("zh", "："), ("en", " — ")):
        said = domain_review("site", f, None, CFG, Labels(lang))
        for text in said.overview + said.good + said.bad + said.aims:
            names = [s for s in ("tcyyxxw.com", "tcyuju.cn") if text.startswith(s + sep)]
            assert len(names) == 1, text


def test_one_site_month_is_as_today():
    md = MonthData.from_frames("2024-02", {"2024-02": s_site.frames("2024-02")})
    f = st.compute(md, CFG)
    assert "sites" not in f and f["site"] == "tcyyxxw.com"


# --- validation ----------------------------------------------------------------------------
def month_of(tmp_path, file: str, text: str, dataset: str):
    """A month folder holding one file, loaded as DATASET through the inventory."""
    folder = tmp_path / "2024-02"
    folder.mkdir()
    (folder / file).write_text(text, encoding="utf-8")
    inv = inventory(tmp_path, Month.parse("2024-02"), None)
    return load_dataset(inv, BY_NAME[dataset], None)


def test_a_row_naming_an_unlisted_shop_is_an_error_naming_file_rows_and_the_listed(tmp_path):
    with pytest.raises(DataError) as err:
        month_of(tmp_path, "orders.csv",
                 "order_id,paid_at,amount,units,shop\n1,2024-02-01 10:00,10,1,童装旗舰店\n"
                 "2,2024-02-02 10:00,20,1,新开的店\n3,2024-02-03 10:00,5,1,渔具专营店\n",
                 "orders")
    text = str(err.value)
    assert "orders.csv" in text and "row 3" in text and "新开的店" in text
    assert A in text and B in text and "config/entities.yml" in text


def test_an_unlisted_site_row_is_an_error_too(tmp_path):
    with pytest.raises(DataError) as err:
        month_of(tmp_path, "seo_index.csv", "date,site,indexed_pages\n2024-02-01,tcyuju.cn,100"
                 "\n2024-02-01,example.org,5\n", "seo_index")
    assert "example.org" in str(err.value) and "tcyyxxw.com" in str(err.value)


def test_a_sub_site_of_a_listed_domain_is_accepted_as_itself(tmp_path):
    frame = month_of(tmp_path, "seo_index.csv", "date,site,indexed_pages\n2024-02-01,"
                     "郯城渔业信息网,100\n2024-02-01,zz01.tcyyxxw.com,5\n", "seo_index").frame
    assert list(frame["site"]) == ["tcyyxxw.com", "zz01.tcyyxxw.com"]  # a name: its domain


def test_one_shop_listed_and_no_shop_column_works_as_today(tmp_path):
    import shutil

    from opsreview.ingest.inventory import month_inventory

    config = tmp_path / "config"
    shutil.copytree(RAW_DIR.parents[1] / "config", config)
    (config / "entities.yml").write_text("shops:\n  - shop: 童装旗舰店\n    platform: tmall\n",
                                         encoding="utf-8")
    folder = tmp_path / "2024-02"
    folder.mkdir()
    (folder / "orders.csv").write_text("order_id,paid_at,amount,units\n1,2024-02-01 10:00,10,1\n",
                                       encoding="utf-8")
    inv = month_inventory(folder, Month.parse("2024-02"), None, config)
    frame = load_dataset(inv, BY_NAME["orders"], None).frame
    assert list(frame["shop"]) == [A]


def test_a_listed_alias_is_read_as_its_shop(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("order_id,paid_at,amount,units,店铺\n1,2024-02-01 10:00,10,1,童装店\n",
                    encoding="utf-8")
    from opsreview.ingest.context import Source
    got = load(path, BY_NAME["orders"], Month.parse("2024-02"),
               Source(known=(("shop", (("童装旗舰店", A), ("童装店", A))),)))
    assert list(got.frame["shop"]) == [A]
