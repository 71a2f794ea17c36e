"""Writing outputs so that a reader never sees half a file: temp file, then os.replace; and
never through a symbolic link planted where a file goes (a link to a file outside the
project would have the build overwrite it): new files are created exclusively, without
following links (O_EXCL, O_NOFOLLOW), and a rename replaces a link, not its target.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(path: Path, content: str | bytes | Callable[[Path], object]) -> None:
    """Write PATH so that a reader never sees half of it: CONTENT (text, as UTF-8; bytes; or
    a function that writes the path it is given, as a parquet or PDF writer does) goes to a
    temp file created beside PATH, is synced to disk, then renamed over PATH in one step. The
    temp file is created exclusively (never a link), the rename replaces a link at PATH
    instead of following it, and on any failure the temp file goes and PATH is as it was.
    Every file the tool writes whole goes through here."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        if callable(content):
            os.close(fd)
            content(tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        else:
            text = isinstance(content, str)
            with os.fdopen(fd, "w" if text else "wb", encoding="utf-8" if text else None) as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def open_own(path: Path, flags: int, mode: int = 0o644) -> int:
    """os.open that never follows a symbolic link at PATH (OSError ELOOP when one is there)."""
    return os.open(path, flags | NOFOLLOW, mode)


def create_new(path: Path, text: str) -> None:
    """Write text to a file that must not exist yet (nor a link of that name, dangling or not)."""
    fd = open_own(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def move_into_place(src: Path, dst: Path) -> None:
    """Move a finished file into outputs in one rename (same file system)."""
    Path(dst).parent.mkdir(parents=True, exist_ok=True)
    os.replace(src, dst)


def git_commit(root: Path) -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                             text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None
