"""One build per month at a time: a lock file, held with flock, that names the builder.

The kernel holds the lock for the open file and drops it the instant the builder dies, so a
lock left by a killed build is free at once, and two builds taking over a stale file at the
same moment cannot both get it (flock is atomic; the inode check below closes the race with
a holder that is unlinking the file as it releases it).
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from datetime import datetime
from pathlib import Path

from opsreview.files import open_own


class LockedError(RuntimeError):
    """Another live run holds the month's lock."""


class MonthLock:
    """`with MonthLock(outputs/2024-02):` — a lock file left by a dead build is taken over."""

    def __init__(self, out_dir: Path, echo=print) -> None:
        self.path = Path(out_dir) / ".lock"
        self.echo = echo
        self.fd: int | None = None

    @property
    def held(self) -> bool:
        return self.fd is not None

    def acquire(self) -> None:
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "started": datetime.now().isoformat(timespec="seconds")}
        while True:
            try:  # a link planted as the lock would have the build write to its target
                fd = open_own(self.path, os.O_RDWR | os.O_CREAT)
            except OSError as exc:
                if not self.path.is_symlink():
                    raise
                raise LockedError(
                    f"{self.path} is a symbolic link, not a lock a build made; it is left as "
                    f"it is (and what it points to): remove it, then build again") from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read(fd)
                os.close(fd)
                raise LockedError(
                    f"another opsreview build of {self.path.parent.name} is running "
                    f"(pid {holder.get('pid')}, since {holder.get('started')}); wait for it "
                    "to finish") from None
            if _same_file(fd, self.path):
                break
            os.close(fd)  # the holder released and unlinked it between our open and flock
        left = _read(fd)
        if left.get("pid"):
            self.echo(f"note: taking over a stale lock left by pid {left['pid']}")
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            self.path.unlink(missing_ok=True)  # still holding it: no one can take it between
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> MonthLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _read(fd: int) -> dict:
    try:
        data = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False
