"""Sample SEO data: daily Baidu index counts, weekly keyword ranks, optimisation actions.

Four sites: the company's design institute (lyjzsj.com), its fishing-tackle shop site
(tcyuju.cn), its children's-wear brand site (mengertz.com) and, from its launch on 2024-02-20,
the fishery portal tcyyxxw.com. February lands exactly on the seed's SEO figures: tcyuju.cn
falls to homepage-only indexing, and of five strategy trials two have no effect while backlinks
lift lyjzsj.com by 30 % and do nothing for mengertz.com. Ranks are weekly (Mondays); one rank
path runs through both months, so February's frames replay January's draws first.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pandas as pd

from opsreview.sample.typed import canonical

MONTHS = ("2024-01", "2024-02")
HISTORY: tuple[str, ...] = ()  # the months before (history.py): their own replayed path
HISTORY_START = 1.45  # a year before, the keywords ranked this much lower than in 2024-01
PORTAL = "tcyyxxw.com"
PORTAL_LAUNCH = date(2024, 2, 20)
COLLAPSED = "tcyuju.cn"
COLLAPSE_DAY = date(2024, 2, 13)

NOTES: list[str] = [
    "The seed names no SEO sites; besides tcyyxxw.com the sample invents three the company "
    "optimises: lyjzsj.com (its design institute), tcyuju.cn (its fishing-tackle shop) and "
    "mengertz.com (its children's-wear brand).",
    "Homepage-only indexing: tcyuju.cn drops from about 420 indexed pages to 1 on 13 February "
    "2024 and stays there; it is the month's one index collapse.",
    "The seed's 12 % collapse rate for new sites is an industry figure, not a count; the sample "
    "has one collapsed site of four.",
    "Strategy trials: the seed's 40 % 'no change' share is two of five February trials within "
    "±5 %; backlinks improve lyjzsj.com's mean rank by exactly 30 % (160 → 112 over four "
    "keywords) and move mengertz.com's by +0.5 % (the seed's 'works on site A, nothing on B').",
    "The seed quotes its 40 % from a guide (《2024 SEO实战指南》) rather than from its own "
    "trials; metrics.md makes it the month's figure, so the sample's own trials give it.",
    "scale > 1 adds long-tail keywords to every site and branch sub-sites fzNN.lyjzsj.com "
    "without trials or collapses, so the seed's figures other than keywords, top10_share and "
    "improved_share hold at every scale.",
    "The seed's '30 % ranking improvement' is read as a 30 % lower mean rank of the affected "
    "keywords (relative change −0.30), unranked counting as 101.",
    "Ranks are weekly Monday snapshots; tcyyxxw.com has one snapshot (26 Feb) after its launch.",
    "January has three trials (one improved, two with no effect) so that February's figures "
    "have a previous month to compare with.",
    "The internal-links trial on tcyuju.cn is judged worse: its keywords fell out of the top 100 "
    "with the index collapse, whatever the trial did.",
]

# site -> (index level on 1 Jan, daily growth, keywords: (keyword, base rank, search volume)).
SITES = {
    "lyjzsj.com": (1750, 0.002, (
        ("临沂建筑设计院", 6, 320), ("临沂施工图设计", 20, 140), ("山东建筑设计公司", 38, 480),
        ("临沂规划设计", 12, 90), ("厂房设计", 56, 880), ("别墅设计图纸", 80, 2400),
        ("产业园规划设计", 50, 210), ("临沂装修设计", 104, 260))),
    "tcyuju.cn": (410, 0.001, (
        ("郯城渔具", 2, 40), ("渔具批发", 45, 1300), ("路亚竿推荐", 60, 1900),
        ("鱼线哪个牌子好", 33, 1100), ("台钓竿", 88, 2600), ("渔具店", 25, 720),
        ("鱼饵配方", 95, 3100))),
    "mengertz.com": (960, 0.003, (
        ("女童连衣裙", 72, 5400), ("童装品牌", 86, 4400), ("儿童春装", 42, 2900),
        ("3-6岁女童连衣裙", 10, 480), ("童装批发", 55, 1600), ("儿童汉服", 31, 2200))),
    PORTAL: (0, 0.0, (
        ("郯城渔业", 8, 50), ("渔业信息网", 35, 70), ("赤皮病治疗", 101, 390),
        ("烂鳃病用药", 101, 320), ("鱼病防治", 101, 880), ("水产养殖技术", 101, 1300),
        ("禁渔期规定", 101, 590))),
}
PORTAL_INDEX = (1, 3, 8, 15, 22, 30, 41, 48, 57, 66)  # indexed pages from launch day on

# Actions: (month, site, strategy, [(day, keyword or None, note)]).
ACTIONS = (
    ("2024-01", "lyjzsj.com", "content_update", [
        (date(2024, 1, 10), None, "案例栏目更新12篇"),
        (date(2024, 1, 24), None, "案例栏目更新8篇")]),
    ("2024-01", "tcyuju.cn", "backlinks", [
        (date(2024, 1, 12), "渔具批发", "行业目录提交"),
        (date(2024, 1, 19), "路亚竿推荐", "钓鱼论坛软文")]),
    ("2024-01", "mengertz.com", "title_optimization", [
        (date(2024, 1, 16), "儿童春装", "标题加入季节词"),
        (date(2024, 1, 16), "童装批发", "标题加入地域词")]),
    ("2024-02", "lyjzsj.com", "backlinks", [
        (date(2024, 2, 6), "厂房设计", "建筑行业门户外链"),
        (date(2024, 2, 6), "山东建筑设计公司", "建筑行业门户外链"),
        (date(2024, 2, 20), "产业园规划设计", "地方新闻站软文"),
        (date(2024, 2, 21), "临沂施工图设计", "友情链接交换")]),
    ("2024-02", "lyjzsj.com", "title_optimization", [
        (date(2024, 2, 14), "临沂装修设计", "改写标题与描述"),
        (date(2024, 2, 14), "别墅设计图纸", "改写标题与描述")]),
    ("2024-02", "mengertz.com", "backlinks", [
        (date(2024, 2, 7), "女童连衣裙", "母婴论坛外链"),
        (date(2024, 2, 7), "童装品牌", "母婴论坛外链"),
        (date(2024, 2, 21), "儿童春装", "穿搭博客软文")]),
    ("2024-02", "mengertz.com", "content_update", [
        (date(2024, 2, 19), "3-6岁女童连衣裙", "新品详情页扩写"),
        (date(2024, 2, 19), "童装批发", "批发专题页更新"),
        (date(2024, 2, 22), "儿童汉服", "汉服专题文章")]),
    ("2024-02", "tcyuju.cn", "internal_links", [(date(2024, 2, 8), None, "全站内链调整")]),
)

# Fixed ranks on given snapshots (101 = not ranked), so the February trials land exactly.
ANCHORS = {
    ("tcyuju.cn", "渔具批发"): {date(2024, 1, 8): 47, date(2024, 1, 29): 41},
    ("tcyuju.cn", "路亚竿推荐"): {date(2024, 1, 8): 63, date(2024, 1, 29): 55},
    ("lyjzsj.com", "临沂施工图设计"): {date(2024, 2, 5): 18, date(2024, 2, 26): 12},
    ("lyjzsj.com", "山东建筑设计公司"): {date(2024, 2, 5): 35, date(2024, 2, 26): 24},
    ("lyjzsj.com", "产业园规划设计"): {date(2024, 2, 5): 52, date(2024, 2, 26): 38},
    ("lyjzsj.com", "厂房设计"): {date(2024, 2, 5): 55, date(2024, 2, 26): 38},
    ("lyjzsj.com", "临沂装修设计"): {date(2024, 2, 12): 101, date(2024, 2, 26): 92},
    ("lyjzsj.com", "别墅设计图纸"): {date(2024, 2, 12): 78, date(2024, 2, 26): 70},
    ("mengertz.com", "女童连衣裙"): {date(2024, 2, 5): 70, date(2024, 2, 26): 72},
    ("mengertz.com", "童装品牌"): {date(2024, 2, 5): 85, date(2024, 2, 26): 83},
    ("mengertz.com", "儿童春装"): {date(2024, 2, 5): 40, date(2024, 2, 26): 41},
    ("mengertz.com", "3-6岁女童连衣裙"): {date(2024, 2, 19): 9, date(2024, 2, 26): 9},
    ("mengertz.com", "童装批发"): {date(2024, 2, 19): 55, date(2024, 2, 26): 57},
    ("mengertz.com", "儿童汉服"): {date(2024, 2, 19): 30, date(2024, 2, 26): 31},
}
# Long-tail variants added per keyword when scale > 1.
PREFIXES = ("", "山东", "临沂", "郯城", "济南", "青岛")
SUFFIXES = ("哪家好", "多少钱", "价格", "推荐", "排名", "厂家", "图片", "怎么样")
CITIES = ("济南", "青岛", "烟台", "潍坊", "济宁", "泰安", "淄博", "日照", "枣庄", "德州")
BRANCH_KEYWORDS = ("建筑设计", "施工图设计", "厂房设计", "规划设计院")
SECTIONS = ("news", "case", "product", "zt")


def frames(month: str, scale: int = 1) -> dict[str, pd.DataFrame]:
    """The month's SEO datasets as canonical typed frames; `scale` adds sites and keywords."""
    if month not in MONTHS:
        raise ValueError(f"sample SEO data exists for {', '.join(MONTHS)}, not {month!r}")
    sites = _sites(scale)
    rank_rows: list[dict] = []
    chain = HISTORY if month in HISTORY else tuple(m for m in MONTHS if m not in HISTORY)
    for m in chain[: chain.index(month) + 1]:  # replay January's path before February's
        rng = random.Random(f"seo:{m}:{scale}")
        _ranks(rng, m, sites, rank_rows, HISTORY_START if month in HISTORY else 1.0)
    rows = [r for r in rank_rows if r["date"].strftime("%Y-%m") == month]
    return {
        "seo_index": canonical("seo_index", _index(rng, month, sites)),
        "seo_rankings": canonical("seo_rankings", rows),
        "seo_actions": canonical("seo_actions", [
            dict(date=day, site=site, strategy=strategy, keyword=kw, note=note)
            for m, site, strategy, acts in ACTIONS if m == month for day, kw, note in acts]),
    }


def _sites(scale: int) -> dict[str, tuple]:
    """The four sites, with long-tail keywords and branch sub-sites added for scale > 1."""
    out = {}
    for site, (level, growth, keywords) in SITES.items():
        extra = [(f"{p}{kw}{s}", min(101, base + 15 + 7 * k), max(10, vol // (k + 3)))
                 for k, (p, s) in enumerate(_variants(scale - 1)) for kw, base, vol in keywords]
        out[site] = (level, growth, keywords + tuple(extra))
    for i in range(1, scale):
        city = CITIES[(i - 1) % len(CITIES)]
        keywords = tuple((f"{city}{what}", 20 + 9 * j, 200 - 30 * j)
                         for j, what in enumerate(BRANCH_KEYWORDS))
        out[f"fz{i:02d}.lyjzsj.com"] = (300, 0.002, keywords)
    return out


def _variants(n: int) -> list[tuple[str, str]]:
    """n long-tail (prefix, suffix) pairs: the plain ones first, then numbered rounds of them,
    so the keywords keep growing with `scale` (benchmarks) instead of stopping at 48."""
    plain = [(p, s) for p in PREFIXES for s in SUFFIXES]
    out = plain[:max(n, 0)]
    round_ = 2
    while len(out) < n:
        out += [(p, f"{s}{round_}") for p, s in plain][: n - len(out)]
        round_ += 1
    return out


def snapshots(month: str) -> list[date]:
    """Monday rank snapshots of the month."""
    start = pd.Timestamp(month).date()
    days = [start + timedelta(days=i) for i in range(_days(month))]
    return [d for d in days if d.weekday() == 0]


def _days(month: str) -> int:
    return (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).day


def _ranks(rng: random.Random, month: str, sites: dict, rows: list[dict],
           start: float = 1.0) -> None:
    """Append the month's snapshots; each keyword walks on from its last position (the first
    month from its base rank times START)."""
    last = {(r["site"], r["keyword"]): r["_pos"] for r in rows}
    for day in snapshots(month):
        for site, (_, _, keywords) in sites.items():
            if site == PORTAL and day < PORTAL_LAUNCH:
                continue
            for keyword, base, volume in keywords:
                pos = _next(rng, site, keyword, day,
                            last.get((site, keyword), float(base) * start))
                last[(site, keyword)] = pos
                rank = round(pos)
                rows.append(dict(
                    date=day, site=site, keyword=keyword, engine="baidu",
                    rank=rank if rank <= 100 else None,
                    search_volume=round(volume * rng.uniform(0.85, 1.15)),
                    url=_url(site, keyword, base) if rank <= 100 else None, _pos=pos))


def _next(rng: random.Random, site: str, keyword: str, day: date, pos: float) -> float:
    """Next weekly position: pinned on anchors, heading for the next anchor, else a walk."""
    anchors = ANCHORS.get((site, keyword), {})
    if day in anchors:
        return float(anchors[day])
    if site == COLLAPSED and day > COLLAPSE_DAY:  # homepage only: only the brand term ranks
        return float(rng.choice((1, 2, 3))) if keyword == "郯城渔具" else 101.0
    ahead = sorted(d for d in anchors if d > day)
    if ahead:
        weeks = (ahead[0] - day).days // 7 + 1
        step = (anchors[ahead[0]] - pos) / weeks
        return min(101.0, max(1.0, pos + step + rng.uniform(-1.5, 1.5)))
    return min(101.0, max(1.0, pos * math.exp(rng.gauss(-0.01, 0.08))))


def _url(site: str, keyword: str, base: int) -> str:
    if base <= 3:
        return f"https://www.{site}/"
    section = SECTIONS[sum(map(ord, keyword)) % len(SECTIONS)]
    return f"https://www.{site}/{section}/{sum(map(ord, keyword)) % 9000 + 1000}.html"


def _index(rng: random.Random, month: str, sites: dict) -> list[dict]:
    """Daily indexed pages per site; tcyuju.cn keeps only its homepage from the collapse on."""
    start = pd.Timestamp(month).date()
    rows = []
    for i in range(_days(month)):
        day = start + timedelta(days=i)
        age = (day - date(2024, 1, 1)).days
        for site, (level, growth, _) in sites.items():
            if site == PORTAL:
                if day < PORTAL_LAUNCH:
                    continue
                pages = PORTAL_INDEX[(day - PORTAL_LAUNCH).days]
            elif site == COLLAPSED and day >= COLLAPSE_DAY:
                pages = 1
            else:
                pages = round(level * (1 + growth * age) * rng.uniform(0.985, 1.015))
            rows.append(dict(date=day, site=site, engine="baidu", indexed_pages=pages))
    return rows
