"""Judging and writing: one verdict per figure, and the words that say it.

`judge` decides met / missed / caveat and better / worse once per figure (verdicts); the
review's domain parts, overview, key points and scorecard are written on those verdicts
(review), each statement a scored insight (insights); two sources of one quantity are
reconciled (reconcile); numbers and words come in zh or en (fmt, labels).
"""

from opsreview import exports

__getattr__, __dir__, __all__ = exports(__name__, {
    "verdicts": ("judge", "domain_verdicts", "Verdict"),
    "review": ("Facts", "Review", "domain_review", "story", "key_points", "scorecard"),
    "insights": ("Insight", "Editorial"),
    "reconcile": ("RULES", "stated", "beside_kpis"),
    "labels": ("Labels",),
    "fmt": ("format_value",),
})
