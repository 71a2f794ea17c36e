"""Batches of months and workspaces, locally and on a dask.distributed LocalCluster.

The builds here are small on purpose (the team domain, which reads two small files, over three
months; one month of market for the workspaces): what they test is the batch's order,
incrementality, workspaces and the cluster's retries, not the pages.
"""

import os
import re
import shutil
import signal
import threading
import time

import psutil
import pytest

from opsreview.batch import local as batch
from opsreview.batch import workspace
from opsreview.batch.local import BatchError, parse_months
from opsreview.batch.workspace import Workspace, WorkspaceError
from opsreview.month.months import Month, folders
from opsreview.paths import CONFIG_DIR, RAW_DIR

pytestmark = pytest.mark.slow

MONTHS = ("2023-11", "2023-12", "2024-01")


def _copy_months(raw, months=MONTHS):
    for m in months:
        shutil.copytree(RAW_DIR / m, raw / m)


def _run(root, domains=("team",), scheduler=None, spec="2023-11..2024-01"):
    ws = workspace.project(root / "raw", root / "processed", root / "outputs")
    lines: list[str] = []
    code = batch.run({ws: parse_months(spec, ws.raw)}, list(domains), "zh", 2, False,
                     scheduler, echo=lines.append)
    return code, lines


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    """Three months of the team domain, built by one local batch."""
    root = tmp_path_factory.mktemp("local")
    _copy_months(root / "raw")
    code, lines = _run(root)
    return {"root": root, "code": code, "lines": lines}


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c, \
            distributed.Client(c) as client:
        yield c, client


def test_months_spec(tmp_path):
    for m in ("2023-11", "2024-01", "2024-02"):
        (tmp_path / m).mkdir()
    assert parse_months("2023-10..2024-01", tmp_path) == [Month(2023, 11), Month(2024, 1)]
    assert parse_months("2024-02, 2023-11", tmp_path) == [Month(2023, 11), Month(2024, 2)]
    assert parse_months(None, tmp_path) == [Month(2024, 2)]
    with pytest.raises(BatchError, match="no folder data/raw/2023-12"):
        parse_months("2023-11,2023-12", tmp_path)
    with pytest.raises(BatchError, match="no month folder between 2020-01 and 2020-03"):
        parse_months("2020-01..2020-03", tmp_path)
    with pytest.raises(BatchError, match="comes after"):
        parse_months("2024-02..2023-11", tmp_path)


def test_a_batch_builds_every_month_oldest_first_with_one_summary(local):
    lines = local["lines"]
    assert local["code"] == 0
    starts = [ln.split()[1].rstrip(":") for ln in lines if ln.startswith("opsreview 20")]
    assert starts == list(MONTHS)
    assert lines.count(next(ln for ln in lines if ln.startswith("batch summary"))) == 1
    assert "  3 month(s): 3 domain(s) built, 0 month(s) with an invalid or failed domain" \
        in lines
    for m in MONTHS:
        assert (local["root"] / "outputs" / m / "team.html").is_file()


def test_a_changed_middle_month_rebuilds_it_and_the_month_after(local, tmp_path):
    root = tmp_path / "again"
    shutil.copytree(local["root"], root)
    team = root / "raw" / "2023-12" / "team.csv"
    team.write_text(team.read_text(encoding="utf-8").replace("市场组,市场预测、推广、客户维护,1",
                                                              "市场组,市场预测、推广、客户维护,2"),
                    encoding="utf-8")
    code, lines = _run(root)
    assert code == 0
    assert "opsreview 2023-11: 0 to build, 1 unchanged; nothing to do" in lines[1]
    assert any(ln.startswith("opsreview 2023-12: 1 to build") for ln in lines)
    assert any(ln.startswith("opsreview 2024-01: 1 to build") for ln in lines)
    assert "  2023-11: 1 ok; 0 built, 1 unchanged" in lines
    assert "  2023-12: 1 ok; 1 built, 0 unchanged" in lines


def test_two_workspaces_with_their_own_targets_give_their_own_verdicts(tmp_path, capsys):
    from opsreview.cli import main

    for name, target in (("a", None), ("b", 0.8)):
        ws = tmp_path / "clients" / name
        assert main(["sample", "--workspace", str(ws), "--months", "2024-01"]) == 0  # a demo
        assert (ws / "config" / "entities.yml").is_file()
        if target:
            yml = ws / "config" / "targets.yml"
            text = yml.read_text(encoding="utf-8")
            head, _, rest = text.partition("  on_time_delivery:\n    value: 0.9")
            yml.write_text(f"{head}  on_time_delivery:\n    value: {target}{rest}",
                           encoding="utf-8")
    (tmp_path / "clients" / "notes").mkdir()  # not a workspace: no config/
    code = main(["report", "--workspaces", str(tmp_path / "clients" / "*"),
                 "--domains", "market", "--jobs", "1"])
    out = capsys.readouterr().out
    assert code == 0, out
    page = {n: (tmp_path / "clients" / n / "outputs" / "2024-01" / "index.html")
            .read_text(encoding="utf-8") for n in "ab"}
    # each client's verdict, in its key points or its part of the review
    assert re.search(r'class="bad">[^<]*项目交付准时率 87.5%', page["a"])
    assert re.search(r'class="good">[^<]*项目交付准时率 87.5%', page["b"])
    assert f"  {tmp_path / 'clients' / 'b'} 2024-01: 1 ok; 1 built, 0 unchanged" in out
    assert (tmp_path / "clients" / "b" / "data" / "processed").is_dir()  # its own cache
    assert os.environ.get("OPSREVIEW_CONFIG") is None


def test_a_workspace_without_its_config_is_refused(tmp_path):
    (tmp_path / "c" / "data" / "raw").mkdir(parents=True)
    (tmp_path / "c" / "config").mkdir()
    [ws] = workspace.expand("c", tmp_path)
    with pytest.raises(WorkspaceError, match="no config/targets.yml, config/entities.yml"):
        ws.check()
    with pytest.raises(WorkspaceError, match="no workspace folder matches"):
        workspace.expand("nothing/*", tmp_path)
    assert Workspace.at(CONFIG_DIR.parent).is_project


def test_the_same_batch_on_a_local_cluster_writes_the_same_metrics(local, cluster, tmp_path):
    c, _ = cluster
    root = tmp_path / "dask"
    _copy_months(root / "raw")
    code, lines = _run(root, scheduler=c.scheduler_address)
    assert code == 0, lines
    assert sum(ln.startswith("  < ") for ln in lines) == 3
    for m in MONTHS:
        ours = (root / "outputs" / m / "metrics.json").read_bytes()
        assert ours == (local["root"] / "outputs" / m / "metrics.json").read_bytes(), m
        assert not list((root / "outputs" / m).glob(".work-*"))


def test_a_worker_killed_mid_job_is_retried_and_published_once(local, cluster, tmp_path):
    c, client = cluster
    root = tmp_path / "killed"
    _copy_months(root / "raw")
    result = {}
    runner = threading.Thread(target=lambda: result.update(
        zip(("code", "lines"), _run(root, scheduler=c.scheduler_address), strict=True)))
    runner.start()
    victim = None
    deadline = time.monotonic() + 120
    while victim is None and time.monotonic() < deadline:
        # a job has begun on a worker (it names the worker's pid), and a warm worker's job
        # is done within a second: the kill comes at once
        for started in root.glob("outputs/*/.work-*/team/attempts"):
            if said := started.read_text(encoding="utf-8").split():
                victim = int(said[1])
        time.sleep(0.02)
    assert victim, "no job started"
    os.kill(victim, signal.SIGKILL)
    runner.join(timeout=300)
    assert not runner.is_alive()
    lines = result["lines"]
    assert result["code"] == 0, lines
    done = [ln for ln in lines if ln.startswith("  < ")]
    assert len(done) == 3, done  # each domain reported (and published) once
    assert any("(attempt 2)" in ln for ln in done), done
    for m in MONTHS:
        out = root / "outputs" / m
        assert (out / "metrics.json").read_bytes() == \
            (local["root"] / "outputs" / m / "metrics.json").read_bytes()
        assert not list(out.glob(".work-*")) and not list(out.glob("*.tmp"))


def test_a_retried_job_finishes_a_publish_begun_and_never_runs_a_published_one(tmp_path):
    from opsreview.batch.cluster import _publish_once, run_remote
    from opsreview.build.runner import Job

    out = tmp_path / "out"
    (out / "notebooks").mkdir(parents=True)
    ready = tmp_path / "stage" / "team" / "ready"
    (ready / "notebooks").mkdir(parents=True)
    (ready / "team.html").write_text("new page", encoding="utf-8")
    (out / "notebooks" / "team.ipynb").write_text("{}", encoding="utf-8")  # moved already
    (ready / ".publishing").touch()  # the lost worker had begun
    rec = _publish_once("team", {"status": "ok", "metrics": {}}, ready, out)
    assert (out / "team.html").read_text(encoding="utf-8") == "new page"
    assert rec["html"] == "team.html" and rec["stale"] is False
    job = Job("team", "2024-01", "zh", str(tmp_path), str(tmp_path), str(ready.parent))
    (ready.parent / "done.json").write_text('{"status": "ok", "attempt": 1}', encoding="utf-8")
    assert run_remote(job, None, str(out)) == {"status": "ok", "attempt": 1}
    assert not (ready.parent / "attempts").exists()  # nothing ran again


def test_bad_batch_values_end_in_a_message(tmp_path, capsys):
    from opsreview.cli import main

    _copy_months(tmp_path / "raw", ("2024-01",))
    common = ["--raw", str(tmp_path / "raw"), "--processed", str(tmp_path / "p"),
              "--outputs", str(tmp_path / "o"), "--domains", "team"]
    assert main(["report", "--months", "2029-01..2029-03", *common]) == 2
    assert "no month folder between 2029-01 and 2029-03" in capsys.readouterr().err
    assert main(["report", "--workspaces", str(tmp_path / "nowhere"), *common]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert main(["report", "--months", "2024-01", "--scheduler", "bogus://x", *common]) == 2
    assert "could not reach the Dask scheduler bogus://x" in capsys.readouterr().err


def test_month_folders_are_yyyy_mm_folders_oldest_first(tmp_path):
    """The one listing of a workspace's months (months.folders): folders named YYYY-MM only,
    up to a month when given."""
    for name in ("2024-02", "2023-12", "2024-13", "2024-1", "notes", "2024-03 "):
        (tmp_path / name).mkdir()
    (tmp_path / "2024-04").write_text("a file, not a month")
    assert folders(tmp_path) == [Month(2023, 12), Month(2024, 2)]
    assert folders(tmp_path, Month(2024, 1)) == [Month(2023, 12)]


def test_a_workers_jobs_fork_from_its_one_warm_process(cluster, tmp_path):
    """A job pays no Python start: each runs in a process of its own, forked by the warm
    parent its worker keeps across jobs (batch/cluster.py, build/kernels/warm.py --jobs)."""
    from opsreview.batch.cluster import run_remote
    from opsreview.build.runner import Job

    _, client = cluster
    worker = sorted(client.scheduler_info()["workers"])[0]
    raw = tmp_path / "raw"
    _copy_months(raw)
    records = []
    for m in MONTHS:
        out = tmp_path / "outputs" / m
        (out / "notebooks").mkdir(parents=True)
        job = Job("team", m, "zh", str(raw), str(tmp_path / "processed"),
                  str(out / ".work-reuse" / "team"))
        records.append(client.submit(run_remote, job, None, str(out), workers=[worker],
                                     pure=False, key=f"reuse-{m}").result(timeout=300))
    assert [r["status"] for r in records] == ["ok"] * 3, records
    parents = {r["process"]["forked_from"] for r in records}
    assert len(parents) == 1  # the same warm process for every job
    assert len({r["process"]["pid"] for r in records}) == 3  # each job a process of its own
    worker_pid = client.run(os.getpid, workers=[worker])[worker]
    warm = psutil.Process(parents.pop())
    assert warm.ppid() == worker_pid and "opsreview.build.kernels.warm" in " ".join(warm.cmdline())
