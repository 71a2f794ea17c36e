"""`opsreview`: a papermill engine, registered in papermill's engine registry on import, that
writes the executed notebook once, when execution ends, however it ends.

papermill's own engine rewrites the whole notebook (validated and serialised, charts
included) at the start and end of every cell, about twenty times per domain notebook for a
file nobody reads until the end. Everything else is papermill's NBClientEngine as it is:
the same execution, metadata and error cells, the same file at the end, and the partial
notebook still written when a kernel dies mid-run.

Registered here, not through the `papermill.engine` entry point: papermill loads every entry
point of that group when it is imported, so one would break any other checkout of opsreview
run with this venv (the bench runs the previous tree that way).
"""

from __future__ import annotations

import time
from queue import Empty

from jupyter_client import AsyncKernelClient, AsyncKernelManager
from jupyter_core.utils import ensure_async
from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines
from traitlets import DottedObjectName, Type

ENGINE_NAME = "opsreview"


class KernelNotStarted(RuntimeError):
    """The kernel died or did not answer before the notebook's first cell: nothing ran, so the
    build may start the domain again on another kernel."""


class FinalSaveManager(NotebookExecutionManager):
    cells_started = 0

    def save(self, **kwargs):
        if self.end_time is not None:  # notebook_complete sets it just before its final save
            super().save(**kwargs)

    def cell_start(self, cell, cell_index=None, **kwargs):
        self.cells_started += 1
        super().cell_start(cell, cell_index, **kwargs)


class FinalSaveEngine(NBClientEngine):
    @classmethod
    def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True,
                         log_output=False, autosave_cell_every=30, **kwargs):
        """papermill's Engine.execute_notebook with the manager above."""
        nb_man = FinalSaveManager(nb, output_path=output_path, progress_bar=progress_bar,
                                  log_output=log_output, autosave_cell_every=autosave_cell_every)
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output,
                                         kernel_manager_class=BuildKernelManager, **kwargs)
        except Exception as exc:
            if not nb_man.cells_started:
                raise KernelNotStarted(f"{type(exc).__name__}: {exc}") from exc
            raise
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        return nb_man.nb


papermill_engines.register(ENGINE_NAME, FinalSaveEngine)


class ReadyClient(AsyncKernelClient):
    """jupyter_client's client, ready as soon as the kernel is: when it has answered a
    kernel_info request and IOPub has carried a message (so IOPub is connected), as
    jupyter_client's own wait decides it; that wait then drains IOPub until 0.2 s pass
    with nothing on it, a fixed wait before every notebook's first cell. What is left on
    IOPub is no execution's: nbclient takes only its requests' messages."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            msg_id = self.kernel_info()
            reply = await _reply(self.shell_channel, msg_id, 1.0)
            if reply is not None:
                try:
                    await ensure_async(self.iopub_channel.get_msg(timeout=0.2))
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")


async def _reply(channel, msg_id: str, wait: float) -> dict | None:
    """The kernel_info reply to MSG_ID on CHANNEL within WAIT seconds; the replies to
    earlier requests are dropped."""
    end = time.monotonic() + wait
    while (left := end - time.monotonic()) > 0:
        try:
            msg = await ensure_async(channel.get_msg(timeout=left))
        except Empty:
            return None
        if msg.get("parent_header", {}).get("msg_id") == msg_id \
                and msg["msg_type"] == "kernel_info_reply":
            return msg
    return None


class BuildKernelManager(AsyncKernelManager):
    """The build's kernel manager: the client above, and a kernel's exit after its shutdown
    seen within 10 ms (jupyter_client looks every 100 ms)."""

    client_class = DottedObjectName("opsreview.build.kernels.engine.ReadyClient")
    client_factory = Type(klass=ReadyClient)  # AsyncKernelManager's own default wins else

    async def _async_finish_shutdown(self, waittime: float | None = None,
                                     pollinterval: float = 0.01, restart: bool = False) -> None:
        await super()._async_finish_shutdown(waittime, pollinterval, restart)
