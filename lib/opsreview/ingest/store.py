"""The processed-data cache: validated frames as parquet, reused while the raw file is unchanged."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from opsreview.contract.catalog import Dataset
from opsreview.digest import sha256_bytes, sha256_path
from opsreview.files import atomic_write
from opsreview.ingest.context import Source
from opsreview.ingest.loader import Loaded, load
from opsreview.ingest.packages import versions
from opsreview.modules import code_hash
from opsreview.month.months import Month

CACHE_VERSION = "2"


@cache
def _code_hash(ds: Dataset) -> str:
    """The dataset's declaration, the loading code (this module and every module of the
    package it imports: modules.code_hash) and the versions of the packages that read files
    (packages.PACKAGES), as one hash (fixed for a process)."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    digest.update(repr(asdict(ds)).encode())
    digest.update(json.dumps(versions(), sort_keys=True).encode())
    digest.update(code_hash(__name__).encode())
    return digest.hexdigest()


def cache_stem(path: Path, ds: Dataset) -> str:
    """The cache's file name: the dataset's for its canonical file, else one per raw file."""
    if Path(path).name == ds.file:
        return ds.name
    return f"{ds.name}--{hashlib.sha256(Path(path).name.encode()).hexdigest()[:12]}"


def load_cached(path: Path, ds: Dataset, month: Month, processed_dir: Path | None,
                source: Source | None = None) -> Loaded:
    """Load through the parquet cache in `processed_dir` (None: no cache). The file is read
    once: its bytes are hashed for the key and the same bytes parsed, so a file replaced
    while it is read never stores one version's rows under the other's hash."""
    source = source or Source()
    if processed_dir is None:
        return load(path, ds, month, source)
    processed_dir = Path(processed_dir)
    parquet, sidecar = _files(path, ds, processed_dir)
    key = _key(path, ds, month, source)
    meta = _meta(sidecar, key)
    if meta is not None:
        try:
            return Loaded(_read_parquet(parquet), list(meta["notices"]), int(meta["rows"]))
        except Exception:  # noqa: BLE001 - any unreadable cache is simply rebuilt
            pass
    data = read_raw(path)
    key["raw_sha256"] = sha256_bytes(data)
    loaded = load(path, ds, month, source, data=data)
    del data
    meta = {**key, "notices": loaded.notices, "rows": loaded.rows}
    try:
        processed_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(parquet, lambda tmp: loaded.frame.to_parquet(tmp, index=False))
        atomic_write(sidecar, json.dumps(meta, ensure_ascii=False))
    except OSError as exc:  # a full disk: the file is checked and used, only not kept
        sidecar.unlink(missing_ok=True)
        loaded.notices.append(f"{Path(path).name}: not kept in the cache {processed_dir} "
                              f"({exc.strerror or exc}); read again next time")
    return loaded


def is_cached(path: Path, ds: Dataset, month: Month, processed_dir: Path | None,
              source: Source | None = None) -> bool:
    """Whether the cache holds the file as it is now, so it was valid: a file that fails
    validation is never cached. Nothing is read but the cache's small key file."""
    if processed_dir is None:
        return False
    parquet, sidecar = _files(path, ds, Path(processed_dir))
    return _meta(sidecar, _key(path, ds, month, source or Source())) is not None \
        and parquet.is_file()


def read_raw(path: Path) -> bytes:
    """A raw file's bytes, read in one go (never through a symlink's target outside)."""
    with open(path, "rb") as fh:
        return fh.read()


def clear(processed_dir: Path, before: float) -> None:
    """Forget every cache kept for one month folder (FORCE=1): frames, inventory, figures,
    those written before BEFORE (a forced batch clears each month once, not the caches its
    earlier months have just made)."""
    folder = Path(processed_dir)
    for sub in (folder, folder / "figures"):
        if sub.is_dir() and not sub.is_symlink():
            for path in sub.iterdir():
                if (path.is_file() or path.is_symlink()) and path.lstat().st_mtime < before:
                    path.unlink(missing_ok=True)


def _files(path: Path, ds: Dataset, processed_dir: Path) -> tuple[Path, Path]:
    stem = cache_stem(path, ds)
    return processed_dir / f"{stem}.parquet", processed_dir / f"{stem}.json"


def _key(path: Path, ds: Dataset, month: Month, source: Source) -> dict:
    return {"raw_sha256": sha256_path(path), "code": _code_hash(ds), "month": str(month),
            "source": repr(source)}


def _meta(sidecar: Path, key: dict) -> dict | None:
    """The cache's key file when it matches `key`, else None."""
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) and all(meta.get(k) == v for k, v in key.items()) \
        else None


def _read_parquet(path: Path) -> pd.DataFrame:
    """A cached frame, read without Arrow's thread pools: pd.read_parquet's dataset scanner
    leaves pool threads alive at exit, and their teardown then aborts the process now and
    then (`terminate called without an active exception`, exit 134; apache/arrow#34314)."""
    return pq.ParquetFile(path, pre_buffer=False).read(use_threads=False) \
        .to_pandas(use_threads=False)


