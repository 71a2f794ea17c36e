"""Warm kernels for a build: one warm parent per build, a kernelspec that selects the forking
provisioner, and nothing else changed.

    with warm_kernels(work_root) as warm:   # in the build, before it plans
        preload_workers()                    # once there is work: then the workers fork
        ... papermill.execute_notebook(..., kernel_name=warm.name) in each worker

The parent starts importing at once, so its imports overlap the planning and the workers'
preload and validation. The
kernelspec lives in the build's work folder and is found through JUPYTER_PATH, so JupyterLab
(`make lab`, kernel "Python (opsreview)") and every other use keep the normal kernel start.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROVISIONER = "opsreview-warm-fork"
KERNEL_NAME = "opsreview-warm"
# Room in the parent's command line for a kernel's own (warm.set_cmdline writes over it).
CMDLINE_ROOM = " " * 320


def kernelspec(socket_path: str) -> dict:
    """The python3 kernel's spec, started by the warm-fork provisioner."""
    return {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (opsreview build, warm fork)",
        "language": "python",
        "metadata": {"kernel_provisioner": {"provisioner_name": PROVISIONER,
                                            "config": {"socket_path": socket_path}}},
    }


def start_parent(socket_path: str, log: Path | None = None,
                 jobs: bool = False) -> subprocess.Popen:
    """The warm parent process; it ends when its stdin (this pipe) closes. JOBS: it forks
    whole jobs too (a Dask worker's, batch/cluster.py), with their imports done.

    The socket is bound and listening here, before the parent starts: a provisioner that
    connects early waits in the backlog until the parent's imports are done, never finds
    no socket.
    """
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    err = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    try:
        listener.bind(socket_path)
        listener.listen(64)
        return subprocess.Popen(
            [sys.executable, "-m", "opsreview.build.kernels.warm", str(listener.fileno()),
             CMDLINE_ROOM, *(["--jobs"] if jobs else [])],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err,
            pass_fds=[listener.fileno()], env={**os.environ, "MPLBACKEND": "Agg"})
    finally:
        listener.close()
        if log:
            err.close()


def stop_parent(proc: subprocess.Popen) -> None:
    if proc.stdin:
        proc.stdin.close()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@dataclass(frozen=True)
class WarmKernels:
    name: str  # the kernelspec to run notebooks with
    parent: subprocess.Popen | None  # the warm parent (None: normal kernel starts)
    socket: Path | None
    notice: str | None = None  # why the build starts its kernels the normal way

    def discard(self) -> None:
        """Stop a parent that no kernel was asked of (the build found nothing to run) at
        once: still importing, it would notice its closed stdin only afterwards."""
        if self.parent is not None and self.parent.poll() is None:
            self.parent.kill()


def provisioner_installed() -> bool:
    """Whether jupyter_client can find the warm-fork provisioner (the package's entry point:
    missing in an environment installed before it existed, until `make setup` runs again)."""
    from importlib.metadata import entry_points

    return any(ep.name == PROVISIONER
               for ep in entry_points(group="jupyter_client.kernel_provisioners"))


@contextmanager
def warm_kernels(work_root: Path, jobs: bool = False):
    """Yield WarmKernels while the warm parent serves this build; stop it afterwards.
    Without the provisioner installed, every kernel starts the normal way (python3) and
    `notice` says why. JOBS: the parent forks jobs too (warm.py).
    """
    work_root = Path(work_root)
    if not provisioner_installed():
        yield WarmKernels("python3", None, None, notice=(
            f"warm kernels unavailable: the {PROVISIONER} provisioner is not installed in "
            "this environment (run `make setup`); kernels start the normal way"))
        return
    spec_dir = work_root / "jupyter" / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    # AF_UNIX paths are short (108 bytes): the socket sits in the work folder when it fits
    sock = work_root / "warm.sock"
    if len(str(sock)) > 100:
        import tempfile

        sock = Path(tempfile.mkdtemp(prefix="opsreview-")) / "warm.sock"
    (spec_dir / "kernel.json").write_text(json.dumps(kernelspec(str(sock))), encoding="utf-8")
    proc = start_parent(str(sock), work_root / "warm.log", jobs)
    before = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(work_root / "jupyter"), before) if p)
    try:
        yield WarmKernels(KERNEL_NAME, proc, sock)
    finally:
        if before is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = before
        stop_parent(proc)
        sock.unlink(missing_ok=True)
        if sock.parent != work_root:
            sock.parent.rmdir()


def preload_workers() -> None:
    """In the build process, before the workers fork from it: import what every worker needs
    (papermill, nbclient, the provisioner, the store) and build the page exporter with its
    template environment once, and hash the code and read the package versions the caches
    are keyed on, so each worker inherits them instead of paying for them. It
    runs while the warm parent imports on the other core; it starts no thread."""
    import nbformat
    import papermill  # noqa: F401

    from opsreview.build import fingerprint
    from opsreview.build.kernels import engine, provisioner  # noqa: F401
    from opsreview.ingest import packages, store  # noqa: F401
    from opsreview.pages import export

    export.render(nbformat.v4.new_notebook(), title="", lang="zh", back="", footer="",
                  contents="")
    fingerprint.lib_hash()  # every job's figure-cache keys: the code's sources, read once
    packages.versions()


def take_notices() -> list[str]:
    """The fallbacks to a normal kernel start in this process since the last call."""
    from opsreview.build.kernels.provisioner import NOTICES

    taken, NOTICES[:] = list(NOTICES), []
    return taken
