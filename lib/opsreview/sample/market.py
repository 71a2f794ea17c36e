"""Sample market data (client visits, branch register, contracts, drawing reviews).

February 2024 lands exactly on the seed's market figures; January 2024 is its plausible
predecessor (51.3 % intent, 10 cities covered). Rows are drawn one by one from a seeded
random.Random, so the same (month, scale) always gives the same frames.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pandas as pd

from opsreview.sample.typed import canonical

MONTHS = ("2024-01", "2024-02")
HQ = "总部"

NOTES: list[str] = [
    "Online share: the seed says 10 % of 42 visits, which no whole count gives; the sample has "
    "4 online visits of 42 (9.5 %), the nearest.",
    "On-time delivery: the seed says 85 % but also '10 on time, 2 late' of 12 contracts; the "
    "counts decide: 10 / 12 = 83.3 %. The late ones are 2 and 4 days late (mean 3).",
    "Fee collection: the seed gives 128,000 received and a 92 % rate but no amount due; the "
    "sample sets fee_due to 139,000 in total (128,000 / 139,000 = 92.1 %).",
    "Cities covered: the seed says 5 new branches widened coverage by 40 % and reached 'every "
    "key prefecture city'. January covers 10 cities; February's 5 branches add 4 (临沂 was "
    "already covered by the county office 郯城分所), giving 14 (+40 %), not all 16.",
    "Intent rate in January: 20 of 39 visits (51.3 %), so February's 59.5 % is +8.2 points.",
    "Visits: the seed counts 42 clients visited; the sample has one visit per client.",
    "Review pass rates: core branches 19 / 20 (95 %), county branches 14 / 20 (70 %).",
    "Settlement: six contracts settled in February (four signed in January), 5 to 9 days after "
    "the client paid, mean 7 days.",
    "The self-run project (branch 总部) is 350,000 CNY with 175,000 prepaid (the seed's 50 %) "
    "and 40 % progress; it was signed in January.",
]

# The register: (branch, kind, city, tier, opened_on). Counties are named after the county.
REGISTER = (
    ("济南分公司", "company", "济南", "core", date(2022, 3, 15)),
    ("青岛分公司", "company", "青岛", "core", date(2022, 6, 8)),
    ("烟台分公司", "company", "烟台", "core", date(2022, 9, 20)),
    ("郯城分所", "office", "临沂", "county", date(2023, 2, 16)),
    ("日照分公司", "company", "日照", "core", date(2023, 4, 11)),
    ("平度分所", "office", "青岛", "county", date(2023, 5, 22)),
    ("滕州分所", "office", "枣庄", "county", date(2023, 7, 3)),
    ("乐陵分所", "office", "德州", "county", date(2023, 8, 14)),
    ("莘县分所", "office", "聊城", "county", date(2023, 10, 9)),
    ("曹县分所", "office", "菏泽", "county", date(2023, 11, 20)),
    ("广饶分所", "office", "东营", "county", date(2024, 1, 16)),
    ("临沂分公司", "company", "临沂", "core", date(2024, 2, 1)),
    ("潍坊分公司", "company", "潍坊", "core", date(2024, 2, 19)),
    ("济宁分公司", "company", "济宁", "core", date(2024, 2, 21)),
    ("泰安分所", "office", "泰安", "core", date(2024, 2, 23)),
    ("淄博分所", "office", "淄博", "core", date(2024, 2, 26)),
)

CITIES = ("临沂", "潍坊", "济宁", "泰安", "淄博", "济南", "青岛", "烟台", "日照", "枣庄", "德州",
          "聊城", "滨州", "菏泽", "东营", "威海")
NAME_CORE = ("华信", "鸿达", "恒通", "鲁源", "金桥", "瑞丰", "泰和", "宏远", "德润", "盛元", "嘉禾",
             "正阳", "同创", "永兴", "海川", "泉林", "沂蒙", "齐鲁", "天成", "中晟", "博远", "安泰")
NAME_TRADE = ("建筑设计", "置业", "建设工程", "房地产开发", "城建投资", "装饰工程", "园林景观",
              "文旅发展", "实业", "规划设计")

# Per month: visits (all, single, full, online), branch contracts, reviews (core/county
# submitted and passed), delivery delays (days late of the contracts due in the month).
PLAN = {
    "2024-01": dict(
        visits=(39, 14, 6, 3), contracts=8, amount=610_000, received=330_000,
        fee_due=98_000, fee_short=6_000, delays=(0, 0, 0, 0, 0, 0, 0, 2),
        reviews={"core": (20, 18), "county": (20, 12)},
        settle_now=(7, 9, 8, 8), settle_next=(6, 9, 8, 5), hq_progress=0.15,
    ),
    "2024-02": dict(
        visits=(42, 18, 7, 4), contracts=12, amount=860_000, received=450_000,
        fee_due=139_000, fee_short=11_000, delays=(0,) * 10 + (2, 4),
        reviews={"core": (20, 19), "county": (20, 14)},
        settle_now=(7, 7), settle_next=(), hq_progress=0.40,
    ),
}
HQ_PROJECT = dict(contract_id="ZY-2024-001", client="郯城县设计产业园建设发展有限公司",
                  signed_on=date(2024, 1, 22), amount=350_000.0, received=175_000.0,
                  paid_on=date(2024, 1, 26))


def frames(month: str, scale: int = 1) -> dict[str, pd.DataFrame]:
    """The month's market datasets as canonical typed frames; `scale` multiplies the visits."""
    if month not in PLAN:
        raise ValueError(f"sample market data exists for {', '.join(MONTHS)}, not {month!r}")
    rng = random.Random(f"market:{month}:{scale}")
    plan = PLAN[month]
    days = workdays(month)
    register = [r for r in REGISTER if r[4] <= month_end(month)]
    names = ClientNames(rng)
    contracts = _contracts(rng, month, plan, days, register, names)
    if month == "2024-02":
        contracts = _carried_over(scale) + contracts
    return {
        "client_visits": canonical("client_visits", _visits(rng, plan, scale, days, register,
                                                            names)),
        "branches": canonical("branches", [dict(zip(
            ("branch", "kind", "city", "tier", "opened_on"), r, strict=True)) for r in register]),
        "contracts": canonical("contracts", contracts),
        "design_reviews": canonical("design_reviews", _reviews(rng, plan, days, register)),
    }


def _visits(rng, plan, scale, days, register, names) -> list[dict]:
    total, single, full, online = (n * scale for n in plan["visits"])
    intents = ["single"] * single + ["full"] * full + ["none"] * (total - single - full)
    channels = ["online"] * online + ["offline"] * (total - online)
    rng.shuffle(intents)
    rng.shuffle(channels)
    rows = []
    for intent, channel in zip(intents, channels, strict=True):
        day = rng.choice(days)
        city = rng.choice(CITIES[:12])
        local = [b[0] for b in register if b[2] == city and b[4] <= day]
        rows.append(dict(date=day, client=names.next(city), city=city,
                         branch=rng.choice(local) if local else None, channel=channel,
                         intent=intent))
    return sorted(rows, key=lambda r: r["date"])


def _contracts(rng, month, plan, days, register, names) -> list[dict]:
    """Branch contracts signed in the month (plus the HQ project), with their payments."""
    n = plan["contracts"]
    last = month_end(month)
    signers = [b for b in register if b[4] < days[0] + timedelta(days=3)]
    settle_now, settle_next = list(plan["settle_now"]), list(plan["settle_next"])
    settle = settle_now + settle_next + [None] * (n - len(settle_now) - len(settle_next))
    amounts = split(plan["amount"], [rng.uniform(0.5, 1.6) for _ in range(n)], 1000)
    received = split(plan["received"], [a * rng.uniform(0.35, 0.7) for a in amounts], 1000)
    fee_due = split(plan["fee_due"], amounts, 100)
    short = split(plan["fee_short"], [1, 1, 1], 100) + [0] * (n - 3)
    delays = list(plan["delays"])
    rng.shuffle(delays)
    rows = []
    for i in range(n):
        branch = rng.choice(signers)
        now = i < len(settle_now)  # settled this month: signed early enough to be
        latest = last - timedelta(days=(settle[i] + 4) if now else 5)
        signed = rng.choice([d for d in days if d <= latest])
        due = signed + timedelta(days=rng.randint(5, min(20, (last - signed).days)))
        early = 0 if delays[i] else rng.randint(0, 2)
        paid, settled = signed + timedelta(days=rng.randint(1, 4)), None
        if now:
            settled = paid + timedelta(days=settle[i])
        elif settle[i] is not None:  # paid late in the month, settled early next month
            first = max(signed, last + timedelta(days=1 - settle[i]))
            paid = first + timedelta(days=rng.randint(0, (last - first).days))
        rows.append(dict(
            branch=branch[0], client=names.next(branch[2]), signed_on=signed,
            amount=float(amounts[i]), received=float(received[i]), fee_due=float(fee_due[i]),
            fee_received=float(fee_due[i] - short[i]), due_on=due,
            delivered_on=due + timedelta(days=delays[i] - early), paid_on=paid,
            settled_on=settled, progress=1.0, settle_next=None if now else settle[i],
        ))
    rows.sort(key=lambda r: r["signed_on"])
    ym = month.replace("-", "")
    for i, row in enumerate(rows):
        row["contract_id"] = f"HT-{ym}-{i + 1:03d}"
    if HQ_PROJECT["signed_on"] <= last:
        rows.append(dict(HQ_PROJECT, branch=HQ, progress=plan["hq_progress"]))
    return rows


def _carried_over(scale: int) -> list[dict]:
    """January's contracts still open in February: paid late in January, settled in February."""
    rng = random.Random(f"market:2024-01:{scale}")
    plan = PLAN["2024-01"]
    days = workdays("2024-01")
    register = [r for r in REGISTER if r[4] <= month_end("2024-01")]
    rows = _contracts(rng, "2024-01", plan, days, register, ClientNames(rng))
    out = []
    for row in rows:
        if row.get("settle_next"):
            out.append(dict(row, settled_on=row["paid_on"] + timedelta(days=row["settle_next"])))
    return out


def _reviews(rng, plan, days, register) -> list[dict]:
    rows = []
    for tier, (submitted, passed) in plan["reviews"].items():
        branches = [b for b in register if b[3] == tier and b[4] <= days[0]]
        results = [True] * passed + [False] * (submitted - passed)
        rng.shuffle(results)
        for ok in results:
            rows.append(dict(date=rng.choice(days), branch=rng.choice(branches)[0],
                             contract_id=None, passed=ok))
    return sorted(rows, key=lambda r: r["date"])


class ClientNames:
    """Distinct Chinese company names: city + trade name + line of business + 有限公司.

    A city has only len(NAME_CORE) * len(NAME_TRADE) plain names; past a few clashes in a row
    (large `scale`s) a name gets a serial number, so drawing never loops forever.
    """

    TRIES = 30  # never reached at scale 1: its names are drawn exactly as before

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def next(self, city: str) -> str:
        for _ in range(self.TRIES):
            name = (f"{city}{self.rng.choice(NAME_CORE)}{self.rng.choice(NAME_TRADE)}"
                    "有限公司")
            if name not in self.used:
                self.used.add(name)
                return name
        name = name.replace("有限公司", f"{len(self.used) + 1}号有限公司")
        self.used.add(name)
        return name


def split(total: int, weights: list[float], step: int) -> list[int]:
    """`total` in multiples of `step`, proportional to weights; the rounding goes to the largest."""
    scale = total / sum(weights)
    parts = [round(w * scale / step) * step for w in weights]
    parts[parts.index(max(parts))] += total - sum(parts)
    return parts


def month_end(month: str) -> date:
    return (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()


HOLIDAYS_2023 = ({date(2023, 4, 5), date(2023, 6, 22), date(2023, 6, 23)}
                 | {date(2023, 5, d) for d in range(1, 4)} | {date(2023, 9, 29)}
                 | {date(2023, 10, d) for d in range(1, 7)})


def workdays(month: str) -> list[date]:
    """Working days of the month: weekdays, without the 2024 New Year and Spring Festival
    holidays, with the Spring Festival make-up Sundays (4 and 18 February); in 2023 without
    清明, 劳动节, 端午 and 国庆 (history.py's months)."""
    start = pd.Timestamp(month).date()
    holidays = {date(2024, 1, 1)} | {date(2024, 2, d) for d in range(10, 18)} | HOLIDAYS_2023
    makeup = {date(2024, 2, 4), date(2024, 2, 18)}
    out = []
    for i in range((month_end(month) - start).days + 1):
        d = start + timedelta(days=i)
        if (d.weekday() < 5 and d not in holidays) or d in makeup:
            out.append(d)
    return out


