"""Interrupted and concurrent builds: Ctrl-C, a killed kernel, a failing disk, two builds at
once. Nothing half-written reaches outputs, earlier good pages survive, the lock goes, and the
next run completes."""

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from opsreview.paths import RAW_DIR
from opsreview.runner import build

MONTH = "2024-02"
DOMAINS = ["site", "team"]


def children(pid: int) -> dict[int, str]:
    """Every live descendant of pid with its command line (read from /proc)."""
    parent_of, cmd = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        parent_of[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = {}, [pid]
    while todo:
        p = todo.pop()
        for child, parent in parent_of.items():
            if parent == p and child not in found:
                found[child] = cmd.get(child, "")
                todo.append(child)
    return found


def alive(pids) -> list[int]:
    return [p for p in pids if Path(f"/proc/{p}").exists()
            and "Z" not in Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]]


@pytest.fixture
def month(tmp_path):
    """The sample month built once for site and team: the earlier good pages."""
    shutil.copytree(RAW_DIR, tmp_path / "raw")
    paths = {"raw": tmp_path / "raw", "proc": tmp_path / "proc", "out": tmp_path / "out"}
    assert build(MONTH, DOMAINS, jobs=2, outputs_root=paths["out"], raw_dir=paths["raw"],
                 processed_dir=paths["proc"], echo=lambda _: None) == 0
    out = paths["out"] / MONTH
    paths["month"] = out
    paths["before"] = {p.name: p.read_bytes() for p in out.glob("*.html")}
    return paths


def start(paths, *extra, limit=None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "opsreview", "report", "--month", MONTH, "--force",
           "--domains", ",".join(DOMAINS), "--jobs", "2", "--raw", str(paths["raw"]),
           "--processed", str(paths["proc"]), "--outputs", str(paths["out"]), *extra]

    def cap_file_size():  # a real failing write: EFBIG past `limit` bytes, in every child
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"},
                            preexec_fn=cap_file_size if limit else None)


def wait_for_kernels(proc: subprocess.Popen, timeout: float = 120) -> dict[int, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kernels = {p: c for p, c in children(proc.pid).items() if "ipykernel" in c}
        if kernels:
            return kernels
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("no kernel started: " + proc.communicate()[1])


def assert_clean(paths) -> None:
    """No lock, no work folder, no temp file; every page a whole page."""
    out = paths["month"]
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp")
                 or p.name.startswith(".work-") or p.name == ".lock"]
    assert not leftovers, f"left behind: {leftovers}"
    for page in out.glob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page.name


def assert_next_run_completes(paths) -> None:
    assert build(MONTH, DOMAINS, jobs=2, outputs_root=paths["out"], raw_dir=paths["raw"],
                 processed_dir=paths["proc"], echo=lambda _: None) == 0


def test_ctrl_c_mid_build_keeps_earlier_pages_and_stops_every_kernel(month):
    proc = start(month)
    kernels = wait_for_kernels(proc)
    time.sleep(1.0)
    workers = children(proc.pid)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err, err
    deadline = time.monotonic() + 20
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(workers), f"left running: {[workers[p] for p in alive(workers)]}"
    assert kernels
    assert_clean(month)
    for name, data in month["before"].items():  # untouched, or replaced by a whole new page
        now = (month["month"] / name).read_bytes()
        assert now == data or now.rstrip().endswith(b"</html>"), name
    assert_next_run_completes(month)


def test_a_killed_kernel_fails_its_domain_and_keeps_its_last_good_page(month):
    proc = start(month)
    kernel = next(iter(wait_for_kernels(proc)))
    time.sleep(0.5)
    os.kill(kernel, signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, out + err
    assert "Traceback" not in err
    failed = [d for d in DOMAINS if (month["month"] / f"{d}.error.html").exists()]
    assert len(failed) == 1, out
    name = failed[0]
    assert (month["month"] / f"{name}.html").read_bytes() == month["before"][f"{name}.html"]
    assert f"{name} failed" in out
    assert_clean(month)
    assert_next_run_completes(month)
    assert not (month["month"] / f"{name}.error.html").exists()


def test_a_failing_disk_fails_the_pages_it_hits_and_nothing_is_half_written(month):
    proc = start(month, limit=64 * 1024)  # the site page (>100 KB) can't be written; team can
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, out + err
    assert "Traceback" not in err, err
    assert "File too large" in out + err
    failed = [d for d in DOMAINS if f"{d} failed" in out]
    assert "site" in failed, out
    for name in DOMAINS:  # a failed page keeps its last good bytes; a built one is whole
        now = (month["month"] / f"{name}.html").read_bytes()
        before = month["before"][f"{name}.html"]
        if name in failed:
            assert now == before, f"{name}.html was overwritten"
        else:
            assert now.rstrip().endswith(b"</html>"), f"{name}.html is not a whole page"
    assert_clean(month)
    assert_next_run_completes(month)


def test_a_second_build_of_the_same_month_stops_and_another_month_runs_beside_it(month):
    first = start(month)
    wait_for_kernels(first)  # the first build holds the month's lock now
    again = subprocess.run(
        [sys.executable, "-m", "opsreview", "report", "--month", MONTH, "--domains", "team",
         "--raw", str(month["raw"]), "--processed", str(month["proc"]),
         "--outputs", str(month["out"])], capture_output=True, text=True, timeout=120)
    assert again.returncode == 2
    assert f"another opsreview build of {MONTH} is running" in again.stderr
    assert "Traceback" not in again.stderr
    other = build("2024-01", ["team"], jobs=1, outputs_root=month["out"], raw_dir=month["raw"],
                  processed_dir=month["proc"], echo=lambda _: None)
    assert other == 0
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, out + err
    assert_clean(month)
