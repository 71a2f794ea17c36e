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

from opsreview.build.runner import build
from opsreview.paths import RAW_DIR

pytestmark = pytest.mark.slow

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


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def kill_a_running_kernel(proc: subprocess.Popen, cpu: float = 0.3,
                          timeout: float = 120) -> int:
    """SIGKILL the first of the build's kernels seen past its start-up (CPU time used, not
    wall time: a loaded machine starts kernels slowly): it dies inside its notebook's cells.
    A kernel that dies before its first cell is started again on purpose (build/runner.py)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid, cmd in children(proc.pid).items():
            if "ipykernel" in cmd and cpu_seconds(pid) >= cpu:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:  # it ended just now: another one
                    continue
                return pid
        time.sleep(0.02)
    proc.kill()
    raise AssertionError("no kernel ran: " + proc.communicate()[1])


def test_a_killed_kernel_fails_its_domain_and_keeps_its_last_good_page(month):
    proc = start(month)
    kill_a_running_kernel(proc)
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


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill -9", "kill"])
def test_a_killed_build_takes_its_workers_and_kernels_with_it(month, sig):
    """Issue 11, 9: `kill -9` or `kill` of the build left two workers (ppid 1, ~190 MB each)
    holding its stdout for minutes, and `.lock` and `.work-PID/` behind. Now every worker and
    kernel goes with the build, a reader of its output gets end-of-file at once, `kill` cleans
    up as Ctrl-C does, and the next build clears what `kill -9` left."""
    proc = start(month)
    wait_for_kernels(proc)
    time.sleep(0.5)
    family = children(proc.pid)
    assert len(family) >= 2
    os.kill(proc.pid, sig)
    _, err = proc.communicate(timeout=30)  # end-of-file: nothing holds the pipe any more
    deadline = time.monotonic() + 15
    while alive(family) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(family), f"left running: {[family[p] for p in alive(family)]}"
    if sig == signal.SIGTERM:
        assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err, err
        assert_clean(month)
    else:
        assert (month["month"] / f".work-{proc.pid}").exists()  # what the next build clears
    (month["month"] / ".work-999999999").mkdir()  # and any older dead build's
    assert_next_run_completes(month)
    assert_clean(month)


def _notebook_with(outputs: list[dict]) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
            "cells": [{"cell_type": "code", "source": "x", "metadata": {}, "outputs": outputs,
                       "execution_count": 3}]}


@pytest.mark.parametrize("outputs, said", [
    ([{"output_type": "error", "ename": "DataError", "traceback": [],
       "evalue": "team.csv, column headcount, row 3: found 'x'; expected a whole number"}],
     "team.csv, column headcount, row 3: found 'x'; expected a whole number"),
    ([{"output_type": "stream", "name": "stderr",
       "text": "Traceback (most recent call last):\n  ...\n\x1b[0;31mOSError\x1b[0m: disk full\n"}],
     "OSError: disk full"),
])
def test_the_kernels_message_reaches_the_record(tmp_path, outputs, said):
    """Issue 11, 10: a raw file changed mid-build gave `cell 3: CellExecutionError: ` and
    nothing after it, though the executed notebook held the message: the record carries it."""
    import json

    from opsreview.build.runner import kernel_error

    executed = tmp_path / "team.ipynb"
    executed.write_text(json.dumps(_notebook_with(outputs)), encoding="utf-8")
    assert kernel_error("CellExecutionError", "", executed) == said
    assert kernel_error("DataError", "team.csv, row 2: bad", executed) == "team.csv, row 2: bad"
    assert kernel_error("KeyError", "'x'", executed) == "KeyError: 'x'"
    gone = kernel_error("CellExecutionError", "", tmp_path / "gone.ipynb")
    assert gone == "CellExecutionError without a message from the kernel"  # no deleted path


def _job(out_dir: Path):
    from opsreview.build.runner import Job

    return Job("team", MONTH, "zh", "", "", str(out_dir / ".work-1" / "team"))


def test_a_failure_replaces_the_older_error_page_and_never_publishes_a_cut_off_notebook(tmp_path):
    """Issue 11, 6 and 12: a worker that broke left an older team.error.html in place as if it
    were current; a notebook cut off by a full disk was published as team.failed.ipynb
    (invalid JSON, linked from the error page). Now the failure's own page replaces the old
    one, and a cut-off notebook is not published (nor is an older one left)."""
    from opsreview.pages import outputs as pages

    out = tmp_path / "out"
    (out / "notebooks").mkdir(parents=True)
    (out / "team.error.html").write_text("an older error", encoding="utf-8")
    (out / "notebooks" / "team.failed.ipynb").write_text("{}", encoding="utf-8")
    job = _job(out)
    work = Path(job.work_dir)
    (work / "notebooks").mkdir(parents=True)
    (work / "notebooks" / "team.ipynb").write_text('{"cells": [{"source": "pa', encoding="utf-8")
    record = {"status": "failed", "metrics": {}, "error": "Error: field larger than field limit"}
    pages.write_page(job, record, work)  # what the build writes when a worker broke
    pages.publish("team", record, work, out)
    assert "field larger than field limit" in (out / "team.error.html").read_text("utf-8")
    assert not (out / "notebooks" / "team.failed.ipynb").exists()
    (out / "team.error.html").write_text("an older error", encoding="utf-8")
    pages.publish("team", record, tmp_path / "nothing written", out)
    assert not (out / "team.error.html").exists()


def test_a_notebooks_folder_that_cannot_be_written_fails_the_domain_and_keeps_its_page(month):
    """Issue 11, 12: with only notebooks/ read-only the page was published yet the domain was
    reported failed. Now the notebook goes first: failed means the last good page stays."""
    notebooks = month["month"] / "notebooks"
    if os.geteuid() == 0:  # root writes through a read-only mode: make it not a folder instead
        shutil.rmtree(notebooks)
        notebooks.write_text("not a folder", encoding="utf-8")
    else:
        notebooks.chmod(0o555)
    lines: list[str] = []
    try:
        code = build(MONTH, ["team"], jobs=1, force=True, outputs_root=month["out"],
                     raw_dir=month["raw"], processed_dir=month["proc"], echo=lines.append)
    finally:
        if notebooks.is_dir():
            notebooks.chmod(0o755)
        else:
            notebooks.unlink()
    assert code == 1, "\n".join(lines)
    assert any("team failed" in ln and "could not publish" in ln for ln in lines), lines
    assert (month["month"] / "team.html").read_bytes() == month["before"]["team.html"]


def _take_over(path: str, barrier, results) -> None:
    from opsreview.build.lock import LockedError, MonthLock

    lock = MonthLock(Path(path), echo=lambda _: None)
    barrier.wait()
    try:
        lock.acquire()
    except LockedError:
        results.put("locked")
        return
    results.put("got")
    time.sleep(0.3)  # hold it while the other one tries
    lock.release()


def test_two_builds_taking_over_a_dead_builds_lock_at_once_never_both_get_it(tmp_path):
    """Issue 11, 12: two processes taking over a dead pid's `.lock` at the same instant both
    got it in 12 of 30 trials. flock makes the take-over atomic: exactly one gets it."""
    import json
    import multiprocessing
    import socket

    ctx = multiprocessing.get_context("fork")
    for trial in range(30):
        (tmp_path / ".lock").write_text(json.dumps(
            {"pid": 2 ** 22 + 12345, "host": socket.gethostname(), "started": "x"}))
        barrier, results = ctx.Barrier(2), ctx.Queue()
        procs = [ctx.Process(target=_take_over, args=(str(tmp_path), barrier, results))
                 for _ in range(2)]
        for p in procs:
            p.start()
        got = sorted(results.get(timeout=30) for _ in procs)
        for p in procs:
            p.join(timeout=30)
        assert got == ["got", "locked"], f"trial {trial}: {got}"


def test_validate_leaves_no_native_thread_to_abort_at_exit(tmp_path):
    """Issue 11, 12: `opsreview validate` aborted now and then with `terminate called without
    an active exception` (exit 134): Arrow pool threads that pd.read_parquet's dataset scanner
    started were alive at exit. Validating (cache written, then read) starts none now. Run in
    a fresh process: threads another test started would hide new ones."""
    script = (
        "import contextlib, io, os, sys\n"
        "from opsreview import cli\n"
        f"args = ['validate', '--month', {MONTH!r}, '--raw', {str(RAW_DIR)!r}, "
        f"'--processed', {str(tmp_path)!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert cli.main(args) == 0  # fills the parquet cache\n"
        "    before = len(os.listdir('/proc/self/task'))\n"
        "    assert cli.main(args) == 0  # reads it back\n"
        "print(before, len(os.listdir('/proc/self/task')))\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    before, after = map(int, run.stdout.split())
    assert after == before, f"{after - before} native threads started by validate"
