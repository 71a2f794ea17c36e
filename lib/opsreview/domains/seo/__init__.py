"""SEO: keyword ranks on the watched sites, indexing (a site downgraded by Baidu), trials of
ranking strategies."""

from __future__ import annotations

from opsreview.contract.figure import DOWN, UP, F, declare

# the headline figures, in the order the cards and the index show them
HEADLINE = declare(
    "seo",
    F("keywords", "int", unit="个"), F("top10_share", "percent", **UP),
    F("improved_share", "percent", **UP),
    F("index_collapses", "int", unit="个", **DOWN),
    F("no_effect_share", "percent", **DOWN))
