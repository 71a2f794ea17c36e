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

from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

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
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        except Exception as exc:
            if not nb_man.cells_started:
                raise KernelNotStarted(f"{type(exc).__name__}: {exc}") from exc
            raise
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        return nb_man.nb


papermill_engines.register(ENGINE_NAME, FinalSaveEngine)
