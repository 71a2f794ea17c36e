"""The platforms' exports as downloaded: what each one is, and how the platforms write values.

Beside the catalog (which says what a dataset is), this module says what the platforms hand
an analyst: each export's menu path and the dataset it feeds, what is taken from its file name
or its description lines, the words and marks platforms put in cells, the rows that are not
data, and the context rules (entity, snapshot date, period). The recogniser, the cleaning
step, the loader and data/README.md ("From the platforms") all read these declarations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- values as platforms write them ------------------------------------------------------
# A first cell that makes the row a totals row (wherever the row is), compared case-folded.
TOTALS = frozenset({"合计", "总计", "total", "汇总", "均值", "平均", "当前汇总", "average",
                    "平均值", "总和", "小计", "subtotal"})
# Words that stand for "no figure yet": missing, like an empty cell.
NO_FIGURE = frozenset({"延迟统计", "暂无数据", "-", "--", "—", "暂无", "n/a"})
# Amounts: a currency word after the figure, and multipliers.
CURRENCY_SUFFIXES = ("元", "￥", "¥", "RMB")
MULTIPLIERS = {"万": 1e4, "亿": 1e8}
# A text guard: `="3000123"` (Excel formula guard) or a leading `'` (text prefix).
GUARD = re.compile(r'^="(.*)"$|^\'(.*)$', re.DOTALL)
# A unit in brackets after a header (`首次响应(秒)`): a header no alias names is tried without it.
HEADER_UNIT = re.compile(r"\((秒|s|分钟|分|min|小时|h|元|万元|万|cny|rmb|￥|%|个|次|人|件|天)\)$")


@dataclass(frozen=True)
class SkipRows:
    """Rows of a dataset that are not what it counts: skipped with a notice that counts them."""

    dataset: str
    empty: str  # a column whose empty cell marks such a row
    column: str  # a column whose value marks such a row
    values: tuple[str, ...]
    why: str


SKIP_ROWS = (
    SkipRows("orders", empty="paid_at", column="status", values=("交易关闭", "等待买家付款"),
             why="not paid orders (交易关闭, 等待买家付款 or no payment time)"),
)


@dataclass(frozen=True)
class SplitColumn:
    """A cell that carries two columns: `店铺:昵称` in an agent column also gives the shop."""

    dataset: str
    column: str
    into: str
    separators: str = ":："


SPLITS = (SplitColumn("cs_agents", "agent", "shop"),)

# --- context: what a file says about itself outside its rows ----------------------------
ENTITY_COLUMNS = ("site", "shop")  # taken from context when the file has no such column
# `店铺名称：童装旗舰店`, `站点: tcyyxxw.com` in a description line
NAMED_IN_LINE = {
    "shop": re.compile(r"(?:店铺名称|店铺|shop)\s*[:：]\s*([^\s,，;；()（）]+)", re.IGNORECASE),
    "site": re.compile(r"(?:站点|网站|域名|site)\s*[:：]\s*([^\s,，;；()（）]+)", re.IGNORECASE),
}
DOMAIN_NAME = re.compile(r"(?<![a-z0-9.-])((?:[a-z0-9-]+\.)+[a-z]{2,})(?![a-z0-9-])", re.IGNORECASE)
_SEP = r"[-/._年月]?"
DATE_IN_NAME = re.compile(rf"(?<!\d)(20\d\d){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})日?(?!\d)")
SNAPSHOT_DATE = {"seo_rankings": "date"}  # dataset -> its date column, from the file name
PERIOD_FROM_NAME = frozenset({"cs_agents"})  # per-period rows: the file name's date range


@dataclass(frozen=True)
class Export:
    """One platform export: where to download it, what it feeds, what comes from outside."""

    platform: str
    menu: str
    dataset: str
    formats: str
    file_name: str  # an example of the name it downloads as
    context: str  # what is taken from the file name or description lines
    shop_in_name: re.Pattern | None = None  # the file name's shop, when the platform puts it


EXPORTS = (
    Export("百度统计", "网站概况 / 趋势分析 → 下载 CSV", "site_traffic", "csv (GBK)",
           "tcyyxxw.com_趋势分析_20240401-20240430.csv",
           "per site: the site from the title lines (`郯城渔业信息网(tcyyxxw.com)`) or the "
           "file name; title lines above the header are skipped; 日期 or 时间 first column"),
    Export("百度搜索资源平台", "数据统计 → 索引量 → 下载", "seo_index", "csv, xlsx",
           "tcyyxxw.com_索引量_20240401-20240430.csv",
           "per site: the site from the title lines or the file name; 日期, 索引量"),
    Export("5118 / 爱站 / 站长工具", "关键词排名 → 导出", "seo_rankings", "xlsx, csv",
           "tcyyxxw.com_关键词排名_20240430.xlsx",
           "per site, one snapshot per file: 关键词, 排名, 指数; the snapshot date from the "
           "file name (`_20240430`, or a range's end), else MONTH's last day (with a notice)"),
    Export("生意参谋", "店铺 → 流量 / 取数 → 下载 (店铺整体)", "shop_traffic", "xls, xlsx",
           "【生意参谋平台】店铺整体_童装旗舰店_2024-04-01_2024-04-30.xlsx",
           "per shop: the shop from a description line (`店铺名称：童装旗舰店`) or the file "
           "name; its 4 description lines are skipped; 统计日期, 访客数, 浏览量, 支付金额, "
           "支付买家数",
           shop_in_name=re.compile(r"【生意参谋[^】]*】[^_]+_([^_]+)_")),
    Export("淘宝 / 天猫 卖家中心", "已卖出的宝贝 → 批量导出 → 订单报表", "orders",
           "csv (GBK, every cell quoted), xlsx", "ExportOrderList202405011030.csv",
           "the shop from its 店铺名称 column; unpaid and closed orders (交易关闭, 等待买家付款, "
           "no 订单付款时间) are skipped with a count; `=\"…\"` guards are stripped"),
    Export("千牛 / 赤兔", "客服绩效 → 自定义报表 → 导出", "cs_agents", "xlsx",
           "自定义报表_客服绩效_2024-04-01至2024-04-30.xlsx",
           "one row per agent for the period: the period from the file name's date range "
           "(else MONTH); the shop from a description line, the file name or `店铺:昵称`; the "
           "汇总 and 均值 rows at the bottom are skipped"),
)
