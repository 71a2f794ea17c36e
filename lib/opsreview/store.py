"""The processed-data cache: validated frames as parquet, reused while the raw file is unchanged."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from .catalog import Dataset
from .context import Source
from .loader import Loaded, load
from .months import Month

CACHE_VERSION = "2"
# the modules whose code decides a loaded frame
CODE = ("loader.py", "parsing.py", "store.py", "sheets.py", "cleaning.py", "platforms.py",
        "context.py")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _code_hash(ds: Dataset) -> str:
    here = Path(__file__).parent
    digest = hashlib.sha256(CACHE_VERSION.encode())
    digest.update(repr(asdict(ds)).encode())
    for name in CODE:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def cache_stem(path: Path, ds: Dataset) -> str:
    """The cache's file name: the dataset's for its canonical file, else one per raw file."""
    if Path(path).name == ds.file:
        return ds.name
    return f"{ds.name}--{hashlib.sha256(Path(path).name.encode()).hexdigest()[:12]}"


def load_cached(path: Path, ds: Dataset, month: Month, processed_dir: Path | None,
                source: Source | None = None) -> Loaded:
    """Load through the parquet cache in `processed_dir` (None: no cache)."""
    source = source or Source()
    if processed_dir is None:
        return load(path, ds, month, source)
    processed_dir = Path(processed_dir)
    stem = cache_stem(path, ds)
    parquet = processed_dir / f"{stem}.parquet"
    sidecar = processed_dir / f"{stem}.json"
    key = {"raw_sha256": sha256_file(path), "code": _code_hash(ds), "month": str(month),
           "source": repr(source)}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        if all(meta.get(k) == v for k, v in key.items()):
            return Loaded(_read_parquet(parquet), list(meta["notices"]), int(meta["rows"]))
    except Exception:  # noqa: BLE001 - any unreadable cache is simply rebuilt
        pass
    loaded = load(path, ds, month, source)
    processed_dir.mkdir(parents=True, exist_ok=True)
    _atomic(parquet, lambda tmp: loaded.frame.to_parquet(tmp, index=False))
    meta = {**key, "notices": loaded.notices, "rows": loaded.rows}
    _atomic(sidecar, lambda tmp: tmp.write_text(json.dumps(meta, ensure_ascii=False),
                                                encoding="utf-8"))
    return loaded


def _read_parquet(path: Path) -> pd.DataFrame:
    """A cached frame, read without Arrow's thread pools: pd.read_parquet's dataset scanner
    leaves pool threads alive at exit, and their teardown then aborts the process now and
    then (`terminate called without an active exception`, exit 134; apache/arrow#34314)."""
    return pq.ParquetFile(path, pre_buffer=False).read(use_threads=False) \
        .to_pandas(use_threads=False)


def _atomic(target: Path, write) -> None:
    """Write through a temp file in the same folder, then os.replace: never a half file."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
