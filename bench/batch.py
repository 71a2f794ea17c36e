"""A batch of the sample year: 12 months × 7 domains, locally against a Dask LocalCluster.

    .venv/bin/python bench/batch.py            # measure, print, write bench/batch.json and
                                               # this section of bench/README.md

Both runs are `opsreview report --months 2023-03..2024-02 --force` on a copy of data/raw with
an empty processed cache and empty outputs, in the same run: once with the local process pool
(JOBS = the CPU count), once with `--scheduler` pointing at a `distributed.LocalCluster` of two
single-threaded worker processes started here (a real Dask cluster on this machine). The ratio
is cluster / local. From the cluster run's per-job cost (worker-seconds per month × domain
job), the section works out on paper what 50 clients × 12 months would take on N workers.
bench.py (EXTRA_SECTIONS) runs `measure` and puts `readme_section` into bench/README.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MONTHS = "2023-03..2024-02"
WORKERS = 2
CLIENTS = 50
ON_PAPER = (2, 8, 32, 64)  # workers
TITLE = "Batch: the sample year, locally and on a Dask LocalCluster (issue 16)"
# a job's progress line: "  < site  ok  7.4 s" (local), "  < [workspace ]2024-02 site ok 7.4 s"
DONE = re.compile(r"^\s+< (?:.*?(\d{4}-\d{2}) )?(\w+)\s+(\w+)\s+([\d.]+) s")


def _batch(raw: Path, base: Path, scheduler: str | None) -> dict:
    cmd = [sys.executable, "-m", "opsreview", "report", "--months", MONTHS, "--force",
           "--raw", raw, "--processed", base / "processed", "--outputs", base / "outputs",
           "--lang", "zh"] + (["--scheduler", scheduler] if scheduler else [])
    env = {k: v for k, v in os.environ.items() if k not in ("MONTHS", "OPSREVIEW_SCHEDULER")}
    started = time.perf_counter()
    proc = subprocess.run([str(c) for c in cmd], env=env, capture_output=True, text=True,
                          check=False)
    wall = time.perf_counter() - started
    jobs = [m.groups() for m in map(DONE.match, proc.stdout.splitlines()) if m]
    return {"wall": round(wall, 1), "code": proc.returncode, "jobs": len(jobs),
            "job_seconds": round(sum(float(j[3]) for j in jobs), 1),
            "statuses": sorted({j[2] for j in jobs}),
            "tail": proc.stdout[-600:] + proc.stderr[-600:]}


def measure(log=print) -> dict:
    from distributed import LocalCluster

    with tempfile.TemporaryDirectory(prefix="opsreview-batch-") as tmp:
        tmp = Path(tmp)
        raw = tmp / "raw"
        shutil.copytree(ROOT / "data" / "raw", raw)
        local = _batch(raw, tmp / "local", None)
        log(f"batch: local {local['wall']} s, {local['jobs']} jobs, code {local['code']}")
        with LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster:
            dask = _batch(raw, tmp / "dask", cluster.scheduler_address)
        log(f"batch: LocalCluster({WORKERS}) {dask['wall']} s, {dask['jobs']} jobs, "
            f"code {dask['code']}")
        same = all((tmp / "local" / "outputs" / m.name / "metrics.json").read_bytes()
                   == (tmp / "dask" / "outputs" / m.name / "metrics.json").read_bytes()
                   for m in sorted(raw.iterdir()))
    per_job = dask["wall"] * WORKERS / max(dask["jobs"], 1)  # worker-seconds per job
    total = CLIENTS * dask["jobs"]
    return {"local": local, "dask": dask, "ratio": round(dask["wall"] / local["wall"], 2),
            "metrics_identical": same, "cpus": os.cpu_count(),
            "per_job_seconds": round(per_job, 2), "clients": CLIENTS, "jobs_50": total,
            "on_paper": {str(n): round(total * per_job / n / 3600, 2) for n in ON_PAPER},
            "loadavg": [round(x, 1) for x in os.getloadavg()]}



def readme_section(f: dict | None) -> str:
    """The bench/README.md text for these figures ('' when there are none)."""
    if not f:
        return ""
    local, dask = f["local"], f["dask"]
    lines = [
        f"`opsreview report --months {MONTHS} --force` (12 months × 7 domains: "
        f"{local['jobs']} jobs; a month without a domain's files is a no-data job too) on "
        f"{f['cpus']} cores, load average {f['loadavg'][0]} at the end.",
        "",
        "| run | wall | jobs | sum of the jobs' own seconds | metrics.json |",
        "|---|---|---|---|---|",
        f"| local pool (JOBS = {f['cpus']}) | {local['wall']:.1f} s | {local['jobs']} | "
        f"{local['job_seconds']:.1f} s | – |",
        f"| LocalCluster, {WORKERS} workers × 1 thread | {dask['wall']:.1f} s | {dask['jobs']} | "
        f"{dask['job_seconds']:.1f} s | "
        f"{'byte-identical to local' if f['metrics_identical'] else 'DIFFERENT'} |",
        "",
        f"Ratio cluster / local: **{f['ratio']:.2f}×** in the same run. On one machine the "
        "cluster cannot be faster: the same two cores run the jobs, and each cluster job starts "
        "a Python process of its own (validation, papermill, the export) where the local pool "
        "forks its workers from a warmed build process; each worker's kernels fork from its "
        "own warm parent, as locally. What the cluster buys is more machines.",
        "",
        f"On paper, {f['clients']} clients × 12 months × 7 domains = {f['jobs_50']:,} jobs at "
        f"the measured {f['per_job_seconds']:.1f} worker-seconds per job (cluster wall × "
        "workers / jobs, so the batch's own planning and index writing are in it):",
        "",
        "| workers | hours |", "|---|---|",
        *[f"| {n} | {h:.2f} |" for n, h in f["on_paper"].items()],
        "",
        "That assumes workers of this machine's speed, one job per core, and a shared "
        "filesystem fast enough for every worker; the index of each month is written by the "
        "submitting process, month by month, while the jobs run.",
    ]
    return "\n".join(lines) + "\n"


def write_readme(text: str) -> None:
    """Put (or replace) this section in bench/README.md, before 'Why a goal is missed'."""
    readme = HERE / "README.md"
    doc = readme.read_text(encoding="utf-8")
    block = f"## {TITLE}\n\n{text.strip()}\n\n"
    start = doc.find(f"## {TITLE}")
    if start >= 0:
        end = doc.find("\n## ", start + 1)
        doc = doc[:start] + block + doc[end + 1:]
    else:
        at = doc.find("## Why a goal is missed")
        doc = doc[:at] + block + doc[at:] if at >= 0 else doc + "\n" + block
    readme.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    figures = measure()
    (HERE / "batch.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n",
                                     encoding="utf-8")
    text = readme_section(figures)
    write_readme(text)
    print(text)
