"""The build: a month's plan, its notebooks run in parallel kernels, its pages published.

The runner plans which domains changed (fingerprint of inputs, code, config), runs their
notebooks on warm kernels (kernels/), publishes pages, index and metrics.json under a lock
(lock), and keeps earlier months' figures for the trends (figure_cache).
"""

from opsreview import exports

__getattr__, __dir__, __all__ = exports(__name__, {
    "runner": ("build", "plan_month", "run_all", "finish_month"),
    "lock": ("MonthLock",),
    "figure_cache": ("month_figures",),
})
