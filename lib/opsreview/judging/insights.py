"""What the review says, each statement scored for how much it matters.

A domain's review part (judging/review.py) records every statement it makes as an `Insight`:
its kind (an alert, a milestone, a verdict against a target or a benchmark, a platform rule, a
change on last month, a record or an unusual move against its history, a plain fact), its
side (good / bad / info), the figures it rests on and a magnitude (how far from its line,
how large a move); an amount of money weighs more. `Editorial.score` weighs kind and
magnitude by config/editorial.yml, so one decision orders the month's overview, its key
points and every domain's achievements and problems: an editor's "what matters most first",
said once. Alerts (what can stop a shop trading or a site being found) are always key points.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opsreview.contract.config import Config
from opsreview.domains import HEADLINES

ALERT, MILESTONE, RULE, CHANGE, FACT, CONTEXT = \
    "alert", "milestone", "rule", "change", "fact", "context"
# a verdict against a line is of its line's kind: "target" or "benchmark" (config Target.kind);
# "record" and "unusual" set a figure against its months of history; every kind:
# config_schema.INSIGHT_KINDS, each weighed in config/editorial.yml


# (domain, figure) -> whether the figure is an amount of money
MONEY = {(f.domain, f.key): f.kind == "money" for figs in HEADLINES.values() for f in figs}


@dataclass(frozen=True)
class Insight:
    """One statement of the review. TEXT is the full sentence; BRIEF, when the statement can
    open the month's overview, the same news as a clause (no final stop)."""

    domain: str
    kind: str
    side: str  # good | bad | info (judging/verdicts.py GOOD, BAD, INFO)
    text: str
    figures: tuple[str, ...] = ()
    magnitude: float = 0.0
    scope: str | None = None  # the shop or site of a several-shops month
    brief: str = ""


class Editorial:
    """The weights of config/editorial.yml: how much each kind of insight matters."""

    def __init__(self, cfg: Config | None = None) -> None:
        self.cfg = cfg or Config()

    @property
    def settings(self) -> dict[str, Any]:
        return self.cfg.editorial

    def score(self, insight: Insight) -> float:
        """weight(kind) × (1 + magnitude, capped; a move's magnitude over change_scale), × the
        problems' factor for a bad one: of two equal findings the problem comes first."""
        s = self.settings
        size = max(float(insight.magnitude or 0.0), 0.0)
        if insight.kind == CHANGE:
            size /= s["change_scale"]
        size = min(size, s["magnitude_cap"])
        score = s["weights"][insight.kind] * (1.0 + size)
        if any(MONEY.get((insight.domain, key)) for key in insight.figures):
            score *= s["money_factor"]  # sales, contracts: what a manager weighs first
        return score * (s["problem_factor"] if insight.side == "bad" else 1.0)

    def ranked(self, insights: list[Insight]) -> list[Insight]:
        """Highest score first; equal scores keep the order they were said in."""
        return sorted(insights, key=self.score, reverse=True)

    @property
    def key_points(self) -> int:
        return int(self.settings["key_points"])

    @property
    def each_side(self) -> int:
        return int(self.settings["key_points_each_side"])

    @property
    def part_items(self) -> int:
        """How many achievements (problems) a domain's part on the index shows."""
        return int(self.settings["index_part_items"])

    def system_talk(self, text: str, lang: str) -> list[str]:
        """The analyst's words (files, exports, the tool) found in TEXT meant for the
        manager: config/editorial.yml's `system_phrases`."""
        low = text.lower()
        return [p for p in self.settings["system_phrases"][lang] if p.lower() in low]
