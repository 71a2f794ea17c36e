"""The sample's year before the seed: 2023-03 … 2023-12, so trends have twelve points.

Each domain's generator already draws a month from its month tables (campaigns, visitors and
incidents; the service plan; the market plan; the shops' rule figures; the team). This
module writes those tables' entries for the history months, from the 2024-01 entries scaled by
the shop's growth and the season (双11 in November, 618 in June, the Spring Festival quiet
of February being 2024-02's own), each month from its own random stream ("history:<month>"),
and `install()` adds them to the generators. The generators' `frames(month, scale)` then draw
the history months exactly as they draw 2024-01 and 2024-02, whose entries are never touched.
The site launched on 2024-02-20: it has no history.
"""

from __future__ import annotations

import random
from datetime import date

import pandas as pd

from opsreview.sample import campaigns, compliance, market, second_shop, seo, service, team

MONTHS = tuple(f"2023-{m:02d}" for m in range(3, 13))
T = pd.Timestamp

NOTES: list[str] = [
    "2023-03 … 2023-12 are drawn from 2024-01's plans scaled by the shop's growth (about 60 % "
    "of January's volume in March 2023, rising) and the season: 618 in June, 双11 in "
    "November, 双12 in December; the site launched on 2024-02-20 and has no history.",
    "童装旗舰店 entered Tmall on 2023-12-15: its compliance rows start in December 2023; its "
    "orders and chats before then are read as the same store's before the move.",
    "The second shop, 渔具专营店, has the same files in every history month, drawn from its "
    "2024-01 figures by the angling season (busiest from May to October, quiet in winter) "
    "and a slow growth; it ran no campaign in 2023, so its baseline is the whole month.",
]
# The angling shop's volume against 2024-01: the fishing season, times a slow growth.
ANGLING = {3: 0.95, 4: 1.15, 5: 1.3, 6: 1.35, 7: 1.3, 8: 1.25, 9: 1.3, 10: 1.2, 11: 0.9,
           12: 0.85}

# The shop's volume against 2024-01: growth over the year times the season.
SEASON = {3: 0.95, 4: 0.9, 5: 1.0, 6: 1.3, 7: 0.85, 8: 0.95, 9: 0.95, 10: 1.05, 11: 1.7,
          12: 1.1}
# The design firm's market against 2024-01: spring and autumn are its seasons.
MARKET = {3: 0.8, 4: 0.9, 5: 1.0, 6: 0.95, 7: 0.75, 8: 0.8, 9: 1.0, 10: 0.85, 11: 1.0,
          12: 0.9}

# The campaign calendar: (kind, name, first day, last day, rule).
CALENDAR = {
    "2023-03": (("coupon", "女王节满150减15优惠券", 1, 8, dict(threshold=150.0, discount=15.0,
                                                        issued=240)),),
    "2023-04": (("full_reduction", "春装上新满200减20", 14, 16,
                 dict(threshold=200.0, discount=20.0, products=10)),),
    "2023-05": (("coupon", "六一儿童节满100减10优惠券", 24, 31,
                 dict(threshold=100.0, discount=10.0, issued=300)),),
    "2023-06": (("full_reduction", "618满200减25", 16, 18,
                 dict(threshold=200.0, discount=25.0, products=15)),
                ("platform_deal", "聚划算618·儿童防晒衣", 18, 19, dict(discount=0.2, products=2))),
    "2023-07": (("coupon", "暑期清凉满120减12优惠券", 10, 16,
                 dict(threshold=120.0, discount=12.0, issued=220)),),
    "2023-08": (("bundle", "开学季三件套套餐", 21, 31, dict(discount=0.15, products=3)),),
    "2023-09": (("coupon", "中秋满150减15优惠券", 22, 28,
                 dict(threshold=150.0, discount=15.0, issued=260)),),
    "2023-10": (("full_reduction", "国庆满200减25", 1, 3,
                 dict(threshold=200.0, discount=25.0, products=12)),),
    "2023-11": (("coupon", "双11预售满200减20优惠券", 1, 10,
                 dict(threshold=200.0, discount=20.0, issued=600)),
                ("full_reduction", "双11满200减30", 11, 11,
                 dict(threshold=200.0, discount=30.0, products=20)),
                ("platform_deal", "聚划算双11·儿童羽绒服", 11, 12,
                 dict(discount=0.25, products=3))),
    "2023-12": (("full_reduction", "双12满200减25", 12, 12,
                 dict(threshold=200.0, discount=25.0, products=15)),
                ("coupon", "年末满150减15优惠券", 20, 26,
                 dict(threshold=150.0, discount=15.0, issued=280))),
}
DEALS = {"2023-06": dict(units=(90, 20, 4), price=99.0, roi=3.0, margin_drop=0.15),
         "2023-11": dict(units=(180, 40, 9), price=299.0, roi=3.2, margin_drop=0.17)}
BUNDLES = {"2023-08": dict(orders=30, window_orders=220)}
INCIDENT_KINDS = ("coupon_unusable", "price_display", "threshold_error", "stacking", "other")
# Headcount by group (GROUPS order) where it differs from 2024-01: the team grew in 2023.
HEADCOUNT = {"2023-03": (1, 1, 1, 3, 1, 3), "2023-04": (1, 1, 1, 3, 1, 3),
             "2023-05": (1, 1, 1, 3, 1, 3), "2023-06": (1, 1, 2, 3, 1, 3),
             "2023-07": (1, 1, 2, 3, 1, 3), "2023-08": (1, 2, 2, 3, 1, 3),
             "2023-09": (1, 2, 2, 4, 1, 3), "2023-10": (1, 2, 2, 4, 1, 4)}
# Penalties of 2023 (violations.csv of a 2023 month is that year's export).
VIOLATIONS = (
    (date(2023, 4, 12), compliance.TAOBAO, "标题堆砌关键词", "general", 2),
    (date(2023, 7, 5), compliance.TAOBAO, "主图信息不符", "general", 4),
    (date(2023, 11, 14), compliance.TAOBAO, "延迟发货", "general", 2),
)


def level(month: str) -> float:
    """The shop's volume in MONTH against 2024-01: growth from 60 % in March, then the season."""
    i = MONTHS.index(month)
    return (0.6 + 0.35 * i / (len(MONTHS) - 1)) * SEASON[int(month[5:])]


def _rng(month: str, what: str) -> random.Random:
    return random.Random(f"history:{month}:{what}")


# --- campaigns ------------------------------------------------------------------------------
def _campaigns(month: str) -> tuple[dict, ...]:
    ym = month.replace("-", "")
    out = []
    for i, (kind, name, first, last, rule) in enumerate(CALENDAR[month], start=1):
        out.append(dict(campaign_id=f"HD-{ym}-{i:02d}", name=name, kind=kind,
                        platform="聚划算" if kind == "platform_deal" else "店铺",
                        start_at=T(f"{month}-{first:02d} 00:00"),
                        end_at=T(f"{month}-{last:02d} 23:59:59"), **rule))
    return tuple(out)


def _visitors(month: str, camps: tuple[dict, ...]) -> tuple[int, ...]:
    rng = _rng(month, "visitors")
    days = pd.date_range(month, periods=T(month).days_in_month, freq="D")
    out = []
    for day in days:
        boost = max([2.0 if c["kind"] == "platform_deal" else 1.5 for c in camps
                     if c["start_at"].normalize() <= day <= c["end_at"]] or [1.0])
        weekend = 1.08 if day.weekday() >= 5 else 1.0
        out.append(round(1750 * level(month) * boost * weekend * rng.uniform(0.93, 1.07), -1))
    return tuple(int(v) for v in out)


def _campaign_plan(month: str, camps: tuple[dict, ...]) -> dict:
    lvl, i = level(month), MONTHS.index(month)
    kinds = {c["kind"]: c for c in camps}
    coupon = kinds.get("coupon")
    fr_days = sum((c["end_at"] - c["start_at"]).days + 1 for c in camps
                  if c["kind"] == "full_reduction")
    return dict(plain_rate=round(0.022 + 0.004 * i / (len(MONTHS) - 1), 4),
                fr_orders=round(55 * lvl * fr_days) if fr_days else 0,
                fr_aov_uplift=1.2, deal=DEALS.get(month), bundle=BUNDLES.get(month),
                coupon_orders=round(coupon["issued"] * 0.38) if coupon else 0)


def _incidents(month: str, camps: tuple[dict, ...]) -> tuple[tuple, ...]:
    """One or two rule bugs per campaign, answered and fixed a little faster as the year goes."""
    rng = _rng(month, "incidents")
    slower = 1.6 - 0.5 * MONTHS.index(month) / (len(MONTHS) - 1)
    out = []
    for c in camps:
        for _ in range(1 if c["kind"] != "platform_deal" else 2):
            at = c["start_at"] + pd.Timedelta(minutes=rng.randrange(9 * 60, 22 * 60))
            respond = round(rng.uniform(10, 30) * slower)
            out.append((rng.choice(INCIDENT_KINDS), c["campaign_id"], f"{at:%Y-%m-%d %H:%M}",
                        respond, respond + round(rng.uniform(30, 70) * slower)))
    return tuple(sorted(out, key=lambda r: r[2]))


# --- service ----------------------------------------------------------------------------------
def _service_plan(month: str, camps: tuple[dict, ...], incidents: tuple[tuple, ...]) -> dict:
    jan, lvl, i = service.PLAN["2024-01"], level(month), MONTHS.index(month)
    rng = _rng(month, "service")
    topics = {t: max(10, round(n * lvl * rng.uniform(0.92, 1.08)))
              for t, n in jan["topics"].items()}
    topics["activity_bug"] = 12 + 30 * len(incidents)
    disputes = topics["shipping_delay"] + topics["logistics_stuck"] + topics["damaged"]
    resolved = round(disputes * (0.8 + 0.04 * i / (len(MONTHS) - 1)))
    unresolved = _shares(disputes - resolved, jan["unresolved"])
    sessions = sum(topics.values())
    busy = {d for c in camps for d in range(c["start_at"].day, c["end_at"].day + 1)}
    days = T(month).days_in_month
    rota = _runs([2 if d in busy else 1 for d in range(1, days + 1)])
    peak_day = min(busy)
    agent_days = sum((b - a + 1) * k for a, b, k in rota)
    rated = round(sessions * 0.38)
    return dict(
        rota=rota, sessions=sessions,
        peak=(peak_day, "小桃", round(2.1 * sessions / agent_days)), topics=topics,
        converted=dict(bestseller_reco=round(topics["bestseller_reco"] * 0.26),
                       need_reco=round(topics["need_reco"] * 0.38)),
        dispute_resolved=resolved, unresolved=unresolved,
        high_risk=(8, 2, 8, 3), others_rated=(rated, round(rated * (0.78 + 0.03 * i / 9))),
        handle_mean=round(215 - 15 * i / 9), stock_handle_mean=round(70 - 5 * i / 9),
        speed=round(1.6 - 0.2 * i / 9, 2), courier_pause=None, on_chat=service_people(month),
    )


def service_people(month: str) -> int:
    """The 客服组's headcount of MONTH's team sheet: the agents on both shops' chats."""
    heads = HEADCOUNT.get(month, tuple(g[2] for g in team.GROUPS))
    return heads[[g[0] for g in team.GROUPS].index("客服组")]


def _shares(total: int, like: dict[str, int]) -> dict[str, int]:
    """TOTAL split in the proportions of LIKE, summing exactly."""
    whole = sum(like.values())
    out = {k: total * v // whole for k, v in like.items()}
    out[next(iter(out))] += total - sum(out.values())
    return out


def _runs(per_day: list[int]) -> tuple[tuple[int, int, int], ...]:
    """(first day, last day, agents) runs of equal agents per day."""
    runs: list[list[int]] = []
    for day, k in enumerate(per_day, start=1):
        if runs and runs[-1][2] == k:
            runs[-1][1] = day
        else:
            runs.append([day, day, k])
    return tuple(tuple(r) for r in runs)


# --- market, compliance, team -------------------------------------------------------------------
def _market_plan(month: str) -> dict:
    jan, rng = market.PLAN["2024-01"], _rng(month, "market")
    f = MARKET[int(month[5:])] * (0.75 + 0.25 * MONTHS.index(month) / (len(MONTHS) - 1))
    visits = round(39 * f * rng.uniform(0.9, 1.1))
    contracts = max(4, round(8 * f * rng.uniform(0.85, 1.15)))
    amount = round(610_000 * contracts / 8 * rng.uniform(0.9, 1.1), -3)
    late = (0,) * (contracts - 1) + (rng.choice((1, 2, 3)),)
    core_passed = round(20 * rng.uniform(0.8, 0.9))
    county_passed = round(20 * rng.uniform(0.5, 0.65))
    return dict(
        visits=(visits, round(visits * 0.33), round(visits * 0.14), round(visits * 0.07)),
        contracts=contracts, amount=int(amount), received=int(round(amount * 0.54, -3)),
        fee_due=int(round(amount * 0.16, -2)), fee_short=int(round(amount * 0.012, -2)),
        delays=late, reviews={"core": (20, core_passed), "county": (20, county_passed)},
        settle_now=tuple(rng.choice((6, 7, 8, 9)) for _ in range(contracts // 2)),
        settle_next=(), hq_progress=jan["hq_progress"],
    )


def _shop_status(month: str) -> dict:
    """The Taobao shop's rule figures every month; the Tmall shop's from its entry (2023-12)."""
    rng, lvl = _rng(month, "compliance"), level(month)
    jan = compliance.STATUS["2024-01"]
    out = {}
    for shop, figures in jan.items():
        if compliance.ENTERED[shop] > (T(month) + pd.offsets.MonthEnd(0)).date():
            continue
        out[shop] = dict(figures,
                         industry_gmv_percentile=round(figures["industry_gmv_percentile"]
                                                       * rng.uniform(0.85, 1.05), 2),
                         shipping_delay_rate=round(figures["shipping_delay_rate"]
                                                   * rng.uniform(0.9, 1.3), 3),
                         new_products=max(2, round(figures["new_products"] * rng.uniform(0.6, 1))),
                         dsr=round(figures["dsr"] - rng.uniform(0.0, 0.06), 2),
                         stock=round(figures["stock"] * lvl, -1))
    return out


# --- the second shop ------------------------------------------------------------------------
def _second_shop(month: str) -> tuple[tuple[int, ...], float, tuple[tuple, ...]]:
    """渔具专营店's daily visitors, conversion and 客服绩效 rows for MONTH, from 2024-01's."""
    rng = _rng(month, "second_shop")
    factor = (0.85 + 0.1 * MONTHS.index(month) / (len(MONTHS) - 1)) * ANGLING[int(month[5:])]
    base = sum(second_shop.VISITORS["2024-01"]) / len(second_shop.VISITORS["2024-01"])
    days = pd.date_range(month, periods=T(month).days_in_month, freq="D")
    visitors = tuple(int(round(base * factor * (1.15 if d.weekday() >= 5 else 1.0)
                               * rng.uniform(0.9, 1.1), -1)) for d in days)
    conversion = round(0.02 * rng.uniform(0.9, 1.1), 4)
    rng = _rng(month, "second_shop_agents")  # own stream: the group's size never moves orders
    agents = tuple((name, min(worked, len(days) - 3), round(received * factor),
                    round(inquiries * factor), round(paid * factor * rng.uniform(0.9, 1.05)),
                    round(first * rng.uniform(0.95, 1.15)), round(handle * rng.uniform(0.95, 1.1)),
                    round(min(0.97, satisfaction * rng.uniform(0.97, 1.01)), 2),
                    round(sales * factor * rng.uniform(0.9, 1.05), -2))
                   for name, worked, received, inquiries, paid, first, handle, satisfaction, sales
                   in second_shop.AGENTS["2024-01"][:service_people(month)])
    return visitors, conversion, agents


def install() -> None:
    """Add the history months' entries to every generator's month tables (idempotent; the
    2024 entries stay as they are)."""
    if MONTHS[0] in campaigns.PLAN:
        return
    for month in MONTHS:
        camps = _campaigns(month)
        incidents = _incidents(month, camps)
        campaigns.CAMPAIGNS[month] = camps
        campaigns.VISITORS[month] = _visitors(month, camps)
        campaigns.PLAN[month] = _campaign_plan(month, camps)
        campaigns.INCIDENTS[month] = incidents
        service.PLAN[month] = _service_plan(month, camps, incidents)
        market.PLAN[month] = _market_plan(month)
        compliance.STATUS[month] = _shop_status(month)
        if month in HEADCOUNT:
            team.HEADCOUNT[month] = HEADCOUNT[month]
        visitors, conversion, agents = _second_shop(month)
        second_shop.VISITORS[month], second_shop.CONVERSION[month] = visitors, conversion
        second_shop.CAMPAIGNS[month], second_shop.AGENTS[month] = (), agents
    compliance.VIOLATIONS = VIOLATIONS + compliance.VIOLATIONS
    seo.HISTORY = MONTHS
    second_shop.MONTHS = MONTHS + second_shop.MONTHS
    for module in (service, team, seo):
        module.MONTHS = MONTHS + tuple(m for m in module.MONTHS if m not in MONTHS)
