"""The team: headcount by group, where people came or went, each group's month."""

from __future__ import annotations

from opsreview.contract.figure import F, declare

# the headline figures, in the order the cards and the index show them
HEADLINE = declare("team", F("headcount", "int", unit="人"), F("groups", "int", unit="个"))
