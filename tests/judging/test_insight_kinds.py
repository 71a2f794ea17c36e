"""Each insight kind flipped on and off in the sample month: whichever kind a month holds, the
index says the month's alerts among its key points, says every statement once, holds no
analyst's words, and keeps to the style guide, in zh and en (issue 26)."""

import copy
import re
from html import unescape

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from opsreview.contract.config import Config
from opsreview.contract.config_schema import INSIGHT_KINDS
from opsreview.judging.insights import Editorial
from opsreview.judging.labels import Labels
from opsreview.judging.review import domain_review, history_insights
from opsreview.month import scopes
from opsreview.pages.index import written_review
from test_insights import alarming
from test_review import SAMPLE, document

MONTHS = [f"2023-{m:02d}" for m in range(9, 13)] + ["2024-01", "2024-02"]


def history(**rows: list[float]) -> dict:
    """The market's trend table over MONTHS (the last column is this month)."""
    return {"market": pd.DataFrame(list(rows.values()), index=list(rows), columns=MONTHS)}


def with_(domain: str, **figures) -> dict:
    month = copy.deepcopy(SAMPLE)
    month[domain].update(figures)
    return month


def calm() -> dict:
    """The sample month without an alert: no site collapsing, no fault open, no penalty."""
    month = with_("seo", collapses=[], index_collapses=0)
    month["site"]["open_faults"] = []
    for shop in month["compliance"]["shops"].values():
        shop["penalty"] = {}
    return month


def no_news() -> dict:
    """The sample month without a milestone: no launch, no new branch."""
    month = with_("market", new_branches=0)
    month["site"].pop("launched_on", None)
    return month


def two_shops() -> dict:
    """Two shops' satisfaction: the all-shops rate rose, 童装旗舰店's own rise drove it, and
    渔具专营店 has no last month to say its own (so the all-shops line is news: a month whose
    every shop says its own move leaves it out)."""
    key = "satisfaction_rate"
    month = copy.deepcopy(SAMPLE)
    month["service"] = {key: 0.89, scopes.TOGETHER: [key],
                        "shops": {"童装旗舰店": {key: 0.85}, "渔具专营店": {key: 0.92}}}
    return month


def previous_service() -> dict:
    """The service trend whose last-but-one month gives 童装旗舰店 its own last month."""
    key = "satisfaction_rate"
    frame = pd.DataFrame([[0.80, 0.89]], index=[key], columns=MONTHS[-2:])
    frame.attrs["scoped"] = {"2024-01": {"shops": {"童装旗舰店": {key: 0.80}}}}
    return {"service": frame}


# kind -> (the month that holds it, the trend tables it needs, the kind absent: a month without)
FLIPS = {
    "alert": (alarming, None, calm),
    "milestone": (lambda: SAMPLE, None, no_news),
    "rule": (lambda: SAMPLE, None, None),
    "target": (lambda: SAMPLE, None, None),
    "benchmark": (lambda: SAMPLE, None, None),
    "change": (lambda: SAMPLE, lambda: history(visits=[30, 31, 32, 33, 39, 42]), None),
    "record": (lambda: with_("market", on_time_rate=0.95),
               lambda: history(on_time_rate=[0.8, 0.82, 0.81, 0.83, 0.84, 0.95]), None),
    "unusual": (lambda: with_("market", review_pass_rate_county=0.78),
                lambda: history(review_pass_rate_county=[0.82, 0.75, 0.7, 0.65, 0.6, 0.78]),
                None),
    "concentration": (lambda: with_("market", contract_top_branch={
        "item": "日照分公司", "share": 0.45, "items": 8}), None,
        lambda: with_("market", contract_top_branch={"item": "日照分公司", "share": 0.1,
                                                     "items": 8})),
    "contributor": (two_shops, previous_service, None),
    "fact": (lambda: SAMPLE, None, None),
    "context": (lambda: SAMPLE, None, None),
}


def insights(month: dict, trends: dict | None, lang: str) -> list:
    from opsreview.pages.index import previous_figures

    out = [i for name, figs in month.items() for i in domain_review(
        name, figs, previous_figures(trends, name), Config(), Labels(lang)).insights]
    return out + history_insights(trends, Labels(lang))


def statements(html: str) -> tuple[list[str], list[str]]:
    """The index's key points and every other listed statement, as text."""
    soup = BeautifulSoup(html, "html.parser")
    said = lambda li: re.sub(r"\s+", " ", unescape(li.get_text(" ", strip=True)))  # noqa: E731
    points = [said(li) for li in soup.select("ul.key-points li")]
    rest = [said(li) for li in soup.select("ul.said li")]
    return points, rest


def test_every_kind_has_a_flip():
    assert set(FLIPS) == set(INSIGHT_KINDS)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", sorted(FLIPS))
def test_a_month_with_each_kind_says_it_once_and_every_alert_first(kind, lang):
    make, trends_of, without = FLIPS[kind]
    month, trends = make(), trends_of() if trends_of else None
    found = insights(month, trends, lang)
    assert any(i.kind == kind for i in found), f"no {kind} insight in its month"
    if without is not None:
        assert not any(i.kind == kind for i in insights(without(), None, lang))
    html = written_review(document(month), {}, Labels(lang), Config(), trends)
    points, rest = statements(html)
    # every alert is a key point, first; the story names them all
    alerts = [i for i in found if i.kind == "alert"]
    for alert in alerts:
        assert any(alert.text in p for p in points[:len(alerts)]), alert.text
    # each statement said once on the index: a key point is not said again in its part
    everything = points + rest
    bare = [re.sub(r"^[^：—·]+[：—·] ?", "", s) for s in points] + rest
    assert len(everything) == len(set(everything))
    assert not [s for s in rest if s in bare[:len(points)]]
    # the manager's text holds no analyst's words
    words = Editorial(Config()).system_talk(" ".join(everything), lang)
    assert not words, words


def test_an_all_shops_move_every_shop_already_says_is_left_out():
    """Both shops state their own first response (a target line each): the all-shops move
    'mostly from 童装旗舰店' would say it a second time."""
    key = "first_response_mean_seconds"
    month = copy.deepcopy(SAMPLE)
    month["service"] = {key: 48.0, scopes.TOGETHER: [key],
                        "shops": {"童装旗舰店": {key: 41.0}, "渔具专营店": {key: 51.0}}}
    frame = pd.DataFrame([[56.0, 48.0]], index=[key], columns=MONTHS[-2:])
    frame.attrs["scoped"] = {"2024-01": {"shops": {"童装旗舰店": {key: 54.0},
                                                   "渔具专营店": {key: 56.0}}}}
    found = insights(month, {"service": frame}, "zh")
    assert sum(i.figures[:1] == (key,) and i.scope is not None for i in found) == 2
    assert not any(i.kind == "contributor" for i in found)
