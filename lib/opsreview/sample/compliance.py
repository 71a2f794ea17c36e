"""Sample shop-compliance data: the month's rule figures per shop, and penalty records.

The shops are those of config/entities.yml: 童装旗舰店 (Tmall) is in its trial window on
2024-02-29 and passes every indicator; 渔具专营店 (Taobao) misses the deal-entry rules and
carries serious points. violations.csv is the year-to-date penalty export, so February's file
repeats January's rows.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from opsreview.sample.typed import canonical

NOTES: list[str] = [
    "The seed names one Tmall case (童装旗舰店) that passed its trial with 100 % training and "
    "90 % meeting attendance, but gives none of its other figures; the sample picks values "
    "that meet every standard of the seed's table.",
    "The seed's second shop is only implied ('淘宝商城' rules); the sample adds 渔具专营店, an "
    "old Taobao shop outside any trial window, that misses the deal-entry rules and has 18 "
    "serious points by February (tier 12: shop hidden 7 days).",
    "violations.csv is read as a year-to-date export: February's file holds January's rows too.",
    "A shop's 成交额 (gmv) is the paid amount of its orders in the month, the figure the "
    "campaigns page sums from the order export: the platform's 考核口径 and the orders agree "
    "(the seed gives the Tmall case's GMV only as 'above the 50,000 CNY industry line').",
]

TMALL, TAOBAO = "童装旗舰店", "渔具专营店"
ENTERED = {TMALL: date(2023, 12, 15), TAOBAO: date(2021, 6, 18)}

# Per month and shop: the rule figures (gmv is the month's orders: paid_gmv).
STATUS = {
    "2024-01": {
        TMALL: dict(industry_gmv_percentile=0.41, shipping_delay_rate=0.034,
                    new_products=12, dispute_rate=0.004, complaint_rate=0.0009,
                    training_participation=0.95, meeting_attendance=0.8, dsr=4.78,
                    refund_dispute_rate_30d=0.004, stock=860),
        TAOBAO: dict(industry_gmv_percentile=0.38, shipping_delay_rate=0.052,
                     new_products=8, dispute_rate=0.005, complaint_rate=0.0011,
                     training_participation=None, meeting_attendance=None, dsr=4.7,
                     refund_dispute_rate_30d=0.007, stock=520),
    },
    "2024-02": {
        TMALL: dict(industry_gmv_percentile=0.63, shipping_delay_rate=0.021,
                    new_products=14, dispute_rate=0.003, complaint_rate=0.0006,
                    training_participation=1.0, meeting_attendance=0.9, dsr=4.86,
                    refund_dispute_rate_30d=0.003, stock=1260),
        TAOBAO: dict(industry_gmv_percentile=0.27, shipping_delay_rate=0.068,
                     new_products=6, dispute_rate=0.007, complaint_rate=0.0014,
                     training_participation=None, meeting_attendance=None, dsr=4.62,
                     refund_dispute_rate_30d=0.009, stock=380),
    },
}

def paid_gmv(month: str, scale: int = 1) -> dict[str, float]:
    """Each shop's GMV as the platform reports it: the paid amount of the month's orders, the
    same orders the campaigns page sums (so the two pages give one 成交额)."""
    from opsreview.sample import campaigns, second_shop  # the shops' order generators

    orders = {TMALL: campaigns.frames(month, scale)["orders"],
              TAOBAO: second_shop.frames(month, scale)["orders"]}
    return {shop: round(float(frame["amount"].sum()), 2) for shop, frame in orders.items()}


# (date, shop, rule, severity, points): every penalty of 2024 so far (history.py adds 2023's;
# a month's file is its year's export).
VIOLATIONS = (
    (date(2024, 1, 9), TAOBAO, "标题堆砌关键词", "general", 2),
    (date(2024, 1, 23), TAOBAO, "虚假交易", "serious", 6),
    (date(2024, 2, 6), TAOBAO, "主图信息不符", "general", 4),
    (date(2024, 2, 21), TAOBAO, "发布违禁信息", "serious", 12),
    (date(2024, 2, 26), TMALL, "标题堆砌关键词", "general", 1),
)


def frames(month: str, scale: int = 1) -> dict[str, pd.DataFrame]:
    """The month's compliance datasets as canonical typed frames (`scale` scales the GMV
    with the orders it sums)."""
    if month not in STATUS:
        raise ValueError(f"sample compliance data exists for {', '.join(STATUS)}, not {month!r}")
    gmv = paid_gmv(month, scale)
    status = [dict(figures, shop=shop, entered_on=ENTERED[shop], gmv=gmv[shop])
              for shop, figures in STATUS[month].items()]
    last = (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()
    penalties = [dict(zip(("date", "shop", "rule", "severity", "points"), v, strict=True))
                 for v in VIOLATIONS if v[0] <= last and v[0].year == last.year]
    return {"shop_status": canonical("shop_status", status),
            "violations": canonical("violations", penalties)}
