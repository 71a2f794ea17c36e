"""Class 7 of issue 29: values given to make are data. A `$(shell …)` in any user variable,
on make's command line or in the environment (a wrapper calling make without a shell), never
runs; the CLI receives it as written and says what is wrong with it; LAB_ARGS is split by
Python's shlex (`opsreview lab`), never by a shell."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from opsreview.paths import PROJECT_ROOT

pytestmark = [pytest.mark.skipif(shutil.which("make") is None, reason="no make"),
              pytest.mark.slow]  # make, then the CLI, in a process each
MAKEFILE = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
USER_VARS = re.search(r"USER_VARS := (.*?)\n(?!\t)", MAKEFILE, re.S).group(1).split()


def _make(args: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "-C", str(PROJECT_ROOT), "STAMP=",
                           f"PY={sys.executable}", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})})


def test_every_variable_the_help_names_is_a_user_variable():
    for name in ("MONTH", "REPORT_LANG", "DOMAINS", "JOBS", "FORCE", "PDF", "MONTHS",
                 "WORKSPACES", "WORKSPACE", "OPSREVIEW_SCHEDULER", "LAB_ARGS"):
        assert name in USER_VARS


@pytest.mark.parametrize("how", ["command line", "environment"])
@pytest.mark.parametrize("name", USER_VARS)
def test_a_shell_call_in_a_variable_never_runs(tmp_path, name, how):
    marker = tmp_path / "ran"
    value = f"$(shell touch {marker})"
    if name == "MONTH":
        args, env = (["month", f"MONTH={value}"], None) if how == "command line" else \
            (["month"], {"MONTH": value})
    else:
        args, env = (["month", "MONTH=2024-02", f"{name}={value}"], None) \
            if how == "command line" else (["month", "MONTH=2024-02"], {name: value})
    run = _make(args, env)
    assert not marker.exists(), (name, how, run.stdout, run.stderr)
    if name == "MONTH":
        assert run.returncode != 0 and f"got '{value}'" in run.stderr, run.stderr
        assert "Traceback" not in run.stderr


@pytest.mark.parametrize("target", ["lab", "sample", "report", "validate", "pdf", "notes"])
def test_no_recipe_writes_a_user_value_into_shell_text(tmp_path, target):
    odd = "x'\"; touch /nonexistent/ran; #"
    dry = _make(["-n", target, *(f"{name}={odd}" for name in USER_VARS)])
    assert "/nonexistent/ran" not in dry.stdout, dry.stdout
