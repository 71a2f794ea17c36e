"""Sample customer-service sessions (千牛 chat export) of the 童装旗舰店 CS group.

February 2024 lands exactly on the seed's service figures; January 2024 is a plausible,
somewhat weaker predecessor. Every count the metrics read (sessions per agent-day, topics,
conversions, resolutions, high-risk buyers, ratings, handling time) is fixed by PLAN; rows are
then drawn one by one from a seeded random.Random, so the same (month, scale) always gives the
same frame. `scale` replicates the chat rota (agents 小桃2, 小桃3, …), so every rate and the
per-agent-day figures stay on the seed at any scale. Buyer nicks, phones and messages are fake.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta

import pandas as pd

from opsreview.sample.campaigns import Nicks, incidents_plan, windows
from opsreview.sample.typed import columnar

MONTHS = ("2024-01", "2024-02")

NOTES: list[str] = [
    "Sessions per agent-day: the seed's 85 is per agent; the sample's chat duty is a rota of "
    "the group's 5 people (3 sales agents 小桃/小鱼/阿楠, order handler 周周, after-sales "
    "陈姐), 1 to 3 of them on chat a day: 40 agent-days and 3,400 sessions in February "
    "(85.0 exactly). The busiest agent-day is 小桃's 150 sessions on 20 February, "
    "the first 聚划算 day.",
    "Routine topics: the seed's 25 freight + 18 tracking + 12 promotion questions a day (55) "
    "exceed routine's 40 % of 85 (34). The category shares win: 1,360 routine sessions, of which "
    "435 are stock queries (15 per day over 29 days) and the other 925 are split 25:18:12 "
    "(420 freight, 303 tracking, 202 promotion).",
    "Stock queries: the seed's 15 a day at 1 minute each cannot take 17 % of agent time when 85 "
    "sessions per agent-day average 3 minutes (15 min of 255 is 6 % even per agent). The counts "
    "decide: 435 stock queries of exactly 60 s mean, 4.3 % of all handling time.",
    "Recommendations: 850 sessions (25 %), 450 bestseller-led of which 135 convert (30 %) and "
    "400 need-based of which 180 convert (45 %).",
    "Disputes: 680 sessions (20 %) split 8:6:3 as the seed's daily counts (320 shipping delay, "
    "240 stuck parcels, 120 damaged). 88 % of 680 is not a whole count: 598 are resolved "
    "(87.9 %); of the 82 unresolved, 57 are for logistics (69.5 %, the seed's 70 %).",
    "Disputes of high-risk buyers: the seed says 25 % of shaking buyers raise a dispute against "
    "a 12 % mean, but disputes are 20 % of all sessions; the sample keeps the 25 % (3 of 12) and "
    "the category share, so the 12 % mean is not reproduced.",
    "High-risk buyers: 12 sessions with 3 or more window shakes, all rated, 6 satisfied (50 %); "
    "of the other sessions 1,360 are rated and 1,156 satisfied (85 %). Satisfied = 4 or 5 stars.",
    "Emergencies: 510 sessions (15 %) of topic activity_bug, mostly in the hours after the "
    "month's campaign incidents (campaign_incidents.csv); the seed's '4 emergencies' are those "
    "incidents, not sessions.",
    "Handling time: exactly 180 s per session on average (3.0 min); first responses average "
    "well under 60 s (the industry's 75 s).",
    "January: 44 agent-days, 3,432 sessions (78 per agent-day), peak 138, slower first "
    "responses, weaker conversions and dispute resolution than February.",
    "On chat each month are the 客服组's people of that month's team sheet (the first of "
    "AGENTS): 4 in January (陈姐, after-sales, joins in February), 3 or 4 in 2023, so the "
    "team sheet and the agents in the chat data agree.",
]

# The group: (nick, role, speed of first response: mean seconds at an ordinary load).
AGENTS = (("小桃", "sales", 34.0), ("小鱼", "sales", 40.0), ("阿楠", "sales", 48.0),
          ("周周", "orders", 44.0), ("陈姐", "after_sales", 38.0))
ROLE_LOAD = {"sales": 1.0, "orders": 0.9, "after_sales": 0.85}

TOPIC_CATEGORY = {
    "freight": "routine", "tracking": "routine", "promotion": "routine", "stock_query": "routine",
    "bestseller_reco": "recommendation", "need_reco": "recommendation",
    "shipping_delay": "dispute", "logistics_stuck": "dispute", "damaged": "dispute",
    "activity_bug": "emergency",
}
# Order of assignment: peaked topics first, the most common last (it takes what is left).
TOPIC_ORDER = ("activity_bug", "shipping_delay", "logistics_stuck", "damaged", "need_reco",
               "bestseller_reco", "promotion", "stock_query", "tracking", "freight")
HANDLE_BASE = {"freight": 95, "tracking": 130, "promotion": 150, "stock_query": 60,
               "bestseller_reco": 260, "need_reco": 300, "shipping_delay": 330,
               "logistics_stuck": 360, "damaged": 420, "activity_bug": 190}
CONVERT_ODDS = {"promotion": 0.35, "stock_query": 0.2, "freight": 0.12}
# Chat volume by hour (8:00-23:59): a late-morning bump, a lunch dip, the evening peak.
HOURS = tuple(range(8, 24))
HOUR_WEIGHTS = (2, 5, 8, 9, 6, 5, 7, 7, 6, 6, 7, 8, 11, 13, 12, 7)

PLAN = {
    "2024-02": dict(
        # (first day, last day, agents on chat)
        rota=((1, 4, 2), (5, 19, 1), (20, 22, 3), (23, 23, 1), (24, 24, 2), (25, 29, 1)),
        sessions=3400, peak=(20, "小桃", 150),
        topics=dict(freight=420, tracking=303, promotion=202, stock_query=435,
                    bestseller_reco=450, need_reco=400, shipping_delay=320,
                    logistics_stuck=240, damaged=120, activity_bug=510),
        converted=dict(bestseller_reco=135, need_reco=180),
        dispute_resolved=598, unresolved=dict(logistics=57, product=15, policy=6, other=4),
        high_risk=(12, 3, 12, 6),  # sessions, of them disputes, rated, satisfied
        others_rated=(1360, 1156), handle_mean=180, stock_handle_mean=60, speed=1.0,
        courier_pause=(5, 18),
    ),
    "2024-01": dict(
        rota=((1, 3, 2), (4, 12, 1), (13, 14, 2), (15, 19, 1), (20, 26, 2), (27, 27, 2),
              (28, 31, 1)),
        sessions=3432, peak=(1, "小桃", 138),
        topics=dict(freight=560, tracking=380, promotion=218, stock_query=558,
                    bestseller_reco=500, need_reco=397, shipping_delay=330,
                    logistics_stuck=230, damaged=142, activity_bug=117),
        converted=dict(bestseller_reco=135, need_reco=163),
        dispute_resolved=590, unresolved=dict(logistics=70, product=24, policy=12, other=6),
        high_risk=(9, 2, 9, 4), others_rated=(1300, 1053), handle_mean=200,
        stock_handle_mean=65, speed=1.4, courier_pause=None, on_chat=4,
    ),
}

MESSAGES = {
    "freight": ("包邮吗？", "寄到新疆要加运费吗", "有运费险吗", "两件一起拍运费怎么算",
                "偏远地区包邮吗"),
    "tracking": ("我的快递到哪了", "发的什么快递呀", "单号发我一下", "今天能到吗",
                 "显示派送中但是没收到"),
    "promotion": ("满减怎么算的", "优惠券在哪里领", "活动什么时候结束", "能和店铺券一起用吗",
                  "聚划算什么时候开始"),
    "stock_query": ("这款130码还有吗", "粉色还有货吗", "什么时候补货", "110码没有了吗",
                    "这个还有现货吗"),
    "bestseller_reco": ("哪款卖得最好", "推荐一款销量高的连衣裙", "店里爆款是哪个",
                        "大家都买哪件"),
    "need_reco": ("5岁女孩穿什么码合适", "有适合春天穿的外套吗", "孩子怕冷选哪款",
                  "身高120体重45斤拍哪个码", "有没有适合上学穿的"),
    "shipping_delay": ("拍了三天了还没发货", "年前能发货吗", "怎么还不发货", "说好48小时发货的",
                       "什么时候能发出来"),
    "logistics_stuck": ("物流好几天不动了", "快递一直在中转站", "物流信息不更新了",
                        "是不是丢件了"),
    "damaged": ("收到衣服开线了", "拉链坏了", "衣服上有污渍", "包装破了少了一件"),
    "activity_bug": ("优惠券用不了", "页面价格和结算价格不一样", "满减没有减", "领券显示已失效",
                     "活动价怎么没了"),
}


def frames(month: str, scale: int = 1) -> dict[str, pd.DataFrame]:
    """The month's cs_sessions as a canonical typed frame; `scale` replicates the rota."""
    if month not in PLAN:
        raise ValueError(f"sample service data exists for {', '.join(MONTHS)}, not {month!r}")
    rng = random.Random(f"service:{month}:{scale}")
    plan = PLAN[month]
    agent_days = _agent_days(rng, month, plan, scale)
    days = [d for d, _, n in agent_days for _ in range(n)]
    agents = [a for _, a, n in agent_days for _ in range(n)]
    topics = _topics(rng, month, plan, days, scale)
    n = len(days)
    cols = _outcomes(rng, plan, topics, scale)
    load = {(d, a): k for d, a, k in agent_days}
    speed = {name: s for name, _, s in AGENTS}
    bursts = _bursts(month)
    names = Nicks(rng, max(50, int(n * 0.75)))
    started, first, message, customer, phone = [], [], [], [], []
    for i in range(n):
        day, topic, agent = days[i], topics[i], agents[i]
        started.append(_start(rng, day, topic, bursts))
        base = speed[agent.rstrip("0123456789")] * plan["speed"]
        busy = math.sqrt(load[(day, agent)] / 85)
        first.append(float(max(3, round(base * busy * rng.lognormvariate(-0.18, 0.6)))))
        customer.append(names.pick())
        phone.append(_phone(rng) if rng.random() < 0.3 else None)
        message.append(rng.choice(MESSAGES[topic]) if rng.random() < 0.85 else None)
    order = sorted(range(n), key=lambda i: (started[i], agents[i]))
    cols.update(started_at=started, agent=agents, customer=customer, phone=phone,
                category=[TOPIC_CATEGORY[t] for t in topics], topic=topics,
                first_response_seconds=first, message=message)
    cols = {k: [v[i] for i in order] for k, v in cols.items()}
    ym = month.replace("-", "")
    cols["session_id"] = [f"QN{ym}{i + 1:07d}" for i in range(n)]
    return {"cs_sessions": columnar("cs_sessions", cols, n)}


# --- who is on chat, and how busy ------------------------------------------------------------
def _agent_days(rng, month, plan, scale) -> list[tuple[date, str, int]]:
    """(date, agent, sessions) per agent-day; the totals and the peak are the plan's, exactly."""
    start = pd.Timestamp(month).date()
    crew = AGENTS[:plan.get("on_chat", len(AGENTS))]  # the month's 客服组 (team sheet)
    rota, turn = [], 0
    for first, last, k in plan["rota"]:
        for d in range(first, last + 1):
            day = date(start.year, start.month, d)
            if (day.day, "小桃") == plan["peak"][:2]:
                on = ["小桃"] + [a[0] for a in crew[1:k]]
            else:
                on = [crew[(turn + j) % len(crew)][0] for j in range(k)]
                turn += k
            rota += [(day, agent) for agent in on]
    peak_day, peak_agent, peak = plan["peak"]
    busy = _busy_days(month)
    weights = [busy.get(d, 1.0) * (1.1 if d.weekday() >= 5 else 1.0)
               * ROLE_LOAD[_role(a)] * rng.uniform(0.9, 1.1) for d, a in rota]
    is_peak = [(d.day, a) == (peak_day, peak_agent) for d, a in rota]
    counts = _apportion(plan["sessions"] - peak, [0 if p else w for w, p in
                                                  zip(weights, is_peak, strict=True)])
    counts = [peak if p else c for c, p in zip(counts, is_peak, strict=True)]
    assert max(c for c, p in zip(counts, is_peak, strict=True) if not p) < peak
    out = []
    for copy in range(scale):
        suffix = "" if copy == 0 else str(copy + 1)
        out += [(d, a + suffix, c) for (d, a), c in zip(rota, counts, strict=True)]
    return out


def _role(agent: str) -> str:
    return next(role for name, role, _ in AGENTS if name == agent)


def _busy_days(month: str) -> dict[date, float]:
    """Load factor by date: campaign days are busy, the Spring Festival is quiet."""
    out = {}
    for kind, start, end in windows(month):
        factor = {"platform_deal": 1.45, "full_reduction": 1.3}.get(kind, 1.12)
        for d in pd.date_range(start.normalize(), end.normalize()):
            out[d.date()] = max(out.get(d.date(), 1.0), factor)
    if month == "2024-02":
        for d in range(9, 18):
            out[date(2024, 2, d)] = 0.75
    return out


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Whole counts proportional to weights summing to total (largest remainder)."""
    raw = [w * total / sum(weights) for w in weights]
    counts = [math.floor(r) for r in raw]
    by_rest = sorted(range(len(raw)), key=lambda i: counts[i] - raw[i])
    for i in by_rest[:total - sum(counts)]:
        counts[i] += 1
    return counts


# --- what each session is about -----------------------------------------------------------------
def _topics(rng, month, plan, days, scale) -> list[str]:
    """Topic per session: exact totals, placed on the days where each topic is likely."""
    weight = _topic_weights(month, plan)
    free = list(range(len(days)))
    topics: list[str | None] = [None] * len(days)
    for topic in TOPIC_ORDER:
        n = plan["topics"][topic] * scale
        chosen = _pick(rng, free, n, lambda i, t=topic: weight(t, days[i]))
        for i in chosen:
            topics[i] = topic
        taken = set(chosen)
        free = [i for i in free if i not in taken]
    assert not free
    return topics


def _topic_weights(month, plan):
    incident_days = {d.date() for d, _ in _bursts(month)}
    campaign = set(_busy_days(month))
    pause = plan["courier_pause"]

    def weight(topic: str, day: date) -> float:
        paused = pause is not None and pause[0] <= day.day <= pause[1]
        if topic == "activity_bug":
            return 40.0 if day in incident_days else 2.0 if day in campaign else 0.2
        if topic in ("shipping_delay", "logistics_stuck"):
            return 4.0 if paused else 1.0
        if topic == "tracking":
            return 1.6 if paused else 1.0
        if topic in ("promotion", "bestseller_reco", "need_reco"):
            return 2.2 if day in campaign else 0.8
        return 1.0
    return weight


def _pick(rng, pool: list[int], n: int, weight) -> list[int]:
    """n items of pool, sampled without replacement with the given weights (Efraimidis-Spirakis)."""
    if n == 0:
        return []
    keys = [(math.log(1.0 - rng.random()) / weight(i), i) for i in pool]
    keys.sort(reverse=True)
    return [i for _, i in keys[:n]]


# --- outcomes: resolution, conversion, ratings, shakes, handling time ---------------------------
def _outcomes(rng, plan, topics, scale) -> dict[str, list]:
    n = len(topics)
    by_topic: dict[str, list[int]] = {}
    for i, t in enumerate(topics):
        by_topic.setdefault(t, []).append(i)
    disputes = [i for i in range(n) if TOPIC_CATEGORY[topics[i]] == "dispute"]

    converted = [False] * n
    for topic, k in plan["converted"].items():
        for i in rng.sample(by_topic[topic], k * scale):
            converted[i] = True
    for topic, odds in CONVERT_ODDS.items():
        for i in by_topic[topic]:
            converted[i] = rng.random() < odds

    resolved = [True] * n
    reason: list[str | None] = [None] * n
    unresolved_n = len(disputes) - plan["dispute_resolved"] * scale
    stuck = {"logistics_stuck": 3.0, "shipping_delay": 2.0, "damaged": 1.0}
    open_disputes = _pick(rng, disputes, unresolved_n, lambda i: stuck[topics[i]])
    left = list(open_disputes)
    reason_weight = {"logistics": lambda t: 0.05 if t == "damaged" else 5.0,
                     "product": lambda t: 5.0 if t == "damaged" else 0.05,
                     "policy": lambda t: 1.0, "other": lambda t: 1.0}
    for code, k in plan["unresolved"].items():
        chosen = set(_pick(rng, left, k * scale, lambda i, w=reason_weight[code]: w(topics[i])))
        for i in chosen:
            resolved[i], reason[i] = False, code
        left = [i for i in left if i not in chosen]
    assert not left
    for t in ("freight", "tracking", "promotion", "stock_query"):
        for i in by_topic[t]:
            if rng.random() < 0.05:
                resolved[i], reason[i] = False, rng.choice(("policy", "other"))

    risky_n, risky_disputes, risky_rated, risky_happy = (k * scale for k in plan["high_risk"])
    calm = [i for i in range(n) if TOPIC_CATEGORY[topics[i]] != "dispute"]
    risky = rng.sample(disputes, risky_disputes) + rng.sample(calm, risky_n - risky_disputes)
    shakes = [rng.choices((0, 1, 2), (85, 10, 5))[0] for _ in range(n)]
    for i in risky:
        shakes[i] = rng.randint(3, 8)
    risky_set = set(risky)
    others = [i for i in range(n) if i not in risky_set]

    satisfaction: list[int | None] = [None] * n
    rated_n, happy_n = (k * scale for k in plan["others_rated"])
    _rate(rng, rng.sample(risky, risky_rated), risky_happy, satisfaction, resolved)
    _rate(rng, rng.sample(others, rated_n), happy_n, satisfaction, resolved)

    handle = _handle(rng, plan, topics)
    return dict(resolved=resolved, converted=converted, satisfaction=satisfaction,
                shake_count=shakes, unresolved_reason=reason, handle_seconds=handle)


def _rate(rng, rated: list[int], happy: int, satisfaction: list, resolved: list) -> None:
    """Stars for the rated sessions: exactly `happy` of them 4 or 5; unresolved ones rate low."""
    unhappy = set(_pick(rng, rated, len(rated) - happy, lambda i: 1.0 if resolved[i] else 8.0))
    for i in rated:
        satisfaction[i] = (rng.choices((1, 2, 3), (2, 3, 5))[0] if i in unhappy
                           else rng.choices((4, 5), (3, 7))[0])


def _handle(rng, plan, topics) -> list[float]:
    """Handling seconds: stock queries average stock_handle_mean, all sessions handle_mean."""
    stock = [i for i, t in enumerate(topics) if t == "stock_query"]
    rest = [i for i, t in enumerate(topics) if t != "stock_query"]
    out = [0] * len(topics)
    for i in stock:
        out[i] = rng.randint(30, 90)
    for i in rest:
        out[i] = HANDLE_BASE[topics[i]] * rng.lognormvariate(0, 0.45)
    stock_total = plan["stock_handle_mean"] * len(stock)
    _fix_total(out, stock, stock_total)
    _fix_total(out, rest, plan["handle_mean"] * len(topics) - stock_total)
    return [float(v) for v in out]


def _fix_total(values: list, idx: list[int], total: int) -> None:
    """Scale values[idx] to whole seconds (at least 10) that sum to total exactly."""
    factor = total / sum(values[i] for i in idx)
    for i in idx:
        values[i] = max(10, round(values[i] * factor))
    gap = total - sum(values[i] for i in idx)
    step = 1 if gap > 0 else -1
    k = 0
    while gap:
        i = idx[k % len(idx)]
        if values[i] + step >= 10:
            values[i] += step
            gap -= step
        k += 1


# --- when -----------------------------------------------------------------------------------
def _bursts(month: str) -> list[tuple[pd.Timestamp, str]]:
    """Campaign incidents of the month: buyers flood the chat right after each."""
    return [(pd.Timestamp(detected), kind) for kind, _, detected, *_ in incidents_plan(month)]


def _start(rng, day: date, topic: str, bursts) -> datetime:
    if topic == "activity_bug":
        near = [t for t, _ in bursts if t.date() == day]
        if near and rng.random() < 0.8:
            t = rng.choice(near) + timedelta(minutes=rng.expovariate(1 / 35))
            if t.date() == day:
                return t.to_pydatetime().replace(microsecond=0)
    hour = rng.choices(HOURS, HOUR_WEIGHTS)[0]
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))


def _phone(rng: random.Random) -> str:
    """A fake mobile number: 13x/15x/18x, then 0000, then four digits."""
    return f"1{rng.choice('358')}{rng.randrange(10)}0000{rng.randrange(10000):04d}"
