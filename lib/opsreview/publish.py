"""Writing outputs so that a reader never sees half a file: temp file, then os.replace."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path


def atomic_write_text(path: Path, text: str) -> None:
    """Write text next to its destination, fsync, then rename over it in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
