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
from pathlib import Path

from opsreview.build.fingerprint import config_hash, domain_inputs, lib_hash, versions
from opsreview.contract.config import Config
from opsreview.digest import sha256_bytes
from opsreview.domains import Domain
from opsreview.errors import DataError
from opsreview.files import atomic_write
from opsreview.month.monthdata import MonthData
from opsreview.month.months import Month


def month_figures(dom: Domain, month: Month, raw_dir: Path, processed_dir: Path,
                  cfg: Config) -> dict:
    """The domain's figures of MONTH ({} when its data does not load), computed once per key."""
    key = _key(dom, month, raw_dir, processed_dir, cfg)
    cached = _read(_path(dom, month, processed_dir), key)
    if cached is not None:
        return cached
    try:
        figures = dom.compute(MonthData.from_dirs(month, raw_dir, processed_dir), cfg) or {}
    except DataError:
        figures = {}
    return _write(dom, month, processed_dir, key, figures)


def same_days_before(dom: Domain, month: Month, raw_dir: Path, processed_dir: Path,
                     cfg: Config) -> dict | None:
    """Last month's figures on the days a partial MONTH covers (MonthData.previous cuts its
    rows to them), as the page's `previous` is computed: never the cache's whole month.
    None when last month has no folder or no rows of the domain on those days."""
    md = MonthData.from_dirs(month, raw_dir, processed_dir)
    for ds in dom.own_datasets:  # the month's own periods decide the cut
        md.get(ds.name)
    prev = md.previous()
    if prev is None or not any(prev.has(d.name) for d in dom.own_datasets):
        return None
    try:
        return dom.compute(prev, cfg)
    except DataError:
        return None


def keep(dom: Domain, month: Month, raw_dir: Path, processed_dir: Path, cfg: Config,
         figures: dict) -> None:
    """Keep the figures a build of MONTH computed, for the trends of the months after it."""
    _write(dom, month, processed_dir, _key(dom, month, raw_dir, processed_dir, cfg), figures)


def earlier(dom: Domain, months: list[Month], raw_dir: Path, processed_dir: Path) -> None:
    """Compute (or find) the figures of each month in MONTHS, so the index need not: a
    build's workers call it for the months of their domain's trends while the other domains
    run, instead of the index doing every domain's one after another at the end."""
    cfg = Config()
    for month in months:
        month_figures(dom, month, raw_dir, processed_dir, cfg)


def _path(dom: Domain, month: Month, processed_dir: Path) -> Path:
    return Path(processed_dir) / str(month) / "figures" / f"{dom.name}.json"


def _write(dom: Domain, month: Month, processed_dir: Path, key: str, figures: dict) -> dict:
    """Store the figures under KEY; returns them as a reader gets them back."""
    # as a page saves its figures for metrics.json (pages.page.Page.save): what a cached
    # month gives is exactly what a computed one does
    text = json.dumps({"key": key, "figures": figures}, ensure_ascii=False, sort_keys=True,
                      default=str)
    path = _path(dom, month, processed_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)
    except OSError:  # a full disk, a read-only cache: computed again next time
        pass
    return json.loads(text)["figures"]


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
