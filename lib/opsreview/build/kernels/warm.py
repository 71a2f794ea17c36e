"""The warm parent: `python -m opsreview.build.kernels.warm FD ROOM [--jobs]` (FD: its listening
socket).

It imports everything a domain notebook needs (ipykernel, pandas, pyarrow, matplotlib with
Agg, seaborn, opsreview's views) once, and then forks one kernel per request. It never creates
a ZMQ context, an event loop or a thread: the child starts a plain ipykernel exactly as
`python -m ipykernel_launcher -f CONN` would, so each kernel is a real kernel, just without
the second or two of imports. Precedents: sagecell's pre-forked kernels, ipykernel#410/#1261
(forking a running kernel, which fights its event loop; we fork before one exists).

With --jobs (a Dask worker's parent, batch/cluster.py) it also imports what a build's job needs
(papermill, nbconvert's exporter: kernels.preload_workers) and forks whole jobs: a worker's
job then starts as the local pool's do, from a process that has its imports already, and
pays no interpreter start. The job's kernels fork from the same parent.

Protocol (AF_UNIX, SOCK_SEQPACKET, one connection per kernel or job): the provisioner sends a
JSON request {"argv", "env", "cwd"} (a job: {"job", "env", "cwd"}, the runner.Job's fields)
with its stdin/stdout/stderr as SCM_RIGHTS file descriptors;
the reply is {"pid"} with a pidfd of the kernel (or {"error"}); when the kernel ends, one more
message {"exit": code}. The kernel keeps its copy of the connection: when the worker's end
closes (the worker ended, however), the kernel exits, as a normal kernel does when its parent
goes. The parent itself ends when its stdin closes (the build ended) or on SIGTERM.
"""

from __future__ import annotations

import ctypes
import json
import os
import selectors
import signal
import socket
import sys
import threading
from contextlib import suppress
from importlib.util import find_spec

# What a domain notebook imports (the views import charts, pandas, matplotlib, seaborn; a
# page imports its notes' Markdown parser and loads through ingest, whose parquet reads
# import pyarrow's pandas bridge), and what a kernel imports as it starts (its debugger
# pulls in debugpy, its history sqlite3).
PRELOAD = ("pandas", "pyarrow", "pyarrow.parquet", "pyarrow.pandas_compat", "matplotlib",
           "matplotlib.pyplot", "seaborn", "markdown_it", "ipykernel.kernelapp",
           "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger", "sqlite3",
           "psutil", "pdb", "tornado.queues", "opsreview.ingest.store", "opsreview.ingest.combine",
           "opsreview.pages.page")
KERNEL_ARGV = ("-m", "ipykernel_launcher", "-f")


def preload(jobs: bool = False) -> None:
    """Import the notebooks' modules (JOBS: and a job's); refuse to serve if any import left a
    thread behind."""
    import importlib

    os.environ["MPLBACKEND"] = "Agg"
    for name in PRELOAD:
        importlib.import_module(name)
    from opsreview.domains import REGISTRY

    for dom in REGISTRY.values():
        importlib.import_module(dom.views)
    warm_up()
    if jobs:
        from opsreview.batch import cluster  # noqa: F401 - the job's own code (runner, pages)
        from opsreview.build.kernels import preload_workers

        preload_workers()
    if threading.active_count() != 1:
        raise RuntimeError(f"preloading started threads: {threading.enumerate()}")


def warm_up() -> None:
    """Fill the caches a fork keeps: the labels (parsed YAML), matplotlib's font lookup and
    Agg/PNG set-up, by drawing one small chart with Chinese text as the pages do."""
    import matplotlib

    from opsreview.judging.labels import Labels
    from opsreview.pages import charts

    Labels()
    with matplotlib.rc_context():  # the kernels start with matplotlib's settings as they were
        charts.apply_theme()
        fig, ax = charts.figure(3, 2)
        ax.bar(["一月", "二月"], [1, 2])
        ax.set_title("预热 warm-up")
        charts.png_bytes(fig)


def connection_file(argv: list[str]) -> str:
    """The CONN of `python -m ipykernel_launcher -f CONN`; anything else is not ours to fork."""
    rest = argv[1:]
    if len(rest) != 4 or tuple(rest[:3]) != KERNEL_ARGV:
        raise ValueError(f"not a plain ipykernel command: {argv}")
    return rest[3]


def set_cmdline(argv: list[str]) -> None:
    """Show the kernel's own command in /proc/<pid>/cmdline (ps, kernel finders).

    The forked child's cmdline is still the warm parent's; like setproctitle, write the new
    arguments over the old ones in place (the parent's last argument is blank room for this).
    """
    with open("/proc/self/stat", "rb") as fh:
        fields = fh.read().rsplit(b")", 1)[1].split()
    start, end = int(fields[45]), int(fields[46])  # arg_start, arg_end (fields 48, 49)
    data = b"\0".join(a.encode() for a in argv)[: end - start - 1]
    ctypes.memmove(start, data.ljust(end - start, b"\0"), end - start)


def _watch_worker(conn: socket.socket) -> None:
    """In the kernel: exit when the worker that asked for it is gone (its end closes)."""
    def run() -> None:
        try:
            while conn.recv(64):
                pass
        except OSError:
            pass
        os._exit(1)

    threading.Thread(target=run, name="opsreview-worker-watch", daemon=True).start()


def _take_over(conn: socket.socket, request: dict, fds: list[int], closing: list,
               cmdline: list[str]) -> None:
    """In the forked child: the worker's stdio, env and cwd, a session of its own, and an
    exit when the worker goes."""
    for obj in closing:
        obj.close()
    os.setsid()  # its own session, as jupyter_client starts kernels (start_new_session)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
        signal.signal(sig, signal.default_int_handler if sig == signal.SIGINT
                      else signal.SIG_DFL)
    for target, fd in zip((0, 1, 2), fds, strict=True):
        os.dup2(fd, target)
        os.close(fd)
    os.environ.clear()
    os.environ.update(request["env"])
    if request.get("cwd"):
        os.chdir(request["cwd"])
    set_cmdline(cmdline)
    _watch_worker(conn)


def check_job(request: dict) -> None:
    """A job request names its domain, month and work folder, and brings its environment."""
    job = request["job"]
    if not (all(isinstance(job.get(k), str) for k in ("domain", "month", "work_dir"))
            and isinstance(request.get("env"), dict)):
        raise ValueError("not a job request")


def become_job(conn: socket.socket, request: dict, fds: list[int], closing: list) -> None:
    """In the forked child: run one job (cluster.run_forked) for the worker. No return."""
    code = 1
    try:
        job = request["job"]
        _take_over(conn, request, fds, closing,
                   ["opsreview-job", job["domain"], job["month"], job["work_dir"]])
        from opsreview.batch.cluster import run_forked

        code = run_forked(job)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - reported on the job's stderr (its log)
        import traceback

        traceback.print_exc()
    finally:
        with suppress(Exception):
            sys.stderr.flush()
        os._exit(code)


def become_kernel(conn: socket.socket, request: dict, fds: list[int], closing: list) -> None:
    """In the forked child: take the worker's stdio, env and cwd, then run ipykernel. No return."""
    code = 1
    try:
        argv = request["argv"]
        _take_over(conn, request, fds, closing, argv)
        sys.argv = [find_spec("ipykernel_launcher").origin, *argv[3:]]
        from ipykernel import kernelapp

        # The worker watch ties the kernel to its worker; ipykernel's own parent poller would
        # watch the warm parent instead, so it is off (parent 1 = "init, never goes away").
        kernelapp.launch_new_instance(argv=["-f", connection_file(argv),
                                            "--IPKernelApp.parent_handle=1"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - reported on the kernel's stderr (the worker's log)
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


class Server:
    """Accept requests, fork kernels, reap them and report their exit to their worker."""

    def __init__(self, listener: socket.socket, jobs: bool = False) -> None:
        self.listener = listener
        self.jobs = jobs  # whether it forks jobs too (started with --jobs)
        self.sel = selectors.DefaultSelector()
        self.sel.register(listener, selectors.EVENT_READ, "accept")
        self.sel.register(sys.stdin.fileno(), selectors.EVENT_READ, "stdin")
        self.kernels: dict[int, tuple[int, socket.socket]] = {}  # pidfd -> (pid, conn)

    def serve(self) -> None:
        while True:
            for key, _ in self.sel.select():
                if key.data == "accept":
                    self.accept()
                elif key.data == "stdin":
                    if not os.read(key.fd, 4096):
                        return  # the build ended
                else:
                    self.reap(key.fd)

    def accept(self) -> None:
        conn, _ = self.listener.accept()
        try:
            data, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
            request = json.loads(data)
            if "job" in request and self.jobs:
                become = become_job
                check_job(request)
            else:
                become = become_kernel
                connection_file(request["argv"])
            if len(fds) != 3:
                raise ValueError("expected stdin, stdout and stderr")
        except (OSError, ValueError, KeyError) as exc:
            with suppress(OSError):  # a worker gone mid-reply is no error of ours
                conn.send(json.dumps({"error": str(exc)}).encode())
            conn.close()
            return
        try:
            pid = os.fork()
        except OSError as exc:
            for fd in fds:
                os.close(fd)
            with suppress(OSError):  # a worker gone mid-reply is no error of ours
                conn.send(json.dumps({"error": f"fork failed: {exc}"}).encode())
            conn.close()
            return
        if pid == 0:
            become(conn, request, fds, [self.sel, self.listener,
                                        *(c for _, c in self.kernels.values())])
        for fd in fds:
            os.close(fd)
        pidfd = os.pidfd_open(pid)
        with suppress(OSError):  # a worker gone mid-reply is no error of ours
            socket.send_fds(conn, [json.dumps({"pid": pid}).encode()], [pidfd])
        self.kernels[pidfd] = (pid, conn)
        self.sel.register(pidfd, selectors.EVENT_READ, "kernel")

    def reap(self, pidfd: int) -> None:
        pid, conn = self.kernels.pop(pidfd)
        self.sel.unregister(pidfd)
        os.close(pidfd)
        _, status = os.waitpid(pid, 0)
        with suppress(OSError):  # a worker gone mid-reply is no error of ours
            conn.send(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode())
        conn.close()


def main(argv: list[str]) -> int:
    listener = socket.socket(fileno=int(argv[0]))  # bound and listening (build/kernels/__init__)
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher does: the cwd is not an import root
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's; it closes our stdin
    try:
        preload(jobs="--jobs" in argv[2:])
    except Exception as exc:  # noqa: BLE001 - the provisioners fall back to a normal start
        print(f"opsreview warm kernels: preload failed: {exc}", file=sys.stderr)
        return 1
    Server(listener, jobs="--jobs" in argv[2:]).serve()
    os._exit(0)  # the build waits for this exit: skip tearing down pandas, matplotlib & co.


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
