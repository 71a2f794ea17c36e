"""A month: calendar arithmetic and the frames metric code reads.

`Month` and `Period` (months), `MonthData` (a month's validated frames, last month cut to the
same days, a dataset's history; `stamp` keeps the days a domain's data covers beside its
figures) and `scopes` (each shop's or site's own month).
"""

from opsreview import exports

__getattr__, __dir__, __all__ = exports(__name__, {
    "months": ("Month", "Period", "MonthError"),
    "monthdata": ("MonthData", "stamp"),
    "scopes": ("only", "together"),
})
