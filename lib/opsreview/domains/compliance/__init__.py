"""Platform rules: each shop's Tmall trial, violation points and penalties, entry to
the deal. No headline figures: its findings are each shop's standing."""

from __future__ import annotations

# the headline figures, in the order the cards and the index show them
HEADLINE = ()
