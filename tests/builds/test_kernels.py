"""The warm-fork kernel provisioner: real kernels, isolated from each other, interruptible,
killable, gone with their worker, and a normal start when the warm parent is not there."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from jupyter_client.manager import start_new_kernel

from opsreview.build.kernels import take_notices, warm_kernels
from opsreview.build.kernels.provisioner import ForkedKernel, request_kernel

pytestmark = pytest.mark.slow


def gone(pid: int, timeout: float = 20) -> bool:
    """The process has ended (a zombie counts as ended) within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state in "ZX":
            return True
        time.sleep(0.05)
    return False


def child_pids(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid and stat[0] not in "ZX":
                found.append(int(entry.name))
    return found


def run(kc, code: str, timeout: float = 60) -> dict:
    """Execute code; the reply content and everything it printed."""
    out = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: out.append(
        m["content"].get("text", "")) if m["msg_type"] == "stream" else None)
    return {**reply["content"], "stdout": "".join(out)}


@pytest.fixture
def warm(tmp_path):
    with warm_kernels(tmp_path / "w") as w:
        yield w
    assert gone(w.parent.pid, 10), "the warm parent outlived its build"


@pytest.fixture
def kernel(warm):
    km, kc = start_new_kernel(kernel_name=warm.name, startup_timeout=120)
    yield km, kc
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=True)


def test_a_forked_kernel_is_a_real_kernel_with_the_imports_done(warm, kernel):
    km, kc = kernel
    assert isinstance(km.provisioner.process, ForkedKernel)
    reply = run(kc, "import os, sys\nprint(os.getpid(), os.getppid(), "
                    "'pandas' in sys.modules, 'opsreview.pages.charts' in sys.modules)\n"
                    "x = sum(range(10)); print(x)")
    assert reply["status"] == "ok", reply
    pid, ppid, pandas, charts, total = reply["stdout"].split()
    assert int(pid) == km.provisioner.pid and int(ppid) == warm.parent.pid
    assert pandas == charts == "True" and total == "45"
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    assert b"ipykernel_launcher" in cmdline and b"-f" in cmdline  # found as kernels are
    assert b"ipykernel" not in Path(f"/proc/{warm.parent.pid}/cmdline").read_bytes()
    assert os.getpgid(int(pid)) == int(pid)  # its own session, as jupyter_client starts them


def test_kernels_are_isolated_from_their_siblings(warm):
    first, second = (start_new_kernel(kernel_name=warm.name, startup_timeout=120)
                     for _ in range(2))
    try:
        assert run(first[1], "import opsreview.pages.charts as c\nc.CHANGED = 1\n"
                             "import sys; sys.modules['made_up'] = c")["status"] == "ok"
        reply = run(second[1], "import sys, opsreview.pages.charts as c\n"
                               "print(hasattr(c, 'CHANGED'), 'made_up' in sys.modules)")
        assert reply["stdout"].split() == ["False", "False"]
        assert first[0].provisioner.pid != second[0].provisioner.pid
    finally:
        for km, kc in (first, second):
            kc.stop_channels()
            km.shutdown_kernel(now=True)


def test_interrupt_stops_the_cell_and_shutdown_leaves_no_process(warm, kernel):
    km, kc = kernel
    pid = km.provisioner.pid
    msg_id = kc.execute("import time\ntime.sleep(60)")
    time.sleep(1.0)
    started = time.monotonic()
    km.interrupt_kernel()
    while True:
        reply = kc.get_shell_msg(timeout=20)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert time.monotonic() - started < 10
    assert run(kc, "print('still here')")["stdout"].strip() == "still here"
    km.shutdown_kernel()
    assert gone(pid)
    assert not child_pids(warm.parent.pid)


def test_a_killed_kernel_is_seen_dead(kernel):
    km, _ = kernel
    pid = km.provisioner.pid
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not km.is_alive()
    assert km.provisioner.process is None or km.provisioner.process.returncode == -9


def test_a_kernel_dies_with_its_worker(warm):
    """The worker (here a child process asking for a kernel) is SIGKILLed: its kernel goes."""
    script = textwrap.dedent(f"""
        import sys, time
        from opsreview.build.kernels.provisioner import request_kernel
        k = request_kernel({str(warm.socket)!r},
                           [sys.executable, "-m", "ipykernel_launcher", "-f", sys.argv[1]],
                           {{"PATH": "/usr/bin"}}, None, 120)
        print(k.pid, flush=True)
        time.sleep(120)
    """)
    conn = warm.socket.parent / "conn.json"
    from jupyter_client.connect import write_connection_file

    write_connection_file(str(conn))
    worker = subprocess.Popen([sys.executable, "-c", script, str(conn)],
                              stdout=subprocess.PIPE, text=True)
    kernel = int(worker.stdout.readline())
    assert not gone(kernel, 1.0)
    worker.kill()
    worker.wait()
    assert gone(kernel), "the kernel outlived its worker"


def test_no_warm_parent_falls_back_to_a_normal_start_with_a_notice(warm):
    take_notices()
    warm.parent.kill()
    warm.parent.wait()
    km, kc = start_new_kernel(kernel_name=warm.name, startup_timeout=120)
    try:
        assert not isinstance(km.provisioner.process, ForkedKernel)
        assert run(kc, "print(6 * 7)")["stdout"].strip() == "42"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    notices = take_notices()
    assert len(notices) == 1 and "started a normal kernel" in notices[0]


def test_the_warm_parent_refuses_what_is_not_a_plain_ipykernel(warm):
    from opsreview.build.kernels.provisioner import WarmUnavailable

    with pytest.raises(WarmUnavailable, match="not a plain ipykernel"):
        request_kernel(str(warm.socket), ["/bin/sh", "-c", "true"], {}, None, 120)


def test_the_engine_saves_the_notebook_once_when_execution_ends(tmp_path, monkeypatch):
    """papermill's own engine rewrites the notebook at every cell; ours once, failed or not."""
    import nbformat
    import papermill as pm
    import papermill.engines as engines
    from nbformat.v4 import new_code_cell, new_notebook

    from opsreview.build.kernels.engine import ENGINE_NAME

    source = tmp_path / "in.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("x + 1"),
                                       new_code_cell("raise ValueError('boom')")]), source)
    saves, real = [], engines.write_ipynb
    monkeypatch.setattr(engines, "write_ipynb", lambda nb, path: (saves.append(path),
                                                                  real(nb, path)))
    with pytest.raises(pm.PapermillExecutionError, match="boom"):
        pm.execute_notebook(str(source), str(tmp_path / "out.ipynb"), kernel_name="python3",
                            engine_name=ENGINE_NAME, progress_bar=False)
    assert saves == [str(tmp_path / "out.ipynb")]
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert out.metadata.papermill["exception"] is True
    assert [c.metadata.papermill["status"] for c in out.cells if c.cell_type == "code"] \
        == ["completed", "completed", "failed"]


def test_without_the_provisioner_installed_the_build_starts_normal_kernels(tmp_path,
                                                                           monkeypatch):
    """An environment installed before the entry point existed (no `make setup` since): the
    build says so once and runs every notebook on python3 instead of failing each domain."""
    import opsreview.build.kernels as kernels

    monkeypatch.setattr(kernels, "provisioner_installed", lambda: False)
    with warm_kernels(tmp_path) as warm:
        assert warm.name == "python3" and warm.parent is None
        assert "make setup" in warm.notice
    assert not (tmp_path / "jupyter").exists()


def test_a_kernel_that_dies_before_its_first_cell_runs_again_on_a_normal_kernel(tmp_path,
                                                                               monkeypatch):
    """A warm kernel that dies before the notebook's first cell (a port taken between
    choosing and binding it, seen once in CI) costs a notice, not the domain: nothing ran."""
    import json
    import shutil

    from opsreview.build.runner import Job, _execute
    from opsreview.paths import RAW_DIR

    spec = tmp_path / "jupyter" / "kernels" / "dies-at-start"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c", "raise SystemExit(1)", "{connection_file}"],
        "display_name": "dies at start", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    shutil.copytree(RAW_DIR, tmp_path / "raw")
    work = tmp_path / "work"
    work.mkdir()
    job = Job("team", "2024-02", "zh", str(tmp_path / "raw"), str(tmp_path / "proc"), str(work),
              "dies-at-start")
    record = _execute(job, work)
    assert record["status"] == "ok", record.get("error")
    assert any("ran again on a normal kernel" in n for n in record["notices"])
