"""`opsreview-warm-fork`: a jupyter_client kernel provisioner that forks kernels from the warm
parent (warm.py) and falls back to the normal start (LocalProvisioner) when it cannot.

Registered as an entry point (`jupyter_client.kernel_provisioners`) and chosen by the build's
own kernelspec (build/kernels/__init__.py). Everything above it is unchanged: papermill runs the
notebook, nbclient executes it, jupyter_client talks to the kernel over ZMQ. Only the process
behind the kernel differs: it is a child of the warm parent, not of the worker, so it is
watched through a pidfd and signalled through its process group, exactly the operations
LocalProvisioner performs on a Popen.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import sys
import time
from typing import Any

from jupyter_client.provisioning import LocalProvisioner
from traitlets import Float, Unicode

NOTICES: list[str] = []  # fallbacks in this process, for the runner to report


class WarmUnavailable(RuntimeError):
    """The warm parent could not give a kernel (gone, refused, fork failed, timed out)."""


class ForkedKernel:
    """The Popen-like handle LocalProvisioner expects, for a kernel forked by the warm parent
    (and batch/cluster.py's handle on a job it forked)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, pidfd: int, conn: socket.socket) -> None:
        self.pid, self.pidfd, self.conn = pid, pidfd, conn
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self.pidfd], [], [], 0)[0]:
            self.returncode = self._exit_code()
            self.close()
        return self.returncode

    def _exit_code(self) -> int:
        """The status the warm parent reports on reaping it (-SIGKILL's -9 when it cannot)."""
        if select.select([self.conn], [], [], 1.0)[0]:
            try:
                return int(json.loads(self.conn.recv(4096) or b"{}").get("exit", -9))
            except (OSError, ValueError):
                pass
        return -9

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"kernel {self.pid} still running")
            select.select([self.pidfd], [], [], 0.1)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            signal.pidfd_send_signal(self.pidfd, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def close(self) -> None:
        if self.pidfd >= 0:
            os.close(self.pidfd)
            self.pidfd = -1
        self.conn.close()


def request_kernel(path: str, argv: list[str], env: dict, cwd: str | None,
                   timeout: float) -> ForkedKernel:
    """Ask the warm parent at `path` for a kernel running `argv`; WarmUnavailable if it can't."""
    return request_fork(path, {"argv": argv, "env": env, "cwd": cwd}, timeout)


def request_fork(path: str, request: dict, timeout: float,
                 stdio: tuple[int, int] | None = None) -> ForkedKernel:
    """Ask the warm parent at `path` for a child serving REQUEST (a kernel's argv, or a job:
    warm.py), its stdout and stderr STDIO (default: ours); WarmUnavailable if it can't."""
    out, err = stdio or (sys.stdout.fileno(), sys.stderr.fileno())
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        conn.settimeout(timeout)  # the parent answers once its imports are done
        conn.connect(path)
        stdin = os.open(os.devnull, os.O_RDONLY)
        try:
            socket.send_fds(conn, [json.dumps(request).encode()], [stdin, out, err])
        finally:
            os.close(stdin)
        data, fds, _, _ = socket.recv_fds(conn, 4096, 1)
        reply = json.loads(data or b'{"error": "the warm parent closed the connection"}')
        if "pid" not in reply or len(fds) != 1:
            for fd in fds:
                os.close(fd)
            raise WarmUnavailable(reply.get("error", "no process in the reply"))
    except (OSError, ValueError) as exc:
        conn.close()
        raise WarmUnavailable(f"{type(exc).__name__}: {exc}") from None
    except WarmUnavailable:
        conn.close()
        raise
    conn.settimeout(None)
    return ForkedKernel(reply["pid"], fds[0], conn)


class WarmForkProvisioner(LocalProvisioner):
    """LocalProvisioner whose launch forks from the warm parent; a normal start if it can't."""

    socket_path = Unicode("", config=True, help="the warm parent's socket")
    warm_timeout = Float(120.0, config=True, help="seconds to wait for the warm parent's imports")

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        if not self.socket_path:
            return await super().launch_kernel(cmd, **kwargs)
        try:
            self.process = request_kernel(self.socket_path, list(cmd), kwargs.get("env") or {},
                                          kwargs.get("cwd"), self.warm_timeout)
        except WarmUnavailable as exc:
            notice = f"warm kernel unavailable ({exc}); started a normal kernel"
            NOTICES.append(notice)
            self.log.warning(notice)
            return await super().launch_kernel(cmd, **kwargs)
        self.pid = self.pgid = self.process.pid  # the kernel leads its own session
        self.cwd = kwargs.get("cwd") or os.getcwd()
        return self.connection_info

    async def cleanup(self, restart: bool = False) -> None:
        if isinstance(self.process, ForkedKernel):
            self.process.close()
        await super().cleanup(restart)
