"""A shop's standing in words (trial verdict, deal eligibility): the compliance page and the
index's domain table both say it, from the page's tables or from metrics.json."""

from __future__ import annotations

from opsreview.contract.config import tmall_trial_applies
from opsreview.judging.fmt import format_value
from opsreview.judging.labels import Labels
from opsreview.pages import html as h


def trial_words(verdict: str | None, day: int | None, t: Labels,
                window_open: bool | None = False, platform: str | None = None) -> str:
    """✓ 通过 / ✓ 目前达标（考核期内）/ ✗ 不通过 / 不在考核期（入驻第 986 天）/ 无店铺数据 /
    不适用（淘宝店铺）: a pass while days of the window remain is on track, not passed; the
    Tmall trial does not bind a shop of another platform."""
    if verdict is None:
        return t("compliance.verdict.no_status")
    if not tmall_trial_applies(platform):
        return t("compliance.verdict.not_tmall", platform=t(f"compliance.platforms.{platform}"))
    if verdict == "not_in_window":
        return t("compliance.verdict.not_in_window", day=day)
    if verdict == "pass" and window_open:
        return t("compliance.verdict.on_track")
    return t(f"compliance.verdict.{verdict}")


def deal_words(eligible: bool | None, t: Labels) -> str:
    key = {True: "eligible", False: "not_eligible", None: "incomplete"}[eligible]
    return t(f"compliance.deal.{key}")


def shop_items(metrics: dict, t: Labels) -> list[str]:
    """The compliance row of the index: one line per shop, red when anything is wrong."""
    items = []
    for shop, fig in (metrics.get("shops") or {}).items():
        penalty = fig.get("penalty") or {}
        trouble = (fig.get("trial_verdict") == "fail" or fig.get("red_line")
                   or penalty.get("tier_points") or fig.get("deal_eligible") is False)
        fine = fig.get("trial_verdict") == "pass" and fig.get("deal_eligible") is True
        text = t("common.index.shop", shop=shop,
                 trial=trial_words(fig.get("trial_verdict"), fig.get("trial_day"), t,
                                   fig.get("trial_window_open"), fig.get("platform")),
                 points=format_value(fig.get("serious_points_ytd"), "int", t.lang),
                 deal=deal_words(fig.get("deal_eligible"), t))
        items.append(h.tag("li", h.esc(text),
                           class_="bad" if trouble else "good" if fine else None))
    return items
