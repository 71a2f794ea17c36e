"""Sample campaign data of the 童装旗舰店: campaigns, paid orders, daily traffic, incidents.

February 2024 lands exactly on the seed's campaign figures (聚划算 deal, 满200减30, 满100减10
coupons, a 3-item bundle, 2 rule bugs and 4 emergencies); January 2024 has two smaller
campaigns to compare with. Order rows are drawn one by one from a seeded random.Random; the
figures the metrics read are then pinned by small exact adjustments (the last cents of an
order, the cost of goods of the deal). `scale` multiplies orders, visitors, coupons and spend,
so every rate stays on the seed at any scale. Buyer nicks are fake.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pandas as pd

from opsreview.contract.catalog import dataset
from opsreview.sample.typed import columnar

MONTHS = ("2024-01", "2024-02")

NOTES: list[str] = [
    "Deal traffic: the seed's 12,000 visitors are the shop's visitors summed over the three "
    "聚划算 days (20-22 February). 'Daily' traffic is the mean over baseline days, the 11 days "
    "with no campaign running (10-19 and 23 February, mostly the Spring Festival): 20,000 "
    "visitors, so 4,000 a day on the deal is exactly +120 %.",
    "Deal margin: the seed's 'margin down 18 %' at 7.5折 is read as 18 points: deal orders cost "
    "72 % of what they bring in against about 54 % for baseline orders (no campaign_id). The "
    "deal's cost of goods is pinned so the difference is exactly -18 points.",
    "Deal ROI 1:3.5: the deal's cost (fees and ads) is the deal GMV / 3.5; 320 units in 262 "
    "orders of the promoted 女童连衣裙 at 25 % off.",
    "满200减30 runs one day, 24 February (元宵节): 86 orders on 2,688 visitors (3.2 %); its "
    "orders' mean amount is pinned at exactly 1.25 x the mean of all baseline orders.",
    "Coupons: 500 issued, 225 orders with coupon = true during 年货节 (1-9 February), 45 %. The "
    "seed's '32 associated items, 1.8 % associated conversion' has no definition in the "
    "contract and is not reproduced.",
    "Bundle: 48 bundle orders of 320 orders placed while the bundle runs (25-29 February), "
    "15 %; the seed's '15 % of total sales' is read as the share of orders in its window.",
    "Incidents: 2 rule bugs (coupon stacking, 满减 threshold) fixed in 47 and 38 minutes; 4 "
    "emergencies (coupon unusable, two price displays, a 满减 page that would not load) answered "
    "in 18, 25, 42 and 35 minutes (30 on average) and all fixed.",
    "The seed gives no campaign for January: the sample has 元旦满200减20 (1-3 January) and a "
    "年货节 warm-up coupon (20-26 January), with a rule bug fixed only after 95 minutes.",
]

T = pd.Timestamp
CAMPAIGNS = {
    "2024-01": (
        dict(campaign_id="HD-202401-01", name="元旦满200减20", kind="full_reduction",
             platform="店铺", start_at=T("2024-01-01 00:00"), end_at=T("2024-01-03 23:59:59"),
             threshold=200.0, discount=20.0, products=12),
        dict(campaign_id="HD-202401-02", name="年货节预热满150减15优惠券", kind="coupon",
             platform="店铺", start_at=T("2024-01-20 00:00"), end_at=T("2024-01-26 23:59:59"),
             threshold=150.0, discount=15.0, issued=300),
    ),
    "2024-02": (
        dict(campaign_id="HD-202402-01", name="年货节满100减10优惠券", kind="coupon",
             platform="店铺", start_at=T("2024-02-01 00:00"), end_at=T("2024-02-09 23:59:59"),
             threshold=100.0, discount=10.0, issued=500),
        dict(campaign_id="HD-202402-02", name="聚划算日常团·女童连衣裙", kind="platform_deal",
             platform="聚划算", start_at=T("2024-02-20 10:00"), end_at=T("2024-02-22 23:59:59"),
             discount=0.25, products=3),
        dict(campaign_id="HD-202402-03", name="元宵节满200减30", kind="full_reduction",
             platform="店铺", start_at=T("2024-02-24 00:00"), end_at=T("2024-02-24 23:59:59"),
             threshold=200.0, discount=30.0, products=15),
        dict(campaign_id="HD-202402-04", name="开学季三件套套餐", kind="bundle", platform="店铺",
             start_at=T("2024-02-25 00:00"), end_at=T("2024-02-29 23:59:59"), discount=0.15,
             products=3),
    ),
}

# Visitors per day of the month (生意参谋), at scale 1.
VISITORS = {
    "2024-01": (2860, 2540, 2210, 1580, 1510, 1720, 1690, 1540, 1480, 1520, 1560, 1610, 1750,
                1720, 1530, 1490, 1550, 1580, 1640, 1960, 2010, 1880, 1830, 1850, 1900, 1970,
                1820, 1760, 1700, 1690, 1740),
    "2024-02": (2350, 2410, 2580, 2490, 2300, 2150, 1980, 1760, 1420,  # 年货节 coupons
                980, 1120, 1350, 1480, 1620, 1710, 1850, 2060, 2380, 2450,  # Spring Festival
                4650, 4020, 3330,  # 聚划算
                3000, 2688,  # baseline day, 满200减30
                2520, 2310, 2280, 2350, 2240),  # bundle
}

# Orders per campaign (scale 1) and the plain orders' conversion of visitors.
PLAN = {
    "2024-01": dict(plain_rate=0.026, fr_orders=170, fr_aov_uplift=1.18, coupon_orders=117,
                    deal=None, bundle=None),
    "2024-02": dict(plain_rate=0.026, fr_orders=86, fr_aov_uplift=1.25, coupon_orders=225,
                    deal=dict(units=(212, 42, 8), price=159.0, roi=3.5, margin_drop=0.18),
                    bundle=dict(orders=48, window_orders=320)),
}

# Incidents: (kind, campaign_id, detected_at, minutes to respond, minutes to fix).
INCIDENTS = {
    "2024-01": (
        ("threshold_error", "HD-202401-01", "2024-01-01 09:40", 20, 95),
        ("price_display", "HD-202401-01", "2024-01-02 21:05", 50, 140),
        ("coupon_unusable", "HD-202401-02", "2024-01-20 10:15", 40, 110),
    ),
    "2024-02": (
        ("coupon_unusable", "HD-202402-01", "2024-02-01 10:20", 18, 75),
        ("stacking", "HD-202402-01", "2024-02-02 20:14", 8, 47),
        ("price_display", "HD-202402-02", "2024-02-20 10:05", 25, 58),
        ("threshold_error", "HD-202402-03", "2024-02-24 09:12", 5, 38),
        ("other", "HD-202402-03", "2024-02-24 20:40", 42, 96),
        ("price_display", "HD-202402-04", "2024-02-25 11:30", 35, 64),
    ),
}

# The shop's goods: (name, list price CNY, cost of goods / list price).
PRODUCTS = (("女童连衣裙", 159.0, 0.54), ("儿童卫衣", 129.0, 0.52), ("儿童运动裤", 99.0, 0.55),
            ("加绒打底裤", 59.0, 0.5), ("儿童羽绒服", 299.0, 0.58), ("男童牛仔裤", 109.0, 0.53),
            ("儿童毛衣", 119.0, 0.55), ("女童外套", 199.0, 0.56), ("袜子五双装", 39.0, 0.45),
            ("儿童运动鞋", 169.0, 0.57), ("帽子围巾套装", 69.0, 0.48), ("儿童睡衣", 89.0, 0.5))
_NAMES = tuple(c.name for c in dataset("campaigns").columns)
BUNDLE = (1, 2, 8)  # 儿童卫衣 + 儿童运动裤 + 袜子五双装
# Orders by hour of the day: a night tail, a busy evening.
HOUR_WEIGHTS = (3, 1.5, 0.8, 0.4, 0.3, 0.4, 0.8, 1.5, 2.5, 3.5, 4.5, 4.5, 4, 4, 4.2, 4.3, 4, 4,
                4.5, 5.5, 7, 8, 7.5, 5.5)
NICK_HEADS = ("糖糖妈", "豆豆妈咪", "鱼丸子", "晴天", "悠悠", "果果家", "暖暖", "安安妈妈",
              "可乐", "柚子", "星星", "木子", "小米粒", "团团妈", "阳光宝贝")


def frames(month: str, scale: int = 1) -> dict[str, pd.DataFrame]:
    """The month's campaign datasets as canonical typed frames; `scale` multiplies orders."""
    if month not in PLAN:
        raise ValueError(f"sample campaign data exists for {', '.join(MONTHS)}, not {month!r}")
    rng = random.Random(f"campaigns:{month}:{scale}")
    plan, camps = PLAN[month], [dict(c) for c in CAMPAIGNS[month]]
    days = pd.date_range(month, periods=len(VISITORS[month]), freq="D")
    visitors = [v * scale for v in VISITORS[month]]
    book = _Orders(rng, Nicks(rng, 900 * scale))
    by_kind = {c["kind"]: c for c in camps}
    bundle = by_kind.get("bundle")
    for day, seen in zip(days, visitors, strict=True):
        if bundle is None or not bundle["start_at"] <= day <= bundle["end_at"]:
            k = round(seen * plan["plain_rate"] * _quiet(day, camps) * rng.uniform(0.9, 1.1))
            book.plain(day, k)
    if bundle is not None:
        _bundle(rng, book, bundle, plan["bundle"], scale)
    base_aov, base_margin = book.baseline()
    for c in camps:
        if c["kind"] == "coupon":
            _coupon(rng, book, c, plan["coupon_orders"] * scale)
        elif c["kind"] == "full_reduction":
            _full_reduction(rng, book, c, plan["fr_orders"] * scale,
                            base_aov * plan["fr_aov_uplift"])
        elif c["kind"] == "platform_deal":
            c["cost"] = _deal(rng, book, c, plan["deal"], scale, base_margin)
        if c["kind"] == "coupon":
            c["issued"] = c["issued"] * scale
    orders = book.frame(month)
    traffic = dict(date=list(days), visitors=visitors,
                   pv=[round(v * rng.uniform(3.1, 4.2)) for v in visitors])
    return {
        "campaigns": columnar("campaigns", {k: [c.get(k) for c in camps]
                                            for k in _NAMES},
                              len(camps)),
        "orders": orders,
        "shop_traffic": columnar("shop_traffic", traffic, len(days)),
        "campaign_incidents": _incidents(month),
    }


def windows(month: str) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    """(kind, start_at, end_at) of the month's sample campaigns (the service sample's peaks)."""
    return [(c["kind"], c["start_at"], c["end_at"]) for c in CAMPAIGNS[month]]


def incidents_plan(month: str) -> tuple:
    return INCIDENTS[month]


def _quiet(day: pd.Timestamp, camps) -> float:
    """Plain orders thin out while a campaign draws buyers to its own goods."""
    return 0.6 if any(c["start_at"].normalize() <= day <= c["end_at"] for c in camps) else 1.0


# --- orders -------------------------------------------------------------------------------------
class _Orders:
    """The month's orders as column lists, one row at a time."""

    COLUMNS = ("paid_at", "amount", "list_amount", "cost_of_goods", "units", "campaign_id",
               "coupon", "bundle", "customer")

    def __init__(self, rng: random.Random, nicks: Nicks) -> None:
        self.rng, self.nicks = rng, nicks
        self.cols: dict[str, list] = {k: [] for k in self.COLUMNS}

    def add(self, paid_at, amount, list_amount, cost, units, campaign_id=None, coupon=False,
            bundle=False) -> None:
        for key, value in zip(self.COLUMNS, (paid_at, round(amount, 2), round(list_amount, 2),
                                             round(cost, 2), units, campaign_id, coupon, bundle,
                                             self.nicks.pick()), strict=True):
            self.cols[key].append(value)

    def basket(self, at_least: float = 0.0) -> tuple[float, float, int]:
        """(list amount, cost of goods, units) of 1-3 random items, topped up to `at_least`."""
        lst = cost = 0.0
        units = 0
        want = self.rng.choices((1, 2, 3), (70, 22, 8))[0]
        while units < want or lst < at_least:
            _, price, ratio = self.rng.choice(PRODUCTS)
            lst, cost, units = lst + price, cost + price * ratio, units + 1
        return lst, cost, units

    def plain(self, day: pd.Timestamp, k: int) -> None:
        for _ in range(k):
            lst, cost, units = self.basket()
            self.add(paid_time(self.rng, day), lst, lst, cost, units)

    def baseline(self) -> tuple[float, float]:
        """Mean amount and margin rate of the orders without a campaign so far."""
        rows = [i for i, c in enumerate(self.cols["campaign_id"]) if c is None]
        amount = sum(self.cols["amount"][i] for i in rows)
        cost = sum(self.cols["cost_of_goods"][i] for i in rows)
        return amount / len(rows), (amount - cost) / amount

    def frame(self, month: str) -> pd.DataFrame:
        n = len(self.cols["paid_at"])
        order = sorted(range(n), key=lambda i: self.cols["paid_at"][i])
        cols = {k: [v[i] for i in order] for k, v in self.cols.items()}
        ym = month.replace("-", "")
        cols["order_id"] = [f"{ym}{i + 1:07d}" for i in range(n)]
        return columnar("orders", cols, n)


def _coupon(rng, book: _Orders, c: dict, n: int) -> None:
    for _ in range(n):
        lst, cost, units = book.basket(at_least=c["threshold"])
        book.add(_between(rng, c), lst - c["discount"], lst, cost, units, c["campaign_id"],
                 coupon=True)


def _bundle(rng, book: _Orders, c: dict, plan: dict, scale: int) -> None:
    """Bundle orders and plain orders inside the bundle's window, their total pinned."""
    lst = sum(PRODUCTS[i][1] for i in BUNDLE)
    cost = sum(PRODUCTS[i][1] * PRODUCTS[i][2] for i in BUNDLE)
    for _ in range(plan["orders"] * scale):
        book.add(_between(rng, c), lst * (1 - c["discount"]), lst, cost, 3, c["campaign_id"],
                 bundle=True)
    for _ in range((plan["window_orders"] - plan["orders"]) * scale):
        lst_, cost_, units = book.basket()
        book.add(_between(rng, c), lst_, lst_, cost_, units)


def _full_reduction(rng, book: _Orders, c: dict, n: int, target: float) -> None:
    """Orders of the full reduction whose mean amount is exactly `target` (to the cent)."""
    floor = c["threshold"] - c["discount"]
    assert target > floor, "baseline orders too small for the full reduction's AOV"
    weights = [rng.uniform(0.2, 1.8) for _ in range(n)]
    amounts = [round(floor + (target - floor) * w * n / sum(weights), 2) for w in weights]
    amounts[-1] = round(amounts[-1] + round(target * n, 2) - sum(amounts), 2)
    for amount in amounts:
        lst = amount + c["discount"]
        units = rng.choice((2, 2, 3))
        book.add(_between(rng, c), amount, lst, lst * rng.uniform(0.5, 0.56), units,
                 c["campaign_id"])


def _deal(rng, book: _Orders, c: dict, plan: dict, scale: int, base_margin: float) -> float:
    """Deal orders pinned to the plan's units, ROI and margin drop; returns the deal's cost."""
    units = [u for u, k in enumerate(plan["units"], start=1) for _ in range(k * scale)]
    rng.shuffle(units)
    first = len(book.cols["amount"])
    for u in units:
        lst = u * plan["price"]
        book.add(_between(rng, c), lst * (1 - c["discount"]), lst, lst * 0.54, u,
                 c["campaign_id"])
    rows = range(first, len(book.cols["amount"]))
    amount, cost_col = book.cols["amount"], book.cols["cost_of_goods"]
    gmv = sum(amount[i] for i in rows)
    spend = round(gmv / plan["roi"])
    amount[rows[-1]] = round(amount[rows[-1]] + spend * plan["roi"] - gmv, 2)
    gmv = sum(amount[i] for i in rows)
    goods = round((1 - (base_margin - plan["margin_drop"])) * gmv, 2)
    factor = goods / sum(cost_col[i] for i in rows)
    for i in rows:
        cost_col[i] = round(cost_col[i] * factor, 2)
    cost_col[rows[-1]] = round(cost_col[rows[-1]] + goods - sum(cost_col[i] for i in rows), 2)
    return float(spend)


def _between(rng, c: dict) -> datetime:
    """A payment time inside the campaign, busier in the evening."""
    if "_days" not in c:
        c["_days"] = list(pd.date_range(c["start_at"].normalize(), c["end_at"].normalize()))
    days = c["_days"]
    while True:
        t = paid_time(rng, rng.choice(days))
        if c["start_at"] <= t <= c["end_at"]:
            return t


def paid_time(rng, day: pd.Timestamp) -> datetime:
    hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))


def _incidents(month: str) -> pd.DataFrame:
    rows = INCIDENTS[month]
    cols: dict[str, list] = {"campaign_id": [], "detected_at": [], "responded_at": [],
                             "fixed_at": [], "kind": []}
    for kind, campaign, detected, respond, fix in rows:
        t = pd.Timestamp(detected)
        cols["campaign_id"].append(campaign)
        cols["detected_at"].append(t)
        cols["responded_at"].append(t + timedelta(minutes=respond))
        cols["fixed_at"].append(t + timedelta(minutes=fix))
        cols["kind"].append(kind)
    return columnar("campaign_incidents", cols, len(rows))


# --- fake buyers and typed frames -----------------------------------------------------------
class Nicks:
    """A pool of fake buyer nicks; returning buyers come back."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.rng = rng
        self.pool = [self._make() for _ in range(size)]

    def _make(self) -> str:
        rng = self.rng
        if rng.random() < 0.45:
            return f"tb{rng.randrange(10**9):09d}"
        return f"{rng.choice(NICK_HEADS)}{rng.randrange(10000):04d}"

    def pick(self) -> str:
        return self.rng.choice(self.pool)


