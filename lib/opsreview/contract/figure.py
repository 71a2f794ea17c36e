"""One declaration per figure: what it is, which way is good, and what it is held against.

A domain declares its headline figures in its folder (`domains/<name>/__init__.py`, with
`declare` and `F` rows); every place that shows or judges a figure (page cards, page findings,
the index table, the trends, the written review) reads them through the registry
(`opsreview.domains`: `figure`, `headlines`); `judging/verdicts.py` judges each once per
month. The thresholds themselves live in config/targets.yml (value, sign, aim text) and the
words in config/labels/<domain>.yml (`<domain>.metrics.<key>`); `domains.check` holds them to
the declarations (a target's `better` is the figure's direction of good).
"""

from __future__ import annotations

from dataclasses import dataclass

from opsreview.contract.config import Config

HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class Figure:
    """A metrics.json figure of one domain as people read it.

    key: its metrics.json key; kind: its judging.fmt format; better: higher, lower, or None
    (no direction of good: a count of context, never an achievement or a problem);
    target / benchmark: config/targets.yml keys (the target decides met or missed; a
    benchmark, when there is also a target, is a second line worth saying); threshold: a
    metrics.json key of the same domain holding a derived line (the deal's break-even ROI)
    that a met figure must also clear, or it is met with a caveat; unit: a common.units word
    for counts ("篇", "家") so that gaps and changes say what they count.
    """

    key: str
    domain: str
    kind: str
    better: str | None = None
    target: str | None = None
    benchmark: str | None = None
    threshold: str | None = None
    unit: str | None = None

    @property
    def judged_by(self) -> str | None:
        """The config key that decides met or missed: the target, else the benchmark."""
        return self.target or self.benchmark

    @property
    def second(self) -> str | None:
        """A benchmark held beside a target (the 75 s industry mean beside the 60 s aim)."""
        return self.benchmark if self.target else None

    def label(self, t) -> str:
        return t.get(f"{self.domain}.metrics.{self.key}") or self.key

    def aim(self, key: str | None, cfg: Config, lang: str) -> str | None:
        """Next month's aim for a missed line: the config target's `action` text."""
        if key is None:
            return None
        return (cfg.target(key).action or {}).get(lang)


def declare(domain: str, *specs: tuple) -> tuple[Figure, ...]:
    """A domain's headline figures from its rows (`F(key, kind, ...)`), in the order the cards
    and the index show them."""
    return tuple(Figure(key, domain, kind, **extra) for key, kind, extra in specs)


def F(key: str, kind: str, **extra) -> tuple:  # noqa: N802 - a declaration row
    return key, kind, extra


UP, DOWN = {"better": HIGHER}, {"better": LOWER}
