"""Every place that shows or judges a figure agrees: the page card, the page findings, the
index table, the trends colour and the written review, for the sample month and for months
built to flip each verdict, in zh and en. No figure is both an achievement and a problem, every
domain page lists the index's aims, and English sentences carry no Chinese label."""

import copy
import re
from html import unescape

import pandas as pd
import pytest

from opsreview.contract.config import Config
from opsreview.contract.figure import HIGHER
from opsreview.domains import HEADLINES, domain
from opsreview.judging.labels import Labels
from opsreview.judging.review import domain_review
from opsreview.judging.verdicts import BAD, GOOD, domain_verdicts
from opsreview.month.monthdata import MonthData
from opsreview.pages import page as page_module
from opsreview.pages.index import headline_items, trend_tables, written_review
from test_review import SAMPLE, document

CFG = Config()
JUDGED = [f for figs in HEADLINES.values() for f in figs if f.better]


def previous_of(figures: dict, name: str, worse: bool = False) -> dict:
    """Last month's figures: each judged figure 10% away from this month's, on the better
    side (this month got worse) when WORSE, else on the worse side."""
    out = {}
    for fig in HEADLINES[name]:
        value = figures.get(fig.key)
        if fig.better and isinstance(value, int | float) and value:
            lower = (fig.better == HIGHER) != worse
            out[fig.key] = value * (0.9 if lower else 1.1)
    return out


def flipped(figures: dict, fig) -> dict:
    """The same month with FIG on the other side of its line (met <-> missed)."""
    out = copy.deepcopy(figures)
    line = CFG.target(fig.judged_by)
    met = line.met(figures[fig.key])
    bigger = (fig.better == HIGHER) != met  # met on 'higher' -> go below the line
    out[fig.key] = line.value * (1.5 if bigger else 0.5) if line.value else (1 if bigger else -1)
    return out


def cases():
    """(name, figures, previous): the sample, its moves both ways, each line flipped."""
    out = []
    for name in HEADLINES:
        if not HEADLINES[name]:
            continue
        sample = SAMPLE[name]
        for worse in (False, True):
            out.append((name, sample, previous_of(sample, name, worse)))
        for fig in HEADLINES[name]:
            if fig.judged_by and sample.get(fig.key) is not None:
                month = flipped(sample, fig)
                out.append((name, month, previous_of(month, name)))
    return out


def _page(name: str, figures: dict, previous: dict, lang: str, shown: list) -> object:
    md = MonthData.from_frames("2024-02", {"2024-02": {}})
    page = page_module.Page(domain(name), md, lang, None)
    page.metrics, page.previous = figures, previous
    return page


def _items(markup: str, css: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", m))
            for m in re.findall(rf'<li class="{css}">(.*?)</li>', markup, re.S)]


def _trends(name: str, figures: dict, previous: dict) -> dict:
    keys = [f.key for f in HEADLINES[name] if f.kind != "date"]
    return {name: pd.DataFrame({"2023-12": [previous.get(k) for k in keys],
                                "2024-01": [previous.get(k) for k in keys],
                                "2024-02": [figures.get(k) for k in keys]}, index=keys)}


def _said(items: list[str], text: str) -> bool:
    """TEXT is one of ITEMS, or a key point of the index saying it after its domain's name."""
    return any(i == text or i.endswith(("：" + text, " — " + text)) for i in items)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("name", "figures", "previous"), cases(),
                         ids=lambda x: x if isinstance(x, str) else "")
def test_card_findings_index_trends_and_review_agree(monkeypatch, lang, name, figures,
                                                     previous):
    t = Labels(lang)
    shown: list[str] = []
    monkeypatch.setattr(page_module, "_display", shown.append)
    page = _page(name, figures, previous, lang, shown)
    verdicts = domain_verdicts(name, figures, previous, CFG, lang)
    trends = _trends(name, figures, previous)
    # the index's review reads last month from the trends, as the build does
    index = written_review(document({name: figures}), {}, t, CFG, trends)
    items = headline_items(name, figures, t, CFG, previous)
    chart = trend_tables(trends, t)
    page.findings()
    findings = shown[-1]
    said = domain_review(name, figures, previous, CFG, t)
    known = [v for v in verdicts if v.value is not None]  # the index row names what it has
    for v, item in zip(known, items, strict=True):
        key = v.figure.key
        card = page._card(v)
        if v.state:
            assert f'class="card {v.state}"' in card, (key, card)
            assert f'class="{ {"met": "good", "missed": "bad"}.get(v.state, v.state)}"' in item
        else:
            assert "<li>" in item, (key, item)
        if v.trend:
            assert f"change {v.trend}" in card, (key, card)
        if v.move is not None:  # two months known: the sparkline is coloured by the trend
            spark = re.search(rf"{re.escape(unescape(v.figure.label(t)))}.*?</tr>",
                              unescape(chart), re.S)
            assert spark and f'class="spark {v.trend or "neutral"}"' in spark.group(0), key
        text = said.said.get(key)
        if not text:
            continue
        for markup in (findings, index):  # on the index, a key point or its part's line
            good, bad = _said(_items(markup, "good"), text), _said(_items(markup, "bad"), text)
            if v.side == GOOD:
                assert good and not bad, (key, text)
            elif v.side == BAD:
                assert bad and not good, (key, text)
            else:
                assert not good and not bad, (key, text)
    assert not set(said.good) & set(said.bad)
    page_aims = re.findall(r"<li>(.*?)</li>", findings.split('class="aims"')[-1]) \
        if 'class="aims"' in findings else []
    assert [unescape(a) for a in page_aims] == said.aims
    index_aims = index.split(t("common.review.aims"))[-1] if said.aims else ""
    assert [unescape(a) for a in re.findall(r"<li>(.*?)</li>", index_aims)] == said.aims


def test_trends_are_a_plain_table_before_three_months_then_coloured_charts():
    figures, previous = SAMPLE["market"], previous_of(SAMPLE["market"], "market")
    three = _trends("market", figures, previous)
    two = {"market": three["market"].iloc[:, 1:]}
    t = Labels("zh")
    assert "<svg" not in trend_tables(two, t)
    charted = trend_tables(three, t)
    assert 'class="spark better"' in charted and 'class="spark neutral"' not in charted


def _data_values(node) -> set[str]:
    """Every string in the sample figures: names of shops, groups, sites, topics (data)."""
    if isinstance(node, dict):
        return {str(k) for k in node} | set().union(*map(_data_values, node.values()))
    if isinstance(node, list):
        return set().union(set(), *map(_data_values, node))
    return {node} if isinstance(node, str) else set()


def test_no_chinese_label_inside_an_english_sentence():
    t = Labels("en")
    figures = {**SAMPLE, "campaigns": {**SAMPLE["campaigns"]}}
    html = written_review(document(figures), {}, t, CFG, None)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    names = sorted(_data_values(SAMPLE) | {s["name"] for s in CFG.sites}, key=len, reverse=True)
    for value in names:
        text = text.replace(value, "")
    assert not re.findall(r"[\u4e00-\u9fff]+", text)


def test_the_review_part_and_the_domain_page_list_the_same_aims(monkeypatch):
    for name in HEADLINES:
        shown: list[str] = []
        monkeypatch.setattr(page_module, "_display", shown.append)
        page = _page(name, SAMPLE[name], {}, "zh", shown)
        page.findings()
        said = domain_review(name, SAMPLE[name], None, CFG, Labels("zh"))
        markup = shown[-1]
        aims = re.findall(r"<li>(.*?)</li>", markup.split('class="aims"')[-1]) \
            if 'class="aims"' in markup else []
        assert [unescape(a) for a in aims] == said.aims, name
        assert not said.bad or said.aims, name
