"""One build per month at a time: a lock file holding the builder's pid."""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime
from pathlib import Path


class LockedError(RuntimeError):
    """Another live run holds the month's lock."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class MonthLock:
    """`with MonthLock(outputs/2024-02):` — a stale lock (dead pid) is taken over."""

    def __init__(self, out_dir: Path, echo=print) -> None:
        self.path = Path(out_dir) / ".lock"
        self.echo = echo
        self.held = False

    def acquire(self) -> None:
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "started": datetime.now().isoformat(timespec="seconds")}
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self._holder()
                if holder and holder.get("host") == info["host"] and _alive(holder["pid"]):
                    raise LockedError(
                        f"another opsreview build of {self.path.parent.name} is running "
                        f"(pid {holder['pid']}, since {holder.get('started')}); wait for it to "
                        f"finish, or delete {self.path} if that process is gone") from None
                self.echo(f"note: removing a stale lock left by pid {holder and holder.get('pid')}")
                self.path.unlink(missing_ok=True)
                continue
            with os.fdopen(fd, "w") as fh:
                json.dump(info, fh)
            self.held = True
            return
        raise LockedError(f"could not take the lock {self.path}")

    def _holder(self) -> dict | None:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return None

    def release(self) -> None:
        if self.held:
            self.path.unlink(missing_ok=True)
            self.held = False

    def __enter__(self) -> MonthLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
