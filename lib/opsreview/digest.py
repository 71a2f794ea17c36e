"""SHA-256 of bytes and of files, and what a build keeps of them while it runs.

A build asks for one raw file's hash many times: its domain fingerprints, the parquet cache's
key in each worker that loads it, the trends' cache key of every later month; and for each
month's inventory once per domain and month. Within `one_build()` (the runner's build, and
the workers it forks) each is worked out once while the file is unchanged: kept under the
file's identity and times (device, inode, size, mtime, ctime). Outside a build nothing is
kept, and whether a page is rebuilt is always decided by content: each build starts afresh.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from pathlib import Path

_BUILD: dict[str, dict] | None = None  # the running build's memos by kind; None: no build


@contextmanager
def one_build():
    """While a build runs: files do not change under it, so what is worked out from one is
    kept (`kept`). Nested calls share the outer build's memos."""
    global _BUILD
    if _BUILD is not None:
        yield
        return
    _BUILD = {}
    try:
        yield
    finally:
        _BUILD = None


def kept(kind: str) -> dict | None:
    """The running build's memo of KIND; None outside a build (work it out every time)."""
    return None if _BUILD is None else _BUILD.setdefault(kind, {})


def stamp(path: Path, st: os.stat_result | None = None) -> tuple:
    """The file's identity and times: a write moves its mtime and ctime."""
    st = st or os.stat(path)
    return (os.fspath(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_path(path: Path) -> str:
    """The file's content hash (hex)."""
    memo = kept("sha256")
    seen = stamp(path) if memo is not None else None
    if seen is not None and seen in memo:
        return memo[seen]
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    if seen is not None:
        memo[seen] = digest.hexdigest()
    return digest.hexdigest()
