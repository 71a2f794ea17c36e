"""SHA-256 of bytes and of files, a file read once per process while it stays unchanged.

A build asks for one raw file's hash many times: its domain fingerprints, the parquet cache's
key in each worker and kernel that loads it, the trends' cache key of every later month. The
hash is kept under the file's identity and times (device, inode, size, mtime and ctime; a
write moves ctime, which no tool sets back), so a changed file is read again and an
unchanged one once. Whether a page is rebuilt is still decided by content: a new process
(each `make report`) starts with nothing kept.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_KEPT: dict[tuple, str] = {}
_KEPT_MAX = 20_000  # files of many months and workspaces; an entry is ~200 bytes


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_path(path: Path) -> str:
    """The file's content hash (hex)."""
    st = os.stat(path)
    seen = (os.fspath(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    kept = _KEPT.get(seen)
    if kept is not None:
        return kept
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    if len(_KEPT) >= _KEPT_MAX:
        _KEPT.clear()
    _KEPT[seen] = digest.hexdigest()
    return _KEPT[seen]
