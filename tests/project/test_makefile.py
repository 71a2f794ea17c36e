"""`make report` and `make validate`: one Python start, and a MONTH without data says so."""

import shutil
import subprocess

import pytest

from opsreview.paths import PROJECT_ROOT

# plain make: in a fresh checkout (or a git worktree) it first installs the whole .venv
pytestmark = [pytest.mark.skipif(shutil.which("make") is None, reason="no make"),
              pytest.mark.slow]


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "-C", str(PROJECT_ROOT), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("target", ["report", "validate"])
def test_the_target_starts_python_once(target):
    dry = make("-n", target)  # prints the recipe lines (the stamp is up to date after setup)
    assert dry.returncode == 0, dry.stderr
    starts = [line for line in dry.stdout.splitlines() if "-m opsreview" in line]
    assert starts == [f".venv/bin/python -m opsreview {target}"], dry.stdout


def test_a_month_without_a_folder_is_rejected_with_a_clear_message():
    run = make("report", "MONTH=1999-01")
    assert run.returncode != 0
    assert "MONTH=1999-01: no folder data/raw/1999-01 (months with data:" in run.stderr
    assert "Traceback" not in run.stderr
