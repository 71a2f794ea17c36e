"""Sample data of the second shop, 渔具专营店 (Taobao): its own files beside the 童装旗舰店's.

The seed's second shop only appears in the compliance figures; the sample gives it what a
shop of its size downloads every month, under the platforms' own file names (the shop in
the name, so no 店铺 column is needed): the 生意参谋 traffic, the order report, the 千牛
客服绩效 per-agent export and, in January, one campaign. Every row comes from its own
seeded random stream, so the 童装旗舰店's rows, and the seed's figures, are untouched.
"""

from __future__ import annotations

import random
from datetime import datetime

import pandas as pd

from opsreview.sample.campaigns import HOUR_WEIGHTS, Nicks
from opsreview.sample.typed import columnar
from opsreview.sample.write import Dialect

SHOP = "渔具专营店"
MONTHS = ("2024-01", "2024-02")

NOTES: list[str] = [
    "The second shop, 渔具专营店 (Taobao), has its own files named as the platforms name "
    "them, with the shop in the file name: 生意参谋 traffic, the order report (GBK) and the "
    "千牛 客服绩效 export of the 客服组's agents for the whole month; the 童装旗舰店's files "
    "name no shop and are the first shop's of config/entities.yml.",
    "Its one campaign, 年货节满99减10 (15-21 January), gives January two shops with a full "
    "reduction each, judged against each shop's own baseline days; in February it runs none "
    "(a shop without a campaign: its baseline is the whole month).",
    "Its February agents receive 6,375 buyers in 75 agent-days, 85 a day like the "
    "童装旗舰店's, so the all-shops load stays on the seed's 85; first response, conversion "
    "of inquiries and satisfaction are its own.",
    "Its agents are the 客服组's people of the team sheet (in February five: the seed's 导购 "
    "3, 订单 1, 售后 1; four in January), who serve both shops: in February 7-9 days on the "
    "童装旗舰店's chats and 14-16 on this shop's, 23 days each; the team sheet and the agents "
    "in the chat data agree.",
]

# Visitors per day, at scale 1 (the Spring Festival dips in February; from 21 February the
# shop is hidden from search for 7 days, its penalty for 12 serious-violation points).
VISITORS = {
    "2024-01": (820, 760, 700, 690, 720, 910, 940, 700, 680, 710, 690, 730, 950, 980, 1250,
                1310, 1280, 1220, 1340, 1450, 1390, 760, 720, 700, 690, 740, 930, 960, 700,
                680, 650),
    "2024-02": (640, 620, 660, 690, 600, 540, 480, 390, 330, 260, 280, 320, 380, 450, 520,
                610, 700, 760, 720, 700, 190, 170, 160, 180, 200, 170, 160, 520, 640),
}
CONVERSION = {"2024-01": 0.021, "2024-02": 0.024}
# Tackle: (name, price CNY, cost of goods / price).
PRODUCTS = (("碳素鱼竿", 268.0, 0.48), ("台钓鱼线", 25.0, 0.35), ("鱼钩套装", 19.0, 0.3),
            ("纳米浮漂", 15.0, 0.32), ("多功能钓箱", 188.0, 0.55), ("鲫鱼饵料", 22.0, 0.4),
            ("抄网", 49.0, 0.45), ("钓鱼伞", 129.0, 0.5))
CAMPAIGNS = {
    "2024-01": (dict(campaign_id="YJ-202401-01", name="年货节满99减10", kind="full_reduction",
                     platform="店铺", start_at=pd.Timestamp("2024-01-15 00:00"),
                     end_at=pd.Timestamp("2024-01-21 23:59:59"), threshold=99.0,
                     discount=10.0, cost=600.0, products=20),),
    "2024-02": (),
}
FULL_REDUCTION_ORDERS = 64
# 客服绩效 for the month: (agent, days worked, received, inquiries, paid, first response s,
# handle s, satisfaction, sales CNY).
AGENTS = {  # inquiries paid and sales through agents stay within the shop's orders and GMV
    "2024-01": (("小桃", 15, 1470, 200, 76, 50, 260, 0.92, 12000.0),
                ("小鱼", 15, 1460, 190, 70, 54, 250, 0.91, 10500.0),
                ("阿楠", 16, 1590, 170, 62, 60, 265, 0.9, 8800.0),
                ("周周", 16, 1570, 140, 57, 58, 245, 0.89, 6000.0)),
    "2024-02": (("小桃", 14, 1230, 170, 52, 38, 245, 0.95, 7200.0),
                ("小鱼", 14, 1210, 160, 47, 44, 250, 0.94, 6500.0),
                ("阿楠", 15, 1290, 150, 42, 52, 262, 0.91, 5600.0),
                ("周周", 16, 1335, 100, 28, 55, 240, 0.91, 3500.0),
                ("陈姐", 16, 1310, 80, 21, 63, 270, 0.92, 2900.0)),
}

_DIALECTS = {
    "shop_traffic": Dialect(header="zh", thousands=True, title=f"店铺名称：{SHOP}"),
    "orders": Dialect(header="zh", encoding="gbk"),
    "campaigns": Dialect(header="zh"),
    "cs_agents": Dialect(header="zh"),
}


def _names(month: str) -> dict[str, str]:
    first = pd.Timestamp(month)
    last = first + pd.offsets.MonthEnd(0)
    span = f"{first:%Y-%m-%d}_{last:%Y-%m-%d}"
    return {"shop_traffic": f"【生意参谋平台】店铺整体_{SHOP}_{span}.csv",
            "orders": f"订单报表_{SHOP}_{first:%Y%m}.csv",
            "campaigns": f"活动_{SHOP}_{first:%Y%m}.csv",
            "cs_agents": f"自定义报表_客服绩效_{SHOP}_{first:%Y-%m-%d}至{last:%Y-%m-%d}.csv"}


def files(month: str, scale: int = 1) -> list[tuple[str, str, pd.DataFrame, Dialect]]:
    """(file name, dataset, canonical frame, dialect) of each of the shop's files."""
    if month not in VISITORS:
        raise ValueError(f"the second shop's sample exists for {', '.join(MONTHS)}, "
                         f"not {month!r}")
    out = frames(month, scale)
    names = _names(month)
    return [(names[name], name, frame, _DIALECTS[name]) for name, frame in out.items()]


def frames(month: str, scale: int = 1) -> dict[str, pd.DataFrame]:
    rng = random.Random(f"second_shop:{month}:{scale}")
    days = pd.date_range(month, periods=len(VISITORS[month]), freq="D")
    visitors = [v * scale for v in VISITORS[month]]
    camps = CAMPAIGNS[month]
    nicks = Nicks(rng, 300 * scale)
    rows: list[dict] = []
    for day, seen in zip(days, visitors, strict=True):
        running = [c for c in camps if c["start_at"] <= day <= c["end_at"]]
        plain = round(seen * CONVERSION[month] * (0.7 if running else 1) * rng.uniform(0.9, 1.1))
        rows += [_order(rng, day, nicks) for _ in range(plain)]
    for c in camps:
        span = pd.date_range(c["start_at"].normalize(), c["end_at"].normalize())
        for _ in range(FULL_REDUCTION_ORDERS * scale):
            rows.append(_order(rng, rng.choice(list(span)), nicks, c))
    rows.sort(key=lambda r: r["paid_at"])
    for i, r in enumerate(rows, start=1):
        r["order_id"] = f"YJ{month.replace('-', '')}{i:06d}"
    paid = pd.DataFrame(rows).assign(day=lambda f: pd.to_datetime(f["paid_at"]).dt.normalize())
    by_day = paid.groupby("day")["amount"].agg(["sum", "size"]).reindex(days, fill_value=0)
    out = {
        "shop_traffic": columnar("shop_traffic", {  # 生意参谋 also gives 支付金额, 支付买家数
            "date": list(days), "visitors": visitors,
            "pv": [round(v * rng.uniform(2.4, 3.3)) for v in visitors],
            "paid_amount": [round(float(x), 2) for x in by_day["sum"]],
            "paid_buyers": [int(x) for x in by_day["size"]]}, len(days)),
        "orders": columnar("orders", {k: [r.get(k) for r in rows] for k in (
            "order_id", "paid_at", "amount", "list_amount", "cost_of_goods", "units",
            "campaign_id", "customer")}, len(rows)),
        "cs_agents": _agents(month, scale),
    }
    if camps:
        out["campaigns"] = columnar("campaigns", {k: [c.get(k) for c in camps] for k in (
            "campaign_id", "name", "kind", "platform", "start_at", "end_at", "threshold",
            "discount", "cost", "products")}, len(camps))
    return out


def _order(rng: random.Random, day: pd.Timestamp, nicks: Nicks, c: dict | None = None) -> dict:
    """One paid order: 1-3 items (topped up to a full reduction's threshold), paid that day."""
    amount = cost = 0.0
    units, want = 0, rng.choices((1, 2, 3), (62, 28, 10))[0]
    while units < want or (c is not None and amount < c["threshold"]):
        _, price, share = rng.choice(PRODUCTS)
        amount, cost, units = amount + price, cost + price * share, units + 1
    hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    paid = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))
    off = c["discount"] if c is not None else 0.0
    return {"paid_at": paid, "amount": round(amount - off, 2), "list_amount": round(amount, 2),
            "cost_of_goods": round(cost, 2), "units": units,
            "campaign_id": None if c is None else c["campaign_id"], "customer": nicks.pick()}


def _agents(month: str, scale: int) -> pd.DataFrame:
    rows = AGENTS[month]
    cols = {"agent": [r[0] for r in rows], "days_worked": [r[1] for r in rows],
            "received": [r[2] * scale for r in rows],
            "consultations": [round(r[2] * scale * 1.08) for r in rows],
            "inquiries": [r[3] * scale for r in rows], "inquiry_paid": [r[4] * scale for r in rows],
            "first_response_seconds": [float(r[5]) for r in rows],
            "avg_handle_seconds": [float(r[6]) for r in rows],
            "satisfaction_rate": [r[7] for r in rows], "sales": [r[8] * scale for r in rows]}
    return columnar("cs_agents", cols, len(rows))
