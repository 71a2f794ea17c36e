"""Sample data of the fishery information site 郯城渔业信息网 (tcyyxxw.com).

The site went live on 2024-02-20 (config/entities.yml), so January has no site files at all
and February holds ten live days. February lands exactly on the seed's site figures; rows are
drawn one by one from a seeded random.Random, so the same (month, scale) gives the same frames.
`scale` adds sub-sites with the same shape (benchmarks); the main site's figures do not move.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pandas as pd

from opsreview.sample.market import split
from opsreview.sample.typed import canonical

MONTHS = ("2024-01", "2024-02")
SITE = "tcyyxxw.com"
LAUNCH = date(2024, 2, 20)
LAST = date(2024, 2, 29)

NOTES: list[str] = [
    "January 2024 has no site files: the site went live on 2024-02-20, so the site report for "
    "January says 'no data'.",
    "First week: the seed's 320 UV/day is 'daily visits' (访问量 … 人次); the sample reads it as "
    "Baidu Tongji UV, averaged over 20–26 February (2,240 UV in 7 days), 18.5 % over 270.",
    "Articles: 2 a day over the 10 live days (20 articles); days before launch are not counted.",
    "Core-topic coverage: the seed gives only 40 %; the content plan has 5 topics in each core "
    "column (渔业技术推广, 渔政监督管理), of which 4 of 10 have an article by 29 February.",
    "Timeouts: the seed's '2 server response timeouts, 120 min on average' are two incidents of "
    "kind timeout lasting 95 and 145 minutes, on different days: records that overlap in time "
    "are one outage to the figures, so two that overlapped would count once.",
    "Other faults: the seed's 90 % resolution rate for common faults (404, database connection) "
    "is 9 of 10 incidents of every other kind; the open one is a CC attack, which the seed names "
    "as beyond the operator's skills.",
    "Consultation accuracy: 28 of 40 reviewed answers are accurate (70 %); 10 of the 12 wrong "
    "ones are 赤皮病 / 烂鳃病 questions in the diagnosis and medication modules. 6 questions of "
    "the last two days are not yet reviewed.",
    "Load time: the seed's 5 s → 2.5 s (after the visual overhaul) is the mean page load time of "
    "the first three (20–22 Feb) and the last three (27–29 Feb) live days.",
    "scale > 1 adds sub-sites zzNN.tcyyxxw.com shaped like the main site; the site figures "
    "follow the configured site tcyyxxw.com, so they stay on the seed at every scale.",
    "Consultations, incidents and articles all start on the launch day: the seed gives no "
    "pre-launch activity.",
]

CORE_COLUMNS = ("渔业技术推广", "渔政监督管理")

# The content plan: column -> topics. Core columns are those of config/entities.yml.
PLAN = {
    "渔业技术推广": ("春季放苗技术", "增氧机科学使用", "稻渔综合种养", "池塘尾水治理",
                 "水产良种推广"),
    "渔政监督管理": ("禁渔期制度解读", "养殖证办理指南", "渔船安全检查", "水产品质量安全抽检",
                 "非法捕捞举报"),
    "鱼病防治": ("赤皮病防治", "烂鳃病防治", "水霉病防治", "车轮虫病防治", "肠炎病防治"),
    "水产养殖": ("草鱼池塘养殖", "南美白对虾养殖", "稻田小龙虾养殖", "池塘水质调控"),
    "渔业新闻": ("本地渔业动态", "水产品市场行情"),
}

# The 20 articles of February: (column, topic or None, title). The first is the launch notice.
ARTICLES = (
    ("渔业新闻", None, "郯城渔业信息网正式上线运行"),
    ("渔业技术推广", "春季放苗技术", "春季鱼苗放养前要做好的五项准备"),
    ("渔业技术推广", "春季放苗技术", "郯城县春季水产苗种放养技术要点"),
    ("渔业技术推广", "增氧机科学使用", "增氧机什么时候开？科学使用增氧机的三个时段"),
    ("渔政监督管理", "禁渔期制度解读", "2024年内陆河流禁渔期制度解读"),
    ("渔政监督管理", "禁渔期制度解读", "沂河、沭河禁渔期间哪些行为属于违法捕捞"),
    ("渔政监督管理", "养殖证办理指南", "水域滩涂养殖证办理流程及所需材料"),
    ("鱼病防治", "赤皮病防治", "草鱼赤皮病的症状识别与防治方法"),
    ("鱼病防治", "烂鳃病防治", "细菌性烂鳃病与寄生虫性烂鳃病的区别"),
    ("鱼病防治", "水霉病防治", "早春低温期水霉病的预防要点"),
    ("鱼病防治", "车轮虫病防治", "鱼苗车轮虫病的镜检诊断与用药"),
    ("鱼病防治", "赤皮病防治", "赤皮病用药误区：这几种做法要避免"),
    ("水产养殖", "草鱼池塘养殖", "草鱼池塘精养的投喂管理"),
    ("水产养殖", "南美白对虾养殖", "南美白对虾大棚标粗技术"),
    ("水产养殖", "稻田小龙虾养殖", "稻田小龙虾春季管理要点"),
    ("水产养殖", "池塘水质调控", "早春池塘水质调控的四个关键"),
    ("水产养殖", "草鱼池塘养殖", "草鱼越冬后开食时机的把握"),
    ("渔业新闻", "本地渔业动态", "郯城县召开2024年渔业生产工作会议"),
    ("渔业新闻", "水产品市场行情", "春节后水产品市场行情分析"),
    ("渔业新闻", "本地渔业动态", "临沂市水产养殖技术培训班在郯城举办"),
)
AUTHORS = ("王磊", "网站编辑部", "县水产站")

# Incidents: (kind, minutes to recover or None = still open, note).
INCIDENTS = (
    ("timeout", 95, "虚拟主机CPU占满，页面响应超时"),
    ("timeout", 145, "服务器响应超时，联系主机商重启"),
    ("not_found", 15, "栏目链接错误导致404"),
    ("not_found", 22, "图片路径错误导致404"),
    ("not_found", 9, "旧测试页面被收录后404"),
    ("not_found", 31, "文章URL改动后404"),
    ("db_connection", 40, "数据库连接数超限"),
    ("db_connection", 26, "数据库密码修改后连接失败"),
    ("db_connection", 55, "MySQL服务异常停止"),
    ("cc_attack", None, "CC攻击，已开启防护，仍有间歇性访问异常"),
    ("other", 18, "后台上传图片失败"),
    ("other", 35, "SSL证书配置错误"),
)

# Consultations: (topic, module, accurate) with counts; accurate None = not yet reviewed.
CONSULTATIONS = (
    ("赤皮病", "diagnosis", False, 3), ("赤皮病", "medication", False, 2),
    ("烂鳃病", "diagnosis", False, 2), ("烂鳃病", "medication", False, 3),
    ("水霉病", "medication", False, 1), ("肠炎病", "diagnosis", False, 1),
    ("赤皮病", "diagnosis", True, 1), ("赤皮病", "farming", True, 1),
    ("烂鳃病", "diagnosis", True, 1), ("烂鳃病", "farming", True, 1),
    ("水霉病", "diagnosis", True, 2), ("水霉病", "medication", True, 2),
    ("肠炎病", "medication", True, 2), ("车轮虫病", "diagnosis", True, 2),
    ("车轮虫病", "medication", True, 1), ("池塘水质", "farming", True, 5),
    ("投喂管理", "farming", True, 4), ("鱼苗放养", "farming", True, 3),
    ("养殖证办理", "other", True, 2), ("禁渔期", "other", True, 1),
    ("赤皮病", "medication", None, 1), ("烂鳃病", "diagnosis", None, 1),
    ("池塘水质", "farming", None, 2), ("水霉病", "medication", None, 1),
    ("养殖证办理", "other", None, 1),
)
ASK_HOURS = (6, 7, 7, 8, 9, 11, 12, 13, 18, 19, 20, 20, 21)  # farmers ask early and late


def frames(month: str, scale: int = 1) -> dict[str, pd.DataFrame]:
    """The month's site datasets as canonical typed frames; {} before the site existed."""
    if month > MONTHS[-1]:
        raise ValueError(f"sample site data exists for {', '.join(MONTHS)}, not {month!r}")
    if month < f"{LAUNCH:%Y-%m}":
        return {}
    rng = random.Random(f"site:{month}:{scale}")
    sites = [SITE] + [f"zz{i:02d}.{SITE}" for i in range(1, scale)]
    rows: dict[str, list[dict]] = {name: [] for name in (
        "site_traffic", "site_articles", "site_topic_plan", "site_incidents",
        "site_consultations")}
    for site in sites:
        rows["site_traffic"] += _traffic(rng, site)
        rows["site_articles"] += _articles(rng, site)
        rows["site_topic_plan"] += [dict(site=site, column=column, topic=topic,
                                         core=column in CORE_COLUMNS)
                                    for column, topics in PLAN.items() for topic in topics]
        rows["site_incidents"] += _incidents(rng, site)
        rows["site_consultations"] += _consultations(rng, site)
    return {name: canonical(name, found) for name, found in rows.items()}


def live_days() -> list[date]:
    return [LAUNCH + timedelta(days=i) for i in range((LAST - LAUNCH).days + 1)]


def _traffic(rng: random.Random, site: str) -> list[dict]:
    """Ten live days: 2,240 UV in the first week, growing after; load time 5.0 s → 2.5 s."""
    days = live_days()
    week = [rng.uniform(0.9, 1.1) * (0.85 if d.weekday() >= 5 else 1.0) for d in days[:7]]
    uvs = split(2240, week, 1) + [round(320 * rng.uniform(1.04, 1.14)) for _ in days[7:]]
    loads = _loads(rng, len(days))
    rows = []
    for i, (day, uv) in enumerate(zip(days, uvs, strict=True)):
        visits = round(uv * rng.uniform(1.15, 1.3))
        rows.append(dict(
            date=day, site=site, uv=uv, pv=round(uv * rng.uniform(2.6, 3.4)),
            ip=round(uv * rng.uniform(0.9, 0.97)), visits=visits,
            bounce_rate=round(rng.uniform(0.48, 0.62), 4),
            avg_visit_seconds=float(rng.randint(95, 210)), avg_load_seconds=loads[i],
            search_visits=round(visits * (0.08 + 0.025 * i) * rng.uniform(0.9, 1.1)),
        ))
    return rows


def _loads(rng: random.Random, n: int) -> list[float]:
    """Daily mean load seconds: the first three average 5.0, the last three 2.5."""
    def three(mean: float, spread: float) -> list[float]:
        a, b = (round(mean + rng.uniform(-spread, spread), 2) for _ in range(2))
        return [a, b, round(3 * mean - a - b, 2)]

    middle = [round(4.6 - (4.6 - 2.8) * (i + 1) / (n - 5) + rng.uniform(-0.1, 0.1), 2)
              for i in range(n - 6)]
    return three(5.0, 0.3) + middle + three(2.5, 0.15)


def _articles(rng: random.Random, site: str) -> list[dict]:
    """Two articles a day at office hours; the launch notice first."""
    order = [ARTICLES[0]] + rng.sample(ARTICLES[1:], len(ARTICLES) - 1)
    rows = []
    for i, (column, topic, title) in enumerate(order):
        day = LAUNCH + timedelta(days=i // 2)
        hour = rng.choice((8, 9, 10, 11)) if i % 2 == 0 else rng.choice((14, 15, 16, 17))
        rows.append(dict(published_at=_at(day, hour, rng.randint(0, 59)), site=site,
                         column=column, topic=topic, title=title, author=rng.choice(AUTHORS)))
    return rows


def _incidents(rng: random.Random, site: str) -> list[dict]:
    rows = []
    for kind, minutes, note in INCIDENTS:
        if minutes is None:  # the open one is recent
            start = _at(LAST - timedelta(days=1), rng.randint(19, 22), rng.randint(0, 59))
        else:
            start = _at(rng.choice(live_days()), rng.randint(0, 23), rng.randint(0, 59))
        if kind == "timeout":
            start = _apart(start, minutes, [r for r in rows if r["kind"] == kind])
        end = None if minutes is None else start + timedelta(minutes=minutes)
        rows.append(dict(site=site, started_at=start, resolved_at=end, kind=kind, note=note))
    return sorted(rows, key=lambda r: r["started_at"])


def _apart(start: datetime, minutes: int, placed: list[dict]) -> datetime:
    """`start`, moved a day at a time (back, else forward, within the live days) until the
    timeout no longer overlaps one already placed: the seed's two timeouts are two outages."""
    def clear(at: datetime) -> bool:
        end = at + timedelta(minutes=minutes)
        return all(end <= r["started_at"] or at >= r["resolved_at"] for r in placed)

    days = live_days()
    for step in (0, *range(-1, -len(days), -1), *range(1, len(days))):
        at = start + timedelta(days=step)
        if at.date() in days and clear(at):
            return at
    raise ValueError("no live day leaves the sample's timeouts apart")


def _consultations(rng: random.Random, site: str) -> list[dict]:
    """Questions from fish farmers; the unreviewed ones are those of the last two days."""
    rows = []
    for topic, module, accurate, count in CONSULTATIONS:
        for _ in range(count):
            days = live_days()[-2:] if accurate is None else live_days()[:-2]
            asked = _at(rng.choice(days), rng.choice(ASK_HOURS), rng.randint(0, 59))
            answered = asked + timedelta(minutes=rng.randint(12, 300))
            rows.append(dict(site=site, asked_at=asked, topic=topic, module=module,
                             answered_at=answered, accurate=accurate))
    return sorted(rows, key=lambda r: r["asked_at"])


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)
