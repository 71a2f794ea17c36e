"""The domain registry: the one place a report is plugged in.

A domain is a notebook `notebooks/<name>.ipynb`, the datasets it reads (from the catalog),
the function that computes its metrics, and the headline figures figures.py declares.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from .catalog import DOMAINS, Dataset, datasets_for
from .figures import Figure, headlines
from .paths import NOTEBOOKS_DIR


@dataclass(frozen=True)
class Domain:
    name: str
    also_kpis: tuple[str, ...] = ()  # other kpis.csv domains this page shows (美工 on site)

    @property
    def headline(self) -> tuple[Figure, ...]:
        """The domain's headline figures, as figures.py declares them."""
        return headlines(self.name)

    @property
    def kpi_domains(self) -> tuple[str, ...]:
        """The kpis.csv domains of this page's hand-kept figures: its own (and also_kpis)."""
        return (self.name, *self.also_kpis)

    @property
    def notebook(self):
        return NOTEBOOKS_DIR / f"{self.name}.ipynb"

    @property
    def datasets(self) -> tuple[Dataset, ...]:
        return datasets_for(self.name)

    @property
    def own_datasets(self) -> tuple[Dataset, ...]:
        """The datasets whose absence makes the domain 'no data' (kpis.csv is shared)."""
        own = tuple(d for d in self.datasets if d.domain == self.name)
        return tuple(d for d in own if d.name != "kpis") or own

    def compute(self, md: Any, cfg: Any) -> dict | None:
        module = import_module(f"opsreview.metrics.{self.name}")
        return module.compute(md, cfg)


REGISTRY: dict[str, Domain] = {
    d.name: d
    for d in (
        Domain("seo"),
        Domain("site", also_kpis=("design",)),  # the seed's 美工 review is the site's overhaul
        Domain("market"), Domain("service"), Domain("campaigns"), Domain("compliance"),
        Domain("team"),
    )
}
assert tuple(REGISTRY) == DOMAINS, "the registry lists the catalog's domains in order"


def domain(name: str) -> Domain:
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown domain {name!r}; known: {', '.join(REGISTRY)}") from None
