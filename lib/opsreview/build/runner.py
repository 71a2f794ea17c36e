"""`make report`: run each domain notebook in its own kernel, in parallel and incrementally.

Each domain is validated first (bad input -> an error page with the loader's message, no
kernel started), executed with papermill into a private work folder, exported to HTML, and
only then moved into outputs/<MONTH>/. A failure never replaces an earlier good page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from opsreview import digest
from opsreview.build import fingerprint as fp
from opsreview.build.kernels import preload_workers, take_notices, warm_kernels
from opsreview.build.lock import MonthLock
from opsreview.contract.languages import month_dir
from opsreview.domains import REGISTRY, domain
from opsreview.errors import DataError
from opsreview.files import atomic_write, git_commit, open_own
from opsreview.judging import reconcile
from opsreview.month.months import Month, folders
from opsreview.notes import check as notes_check
from opsreview.notes import sections as notes
from opsreview.paths import OUTPUTS_DIR, PROCESSED_DIR, PROJECT_ROOT, RAW_DIR
from opsreview.status import BROKEN, Status


@dataclass(frozen=True)
class Job:
    domain: str
    month: str
    lang: str
    raw_dir: str
    processed_dir: str
    work_dir: str
    kernel: str = "python3"  # the build's warm-fork kernelspec (kernels.warm_kernels)


def validate_inputs(name: str, month: Month, raw_dir: Path, processed_dir: Path) -> str:
    """Load every file the domain reads (filling the parquet cache); its status before running.

    Raises DataError for a bad file; returns Status.NO_DATA when none of its own files exist.
    """
    from opsreview.ingest import combine
    from opsreview.ingest.inventory import inventory

    dom = domain(name)
    present = False
    for folder in folders(raw_dir, month):
        inv = inventory(raw_dir, folder, processed_dir)
        for ds in dom.datasets:
            try:
                got = combine.validate_dataset(inv, ds, processed_dir)
            except DataError as exc:
                if folder != month:
                    exc.file = f"{folder}/{exc.file}"
                raise
            present |= got and folder == month and ds in dom.own_datasets
    return Status.OK if present else Status.NO_DATA


def run_job(job: Job) -> dict:
    """In a worker process: validate, execute, export. Returns the domain's record.
    A job is one build as far as its files go (digest.one_build: each hashed once), also in
    a worker kept between builds (explore/preview.py) or started for the job alone
    (batch/cluster.py)."""
    with digest.one_build():
        return _run_job(job)


def _run_job(job: Job) -> dict:
    os.environ["MPLBACKEND"] = "Agg"
    from opsreview.pages import outputs

    _quiet_worker(Path(job.work_dir))
    started = time.monotonic()
    month = Month.parse(job.month)
    work = Path(job.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    inputs = _inputs(job, month)
    try:
        status = validate_inputs(job.domain, month, Path(job.raw_dir), Path(job.processed_dir))
    except DataError as exc:
        record = {"status": Status.INVALID, "error": str(exc), "metrics": {}}
    except Exception as exc:  # a reading bug: the domain fails with its own page, as a kernel's
        record = {"status": Status.FAILED, "error": f"{type(exc).__name__}: {exc}", "metrics": {}}
    else:
        if status == Status.NO_DATA:
            record = {"status": Status.NO_DATA, "error": None, "metrics": {}}
        else:
            record = _execute(job, work)
    if record["status"] in BROKEN and (changed := _changed(inputs, job, month)):
        record["error"] = (f"{', '.join(changed)} changed while the page was built (a download "
                           "still being written, or replaced?): build again once it is whole")
    try:
        outputs.write_page(job, record, work)
    except OSError as exc:  # disk full, quota, permissions: the domain fails, nothing half-written
        record = {"status": Status.FAILED, "metrics": {},
                  "error": f"could not write the page: {exc}"}
        with suppress(OSError):
            outputs.write_page(job, record, work)
    if record["status"] == Status.OK:
        _earlier_figures(job.domain, month, Path(job.raw_dir), Path(job.processed_dir))
    record["seconds"] = round(time.monotonic() - started, 2)
    return record


def _inputs(job: Job, month: Month) -> dict[str, str]:
    """The domain's raw files and their hashes as the job starts (kept by the build)."""
    try:
        return {f["file"]: f["sha256"] for f in fp.domain_inputs(
            domain(job.domain), month, Path(job.raw_dir), Path(job.processed_dir))}
    except OSError:
        return {}


def _changed(before: dict[str, str], job: Job, month: Month) -> list[str]:
    """The raw files that changed (or went) since the job started: a failure they caused is
    told by them, not by the kernel's last words."""
    if not before:
        return []
    after = _inputs(job, month)
    return [name for name, sha in before.items() if after.get(name) != sha]


def _earlier_figures(name: str, month: Month, raw_dir: Path, processed_dir: Path) -> None:
    """The earlier months' figures of the index's trends, computed here while the other
    domains run rather than by the index one domain after another (figure_cache keeps them).
    A failure is left to the index, which computes them again and says what failed."""
    from opsreview.build import figure_cache
    from opsreview.pages.trends import earlier_months

    dom = domain(name)
    if not dom.headline:
        return
    with suppress(Exception):
        figure_cache.earlier(dom, earlier_months(raw_dir, month), raw_dir, processed_dir)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Worker initializer: a worker never outlives its build, even one killed with -9 (it
    would hold the build's stdout and 200 MB for minutes). Linux has the kernel send SIGKILL
    when the parent dies; elsewhere a thread watches the parent pid. A worker's kernels watch
    their worker (ipykernel's parent poller, JPY_PARENT_PID) and follow it within a second."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the build's: terminate() stops it
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, daemon=True, name="watch-parent").start()
    if os.getppid() != parent:  # the build died before the watch was set
        os._exit(1)


def _quiet_worker(work: Path) -> None:
    """Kernels inherit this process's stderr: send their chatter to a log, not the console."""
    import logging

    logging.getLogger("papermill").setLevel(logging.ERROR)
    work.mkdir(parents=True, exist_ok=True)
    log = open_own(work / "kernel.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    os.dup2(log, 2)
    os.close(log)


def _execute(job: Job, work: Path) -> dict:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from opsreview.build.kernels.engine import ENGINE_NAME, KernelNotStarted
    from opsreview.pages.outputs import metrics_path

    dom = domain(job.domain)
    out_nb = work / "notebooks" / f"{job.domain}.ipynb"
    out_nb.parent.mkdir(parents=True, exist_ok=True)
    params = {"month": job.month, "lang": job.lang, "raw_dir": job.raw_dir,
              "processed_dir": job.processed_dir, "output_dir": str(work)}
    kernels = [job.kernel] + (["python3"] if job.kernel != "python3" else [])
    retried: list[str] = []
    try:
        while True:
            kernel = kernels.pop(0)
            try:
                pm.execute_notebook(
                    str(dom.notebook), str(out_nb), parameters=params, kernel_name=kernel,
                    progress_bar=False, log_output=False, cwd=str(dom.notebook.parent),
                    report_mode=False, engine_name=ENGINE_NAME,  # build/kernels/engine.py: one save
                )
                break
            except KernelNotStarted as exc:  # nothing ran: once more on a normal kernel
                if not kernels:
                    raise
                retried.append(f"warm kernel did not start ({exc}); "
                               "ran again on a normal kernel")
    except PapermillExecutionError as exc:
        return {"status": Status.FAILED, "metrics": {},
                "error": f"{dom.notebook.name}, cell {exc.exec_count}: "
                         + kernel_error(exc.ename, exc.evalue, out_nb)}
    except Exception as exc:  # the kernel died or could not start: the domain failed
        return {"status": Status.FAILED, "metrics": {},
                "error": f"{dom.notebook.name}: {type(exc).__name__}: {exc}"}
    finally:
        notices = take_notices() + retried
    saved = metrics_path(work, job.domain)
    if not saved.exists():
        return {"status": Status.FAILED, "metrics": {},
                "error": f"{dom.notebook.name} ran but did not call page.save()"}
    return {**json.loads(saved.read_text(encoding="utf-8")), "notices": notices}


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def kernel_error(ename: str, evalue: str, executed: Path) -> str:
    """What failed in the kernel, for the record: a DataError's whole message (file, column,
    rows), else `Name: value`. Papermill gives an empty CellExecutionError when the cell's
    error reached the notebook but not its error list: then the executed notebook says it
    (its last error output, else the last line of what the cell wrote to stderr)."""
    if ename == "DataError" and evalue:
        return evalue
    if evalue.strip():
        return f"{ename}: {evalue}"
    found = _last_error(executed)
    return found or f"{ename} without a message from the kernel"


def _last_error(executed: Path) -> str | None:
    try:
        nb = json.loads(executed.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    said = None
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and out.get("ename") != "CellExecutionError":
                ename, evalue = out.get("ename", ""), out.get("evalue", "")
                said = evalue if ename == "DataError" else f"{ename}: {evalue}"
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                lines = [ln for ln in _ANSI.sub("", "".join(out.get("text", ""))).splitlines()
                         if ln.strip()]
                said = lines[-1].strip() if lines else said
    return said


def _fingerprints(names, month: Month, lang: str, raw_dir: Path,
                  processed_dir: Path | None = None) -> dict[str, dict]:
    return {n: fp.domain_fingerprint(REGISTRY[n], month, raw_dir, {"lang": lang}, processed_dir)
            for n in names}


def _is_fresh(name: str, fingerprint: dict, old: dict, out_dir: Path) -> bool:
    entry = old.get("domains", {}).get(name)
    if not entry or entry.get("fingerprint") != fingerprint["fingerprint"]:
        return False
    if entry.get("status") == Status.FAILED:
        return False
    page = out_dir / (f"{name}.error.html" if entry.get("status") == Status.INVALID
                      else f"{name}.html")
    return page.exists()


def _read_json(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def is_published(out_dir: Path, manifest: dict, names: list[str]) -> bool:
    """The month's index, metrics and manifest are there and cover every domain asked for."""
    files = ("index.html", "metrics.json", "manifest.json")
    return all((out_dir / f).is_file() for f in files) \
        and set(names) <= set(manifest.get("domains", {}))


def build(
    month: str,
    domains: list[str] | None = None,
    lang: str = "zh",
    jobs: int | None = None,
    force: bool = False,
    outputs_root: Path = OUTPUTS_DIR,
    raw_dir: Path = RAW_DIR,
    processed_dir: Path = PROCESSED_DIR,
    echo=print,
    known: dict[str, dict] | None = None,
) -> int:
    """Build MONTH's pages; returns the exit code (0 all fine, 1 a domain invalid or failed).
    KNOWN: earlier months' figures by month and domain (a batch's), reused by the trends."""
    m = Month.parse(month)
    names = domains or list(REGISTRY)
    for name in names:
        domain(name)  # unknown names stop here, before anything runs
    out_dir = month_dir(outputs_root, str(m), lang)  # zh and en side by side
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = max(1, jobs or os.cpu_count() or 1)
    with MonthLock(out_dir, echo=echo), terminate_as_interrupt(), digest.one_build():
        _clear_leftovers(out_dir)
        work_root = out_dir / f".work-{os.getpid()}"
        try:
            # the warm parent imports while the domains are fingerprinted: the first kernel
            # is asked of it soon after
            with warm_kernels(work_root) as warm:
                plan = plan_month(m, names, lang, force, out_dir, Path(raw_dir),
                                  Path(processed_dir), own=work_root)
                if plan.up_to_date:
                    warm.discard()
                    return unchanged(plan, echo)
                t0 = time.monotonic()
                echo(f"opsreview {m}: {len(plan.todo)} to build, "
                     f"{len(names) - len(plan.todo)} unchanged (jobs={jobs}, lang={lang})")
                preload_workers()
                records = run_all(plan.todo, m, lang, raw_dir, processed_dir, work_root, jobs,
                                  out_dir, echo, warm)
        finally:
            shutil.rmtree(work_root, ignore_errors=True)
        return finish_month(plan, records, echo, t0, known)


@dataclass
class MonthPlan:
    """What a month's build must do, decided under its lock: the domains to run (`todo`) and
    what the last build left (`old` manifest, `prints` fingerprints)."""
    month: Month
    lang: str
    names: list[str]
    out_dir: Path
    raw_dir: Path
    processed_dir: Path
    old: dict
    prints: dict
    todo: list[str]
    notes: notes.Notes  # notes.md: the index shows them all

    @property
    def up_to_date(self) -> bool:
        return not self.todo and is_published(self.out_dir, self.old, self.names) \
            and self.old.get("notes_sha256") == self.notes.sha256


_FORCED_SINCE = time.time()  # this run's start: caches older than it are FORCE's to clear


def plan_month(m: Month, names: list[str], lang: str, force: bool, out_dir: Path,
               raw_dir: Path, processed_dir: Path, own: Path | None = None) -> MonthPlan:
    """Under the month's lock: clear dead builds' leftovers (not OWN, this build's work
    folder), fingerprint every domain."""
    _clear_leftovers(out_dir, own)
    if force and processed_dir is not None:  # FORCE=1 rebuilds every cache, not only pages
        from opsreview.ingest.store import clear

        for folder in folders(raw_dir, m):
            clear(processed_dir / str(folder), before=_FORCED_SINCE)
    old = _read_json(out_dir / "manifest.json")
    prints = _fingerprints(names, m, lang, raw_dir, processed_dir)
    todo = [n for n in names if force or not _is_fresh(n, prints[n], old, out_dir)]
    # the longest first (no late straggler): by the last build's seconds, and without one
    # by the bytes of the domain's inputs (a first build: customer service and orders first)
    todo.sort(key=lambda n: (-_last_seconds(old, n), -_input_bytes(prints[n], raw_dir)))
    return MonthPlan(m, lang, names, out_dir, raw_dir, processed_dir, old, prints, todo,
                     notes.read_month(raw_dir, m))


def _input_bytes(fingerprint: dict, raw_dir: Path) -> int:
    """Bytes of the raw files a domain reads (its fingerprint's inputs, a year of them)."""
    total = 0
    for entry in fingerprint.get("inputs", []):
        try:
            total += (Path(raw_dir) / entry["file"]).stat().st_size
        except OSError:
            pass
    return total


def _last_seconds(manifest: dict, name: str) -> float:
    """How long the domain took in the last build (unknown: as long as can be)."""
    seconds = manifest.get("domains", {}).get(name, {}).get("seconds")
    return float(seconds) if isinstance(seconds, (int, float)) else float("inf")


def unchanged(plan: MonthPlan, echo) -> int:
    """Every input, notebook, lib, config and parameter as before: so is every output."""
    statuses = {n: plan.old["domains"][n]["status"] for n in plan.names}
    echo(f"opsreview {plan.month}: 0 to build, {len(plan.names)} unchanged; nothing to do\n"
         f"  -> {plan.out_dir / 'index.html'}")
    metrics = _read_json(plan.out_dir / "metrics.json")
    return max(notes_check.echo_problems(plan.notes, echo, notes.figures_of(metrics)),
               1 if set(statuses.values()) & BROKEN else 0)


def finish_month(plan: MonthPlan, records: dict[str, dict], echo, t0: float,
                 known: dict[str, dict] | None = None) -> int:
    """The built domains' records with the unchanged ones: manifest, metrics.json, index."""
    from opsreview.pages import index, langlink, outputs

    m, out_dir, old, names = plan.month, plan.out_dir, plan.old, plan.names
    old_metrics = outputs.read_json(out_dir / "metrics.json")
    for name in names:
        if name not in records:
            prev = old["domains"][name]
            records[name] = {
                "status": prev["status"], "error": prev.get("error"), "cached": True,
                "metrics": old_metrics.get("domains", {}).get(name, {}).get("metrics", {}),
                "seconds": 0.0,
            }
            echo(f"  = {name:<11} {prev['status']:<8} unchanged")
    manifest = _manifest(m, plan.lang, names, plan.prints, records, old)
    if plan.notes.sha256:
        manifest["notes_sha256"] = plan.notes.sha256
    metrics = index.metrics_document(m, manifest, records, old_metrics)
    atomic_write(out_dir / "metrics.json",
                 json.dumps(metrics, ensure_ascii=False, indent=2, allow_nan=False))
    atomic_write(out_dir / "manifest.json",
                 json.dumps(manifest, ensure_ascii=False, indent=2))
    _keep_figures(m, metrics, [n for n, r in records.items() if not r.get("cached")],
                  plan.raw_dir, plan.processed_dir)
    trends = _trends(m, metrics, plan.raw_dir, plan.processed_dir, known)
    atomic_write(out_dir / "index.html", index.render_index(
        m, plan.lang, metrics, manifest, trends, langlink.other_present(out_dir, plan.lang),
        plan.notes))
    langlink.relink(out_dir, plan.lang)
    bad = {n: r for n, r in records.items() if r["status"] in BROKEN}
    echo(f"done in {time.monotonic() - t0:.1f} s: "
         + ", ".join(f"{n} {r['status']}" for n, r in records.items())
         + f"\n  -> {out_dir / 'index.html'}")
    for name, rec in bad.items():
        first = (rec.get("error") or "").splitlines()[0:3]
        echo(f"  ! {name} {rec['status']}: " + " | ".join(first))
    reconcile.echo_checks(metrics["domains"], {n: p.get("inputs", []) for n, p in
                                               plan.prints.items()},
                          m, plan.raw_dir, plan.processed_dir, echo)
    return max(notes_check.echo_problems(plan.notes, echo, notes.figures_of(metrics)),
               1 if bad else 0)


@contextmanager
def terminate_as_interrupt():
    """`kill` (SIGTERM) of a build stops it as Ctrl-C does: kernels stopped, work folder and
    lock removed, published pages whole."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _clear_leftovers(out_dir: Path, own: Path | None = None) -> None:
    """What builds killed with -9 left: their work folders (all but OWN) and half-written
    temp files. Called under the month's lock, so no other build of the month uses them."""
    for work in out_dir.glob(".work-*"):
        if work != own:
            shutil.rmtree(work, ignore_errors=True)
    for tmp in (*out_dir.glob(".*.tmp"), *out_dir.glob("notebooks/.*.tmp")):
        tmp.unlink(missing_ok=True)


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """The build's worker processes, forked from this (preloaded) process; none outlives it."""
    return ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent,
                               initargs=(os.getpid(),))


def run_all(todo, m, lang, raw_dir, processed_dir, work_root, jobs, out_dir, echo, warm,
            pool: ProcessPoolExecutor | None = None, published=None):
    """Run TODO's jobs, JOBS at once, publishing each as it ends (then `published(name,
    record)`, when given). POOL: workers kept by the caller (explore/preview.py), else a pool of
    this build's own."""
    records: dict[str, dict] = {}
    if not todo:
        return records
    queue = list(todo)
    with (nullcontext(pool) if pool else worker_pool(min(jobs, len(todo)))) as pool:
        job_of = {n: Job(n, str(m), lang, str(raw_dir), str(processed_dir),
                         str(work_root / n), warm.name) for n in todo}
        if warm.notice:
            echo(f"  ! {warm.notice}")
        running = {}

        def start_next() -> None:
            name = queue.pop(0)
            echo(f"  > {name:<11} started")
            running[pool.submit(run_job, job_of[name])] = name

        try:
            while queue and len(running) < jobs:
                start_next()
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in done:
                    name = running.pop(fut)
                    try:
                        rec = fut.result()
                    except Exception as exc:  # the worker itself broke: its page says why
                        rec = broken_worker(job_of[name], exc)
                    rec = publish_record(name, rec, Path(job_of[name].work_dir), out_dir)
                    records[name] = rec
                    echo(f"  < {name:<11} {rec['status']:<8} {rec['seconds']:6.1f} s")
                    if published:
                        published(name, rec)
                    for notice in rec.pop("notices", None) or []:
                        echo(f"  ! {name} {notice}")
                    if queue:
                        start_next()
        except KeyboardInterrupt:
            echo("interrupted: stopping kernels; pages already published are complete")
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return records


def broken_worker(job: Job, exc: BaseException | str) -> dict:
    """The record (and the page, in the job's work folder) of a job whose process broke."""
    from opsreview.pages import outputs

    why = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    rec = {"status": Status.FAILED, "error": why, "metrics": {}, "seconds": 0.0}
    with suppress(OSError):
        outputs.write_page(job, rec, Path(job.work_dir))
    return rec


def publish_record(name: str, rec: dict, work: Path, out_dir: Path,
                   resumed: bool = False) -> dict:
    """Move a finished domain's files from its work folder into OUT_DIR; a publish that fails
    keeps the last good page, marked stale. Returns the record as published. RESUMED: one a
    lost worker started (pages.outputs.publish)."""
    from opsreview.pages import outputs

    try:
        outputs.publish(name, rec, work, out_dir, resumed)
    except OSError as exc:
        rec = {"status": Status.FAILED, "metrics": {}, "seconds": rec.get("seconds", 0.0),
               "error": f"could not publish the page: {exc}"}
        outputs.mark_stale(name, rec, out_dir)
    return rec


def _keep_figures(m: Month, metrics: dict, built: list[str], raw_dir: Path,
                  processed_dir: Path) -> None:
    """The figures of the domains BUILT now, kept for the trends of the months after M."""
    from opsreview.build import figure_cache
    from opsreview.contract.config import Config

    cfg = Config()
    for name in built:
        entry = metrics["domains"][name]
        if entry["status"] == Status.OK and REGISTRY[name].headline:
            figure_cache.keep(REGISTRY[name], m, raw_dir, processed_dir, cfg, entry["metrics"])


def _trends(m: Month, metrics: dict, raw_dir: Path, processed_dir: Path,
            known: dict[str, dict] | None = None) -> dict:
    """Headline figures of every built domain over the month folders up to MONTH (KNOWN:
    earlier months' figures a batch has, {month: {domain: figures}})."""
    from opsreview.contract.config import Config
    from opsreview.pages.trends import headline_history, month_folders

    months = month_folders(raw_dir, m)
    if len(months) < 2:
        return {}
    cfg = Config()
    earlier = known or {}
    return {n: headline_history(n, months, raw_dir, processed_dir, cfg,
                                known={**{k: v[n] for k, v in earlier.items() if n in v},
                                       str(m): entry["metrics"]})
            for n, entry in metrics["domains"].items()
            if entry["status"] == Status.OK and REGISTRY[n].headline}


def _manifest(m, lang, names, prints, records, old) -> dict:
    domains = dict(old.get("domains", {}))
    now = datetime.now().isoformat(timespec="seconds")
    for name in names:
        rec = records[name]
        if rec.get("cached"):
            continue
        domains[name] = {
            **prints[name], "status": rec["status"], "error": rec.get("error"),
            "notebook": f"notebooks/{name}.ipynb", "built_at": now,
            "seconds": rec.get("seconds"), "html": rec.get("html"), "stale": rec.get("stale"),
        }
    return {
        "month": str(m), "lang": lang, "generated_at": now, "git_commit": git_commit(PROJECT_ROOT),
        "python": sys.version.split()[0], "versions": fp.versions(),
        "domains": {n: domains[n] for n in REGISTRY if n in domains},
        **({"pdf": old["pdf"]} if "pdf" in old else {}),  # printing/pdf.py: its pages' hashes
        **({"sent": old["sent"]} if "sent" in old else {}),  # delivery: what went to whom
    }
