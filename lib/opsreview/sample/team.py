"""Sample team sheet and hand-kept figures (kpis.csv) for every domain.

kpis.csv carries the seed's figures that no export yields. January's file holds only the
figures whose January value the seed states (60 % → 82 %, 15 % → 5 %, …).
"""

from __future__ import annotations

import pandas as pd

from opsreview.sample.typed import canonical

NOTES: list[str] = [
    "kpis.csv percent convention: a percentage is stored as its number of percent with unit "
    "`%` (82 means 82 %); a change stated by the seed ('+30 s', '-25 min', '+20 %') is its own "
    "figure whose key ends in `_change`, in the unit the seed uses.",
    "January's kpis.csv holds only the four figures whose January value the seed states "
    "(site-building skill 60 %, project violation rate 15 %, quality complaint rate 8 %, visual "
    "consistency 80 %); the rest have no previous month.",
    "The seed says 3 people were hired in February (customer service, design, operations); "
    "January's team sheet therefore has 14 people (客服组 4, 策划组 2, 市场组 1).",
    "Customer satisfaction (92 %) and after-sales resolution (88 %) are the 客服组's figures in "
    "the seed's team section; they are filed under the service domain.",
    "Shipping time and accuracy (产品组) are filed under the team domain; shipping_hours matches "
    "the target of the same key in config/targets.yml (24 h industry standard).",
]

# (group, role, headcount in January, headcount in February)
GROUPS = (
    ("运营总监", "统筹整体运营策略、目标拆解与绩效评估", 1, 1),
    ("行政组", "行政人事（招聘、考勤）、财务（报销、结算）", 2, 2),
    ("策划组", "项目策划、拍照设计、宝贝优化", 2, 3),
    ("产品组", "打包发货、仓储管理", 4, 4),
    ("市场组", "市场预测、推广、客户维护", 1, 2),
    ("客服组", "导购客服 3 人、订单处理 1 人、售后服务 1 人", 4, 5),
)

# (domain, kpi, label, January value or None, February value, unit)
KPIS = (
    ("site", "site_building_skill", "网站建设技术掌握度", 60, 82, "%"),
    ("site", "fishery_knowledge", "渔业技术专业知识掌握度", None, 65, "%"),
    ("site", "fault_troubleshooting_time_saved", "网络故障排查用时缩短（月末较月初）", None, 25,
     "min"),
    ("market", "markets_surveyed", "完成招商市场调研的地级市", None, 7, "个"),
    ("market", "project_violation_rate", "项目违规率", 15, 5, "%"),
    ("market", "quality_complaint_rate", "项目质量投诉率", 8, 2, "%"),
    ("market", "project_inspections", "项目巡检次数", None, 4, "次"),
    ("market", "issues_fixed", "发现并整改问题", None, 12, "个"),
    ("market", "delivery_quality_rate", "项目交付质量达标率", None, 100, "%"),
    ("market", "branch_satisfaction", "分支机构满意度", None, 80, "%"),
    ("market", "county_delivery_delay", "县域项目交付周期延长", None, 2, "days"),
    ("service", "customer_satisfaction", "客户满意度", None, 92, "%"),
    ("service", "after_sales_resolution", "售后问题解决率", None, 88, "%"),
    ("service", "routine_efficiency", "日常事务处理效率", None, 95, "%"),
    ("service", "product_knowledge_basic", "商品核心信息掌握度", None, 90, "%"),
    ("service", "product_knowledge_deep", "商品深度信息掌握度", None, 60, "%"),
    ("service", "bestseller_reco_accuracy", "销量数据推荐准确率", None, 85, "%"),
    ("service", "feature_reco_accuracy", "功能解读推荐准确率", None, 65, "%"),
    ("service", "order_note_response_rate", "订单个性化留言响应率", None, 8, "%"),
    ("design", "visual_consistency", "视觉风格统一达标率", None, 95, "%"),
    ("design", "visual_recognition_change", "用户视觉识别度提升", None, 20, "%"),
    ("design", "banner_updates", "首页Banner优化", None, 3, "次"),
    ("design", "visual_freshness", "页面视觉新鲜度", None, 90, "%"),
    ("campaigns", "coupon_related_units", "优惠券带动关联商品销售", None, 32, "件"),
    ("campaigns", "coupon_related_conversion", "优惠券关联转化率", None, 1.8, "%"),
    ("compliance", "hero_product_units", "人气单品月销量（童装旗舰店）", None, 1740, "件"),
    ("compliance", "hero_product_share", "人气单品销量占比（童装旗舰店）", None, 60, "%"),
    ("compliance", "ad_spend_per_day", "直通车日均投入（童装旗舰店）", None, 200, "CNY"),
    ("compliance", "ad_conversion", "直通车流量转化率（童装旗舰店）", None, 4.5, "%"),
    ("team", "kpis_defined", "制定团队 KPI", None, 5, "项"),
    ("team", "hires", "招聘核心岗位到岗", None, 3, "人"),
    ("team", "hiring_fill_rate", "招聘到岗率", None, 100, "%"),
    ("team", "finance_accuracy", "财务结算准确率", None, 98, "%"),
    ("team", "campaign_plans", "活动策划方案", None, 3, "份"),
    ("team", "photos_shot", "商品主图拍摄", None, 200, "张"),
    ("team", "titles_optimized", "宝贝标题优化", None, 50, "个"),
    ("team", "search_exposure_change", "商品搜索曝光量提升", None, 30, "%"),
    ("team", "shipping_accuracy", "发货准确率", None, 99, "%"),
    ("team", "stock_count_error", "库存盘点误差率不超过", None, 1, "%"),
    ("team", "shipping_hours", "平均发货时长", None, 18, "h"),
    ("team", "market_reports", "市场调研报告", None, 2, "份"),
    ("team", "new_customers", "新增客户", None, 200, "人"),
    ("team", "repurchase_change", "客户复购率提升", None, 5, "%"),
)

MONTHS = ("2024-01", "2024-02")
HEADCOUNT: dict[str, tuple[int, ...]] = {}  # per GROUPS entry, for earlier months (history.py)


def frames(month: str, scale: int = 1) -> dict[str, pd.DataFrame]:
    """team.csv and kpis.csv as canonical typed frames (hand-kept: no randomness, no scale)."""
    if month not in MONTHS:
        raise ValueError(f"sample team data exists for {', '.join(MONTHS)}, not {month!r}")
    feb = month == "2024-02"
    earlier = HEADCOUNT.get(month, tuple(g[2] for g in GROUPS))
    team = [dict(group=g, role=r, headcount=feb_n if feb else then)
            for (g, r, _, feb_n), then in zip(GROUPS, earlier, strict=True)]
    kpis = [dict(domain=d, kpi=k, label=label, value=feb_v if feb else jan_v, unit=u)
            for d, k, label, jan_v, feb_v, u in KPIS if feb or jan_v is not None]
    return {"team": canonical("team", team), "kpis": canonical("kpis", kpis)}
