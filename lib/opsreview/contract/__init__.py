"""The contract: what a month's files must hold and what the report promises of them.

The dataset catalog (columns, types, enums, keys, month rules), the platforms' exports as
they download them, the config (targets, benchmarks, sites, shops, platform rules) with its
schema, what a figure is (`Figure`, declared by each domain), the languages and which figures
need which export. Every later stage reads these declarations; nothing here reads data.
"""

from opsreview import exports

__getattr__, __dir__, __all__ = exports(__name__, {
    "catalog": ("DATASETS", "BY_NAME", "DOMAINS", "Dataset", "Column", "dataset", "datasets_for"),
    "platforms": ("EXPORTS", "Export"),
    "config": ("Config", "Target", "read_yaml"),
    "figure": ("Figure", "F", "declare", "HIGHER", "LOWER"),
    "languages": ("LANGS", "DEFAULT"),
    "needs": ("Needs",),
})
