"""Ingest: a downloaded file to a typed frame, and what a month's folder holds.

Which file feeds which dataset (inventory, from the first lines: heads, sheets, context), its
cells parsed by type and cleaned of what the platforms add (parsing, cleaning), loaded with
every issue collected (loader), cached as parquet on its bytes and code (store, packages),
several files per dataset put together (combine), and `make validate` (validate).
"""

from opsreview import exports

__getattr__, __dir__, __all__ = exports(__name__, {
    "inventory": ("month_inventory", "Inventory", "Entry"),
    "loader": ("load", "Loaded"),
    "combine": ("load_dataset",),
    "store": ("load_cached",),
    "validate": ("validate_month",),
})
