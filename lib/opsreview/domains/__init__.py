"""The domains, one folder each, and the registry that plugs them in (as papermill registers
engines).

A domain's folder holds all that is its own: `__init__.py` declares its headline figures
(`HEADLINE`, rows of contract.figure's `F`), `metrics.py` computes them
(`compute(md, cfg) -> dict`), `views.py` makes its page's tables and charts
(`tables(md, cfg, figures=None) -> domains.tables.Tables` and
`extra_findings(figures, tabs, cfg, t) -> [(side, text, figure)]`, the same signatures in
every domain) and `review.py` writes its part of the review (`review_<name>(facts)` on
judging.review's Facts). Its words are config/labels/<name>.yml, its notebook
notebooks/<name>.ipynb, its datasets the catalog's. One `register(Domain(...))` below plugs a
folder in; each part is found from it by module path. This module is also where the
declared figures are looked up (`figure`, `headlines`, `DECLARED`) and held against
config/targets.yml (`check`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from opsreview.contract.catalog import DOMAINS, Dataset, datasets_for
from opsreview.contract.config import Config, Target
from opsreview.contract.figure import Figure
from opsreview.domains import campaigns, compliance, market, seo, service, site, team
from opsreview.errors import ConfigError
from opsreview.paths import CONFIG_DIR, NOTEBOOKS_DIR


def _resolve(path: str) -> Any:
    """'package.module:attribute' (or a module path alone) to the object it names."""
    module, _, attr = path.partition(":")
    found = import_module(module)
    return getattr(found, attr) if attr else found


@dataclass(frozen=True)
class Domain:
    """One domain's parts: its headline figures (its folder's HEADLINE) and the module paths
    of the rest, which default to its folder: opsreview.domains.<name>.metrics, .views and
    .review:review_<name>."""

    name: str
    headline: tuple[Figure, ...] = ()  # in the order the cards and the index show them
    also_kpis: tuple[str, ...] = ()  # other kpis.csv domains this page shows (美工 on site)
    metrics: str = field(default="")
    views: str = field(default="")
    review: str = field(default="")

    def __post_init__(self) -> None:
        for key, path in (("metrics", f"opsreview.domains.{self.name}.metrics"),
                          ("views", f"opsreview.domains.{self.name}.views"),
                          ("review", f"opsreview.domains.{self.name}.review:review_{self.name}")):
            if not getattr(self, key):
                object.__setattr__(self, key, path)

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
        """The domain's figures, with the days its data covers (month.monthdata.stamp)."""
        from opsreview.month.monthdata import stamp

        return stamp(_resolve(self.metrics).compute(md, cfg), md, self)

    @property
    def review_part(self) -> Callable:
        """The function that writes the domain's part of the review (its review.py)."""
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


register(Domain("seo", seo.HEADLINE))
register(Domain("site", site.HEADLINE,  # the seed's 美工 review is the site's overhaul
                also_kpis=("design",)))
register(Domain("market", market.HEADLINE))
register(Domain("service", service.HEADLINE))
register(Domain("campaigns", campaigns.HEADLINE))
register(Domain("compliance", compliance.HEADLINE))
register(Domain("team", team.HEADLINE))
assert tuple(REGISTRY) == DOMAINS, "the registry lists the catalog's domains in order"

# The headline figures of each domain, and each by (domain, key)
HEADLINES: dict[str, tuple[Figure, ...]] = {name: d.headline for name, d in REGISTRY.items()}


def domain(name: str) -> Domain:
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown domain {name!r}; known: {', '.join(REGISTRY)}") from None


DECLARED: dict[tuple[str, str], Figure] = {
    (f.domain, f.key): f for figs in HEADLINES.values() for f in figs}


def figure(domain: str, key: str) -> Figure:
    try:
        return DECLARED[(domain, key)]
    except KeyError:
        raise KeyError(f"no figure {domain}.{key} in domains.HEADLINES") from None


def headlines(domain: str) -> tuple[Figure, ...]:
    return HEADLINES[domain]


def check(cfg: Config) -> None:
    """Config and declarations agree: each target a figure names exists, judges that figure
    (its `metric`) and points the same way; every target naming a headline figure is named by
    it. Raises ConfigError saying which."""
    named = {}
    for fig in DECLARED.values():
        for key in (fig.target, fig.benchmark):
            if key is None:
                continue
            target: Target = cfg.target(key)
            named[key] = fig
            where = f"config/targets.yml: targets.{key}"
            if target.metric != f"{fig.domain}.{fig.key}":
                raise ConfigError(f"{where}: metric is {target.metric!r}, but domains/"
                                  f"{fig.domain} holds it against {fig.domain}.{fig.key}")
            role = "target" if key == fig.target else "benchmark"
            if target.kind != role:
                raise ConfigError(f"{where}: kind is {target.kind}, but domains/{fig.domain} "
                                  f"names it as the {role} of {fig.domain}.{fig.key}")
            if target.better != fig.better:
                raise ConfigError(f"{where}: better is {target.better}, but "
                                  f"{fig.domain}.{fig.key} is better {fig.better}")
    for key, target in cfg.targets.items():
        if target.metric and key not in named:
            domain, _, metric = target.metric.partition(".")
            if (domain, metric) in DECLARED:
                raise ConfigError(f"config/targets.yml: targets.{key} judges {target.metric}, "
                                  f"which domains/{domain} does not hold against it")
