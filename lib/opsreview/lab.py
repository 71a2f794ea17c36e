"""`make lab`: JupyterLab with the analyst's options. LAB_ARGS is read from the environment
and split by shlex, here, as data: make never writes it into a shell command, so
`LAB_ARGS='--port 1; rm -rf ~'` is an odd option for JupyterLab, never a command."""

from __future__ import annotations

import os
import shlex
import sys


def main(argv: list[str]) -> int:
    try:
        extra = shlex.split(os.environ.get("LAB_ARGS", ""))
    except ValueError as exc:  # a quote left open
        print(f"LAB_ARGS: cannot split it into options ({exc}): {os.environ['LAB_ARGS']!r}",
              file=sys.stderr)
        return 2
    os.execv(sys.executable, [sys.executable, "-m", "jupyter", "lab", *extra, *argv])
    return 0  # not reached: the process is JupyterLab's now


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
