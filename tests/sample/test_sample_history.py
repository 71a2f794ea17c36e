"""The sample's year before the seed (2023-03 … 2023-12): every domain but the site, seasonal,
apart from the seed months, and drawn by the index as twelve-point trends. (Regenerating it is
byte-identical: test_sample_data runs over every month of SAMPLE_MONTHS.)"""

import re

import pandas as pd
import pytest

from opsreview.sample import SAMPLE_MONTHS, generate, history


@pytest.mark.slow
def test_history_months_have_every_dataset_but_the_site():
    assert SAMPLE_MONTHS[:10] == history.MONTHS == tuple(f"2023-{m:02d}" for m in range(3, 13))
    january = set(generate("2024-01"))
    for month in history.MONTHS:
        frames = generate(month)
        assert set(frames) == january, month
        assert not any(name.startswith("site_") for name in frames)


@pytest.mark.slow
def test_the_history_has_its_seasons():
    orders = {m: len(generate(m)["orders"]) for m in history.MONTHS}
    assert max(orders, key=orders.get) == "2023-11"  # 双11
    assert orders["2023-06"] > max(orders["2023-05"], orders["2023-07"])  # 618
    assert orders["2023-03"] < orders["2023-12"]  # the shop grew over the year
    kinds = generate("2023-11")["campaigns"].set_index("name")["kind"]
    assert kinds["聚划算双11·儿童羽绒服"] == "platform_deal"


def test_installing_the_history_leaves_the_seed_months_as_they_are():
    from opsreview.sample import campaigns, seo, service

    installed = history.MONTHS[0] in campaigns.PLAN
    # install() only adds months: the tables' 2024 entries are the same objects as before
    plans = {m: (campaigns.PLAN[m], service.PLAN[m]) for m in ("2024-01", "2024-02")}
    history.install()
    assert installed or history.MONTHS[0] in campaigns.PLAN
    assert {m: (campaigns.PLAN[m], service.PLAN[m]) for m in plans} == plans
    # seo replays 2024's ranks from 2024-01, never through the history months
    ranks = seo.frames("2024-01")["seo_rankings"]
    assert ranks["date"].min() == pd.Timestamp("2024-01-01")


def test_the_index_draws_twelve_point_trends(built):
    index = (built["out"] / "index.html").read_text(encoding="utf-8")
    points = [len(p.split()) for p in re.findall(r'<polyline[^>]*points="([^"]+)"', index)]
    assert points and max(points) == 12
    head = re.search(r'id="s-trends".*?<thead>(.*?)</thead>', index, re.S).group(1)
    assert "2023-09" in head and "2024-02" in head  # the last 6 months' figures beside the line
    assert "2023-08" not in head
