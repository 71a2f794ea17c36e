"""Helpers every view shares: charts of many agents or sites stay the same size."""

import pandas as pd

from opsreview.domains.service import views as service
from opsreview.domains.tables import MAX_ROWS, busiest, top_title
from opsreview.judging.labels import Labels


def test_busiest_keeps_the_top_n_and_those_asked_for():
    frame = pd.DataFrame({"agent": [f"a{i}" for i in range(40)], "sessions": range(40)})
    kept, capped = busiest(frame, "agent", "sessions", keep=("a0",))
    assert capped and len(kept) == MAX_ROWS + 1
    assert set(kept["agent"]) == {"a0", *(f"a{i}" for i in range(40 - MAX_ROWS, 40))}
    same, capped = busiest(frame.head(5), "agent", "sessions")
    assert not capped and len(same) == 5


def test_a_capped_chart_says_it_shows_the_top_n():
    t = Labels("zh")
    assert top_title("各客服", True, t) == f"各客服（前 {MAX_ROWS} 名）"
    assert top_title("各客服", False, t) == "各客服"


def test_a_chart_of_hundreds_of_agents_draws_only_the_busiest():
    days = pd.DataFrame({"agent": [f"客服{i}" for i in range(300)] * 2,
                         "date": ["2024-02-01"] * 300 + ["2024-02-02"] * 300,
                         "sessions": list(range(300)) * 2})
    ax = service.agents_chart(days, Labels("en")).axes[0]
    assert len(ax.get_yticklabels()) == MAX_ROWS
    assert "(top" in (ax.get_title("left") + ax.get_title())
