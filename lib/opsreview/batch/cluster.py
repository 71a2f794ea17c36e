"""A batch's month × domain jobs on a running dask.distributed cluster (OPSREVIEW_SCHEDULER=
tcp://host:8786 or --scheduler): the scheduler places and retries the jobs, nothing of ours
schedules. Workers must see the workspace folders at the same paths (a shared filesystem).

This process holds each month's lock, plans it (fingerprints: what to build), submits the jobs
and, as they finish, prints their progress line and writes each month's manifest, metrics.json
and index in month order. A job (`run_remote`, on a worker) runs the domain exactly as the
local pool does (validate, execute, export: runner.run_job, in a process of its own so that
its stderr, signals and environment stay its own: forked, imports done, by the worker's warm
parent, which the worker keeps across jobs as a local build keeps its pool), then publishes
it into the month folder. A worker lost mid-job is retried by Dask; the job's stage folder
makes the retry safe: an execution is kept only when it finished whole (renamed to `ready`),
publishing is finished by whoever finds it started, and a job already published (`done.json`)
returns its record without running again, so a domain is never published twice or half.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import ExitStack
from dataclasses import asdict, replace
from pathlib import Path

from opsreview.batch.workspace import active
from opsreview.build.lock import MonthLock
from opsreview.build.runner import (
    Job,
    broken_worker,
    die_with_parent,
    finish_month,
    plan_month,
    publish_record,
    run_job,
    unchanged,
)
from opsreview.contract.languages import month_dir
from opsreview.domains import REGISTRY
from opsreview.errors import BatchError
from opsreview.files import atomic_write

CONNECT_SECONDS = 30  # to reach the scheduler and hear it answer
WORKERS_SECONDS = 120  # for a first worker to join a scheduler that has none


def probe(scheduler: str, seconds: float = CONNECT_SECONDS) -> dict:
    """The scheduler's identity, asked within SECONDS: Dask's own connect waits for ever on
    an address that accepts and never answers (its handshake has no bound). BatchError
    when it does not answer."""
    import asyncio

    from distributed.comm import connect

    async def ask() -> dict:
        comm = await connect(scheduler, timeout=seconds)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    async def bounded() -> dict:
        return await asyncio.wait_for(ask(), seconds)

    try:
        return asyncio.run(bounded())
    except TimeoutError:
        raise BatchError(f"the Dask scheduler {scheduler} did not answer within {seconds:g} s "
                         "(is that address a Dask scheduler, and is it running?)") from None
    except (OSError, ValueError, TypeError) as exc:  # refused, a bad address
        raise BatchError(f"could not reach the Dask scheduler {scheduler}: {exc}") from None


def wait_for_workers(client, scheduler: str, seconds: float = WORKERS_SECONDS) -> None:
    """A scheduler without workers would hold the jobs for ever: wait for one, then say so."""
    if client.scheduler_info().get("workers"):
        return
    try:
        client.wait_for_workers(1, timeout=seconds)
    except (TimeoutError, OSError):
        raise BatchError(f"the Dask scheduler {scheduler} has no workers (none joined within "
                         f"{seconds:g} s): start one with `dask worker {scheduler}`") from None


def run_units(units, domains, lang: str, force: bool, scheduler: str, echo=print) -> None:
    """Build the batch's units (batch.Unit, oldest month first per workspace) on SCHEDULER."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise BatchError("a scheduler needs dask.distributed: `make setup` installs it (or pip "
                         "install 'opsreview[cluster]')") from None

    names = domains or list(REGISTRY)
    token = uuid.uuid4().hex[:10]
    t0 = time.monotonic()
    since = time.time()
    known: dict = {}
    probe(scheduler)
    with ExitStack() as stack:
        try:
            client = stack.enter_context(Client(scheduler, timeout=f"{CONNECT_SECONDS}s"))
        except (OSError, ValueError, TypeError) as exc:  # refused, timed out, a bad address
            raise BatchError(f"could not reach the Dask scheduler {scheduler}: {exc}") from None
        wait_for_workers(client, scheduler)
        plans, pending, futures, jobs = {}, {}, {}, {}
        for i, unit in enumerate(units):
            out_dir = month_dir(unit.ws.outputs, str(unit.month), lang)
            out_dir.mkdir(parents=True, exist_ok=True)
            stack.enter_context(MonthLock(out_dir, echo=echo))
            stack.callback(shutil.rmtree, out_dir / f".work-{token}", True)
            with active(unit.ws):
                plan = plan_month(unit.month, names, lang, force, out_dir, unit.ws.raw,
                                  unit.ws.processed)
            plans[i], pending[i] = plan, {}
            config = None if unit.ws.is_project else str(unit.ws.config)
            for name in plan.todo:
                job = Job(name, str(unit.month), lang, str(unit.ws.raw), str(unit.ws.processed),
                          str(out_dir / f".work-{token}" / name))
                fut = client.submit(run_remote, job, config, str(out_dir), pure=False,
                                    key=f"opsreview-{token}-{i}-{name}")
                futures[fut], jobs[fut] = (i, name), job
        echo(f"  submitted {len(futures)} job(s) to {scheduler} "
             f"({len(client.scheduler_info().get('workers', {}))} worker(s))")
        done_units: set[int] = set()

        def finish_ready() -> None:
            """Finish each workspace's months in order, as far as their jobs are done."""
            for i, unit in enumerate(units):
                if i in done_units:
                    continue
                earlier = [j for j, u in enumerate(units[:i]) if u.ws == unit.ws]
                if any(j not in done_units for j in earlier):
                    continue
                plan = plans[i]
                if len(pending[i]) < len(plan.todo):
                    continue
                with active(unit.ws):
                    if plan.up_to_date:
                        code = unchanged(plan, echo)
                    else:
                        code = finish_month(plan, pending[i], echo, t0, known.get(unit.ws))
                unit.record(plan.out_dir, code, since, known)
                done_units.add(i)

        finish_ready()
        try:
            for fut in as_completed(list(futures)):
                i, name = futures[fut]
                job = jobs[fut]
                try:
                    rec = fut.result()
                except Exception as exc:  # retries used up (KilledWorker) or the job broke
                    rec = publish_record(name, broken_worker(job, exc), Path(job.work_dir),
                                         plans[i].out_dir)
                pending[i][name] = rec
                where = "" if units[i].ws.is_project else f"{units[i].ws.name} "
                again = f" (attempt {rec['attempt']})" if rec.get("attempt", 1) > 1 else ""
                echo(f"  < {where}{units[i].month} {name:<11} {rec['status']:<8} "
                     f"{rec.get('seconds', 0.0):6.1f} s{again}")
                for notice in rec.pop("notices", None) or []:
                    echo(f"  ! {name} {notice}")
                finish_ready()
        except KeyboardInterrupt:
            echo("interrupted: cancelling the batch's jobs; pages already published are "
                 "complete")
            client.cancel(list(futures))
            raise


# --- on a worker --------------------------------------------------------------------------------
def run_remote(job: Job, config: str | None, out_dir: str) -> dict:
    """Validate, execute, export and publish one domain of one month; safe to run again."""
    stage = Path(job.work_dir)
    stage.mkdir(parents=True, exist_ok=True)
    done = stage / "done.json"
    if done.is_file():  # an earlier attempt published it and was lost before it could say so
        return json.loads(done.read_text(encoding="utf-8"))
    with open(stage / "attempts", "a", encoding="utf-8") as fh:
        fh.write(f"{socket.gethostname()} {os.getpid()}\n")
    ready = stage / "ready"
    if not ready.is_dir():
        attempt = stage / f"attempt-{uuid.uuid4().hex[:8]}"
        attempt.mkdir()
        rec = _run_child(replace(job, work_dir=str(attempt)), config)
        atomic_write(attempt / "record.json", json.dumps(rec, ensure_ascii=False))
        try:
            os.rename(attempt, ready)  # the execution that finished first is the one kept
        except OSError:
            shutil.rmtree(attempt, ignore_errors=True)
    rec = json.loads((ready / "record.json").read_text(encoding="utf-8"))
    rec = _publish_once(job.domain, rec, ready, Path(out_dir))
    rec["attempt"] = len((stage / "attempts").read_text(encoding="utf-8").splitlines())
    atomic_write(done, json.dumps(rec, ensure_ascii=False))
    return rec


_WARM: dict = {}  # this worker's warm parent (kernels.warm_kernels), kept for its life
_WARM_LOCK = threading.Lock()
JOB_TIMEOUT = 120.0  # seconds for the warm parent to take a job (its imports, at first)


def _warm_parent() -> dict:
    """This worker's warm parent, started by its first job and kept until the worker ends
    (its stdin pipe closes then), as a local build keeps one: it forks each job with its
    imports done (warm.py --jobs) and the job's kernels. {"name": kernelspec, "socket",
    "pid"}."""
    from opsreview.build.kernels import warm_kernels

    with _WARM_LOCK:
        if "name" not in _WARM:
            stack = ExitStack()
            root = Path(tempfile.mkdtemp(prefix="opsreview-worker-"))
            warm = stack.enter_context(warm_kernels(root, jobs=True))
            stack.callback(shutil.rmtree, root, True)
            atexit.register(stack.close)
            # its kernelspec is found through JUPYTER_PATH, set now
            _WARM.update(name=warm.name, socket=warm.socket and str(warm.socket),
                         pid=warm.parent and warm.parent.pid)
        return _WARM


def _run_child(job: Job, config: str | None) -> dict:
    """runner.run_job in a process of its own, which dies with this worker: forked by the
    worker's warm parent, else (no warm parent) a fresh Python started for it."""
    from opsreview.build.kernels.provisioner import WarmUnavailable, request_fork

    warm = _warm_parent()
    job = replace(job, kernel=warm["name"])
    env = {k: v for k, v in os.environ.items() if k != "OPSREVIEW_CONFIG"}
    if config:
        env["OPSREVIEW_CONFIG"] = config
    log = Path(job.work_dir) / "job.log"
    code, notice = None, None
    with open(log, "ab") as err, open(os.devnull, "wb") as out:
        if warm["socket"]:
            try:
                code = request_fork(warm["socket"], {"job": asdict(job), "env": env},
                                    JOB_TIMEOUT, (out.fileno(), err.fileno())).wait()
            except WarmUnavailable as exc:
                notice = f"warm worker process unavailable ({exc}); started a fresh one"
        if code is None:
            args = [sys.executable, "-m", "opsreview.batch.cluster", json.dumps(asdict(job)),
                    str(os.getpid())]
            code = subprocess.run(args, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                  stderr=err, check=False).returncode
    record = Path(job.work_dir) / "record.json"
    if code == 0 and record.is_file():
        rec = json.loads(record.read_text(encoding="utf-8"))
        if notice:
            rec["notices"] = [*(rec.get("notices") or []), notice]
        return rec
    said = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:] or [""]
    return broken_worker(job, f"the job's process ended with status {code}"
                         + (f": {said[0][:300]}" if said[0] else ""))


def _publish_once(name: str, rec: dict, ready: Path, out_dir: Path) -> dict:
    """Publish READY's files; a publish that a lost worker started is finished, not redone."""
    started = ready / ".publishing"
    resumed = started.exists()
    started.touch()
    return publish_record(name, rec, ready, out_dir, resumed)


def run_forked(fields: dict) -> int:
    """In the job's own process: run it and leave its record in its work folder. The record
    says which process ran it and what it was forked from (the worker's warm parent, or the
    worker itself for a fresh Python)."""
    job = Job(**fields)
    rec = run_job(job)
    rec["process"] = {"pid": os.getpid(), "forked_from": os.getppid()}
    atomic_write(Path(job.work_dir) / "record.json", json.dumps(rec, ensure_ascii=False))
    return 0


def _child_main(argv: list[str]) -> int:
    die_with_parent(int(argv[1]))
    return run_forked(json.loads(argv[0]))


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
