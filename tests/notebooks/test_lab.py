"""`make lab` on a server as root: LAB_ARGS reach JupyterLab, --allow-root is added for root,
the server answers on 127.0.0.1, serves the project folder (data, outputs, config, notebooks
and the month's working copies), offers the opsreview kernel; stopped by its PID, it leaves
no process behind."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import psutil
import pytest

from opsreview.cli import resolve_month
from opsreview.domains import REGISTRY
from opsreview.paths import PROJECT_ROOT

STAMP = PROJECT_ROOT / ".venv" / ".installed-stamp"
pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="checks the root case (CI runs as root)"),
    pytest.mark.skipif(not STAMP.exists(), reason="needs the .venv that make setup creates"),
    pytest.mark.slow,
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=5) as answer:  # 127.0.0.1 only
        return json.loads(answer.read())


def _server_info(runtime, deadline: float) -> dict:
    while time.monotonic() < deadline:
        for path in runtime.glob("jpserver-*.json"):
            try:
                return json.loads(path.read_text())
            except ValueError:  # being written
                pass
        time.sleep(0.5)
    raise AssertionError("JupyterLab wrote no server file in time")


def test_make_lab_as_root_with_lab_args(tmp_path):
    port = _free_port()
    runtime = tmp_path / "runtime"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime)}
    log = (tmp_path / "lab.log").open("w")
    lab = subprocess.Popen(  # -o: never reinstall from here, the stamp is what it is
        ["make", "-s", "-o", str(STAMP.relative_to(PROJECT_ROOT)), "lab",
         f"LAB_ARGS=--no-browser --port {port}"],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    started = []
    try:
        info = _server_info(runtime, time.monotonic() + 120)
        started = [lab.pid] + [p.pid for p in psutil.Process(lab.pid).children(recursive=True)]
        assert info["port"] == port
        specs = _get(f"http://127.0.0.1:{port}/api/kernelspecs", info["token"])
        assert "opsreview" in specs["kernelspecs"], sorted(specs["kernelspecs"])
        assert specs["kernelspecs"]["opsreview"]["spec"]["display_name"] == "Python (opsreview)"
        root = _get(f"http://127.0.0.1:{port}/api/contents", info["token"])
        listed = {item["name"] for item in root["content"]}
        assert {"data", "outputs", "config", "notebooks", "lib", "work"} <= listed, listed
        month = resolve_month(None)
        work = _get(f"http://127.0.0.1:{port}/api/contents/work/{month}", info["token"])
        assert {f"{n}.ipynb" for n in REGISTRY} <= {item["name"] for item in work["content"]}
        status = _get(f"http://127.0.0.1:{port}/api/status", info["token"])
        assert status["kernels"] == 0
    finally:
        os.killpg(lab.pid, signal.SIGTERM)  # make and its JupyterLab: the group we started
        try:
            lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait(timeout=10)
        log.close()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(p) for p in started):
        time.sleep(0.3)
    assert not [p for p in started if _alive(p)], "processes left behind"
    assert "Use --allow-root" not in (tmp_path / "lab.log").read_text()


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
