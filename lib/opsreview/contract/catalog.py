"""The dataset catalog: every input file of the data contract, declared once.

The loader, the validator, data/README.md and the sample generator all read these
declarations, so a column, alias, enum label or rule is written here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Column types of the contract. Each maps to one parser in opsreview.ingest.parsing.
TYPES = ("date", "datetime", "int", "num", "rate", "bool", "str", "seconds", "enum", "rank")

# Month rules for a dataset's event date (its first date column).
IN_MONTH = "in_month"  # must lie in MONTH
UP_TO_MONTH = "up_to_month"  # may lie before MONTH, never after it
SAME_YEAR = "same_year"  # in MONTH's year, up to MONTH's last day


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    enum: tuple[tuple[str, str], ...] = ()  # (code, Chinese label)
    default: str | None = None  # enum code used when the column is absent or empty
    min: float | None = None
    max: float | None = None
    not_before: str | None = None  # a later date column: never before this column of its row
    pii: bool = False  # personal data: never shown in a report
    percent: bool = False  # a num column that also takes a rate: `25%` reads as 0.25
    free_text: bool = False  # typed freely by people, untrusted: never quoted in a message
    doc: str = ""

    def __post_init__(self) -> None:
        assert self.type in TYPES, self.type
        assert (self.type == "enum") == bool(self.enum), self.name

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.enum)

    @property
    def labels(self) -> dict[str, str]:
        """Enum code -> Chinese label."""
        return dict(self.enum)

    @property
    def private(self) -> bool:
        """Whether error messages may quote its cells: never personal data nor free text."""
        return self.pii or self.free_text

    @property
    def nullable(self) -> bool:
        """Whether a present column may hold empty cells."""
        return not self.required or self.type == "rank" or self.default is not None

    @property
    def lower_bound(self) -> float | None:
        if self.min is not None:
            return self.min
        return 0 if self.type in ("int", "num", "seconds") else None


@dataclass(frozen=True)
class Dataset:
    name: str
    domain: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # unique together
    event_date: str | None = None
    month_rule: str | None = None
    notes: tuple[str, ...] = field(default=())
    # its rows are a daily series (a day's traffic, every order): their first and last dates
    # are the days the month's data covers (monthdata.MonthData.period); events (articles,
    # incidents) say nothing of it
    daily: bool = False

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)


def C(name, type_, aliases="", required=True, **kw) -> Column:  # noqa: N802 - table-like helper
    """Column declared in the contract's table style: aliases as one comma-separated string."""
    names = tuple(a.strip() for a in aliases.split(",") if a.strip())
    return Column(name, type_, names, required, **kw)


def E(spec: str) -> tuple[tuple[str, str], ...]:  # noqa: N802
    """Enum codes and Chinese labels written as 'code 标签, code 标签'."""
    pairs = []
    for item in spec.split(","):
        code, label = item.split()
        pairs.append((code, label))
    return tuple(pairs)


ENGINES = E("baidu 百度, google 谷歌, bing 必应, sogou 搜狗, so360 360搜索")
SITE = "站点, 网站, 域名"
DATE = "日期, 时间, 统计日期"
PER_SHOP = "absent in a per-shop export: from its description lines or file name"
SHOP = "店铺, 店铺名称"

DATASETS: tuple[Dataset, ...] = (
    # --- SEO -----------------------------------------------------------------------------
    Dataset(
        "seo_index", "seo", "One row per site per day: pages the search engine has indexed.",
        (
            C("date", "date", DATE),
            C("site", "str", SITE),
            C("engine", "enum", "搜索引擎", False, enum=ENGINES, default="baidu"),
            C("indexed_pages", "int", "索引量, 收录量"),
        ),
        key=("date", "site", "engine"), event_date="date", month_rule=IN_MONTH, daily=True,
    ),
    Dataset(
        "seo_rankings", "seo",
        "One row per site, keyword and snapshot day (daily or weekly).",
        (
            C("date", "date", DATE),
            C("site", "str", SITE),
            C("keyword", "str", "关键词"),
            C("engine", "enum", "搜索引擎", False, enum=ENGINES, default="baidu"),
            C("rank", "rank", "排名", min=1, max=100,
              doc="1..100; empty, `-`, `>100` or `100+` = not ranked"),
            C("search_volume", "int", "搜索量, 指数, 百度指数", False),
            C("url", "str", "着陆页, 排名网址, URL", False),
        ),
        key=("date", "site", "keyword", "engine"), event_date="date", month_rule=IN_MONTH,
    ),
    Dataset(
        "seo_actions", "seo", "One row per optimisation action (dates may lie before MONTH).",
        (
            C("date", "date", DATE),
            C("site", "str", "站点"),
            C("strategy", "enum", "策略, 优化动作", enum=E(
                "backlinks 外链建设, content_update 内容更新, title_optimization 标题优化, "
                "internal_links 内链优化, site_speed 速度优化, other 其他")),
            C("keyword", "str", "关键词", False, doc="empty = all the site's keywords"),
            C("note", "str", "备注", False, free_text=True),
        ),
        event_date="date", month_rule=UP_TO_MONTH,
    ),
    # --- Industry website ------------------------------------------------------------------
    Dataset(
        "site_traffic", "site", "One row per site per day (Baidu Tongji trend export).",
        (
            C("date", "date", DATE),
            C("site", "str", "站点, 网站"),
            C("pv", "int", "浏览量(PV), 浏览量"),
            C("uv", "int", "访客数(UV), 访客数"),
            C("ip", "int", "IP数", False),
            C("visits", "int", "访问次数", False),
            C("bounce_rate", "rate", "跳出率", False),
            C("avg_visit_seconds", "seconds", "平均访问时长, 平均停留时间", False),
            C("avg_load_seconds", "num", "平均加载时长, 平均加载时间, 页面加载时间", False),
            C("search_visits", "int", "搜索引擎来源, 搜索来源", False),
        ),
        key=("date", "site"), event_date="date", month_rule=IN_MONTH, daily=True,
    ),
    Dataset(
        "site_articles", "site", "One row per published article.",
        (
            C("published_at", "datetime", "发布时间"),
            C("site", "str", "站点"),
            C("column", "str", "栏目", doc="a column (栏目) of the site"),
            C("topic", "str", "主题, 专题", False, doc="matches site_topic_plan.topic"),
            C("title", "str", "标题"),
            C("author", "str", "作者", False),
        ),
        event_date="published_at", month_rule=IN_MONTH,
    ),
    Dataset(
        "site_topic_plan", "site",
        "The content plan: topics each column should cover (cumulative, not dated).",
        (
            C("site", "str", "站点"),
            C("column", "str", "栏目"),
            C("topic", "str", "主题"),
            C("core", "bool", "核心栏目", doc="true for a core column"),
        ),
        key=("site", "column", "topic"),
    ),
    Dataset(
        "site_incidents", "site", "One row per fault.",
        (
            C("site", "str", "站点"),
            C("started_at", "datetime", "开始时间, 发生时间"),
            C("resolved_at", "datetime", "恢复时间, 解决时间", False, not_before="started_at",
              doc="empty = unresolved"),
            C("kind", "enum", "类型, 故障类型", enum=E(
                "timeout 响应超时, outage 宕机, not_found 404错误, "
                "db_connection 数据库连接失败, cc_attack CC攻击, other 其他")),
            C("note", "str", "备注", False, free_text=True),
        ),
        event_date="started_at", month_rule=IN_MONTH,
    ),
    Dataset(
        "site_consultations", "site",
        "One row per technical question from a user (a fish farmer).",
        (
            C("site", "str", "站点"),
            C("asked_at", "datetime", "提问时间"),
            C("topic", "str", "主题, 病害", doc="e.g. 赤皮病, 烂鳃病"),
            C("module", "enum", "模块", enum=E(
                "diagnosis 诊断标准, medication 用药规范, farming 养殖技术, other 其他")),
            C("answered_at", "datetime", "回复时间", False, not_before="asked_at"),
            C("accurate", "bool", "准确, 审核结果", False, doc="empty = not yet reviewed"),
        ),
        event_date="asked_at", month_rule=IN_MONTH,
    ),
    # --- Market expansion and projects --------------------------------------------------------
    Dataset(
        "client_visits", "market", "One row per client visit.",
        (
            C("date", "date", DATE),
            C("client", "str", "客户"),
            C("city", "str", "城市"),
            C("branch", "str", "分支机构", False),
            C("channel", "enum", "渠道, 获客渠道", False, enum=E("offline 线下拜访, online 线上"),
              default="offline"),
            C("intent", "enum", "意向", enum=E("none 无意向, single 单项合作, full 全面合作")),
        ),
        event_date="date", month_rule=IN_MONTH,
    ),
    Dataset(
        "branches", "market", "The branch register, cumulative (one row per branch ever opened).",
        (
            C("branch", "str", "分支机构, 名称"),
            C("kind", "enum", "类型", enum=E("company 分公司, office 分所")),
            C("city", "str", "城市"),
            C("tier", "enum", "层级", enum=E("core 核心城市, county 县域")),
            C("opened_on", "date", "成立日期, 设立日期", doc="may lie before MONTH"),
        ),
        key=("branch",), event_date="opened_on", month_rule=UP_TO_MONTH,
    ),
    Dataset(
        "contracts", "market",
        "One row per contract active in the month (signed_on may lie before MONTH).",
        (
            C("contract_id", "str", "合同编号"),
            C("branch", "str", "分支机构", doc="`总部` / `HQ` = self-run by the department"),
            C("client", "str", "客户"),
            C("signed_on", "date", "签订日期"),
            C("amount", "num", "合同金额", doc="CNY"),
            C("received", "num", "已到账, 到账金额"),
            C("fee_due", "num", "应收管理费", False),
            C("fee_received", "num", "实收管理费", False),
            C("due_on", "date", "约定交付日期", False, not_before="signed_on"),
            C("delivered_on", "date", "实际交付日期", False, not_before="signed_on"),
            C("paid_on", "date", "回款日期", False, not_before="signed_on",
              doc="client payment arrived"),
            C("settled_on", "date", "结算日期", False, not_before="signed_on",
              doc="settled with the branch"),
            C("progress", "rate", "进度", False),
        ),
        key=("contract_id",), event_date="signed_on", month_rule=UP_TO_MONTH,
    ),
    Dataset(
        "design_reviews", "market", "One row per drawing review submission.",
        (
            C("date", "date", DATE),
            C("branch", "str", "分支机构"),
            C("contract_id", "str", "合同编号", False),
            C("passed", "bool", "是否通过, 审图结果"),
        ),
        event_date="date", month_rule=IN_MONTH,
    ),
    # --- Customer service ---------------------------------------------------------------------
    Dataset(
        "cs_sessions", "service", "One row per customer-service session (千牛 chat export).",
        (
            C("session_id", "str", "会话ID, 会话编号"),
            C("started_at", "datetime", "开始时间, 咨询时间"),
            C("agent", "str", "客服, 客服昵称"),
            C("customer", "str", "买家, 顾客, 买家昵称", pii=True, doc="a buyer nick or ID"),
            C("phone", "str", "手机, 电话", False, pii=True),
            C("category", "enum", "类型, 咨询类型", enum=E(
                "routine 日常事务, recommendation 商品推荐, dispute 纠纷处理, emergency 应急处理")),
            C("topic", "enum", "主题", enum=E(
                "freight 运费, tracking 快递跟踪, promotion 优惠活动, stock_query 有无商品, "
                "bestseller_reco 销量推荐, need_reco 需求推荐, shipping_delay 发货延迟, "
                "logistics_stuck 物流停滞, damaged 商品破损, activity_bug 活动BUG, other 其他")),
            C("first_response_seconds", "seconds", "首次响应时间, 首响时长"),
            C("handle_seconds", "seconds", "接待时长, 会话时长"),
            C("resolved", "bool", "是否解决"),
            C("converted", "bool", "是否转化, 询单转化", False, doc="ordered within the session"),
            C("satisfaction", "int", "满意度, 评价", False, min=1, max=5, doc="empty = not rated"),
            C("shake_count", "int", "震屏次数", False, doc="window shakes by the buyer"),
            C("unresolved_reason", "enum", "未解决原因", False, enum=E(
                "logistics 物流原因, product 商品原因, policy 规则原因, other 其他")),
            C("message", "str", "内容, 留言", False, pii=True, free_text=True,
              doc="free text typed by the buyer; untrusted"),
            C("shop", "str", SHOP, False, doc=PER_SHOP),
        ),
        key=("session_id",), event_date="started_at", month_rule=IN_MONTH, daily=True,
    ),
    Dataset(
        "cs_agents", "service",
        "One row per agent per day, or per agent for the period (千牛 / 赤兔 客服绩效 export). "
        "The period is the file name's date range, else MONTH.",
        (
            C("date", "date", DATE, False, doc="absent = the whole period"),
            C("agent", "str", "客服昵称, 旺旺, 客服", doc="`店铺:昵称` also gives the shop"),
            C("shop", "str", SHOP, False, doc=PER_SHOP),
            C("consultations", "int", "咨询人数"),
            C("received", "int", "接待人数"),
            C("inquiries", "int", "询单人数", False),
            C("inquiry_paid", "int", "询单->最终付款人数", False),
            C("first_response_seconds", "seconds", "首次响应(秒), 首次响应时长, 平均首次响应时长",
              False),
            C("avg_response_seconds", "seconds", "平均响应(秒), 平均响应时长", False),
            C("avg_handle_seconds", "seconds", "平均接待时长", False),
            C("satisfaction_rate", "rate", "客户满意率, 满意率", False),
            C("sales", "num", "销售额, 客服销售额", False),
            C("days_worked", "int", "上班天数", False),
            C("period_start", "date", "开始日期", False,
              doc="absent: the file name's date range (`2024-04-01至2024-04-30`), else MONTH"),
            C("period_end", "date", "结束日期", False, not_before="period_start",
              doc="absent: as for `period_start`"),
        ),
        key=("date", "agent", "shop"), event_date="date", month_rule=IN_MONTH, daily=True,
    ),
    # --- Campaigns ----------------------------------------------------------------------------
    Dataset(
        "campaigns", "campaigns",
        "One row per campaign touching MONTH (start_at may lie before MONTH).",
        (
            C("campaign_id", "str", "活动ID, 活动编号"),
            C("name", "str", "活动名称"),
            C("kind", "enum", "类型", enum=E(
                "platform_deal 平台活动, full_reduction 满减, coupon 优惠券, bundle 套餐")),
            C("platform", "str", "平台", False, doc="e.g. 聚划算, 天猫, 店铺"),
            C("start_at", "datetime", "开始时间"),
            C("end_at", "datetime", "结束时间", not_before="start_at"),
            C("threshold", "num", "门槛", False, doc="CNY: the 200 of 满200减30"),
            C("discount", "num", "优惠, 折扣", False, percent=True,
              doc="a number from 1 up is CNY off (`30`); `25%` or a number below 1 (`0.25`) "
                  "is a rate, a percentage off"),
            C("cost", "num", "投入, 费用", False, doc="spend: fees, ads, subsidies"),
            C("products", "int", "商品数", False),
            C("issued", "int", "发放张数", False, doc="coupons issued"),
            C("shop", "str", SHOP, False, doc=PER_SHOP),
        ),
        key=("campaign_id",), event_date="start_at", month_rule=UP_TO_MONTH,
    ),
    Dataset(
        "orders", "campaigns", "One row per paid order.",
        (
            C("order_id", "str", "订单编号"),
            C("paid_at", "datetime", "付款时间, 订单付款时间, 买家付款时间"),
            C("amount", "num", "实付金额, 买家实际支付金额, 买家实付金额", doc="paid"),
            C("list_amount", "num", "原价金额, 商品总价, 总金额", False, doc="before discounts"),
            C("cost_of_goods", "num", "成本", False),
            C("units", "int", "件数, 商品数量, 宝贝总数量"),
            C("campaign_id", "str", "活动ID", False),
            C("coupon", "bool", "使用优惠券", False),
            C("bundle", "bool", "套餐", False),
            C("customer", "str", "买家, 买家会员名", False, pii=True),
            C("status", "str", "订单状态", False,
              doc="交易关闭 / 等待买家付款 rows are not paid orders: skipped with a notice"),
            C("refunded", "num", "退款金额", False, doc="still counted in GMV; reported beside it"),
            C("shop", "str", SHOP, False, doc=PER_SHOP),
        ),
        key=("order_id",), event_date="paid_at", month_rule=IN_MONTH, daily=True,
    ),
    Dataset(
        "shop_traffic", "campaigns", "One row per day: 生意参谋 traffic overview.",
        (
            C("date", "date", DATE),
            C("visitors", "int", "访客数"),
            C("pv", "int", "浏览量", False),
            C("paid_amount", "num", "支付金额", False),
            C("paid_buyers", "int", "支付买家数", False),
            C("shop", "str", SHOP, False, doc=PER_SHOP),
        ),
        key=("date",), event_date="date", month_rule=IN_MONTH, daily=True,
    ),
    Dataset(
        "campaign_incidents", "campaigns", "One row per rule bug or emergency.",
        (
            C("campaign_id", "str", "活动ID", False),
            C("detected_at", "datetime", "发现时间"),
            C("responded_at", "datetime", "响应时间", False, not_before="detected_at"),
            C("fixed_at", "datetime", "修复时间", False, not_before="detected_at",
              doc="empty = open"),
            C("kind", "enum", "类型", enum=E(
                "stacking 优惠叠加, threshold_error 门槛计算错误, price_display 价格显示错误, "
                "coupon_unusable 优惠券无法使用, other 其他")),
            C("shop", "str", SHOP, False, doc=PER_SHOP),
        ),
        event_date="detected_at", month_rule=IN_MONTH,
    ),
    # --- Shop compliance ----------------------------------------------------------------------
    Dataset(
        "shop_status", "compliance",
        "One row per shop: the month's figures that platform rules judge.",
        (
            C("shop", "str", "店铺"),
            C("entered_on", "date", "入驻日期", doc="may lie before MONTH"),
            C("gmv", "num", "成交额", doc="this month"),
            C("industry_gmv_percentile", "rate", "行业排名百分位", False,
              doc="0 = bottom of the category"),
            C("shipping_delay_rate", "rate", "发货延迟率"),
            C("new_products", "int", "商品更新数, 上新数"),
            C("dispute_rate", "rate", "纠纷率"),
            C("complaint_rate", "rate", "投诉率"),
            C("training_participation", "rate", "线上培训参与率", False),
            C("meeting_attendance", "rate", "线下班会出席率", False),
            C("dsr", "num", "DSR, 店铺评分", False, min=1, max=5),
            C("refund_dispute_rate_30d", "rate", "近30天纠纷退款率", False),
            C("stock", "int", "库存", False),
        ),
        key=("shop",), event_date="entered_on", month_rule=UP_TO_MONTH,
    ),
    Dataset(
        "violations", "compliance",
        "One row per penalty (dates may lie before MONTH in the same year).",
        (
            C("date", "date", DATE + ", 处罚日期"),
            C("shop", "str", "店铺"),
            C("rule", "str", "违规类型, 违规行为"),
            C("severity", "enum", "类型, 违规级别", enum=E(
                "serious 严重违规, general 一般违规, red_line 高压线")),
            C("points", "int", "扣分"),
        ),
        event_date="date", month_rule=SAME_YEAR,
    ),
    # --- Team and hand-kept figures -----------------------------------------------------------
    Dataset(
        "team", "team", "One row per group.",
        (
            C("group", "str", "组别, 部门"),
            C("role", "str", "职能", False),
            C("headcount", "int", "人数"),
        ),
        key=("group",),
    ),
    Dataset(
        "kpis", "team",
        "Figures kept by hand that no export yields (training participation, skill test "
        "scores, visual consistency…). One row per figure.",
        (
            C("domain", "enum", "领域", enum=E(
                "seo SEO, site 网站运营, market 市场开拓, service 客服, design 美工, "
                "campaigns 活动运营, compliance 规则合规, team 团队")),
            C("kpi", "str", "指标", doc="a stable key, e.g. `visual_consistency`"),
            C("label", "str", "名称", False, doc="display name"),
            C("value", "num", "数值", min=float("-inf"),
              doc="as the team writes it: 82 with unit `%` is 82 % (not 0.82)"),
            C("unit", "str", "单位", False, doc="`%`, `min`, `h`, `days`, `CNY`…; a target "
              "in config/targets.yml with the same key judges the figure"),
        ),
        key=("domain", "kpi"),
    ),
)

BY_NAME: dict[str, Dataset] = {d.name: d for d in DATASETS}

# Which datasets each report reads. kpis.csv is shared: every domain shows its own rows.
DOMAINS: tuple[str, ...] = ("seo", "site", "market", "service", "campaigns", "compliance", "team")


# Datasets a domain's page reads beyond its own: the campaigns page checks the platform-deal
# entry rules from shop_status. A change to one of these rebuilds that page too.
ALSO_READS = {"campaigns": ("shop_status",)}


def datasets_for(domain: str) -> tuple[Dataset, ...]:
    """Every dataset a domain's page reads: its own, those in ALSO_READS, and kpis."""
    own = tuple(d for d in DATASETS if d.domain == domain)
    own += tuple(BY_NAME[n] for n in ALSO_READS.get(domain, ()))
    return own if domain == "team" else own + (BY_NAME["kpis"],)


def dataset(name: str) -> Dataset:
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(BY_NAME)}") from None
