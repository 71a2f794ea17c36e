"""Many months, many clients, a cluster.

MONTHS and the local batch with its summary (local), a client's workspace and config
(workspace), and the same units as jobs on dask.distributed (cluster).
"""

from opsreview import exports

__getattr__, __dir__, __all__ = exports(__name__, {
    "local": ("parse_months", "run", "summary"),
    "workspace": ("Workspace", "expand"),
})
