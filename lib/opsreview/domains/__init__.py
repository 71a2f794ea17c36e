"""The domain registry: the one place a report is plugged in, as papermill registers engines.

A domain is one registered object: its metrics (`compute(md, cfg) -> dict`), its view
(`tables(md, cfg, figures=None) -> views.common.Tables` and
`extra_findings(figures, tabs, cfg, t) -> [(kind, text)]`, the same signatures in every
domain), its part of the written review (a function of report.review.Facts), its wording
(config/labels/<name>.yml), its notebook (notebooks/<name>.ipynb), its datasets (from the
catalog) and its headline figures (figures.py). Each part is found from the registration, by
module path, so adding a domain is one `register(Domain(...))` plus the modules it names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from opsreview.contract.catalog import DOMAINS, Dataset, datasets_for
from opsreview.contract.figure import Figure, headlines
from opsreview.paths import CONFIG_DIR, NOTEBOOKS_DIR


def _resolve(path: str) -> Any:
    """'package.module:attribute' (or a module path alone) to the object it names."""
    module, _, attr = path.partition(":")
    found = import_module(module)
    return getattr(found, attr) if attr else found


@dataclass(frozen=True)
class Domain:
    """One domain's parts. The module paths default to the conventional places:
    opsreview.domains.<name>.metrics, opsreview.domains.<name>.views,
    opsreview.judging.review:review_<name>."""

    name: str
    also_kpis: tuple[str, ...] = ()  # other kpis.csv domains this page shows (美工 on site)
    metrics: str = field(default="")
    views: str = field(default="")
    review: str = field(default="")

    def __post_init__(self) -> None:
        for key, path in (("metrics", f"opsreview.domains.{self.name}.metrics"),
                          ("views", f"opsreview.domains.{self.name}.views"),
                          ("review", f"opsreview.judging.review:review_{self.name}")):
            if not getattr(self, key):
                object.__setattr__(self, key, path)

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
    def labels(self):
        return CONFIG_DIR / "labels" / f"{self.name}.yml"

    @property
    def datasets(self) -> tuple[Dataset, ...]:
        return datasets_for(self.name)

    @property
    def own_datasets(self) -> tuple[Dataset, ...]:
        """The datasets whose absence makes the domain 'no data' (kpis.csv is shared)."""
        own = tuple(d for d in self.datasets if d.domain == self.name)
        return tuple(d for d in own if d.name != "kpis") or own

    def compute(self, md: Any, cfg: Any) -> dict | None:
        """The domain's figures, with the days its data covers (report.periods.stamp)."""
        from opsreview.pages.periods import stamp

        return stamp(_resolve(self.metrics).compute(md, cfg), md, self)

    @property
    def review_part(self) -> Callable:
        """The function that writes the domain's part of the review (report.review)."""
        return _resolve(self.review)


REGISTRY: dict[str, Domain] = {}


def register(dom: Domain) -> Domain:
    """Plug a domain in; its name must be a catalog domain (the datasets say what it reads)."""
    if dom.name not in DOMAINS:
        raise KeyError(f"domain {dom.name!r} is not in the catalog's DOMAINS")
    if dom.name in REGISTRY:
        raise KeyError(f"domain {dom.name!r} is registered twice")
    REGISTRY[dom.name] = dom
    return dom


register(Domain("seo"))
register(Domain("site", also_kpis=("design",)))  # the seed's 美工 review is the site's overhaul
register(Domain("market"))
register(Domain("service"))
register(Domain("campaigns"))
register(Domain("compliance"))
register(Domain("team"))
assert tuple(REGISTRY) == DOMAINS, "the registry lists the catalog's domains in order"


def domain(name: str) -> Domain:
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown domain {name!r}; known: {', '.join(REGISTRY)}") from None
