"""Earlier months' figures, kept beside their typed data so the trends need not recompute them.

The index's trend table reads the headline figures of up to twelve months. Computing them
means loading each month's data and running each domain's metrics again at every build;
instead each month's result per domain is kept in `data/processed/<MONTH>/figures/<domain>.json`
under a key made of everything it depends on: the domain's input files of that month and of
every earlier one (their hashes), the code, the config and the package versions. A changed
file, a month added before it, new code or config: a new key, and the figures are computed
again. The cache is only ever a shortcut: a file that cannot be read or written is ignored.
"""

from __future__ import annotations

import json
import numbers
from pathlib import Path

from .config import Config
from .domains import Domain
from .errors import DataError
from .fingerprint import config_hash, domain_inputs, lib_hash, sha256_bytes, versions
from .monthdata import MonthData
from .months import Month
from .publish import atomic_write_text


def month_figures(dom: Domain, month: Month, raw_dir: Path, processed_dir: Path,
                  cfg: Config) -> dict:
    """The domain's figures of MONTH ({} when its data does not load), computed once per key."""
    key = _key(dom, month, raw_dir, processed_dir, cfg)
    path = Path(processed_dir) / str(month) / "figures" / f"{dom.name}.json"
    cached = _read(path, key)
    if cached is not None:
        return cached
    try:
        figures = dom.compute(MonthData.from_dirs(month, raw_dir, processed_dir), cfg) or {}
    except DataError:
        figures = {}
    figures = {k: _plain(v) for k, v in figures.items() if _scalar(v)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps({"key": key, "figures": figures}, ensure_ascii=False,
                                           sort_keys=True, allow_nan=False))
    except (OSError, ValueError):  # a full disk, a read-only cache, NaN: computed next time
        pass
    return figures


def _key(dom: Domain, month: Month, raw_dir: Path, processed_dir: Path, cfg: Config) -> str:
    record = {"domain": dom.name, "month": str(month), "lib": lib_hash(),
              "config": config_hash(cfg.root), "versions": versions(),
              "inputs": domain_inputs(dom, month, raw_dir, processed_dir)}
    return sha256_bytes(json.dumps(record, sort_keys=True).encode())


def _read(path: Path, key: str) -> dict | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    figures = stored.get("figures")
    return figures if isinstance(figures, dict) else None


def _scalar(value) -> bool:
    """Figures a trend can show: numbers, text, yes/no, none (not tables or lists)."""
    return value is None or isinstance(value, (str, bool, numbers.Number))


def _plain(value):
    """numpy scalars as Python numbers; NaN as None (a figure with no data)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    number = float(value)
    return None if number != number or number in (float("inf"), float("-inf")) else number
