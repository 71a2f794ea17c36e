"""A domain is one registered object whose parts share one interface across domains."""

import inspect

import pytest

from opsreview.domains import REGISTRY, Domain, register
from opsreview.judging.labels import Labels


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_part_is_found_from_the_registration_with_one_signature(name):
    dom = REGISTRY[name]
    from opsreview.domains import _resolve

    views = _resolve(dom.views)
    assert list(inspect.signature(views.tables).parameters) == ["md", "cfg", "figures"]
    assert list(inspect.signature(views.extra_findings).parameters) == \
        ["figures", "tabs", "cfg", "t"]
    assert callable(_resolve(dom.metrics).compute) and callable(dom.review_part)
    assert dom.notebook.exists() and dom.labels.exists()
    assert Labels("en").get(f"common.domains.{name}")


def test_a_domain_outside_the_catalog_or_twice_is_refused():
    with pytest.raises(KeyError, match="catalog"):
        register(Domain("nowhere"))
    with pytest.raises(KeyError, match="twice"):
        register(Domain("seo"))


def test_the_conventional_places_can_be_overridden():
    dom = Domain("seo", review="opsreview.domains.site.review:review_site")
    assert dom.metrics == "opsreview.domains.seo.metrics"
    assert dom.review_part.__name__ == "review_site"
