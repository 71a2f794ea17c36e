"""`make bench`: measured build speed, incremental cost, and how cost grows with the data.

    .venv/bin/python bench/bench.py            # the full benchmark (what `make bench` runs)
    .venv/bin/python bench/bench.py --quick    # fewer repeats, scales 1 and 10 only
    .venv/bin/python bench/bench.py --scales 1,10,100 --parts scale

Everything runs in a temporary folder: a copy of data/raw, scaled months written there by
`opsreview sample --scale N --out DIR`, and every build's processed cache and outputs. Nothing
is written into data/raw, data/processed or outputs/ of the repository. The command writes
bench/results.json (every figure), bench/bench.png (the chart) and rewrites bench/README.md.

Builds run as the user runs them: the `opsreview report` command in a child process, timed
from start to exit; peak memory is read from /proc (VmHWM) of every process in its tree.
Speed is measured here, never asserted in the unit tests.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent  # the venv's bin: python, papermill, jupyter
MONTH = "2024-02"
SCALES = (1, 10, 100, 400)
QUICK_SCALES = (1, 10)
# The large datasets: rows grow with --scale N (site_traffic: traffic days across sites).
LARGE = ("cs_sessions", "orders", "site_traffic", "seo_rankings", "client_visits")
# What make exports; a benchmark build must not pick up MONTH=... or FORCE=1 from the caller.
SCRUBBED_ENV = ("MONTH", "REPORT_LANG", "DOMAINS", "JOBS", "FORCE")
PARTS = ("cold", "pages", "noop", "one_csv", "scale", "extra")
# Extra measurements kept in their own files under bench/: "module:function" entries; each
# function takes the Bench and returns {"title": str, "markdown": str, ...}, stored in
# results["extra"][module] and shown in README.md; a module's `goals(figures)`, when it has
# one, gives rows of the goal table. Wire one with one line here.
EXTRA_SECTIONS: list[str] = ["excel", "preview", "batch"]
TIMEOUT = 1800  # seconds for one child command; nothing should come near it

# --- goals (issue "Performance: make bench") -------------------------------------------------
# issue 15 (warm kernels): against the tree before it, and against the peers users would pick
PREVIOUS = "68ac4ee"  # main's commit before warm kernels (override: --previous REV)
COLD_RATIO = 0.40  # our cold build <= 0.40 x the previous tree's, in the same run
PEER_RATIO = 0.15  # ... and <= 0.15 x peer (a), papermill + nbconvert JOBS at once
PLOOMBER_VERSION = "0.23.3"  # peer (b), installed in a throw-away venv inside the bench
NOOP_SECONDS = 0.5  # `make report` with nothing changed, the Makefile's own work included
ONE_CSV_SECONDS = 1.5  # one domain's CSV changed: the whole `opsreview report`
LOAD_RATIO = 2.0  # load + validate <= 2 x plain pandas.read_csv of the same file
SCALE_RATIO = 4.0  # build at N = 400 <= 4 x build at N = 1
SCALE_GOAL_N = 400
RSS_LIMIT = 2 * 1024**3  # peak RSS of the largest kernel
PAGE_LIMIT = 600 * 1024  # bytes per domain page
PAGE_FLAT = 1.25  # a page at the largest N <= 1.25 x its size at N = 1 ("flat")

# Written by hand after looking at the figures (the command includes it as it is).
WHY_MISSED = """\
Hand-written from profiles (py-spy of a whole cold build across its processes, cProfile of
each notebook's cells run in one process and of a worker's job, each file of a month loaded
alone; 2026-12-06, sessions 7 to 10) and this run's tables. The sample has twelve months
since session 6, so a cold build validates and caches a year of files and computes eleven
earlier months' figures for the index's trends; the previous tree is given the same year
and does the same.

**What session 10 changed.** The warm parent also imports the notes' Markdown parser,
ingest and pyarrow's pandas bridge, which every kernel imported again (~20 ms each). The
floor is measured as a build does the work: one processed cache for all domains (kpis.csv
and shop_status.csv were validated once per domain), the planning's hashes and the
workers' imports done before timing, and the earlier months' figures counted (they are the
domains' own compute too). Goal 3 shows its floor. market's and compliance's parameter
cells had quotes in their comments, which hid all five parameters from papermill.

**Where the time goes now** (py-spy, shares of a cold build's CPU over all processes):
the kernels' cells about half, of which the chart images are two thirds (matplotlib's
constrained layout, run once for the screen drawing and one to four times while a chart is
fitted to a phone, is 14 % of the build; Agg drawing about 12 %; palette and PNG 2 %);
validating and caching a year of files 15 % (~200 ms a month for the 24 files: each small
file costs 3-6 ms in read_csv, the parsers and pandas' per-column work, plus ~2.5 ms to
write its parquet); the earlier months' figures 8 %; imports 10 % (the build's preload,
the warm parent); starting kernels, papermill and writing the executed notebooks ~5 %; the
index, trends and metrics.json ~2 %.

**Why the goals that miss, miss.**
- *1a*: the floor alone (the domains' own compute over the cores) is 0.39-0.44× the
  previous tree in this session's runs, and a build cannot be faster than its floor: it
  also starts Python and plans (~0.3 s), preloads papermill and nbconvert while the warm
  parent imports pandas, matplotlib and the views on the other core (~0.7 s, the other core
  busy with the warm parent's ~1 s), pays ~0.25 s per domain for its kernel, papermill and
  the executed notebook, and writes the index (~0.3 s): ~2.2 s above the floor. 0.40× would
  need the pages' own work cut by about 40 %. What that work is: every chart drawn for
  screens and again, fitted, for phones (the phone pages read at 13-14 px because of it), and
  a first build computing a year of trends. Both are product decisions the issue does not
  make, so it is reported blocked rather than missed by a margin. Smaller takes left: seo
  computes the month before inside each month's figures (0.25 s of CPU in a cold build; the
  figure cache could give them), each kernel parses the YAML config again (~25 ms).
- *1b*: 0.15× peer (a) is about 3.3 s, below half of the floor.
- *3 (one CSV ≤ 1.5 s)*: its floor — a fresh Python importing what a kernel needs, then the
  site's cells and export — is above 1.5 s by itself (the row above). Only a process kept
  alive between builds could skip the imports: that is `make preview` (issue 31), goal 6a.
- *6a (preview, one CSV → its page ≤ 1.5 s)*, issue 31, 2026-12-07: the preview keeps the
  imports, the warm parent and the workers, and keeps file hashes and inventories between
  saves, so what is left is the site's own job. Timeline of one save (instrumented, load
  average ~1.4): the watch reports it at 0.06 s (inotify, then 30 ms without another write),
  the plan (every domain's fingerprint, only the saved file hashed again) is done at 0.09 s,
  then the site job takes 1.39-1.54 s — its kernel forked and started (~0.15 s), the site
  notebook's cells (~1.1 s, two thirds of it drawing the charts for screens and again for
  phones, as in the floor table) and the export — and the page is served 5 ms after it is
  published. The median lands at 1.52-1.65 s in runs at load 1.1-1.7, so the goal is
  missed by the notebook's own cells; a kernel started before the save (to take the next
  job) would win ~0.15 s and was not built. 6b is met with room: a notes.md save renders
  the index at once from the figures already built (0.3 s); the page whose section changed
  follows in ~2 s (its notebook runs again, as a page shows its section inside its
  findings). The preview section below comes from `bench/preview.py` run alone after this
  run (its part of this run never ended its preview within the 60 s allowed: since then a
  stop that hangs kills its processes after 20 s, and the tests stop it in < 1 s).
- *7 (cluster ≤ 1.15× the local pool)*, issue 31: met in this run (1.10×); an earlier run
  the same afternoon at load average 7-8 gave 1.33×, so the margin is thin on a shared
  machine. Each worker's warm parent now forks its jobs with their imports done (the
  per-job Python start and imports were the 2.2 against 1.19 worker-seconds); what is left
  is Dask's own per-job round trips and the worker processes sharing the two cores.

**This run** started at load average ~7 (other engineers' test suites on the same 2 cores),
so its absolute seconds (cold build 21 s) are 2-3× those of a quiet machine; each goal is a
ratio or a limit within the run, and the rows above that measure seconds say so.
- *4a*: cs_sessions meets it. The order report's ids are read as text (782,019 Python
  strings; plain read_csv reads them as int64 in a fraction of the time), its times are
  parsed and its rows checked for unpaid orders and guards; seo_rankings and client_visits
  pass over every cell for platform quirks (guards, amounts, totals rows, short and
  swallowed rows), about one read_csv more. site_traffic is small at every N (4,000 rows,
  a read_csv of 5 ms), where the loader's fixed ~20 ms per file is most of it.
"""


# --- small pure helpers (unit-tested in tests/project/test_bench.py) --------------------------
def median(values) -> float | None:
    """The median of the numbers given (None when there are none)."""
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def fmt_bytes(value: float | None) -> str:
    if value is None:
        return "–"
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if value >= size:
            return f"{value / size:.1f} {unit}"
    return f"{int(value)} B"


def fmt_ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def markdown_table(headers: list[str], rows: list[list]) -> str:
    """A GitHub markdown table; `|` in a cell is escaped, None shows as –."""
    def cell(v) -> str:
        return "–" if v is None else str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |",
             "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def status(met: bool | None) -> str:
    return "not measured" if met is None else ("met" if met else "**missed**")


def parse_build_output(text: str) -> dict:
    """What an `opsreview report` run says: how many domains it built, which it started."""
    m = re.search(r"(\d+) to build, (\d+) unchanged", text)
    started = re.findall(r"^\s*> (\S+)\s+started", text, re.M)
    finished = dict(re.findall(r"^\s*< (\S+)\s+(\S+)", text, re.M))
    return {"to_build": int(m.group(1)) if m else None,
            "unchanged": int(m.group(2)) if m else None,
            "started": started, "finished": finished}


def count_rows(path: Path) -> int:
    """Lines of a CSV file minus the header line (title/totals lines count; a rough size)."""
    lines = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            lines += block.count(b"\n")
    return max(lines - 1, 0)


# --- the goals ---------------------------------------------------------------------------------
def one_csv_bound(floor: dict, domain: str) -> float | None:
    """The least one domain's rebuild can take without a process kept between builds: a
    fresh process's imports (the warm parent's), then the domain's cells and export."""
    parts = [floor.get("imports"), (floor.get("cells") or {}).get(domain),
             (floor.get("export") or {}).get(domain)]
    return None if None in parts else sum(parts)


def evaluate(results: dict) -> list[dict]:
    """One row per goal: what was measured, the goal, and met / missed / not measured."""
    goals = []

    def add(key, what, figure, goal, met):
        goals.append({"key": key, "what": what, "figure": figure, "goal": goal, "met": met})

    cold = results.get("cold") or {}
    ours = cold.get("ours_median")
    floor = (cold.get("floor") or {}).get("seconds")
    r = ratio(ours, cold.get("previous_median"))
    floor_text = f"; floor {fmt_seconds(floor)} = " \
        f"{fmt_ratio(ratio(floor, cold.get('previous_median')))}" if floor else ""
    add("cold", f"1a. cold build of the sample month vs the previous tree "
        f"({cold.get('previous_commit') or PREVIOUS})",
        f"{fmt_seconds(ours)} vs {fmt_seconds(cold.get('previous_median'))} = {fmt_ratio(r)}"
        + floor_text, f"≤ {COLD_RATIO:g}×", None if r is None else r <= COLD_RATIO)
    r = ratio(ours, cold.get("peer_a_median"))
    add("peer", "1b. cold build vs peer (a): papermill + nbconvert per notebook, JOBS at once",
        f"{fmt_seconds(ours)} vs {fmt_seconds(cold.get('peer_a_median'))} = {fmt_ratio(r)}"
        + (f"; peer (b) Ploomber {fmt_seconds(cold.get('peer_b_median'))}"
           if cold.get("peer_b_median") else ""),
        f"≤ {PEER_RATIO:g}×", None if r is None else r <= PEER_RATIO)

    noop = results.get("noop")
    if noop:
        wall = noop.get("median")
        executed = max(noop.get("executed") or [0])
        add("noop", "2. `make report` with nothing changed (the Makefile's own work included)",
            f"{fmt_seconds(wall)}, {executed} kernel(s) started",
            f"≤ {NOOP_SECONDS:g} s, nothing executed",
            None if wall is None else (wall <= NOOP_SECONDS and executed == 0))
    else:
        add("noop", "2. `make report` with nothing changed", "–",
            f"≤ {NOOP_SECONDS:g} s, nothing executed", None)

    one = results.get("one_csv")
    if one and one.get("dataset"):
        wall = one.get("median")
        only = all(s == [one["domain"]] for s in one.get("started", []))
        reran = sorted({d for s in one.get("started", []) for d in s})
        bound = one_csv_bound(cold.get("floor") or {}, one["domain"])
        add("one_csv", f"3. one CSV changed ({one['dataset']}.csv → {one['domain']}): "
            "the whole `opsreview report`",
            f"{fmt_seconds(wall)}; re-ran: {', '.join(reran) or 'nothing'}"
            + (f"; floor {fmt_seconds(bound)}" if bound else ""),
            f"≤ {ONE_CSV_SECONDS:g} s, only its domain",
            None if wall is None else (wall <= ONE_CSV_SECONDS and only))
    else:
        add("one_csv", "3. one CSV changed", "–", f"≤ {ONE_CSV_SECONDS:g} s", None)

    scale = results.get("scale") or {}
    ns = sorted(int(n) for n in scale)
    if ns:
        worst = None
        for n in ns:
            for name, item in (scale[str(n)].get("load") or {}).items():
                r = item.get("ratio")
                if r is not None and (worst is None or r > worst[0]):
                    worst = (r, name, n)
        top = ns[-1]
        big = [(name, item.get("ratio")) for name, item in
               (scale[str(top)].get("load") or {}).items()]
        met = None if not big else all(r is not None and r <= LOAD_RATIO for _, r in big)
        figure = ", ".join(f"{name} {fmt_ratio(r)}" for name, r in big) or "–"
        add("load", f"4a. load + validate vs plain read_csv, each large dataset at N = {top}",
            figure, f"≤ {LOAD_RATIO:g}× read_csv", met)

        b1 = scale.get("1", {}).get("build_median")
        bt = scale[str(top)].get("build_median")
        r = ratio(bt, b1) if top > 1 else None
        add("scale", f"4b. full build at N = {top} vs N = 1",
            f"{fmt_seconds(bt)} vs {fmt_seconds(b1)} = {fmt_ratio(r)}",
            f"≤ {SCALE_RATIO:g}× at N = {SCALE_GOAL_N}",
            None if r is None or top != SCALE_GOAL_N else r <= SCALE_RATIO)

        peaks = [(scale[str(n)].get("peak_kernel_rss"), n) for n in ns]
        peaks = [p for p in peaks if p[0] is not None]
        peak = max(peaks) if peaks else None
        add("rss", "4c. peak RSS of the largest kernel, any N",
            f"{fmt_bytes(peak[0])} at N = {peak[1]}" if peak else "–",
            f"≤ {fmt_bytes(RSS_LIMIT)}", None if peak is None else peak[0] <= RSS_LIMIT)

        p1 = scale.get("1", {}).get("pages") or {}
        pt = scale[str(top)].get("pages") or {}
        growth = {d: pt[d] / p1[d] for d in p1 if d in pt and p1[d]}
        if growth and top > 1:
            d, g = max(growth.items(), key=lambda kv: kv[1])
            add("flat", f"4d. page sizes flat: largest growth N = 1 → {top}",
                f"{d} {fmt_ratio(g)}", f"≤ {PAGE_FLAT:g}× (no table grows with the data)",
                g <= PAGE_FLAT)
        else:
            add("flat", "4d. page sizes flat", "–", f"≤ {PAGE_FLAT:g}×", None)
    else:
        for key, what in (("load", "4a. load + validate vs read_csv"),
                          ("scale", "4b. build at N = 400 vs N = 1"),
                          ("rss", "4c. peak kernel RSS"), ("flat", "4d. page sizes flat")):
            add(key, what, "–", "", None)

    pages = results.get("pages")
    if pages and pages.get("per_domain"):
        name, size = max(pages["per_domain"].items(), key=lambda kv: kv[1])
        add("pages", "5. page weight: largest domain page of the sample month",
            f"{name} {fmt_bytes(size)}; whole month {fmt_bytes(pages.get('month_total'))}",
            f"≤ {fmt_bytes(PAGE_LIMIT)} per page", size <= PAGE_LIMIT)
    else:
        add("pages", "5. page weight", "–", f"≤ {fmt_bytes(PAGE_LIMIT)} per page", None)
    for module, section in (results.get("extra") or {}).items():  # their own goals' rows
        for i, (what, figure, goal, met) in enumerate(section.get("goals") or []):
            add(f"{module}-{i}", what, figure, goal, met)
    return goals


# --- running and watching child processes -----------------------------------------------------
def _peak_rss(proc) -> int | None:
    """The process's peak resident set so far (VmHWM), else its current RSS."""
    try:
        with open(f"/proc/{proc.pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return proc.memory_info().rss
    except Exception:  # noqa: BLE001 - the process ended between two polls
        return None


class TreeWatch:
    """Polls the process tree under `pid`: peak RSS per process, and which were kernels."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        import psutil

        self._psutil = psutil
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak: dict[int, int] = {}
        self.kernel: dict[int, bool] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> TreeWatch:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.poll()
            self._stop.wait(self.interval)

    def poll(self) -> None:
        psutil = self._psutil
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        for proc in procs:
            if proc.pid not in self.kernel:
                try:
                    self.kernel[proc.pid] = any("ipykernel_launcher" in a
                                                for a in proc.cmdline())
                except psutil.Error:
                    continue
            rss = _peak_rss(proc)
            if rss is not None and rss > self.peak.get(proc.pid, 0):
                self.peak[proc.pid] = rss

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        kernels = [self.peak[p] for p, k in self.kernel.items() if k and p in self.peak]
        return {"peak_kernel_rss": max(kernels) if kernels else None,
                "peak_any_rss": max(self.peak.values()) if self.peak else None,
                "kernels": len([p for p, k in self.kernel.items() if k])}


@dataclass
class Run:
    cmd: list[str]
    wall: float
    code: int
    out: str
    err: str
    watch: dict = field(default_factory=dict)


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env["MPLBACKEND"] = "Agg"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet debugpy in kernels
    return env


def run(cmd: list, cwd: Path, watch: bool = False, env: dict | None = None) -> Run:
    """Run a command to its end; wall time from start to exit, optionally watched."""
    cmd = [str(c) for c in cmd]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**child_env(), **(env or {})},
                            stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    watcher = TreeWatch(proc.pid).start() if watch else None
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    wall = time.perf_counter() - started
    return Run(cmd, wall, proc.returncode, out, err, watcher.stop() if watcher else {})


def build_cmd(raw: Path, processed: Path, outputs: Path, domains: list[str],
              force: bool) -> list:
    cmd = [sys.executable, "-m", "opsreview", "report", "--month", MONTH, "--raw", raw,
           "--processed", processed, "--outputs", outputs, "--domains", ",".join(domains),
           "--lang", "zh"]
    return cmd + (["--force"] if force else [])


def manifest(outputs: Path) -> dict:
    try:
        return json.loads((outputs / MONTH / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def page_sizes(outputs: Path, domains: list[str]) -> dict[str, int]:
    """Bytes of each domain's page (its error page when it has no page)."""
    out = {}
    for d in domains:
        for name in (f"{d}.html", f"{d}.error.html"):
            path = outputs / MONTH / name
            if path.exists():
                out[d] = path.stat().st_size
                break
    return out


def statuses(outputs: Path) -> dict[str, str]:
    return {d: e.get("status") for d, e in manifest(outputs).get("domains", {}).items()}


# --- the benchmark ------------------------------------------------------------------------------
class Bench:
    def __init__(self, args, work: Path) -> None:
        from opsreview.domains import REGISTRY

        self.args = args
        self.work = work
        self.quick = args.quick
        self.domains = [n for n, d in REGISTRY.items() if d.notebook.exists()]
        self.missing = [n for n, d in REGISTRY.items() if not d.notebook.exists()]
        self.raw = work / "raw"
        self.results: dict = {}
        self.last_cold: Path | None = None

    def log(self, text: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)

    def reps(self, full: int, quick: int) -> int:
        return quick if self.quick else full

    # 1. cold build against the previous tree and the peers ------------------------------
    def cold(self) -> None:
        n = self.args.repeats or self.reps(3, 1)
        previous = self.previous_tree()
        ploomber = self.ploomber_setup()
        runs = {"ours": [], "previous": [], "peer_a": [], "peer_b": []}
        our_domains = []
        which = ["ours", "previous", "peer_a"] + (["peer_b"] if ploomber.get("bin") else [])
        for i in range(n):
            for name in which[i % len(which):] + which[:i % len(which)]:  # rotate the order
                if name == "ours":
                    r, seconds = self.our_cold(i)
                    wall = r.wall
                    our_domains.append(seconds)
                elif name == "previous":
                    wall = self.previous_cold(previous, i) if previous.get("root") else None
                elif name == "peer_a":
                    wall = self.peer_a(i)
                else:
                    wall = self.peer_b(ploomber, i)
                runs[name].append(wall)
                self.log(f"cold build {i + 1}/{n}: {name} "
                         + ("failed" if wall is None else f"{wall:.1f} s"))
        if previous.get("root"):
            shutil.rmtree(previous["root"], ignore_errors=True)
        self.results["cold"] = {
            "repeats": n, **runs, **{f"{k}_median": median(v) for k, v in runs.items()},
            "previous_commit": previous.get("commit"), "previous_note": previous.get("note"),
            "ploomber": {k: v for k, v in ploomber.items() if k != "bin"},
            "ours_domain_seconds": our_domains,
            "statuses": statuses(self.last_cold) if self.last_cold else {},
            "floor": self.floor(),
        }

    def our_cold(self, i: int) -> tuple[Run, dict]:
        run_dir = self.work / f"cold-ours-{i}"
        outputs = run_dir / "outputs"
        r = run(build_cmd(self.raw, run_dir / "processed", outputs, self.domains, True),
                run_dir.parent, watch=True)
        if r.code != 0:
            self.log(f"  our build exited {r.code}: {r.out[-400:]}{r.err[-400:]}")
        if self.last_cold and self.last_cold.parent != run_dir:
            shutil.rmtree(self.last_cold.parent, ignore_errors=True)
        self.last_cold = outputs
        m = manifest(outputs).get("domains", {})
        return r, {d: e.get("seconds") for d, e in m.items()}

    def previous_tree(self) -> dict:
        """The committed tree before warm kernels, unpacked with `git archive` (a work tree of
        that commit without registering one), run with this venv through PYTHONPATH."""
        rev = self.args.previous
        root = self.work / "previous"
        try:
            commit = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, text=True,
                                    capture_output=True, check=True).stdout.strip()
            root.mkdir()
            archive = subprocess.Popen(["git", "archive", commit], cwd=ROOT,
                                       stdout=subprocess.PIPE)
            subprocess.run(["tar", "-x", "-C", root], stdin=archive.stdout, check=True)
            archive.wait()
        except (OSError, subprocess.CalledProcessError) as exc:
            self.log(f"previous tree {rev}: {exc}")
            return {"note": f"could not unpack {rev}: {exc}"}
        return {"root": root, "commit": commit}

    def previous_cold(self, previous: dict, i: int) -> float | None:
        run_dir = self.work / f"cold-previous-{i}"
        cmd = build_cmd(self.raw, run_dir / "processed", run_dir / "outputs", self.domains,
                        True)
        r = run(cmd, previous["root"], env={"PYTHONPATH": str(previous["root"] / "lib")})
        shutil.rmtree(run_dir, ignore_errors=True)
        if r.code != 0:
            self.log(f"  previous tree exited {r.code}: {r.out[-300:]}{r.err[-300:]}")
        return r.wall if r.code in (0, 1) else None

    def peer_a(self, i: int) -> float | None:
        """papermill then nbconvert per notebook, JOBS of them at once (`xargs -P`)."""
        run_dir = self.work / f"cold-peer-a-{i}"
        nb_dir = run_dir / "nb"
        nb_dir.mkdir(parents=True)
        job = run_dir / "job.sh"
        job.write_text(
            "set -e\n"
            f'"{BIN / "papermill"}" "{ROOT / "notebooks"}/$1.ipynb" "{nb_dir}/$1.ipynb" '
            f'-p month {MONTH} -p raw_dir "{self.raw}" -p processed_dir "{run_dir / "processed"}" '
            "-k opsreview --log-level ERROR\n"
            f'"{BIN / "jupyter"}" nbconvert --to html --log-level ERROR "{nb_dir}/$1.ipynb"\n',
            encoding="utf-8")
        r = run(["sh", "-c", f"printf '%s\\n' {' '.join(self.domains)} | "
                 f"xargs -P {os.cpu_count() or 1} -n 1 sh {job}"], run_dir)
        made = len(list(nb_dir.glob("*.html")))
        shutil.rmtree(run_dir, ignore_errors=True)
        if r.code != 0 or made != len(self.domains):
            self.log(f"  peer (a) exited {r.code}, {made} page(s): {r.err[-400:]}")
            return None
        return r.wall

    def ploomber_setup(self) -> dict:
        """Ploomber in its own throw-away venv that sees this venv's packages (a .pth file),
        so only Ploomber and what it adds are installed; the kernels stay this venv's."""
        if self.args.no_ploomber:
            return {"note": "not run (--no-ploomber)"}
        venv = self.work / "ploomber-venv"
        started = time.perf_counter()
        made = run([sys.executable, "-m", "venv", venv], self.work)
        if made.code != 0:
            return {"note": f"python -m venv failed: {made.err[-300:]}"}
        site = next((venv / "lib").glob("python*/site-packages"))
        ours = next((BIN.parent / "lib").glob("python*/site-packages"))
        # addsitedir, not a bare path: this venv's own .pth files (the editable opsreview) count
        pth = f"import site; site.addsitedir({str(ours)!r})\n"
        (site / "zz-opsreview-venv.pth").write_text(pth, encoding="utf-8")
        pip = run([venv / "bin" / "python", "-m", "pip", "install", "--quiet",
                   "--disable-pip-version-check", f"ploomber=={PLOOMBER_VERSION}"], self.work)
        took = time.perf_counter() - started
        if pip.code != 0 or not (venv / "bin" / "ploomber").exists():
            self.log(f"ploomber did not install: {pip.err[-500:]}")
            return {"note": f"pip install ploomber=={PLOOMBER_VERSION} failed: "
                            + " ".join(pip.err.strip().splitlines()[-2:])[:300],
                    "install_seconds": took}
        self.log(f"ploomber {PLOOMBER_VERSION} installed in its own venv in {took:.0f} s")
        return {"bin": venv / "bin" / "ploomber", "version": PLOOMBER_VERSION,
                "install_seconds": took}

    def peer_b(self, ploomber: dict, i: int) -> float | None:
        """Ploomber's notebook pipeline, one task per domain, with its parallel executor."""
        run_dir = self.work / f"cold-peer-b-{i}"
        (run_dir / "nb").mkdir(parents=True)
        tasks = []
        for d in self.domains:
            nb = json.loads((ROOT / "notebooks" / f"{d}.ipynb").read_text(encoding="utf-8"))
            for cell in nb["cells"]:  # Ploomber asks the parameters cell to declare these
                if "parameters" in cell.get("metadata", {}).get("tags", []):
                    cell["source"] = "".join(cell["source"]) + "\nupstream = None\nproduct = None\n"
            (run_dir / "nb" / f"{d}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
            tasks.append({"source": f"nb/{d}.ipynb", "name": d,
                          "product": f"out/{d}.html",  # executed, then nbconvert to html
                          "params": {"month": MONTH, "raw_dir": str(self.raw),
                                     "processed_dir": str(run_dir / "processed")}})
        import yaml

        (run_dir / "pipeline.yaml").write_text(yaml.safe_dump({"executor": "parallel",
                                                               "tasks": tasks}),
                                               encoding="utf-8")
        r = run([ploomber["bin"], "build", "--entry-point", "pipeline.yaml", "--force"],
                run_dir, env={"JUPYTER_PATH": str(BIN.parent / "share" / "jupyter")})
        made = len(list((run_dir / "out").glob("*.html")))
        shutil.rmtree(run_dir, ignore_errors=True)
        if r.code != 0 or made != len(self.domains):
            self.log(f"  peer (b) exited {r.code}, {made} page(s): {r.out[-300:]}{r.err[-600:]}")
            ploomber.setdefault("failures", []).append((r.out + r.err)[-600:])
            return None
        return r.wall

    def floor(self) -> dict:
        """The domains' own compute: each notebook's cells (papermill's per-cell durations in
        the executed notebooks), its inputs loaded and validated with no cache, the earlier
        months' figures its trends show, and its page exported, measured here one after the
        other; the floor is their sum / the cores. Also what a fresh process takes to import
        what a kernel needs (a build's warm parent does it before the first kernel runs)."""
        from opsreview import digest
        from opsreview.build.kernels import preload_workers
        from opsreview.build.runner import _fingerprints
        from opsreview.month.months import Month

        if self.last_cold is None:
            return {}
        month = Month.parse(MONTH)
        scratch = self.work / "floor"
        with digest.one_build():  # as a build: its planning hashes and lists the files once
            _fingerprints(self.domains, month, "zh", self.raw, scratch)  # (not counted)
            preload_workers()  # and the imports its workers inherit (not counted)
            parts = {d: self.own_compute(d, month, scratch) for d in self.domains}
        shutil.rmtree(scratch, ignore_errors=True)
        parts = {d: p for d, p in parts.items() if p is not None}
        table = {key: {d: p[key] for d, p in parts.items()}
                 for key in ("cells", "validate", "earlier", "export")}
        total = {d: sum(p.values()) for d, p in parts.items()}
        cpus = os.cpu_count() or 1
        return {**table, "per_domain": total, "sum": sum(total.values()), "cpus": cpus,
                "seconds": sum(total.values()) / cpus, "imports": self.kernel_imports()}

    def own_compute(self, d: str, month, scratch: Path) -> dict[str, float] | None:
        """One domain's part of the floor in seconds (None without its executed notebook):
        its cells, its inputs validated into the shared cache, its earlier months' figures,
        its page exported."""
        import nbformat

        from opsreview.build import figure_cache
        from opsreview.build.runner import validate_inputs
        from opsreview.domains import domain
        from opsreview.pages import export
        from opsreview.pages.trends import earlier_months

        path = self.last_cold / MONTH / "notebooks" / f"{d}.ipynb"
        if not path.exists():
            return None
        nb = nbformat.read(path, as_version=4)
        out = {"cells": sum((c.get("metadata", {}).get("papermill", {}).get("duration") or 0)
                            for c in nb.cells)}
        t = time.perf_counter()
        validate_inputs(d, month, self.raw, scratch)  # one cache, as a build has
        out["validate"] = time.perf_counter() - t
        t = time.perf_counter()  # from the parquet just cached, as a build's worker does
        figure_cache.earlier(domain(d), earlier_months(self.raw, month), self.raw, scratch)
        out["earlier"] = time.perf_counter() - t
        frame = {"title": d, "lang": "zh", "back": "", "footer": "", "contents": ""}
        export.render(nb, **frame)  # the exporter is built once per worker: not counted
        t = time.perf_counter()
        export.render(nb, **frame)
        out["export"] = time.perf_counter() - t
        return out

    def kernel_imports(self) -> float | None:
        """Wall time of a fresh Python importing what a kernel needs (the warm parent's
        preload: pandas, pyarrow, matplotlib, seaborn, ipykernel, the views), median of 3."""
        code = "from opsreview.build.kernels import warm; warm.preload()"
        walls = [run([sys.executable, "-c", code], self.work).wall for _ in range(3)]
        return median(walls)

    def ensure_cold_output(self) -> Path:
        if self.last_cold is None:
            r, _ = self.our_cold(0)
            self.log(f"cold build for the next parts: {r.wall:.1f} s")
        return self.last_cold

    # 2. no-op `make report` ------------------------------------------------------------------
    def make_root(self, outputs: Path) -> Path:
        """A project root for `make report` (OPSREVIEW_ROOT) whose data/raw, data/processed and
        outputs are the cold build's: Makefile, pyproject.toml, .venv, config and notebooks are
        links to the repository's, so the Makefile does its own work as in a checkout."""
        root = self.work / "make-root"
        (root / "data").mkdir(parents=True, exist_ok=True)
        for name in ("Makefile", "pyproject.toml", "config", "notebooks"):
            (root / name).symlink_to(ROOT / name)
        (root / ".venv").symlink_to(BIN.parent)
        (root / "data" / "raw").symlink_to(self.raw)
        (root / "data" / "processed").symlink_to(outputs.parent / "processed")
        (root / "outputs").symlink_to(outputs)
        return root

    def noop(self) -> None:
        outputs = self.ensure_cold_output()
        root = self.make_root(outputs)
        env = {"OPSREVIEW_ROOT": str(root), "MONTH": MONTH}
        cmd = ["make", "--no-print-directory", "-C", root, "report"]
        first = run(cmd, root, env=env)  # the root's paths are new to the manifest: settle
        self.log(f"make report in the bench's root: {first.wall:.2f} s (exit {first.code})")
        n = self.reps(5, 2)
        walls, executed, said = [], [], []
        for i in range(n):
            r = run(cmd, root, watch=True, env=env)
            info = parse_build_output(r.out)
            walls.append(r.wall)
            executed.append(max(r.watch.get("kernels", 0), len(info["started"])))
            said.append(info)
            self.log(f"no-op make report {i + 1}/{n}: {r.wall:.2f} s, "
                     f"{info['to_build']} to build, {r.watch.get('kernels')} kernels "
                     f"(exit {r.code})")
        self.results["noop"] = {"repeats": n, "walls": walls, "median": median(walls),
                                "executed": executed, "output": said,
                                "command": "make report"}

    # 3. one CSV changed ---------------------------------------------------------------------
    def pick_changed(self) -> tuple[str, str] | None:
        from opsreview.domains import REGISTRY

        for name in ("site_traffic", "seo_rankings", "client_visits", "orders", "cs_sessions"):
            readers = [d for d in self.domains
                       if any(ds.name == name for ds in REGISTRY[d].datasets)]
            if len(readers) == 1 and (self.raw / MONTH / f"{name}.csv").exists():
                return name, readers[0]
        return None

    def one_csv(self) -> None:
        picked = self.pick_changed()
        if picked is None:
            self.results["one_csv"] = {"dataset": None}
            return
        dataset, domain = picked
        outputs = self.ensure_cold_output()
        processed = outputs.parent / "processed"
        n = self.reps(3, 1)
        path = self.raw / MONTH / f"{dataset}.csv"
        original = path.read_bytes()
        walls, started, own = [], [], []
        try:
            for i in range(n):
                path.write_bytes(original + b"\n" * (i + 1))  # a blank line: new hash, same data
                r = run(build_cmd(self.raw, processed, outputs, self.domains, False), self.work,
                        watch=True)
                info = parse_build_output(r.out)
                walls.append(r.wall)
                started.append(info["started"])
                own.append(manifest(outputs).get("domains", {}).get(domain, {}).get("seconds"))
                self.log(f"one CSV changed {i + 1}/{n}: {r.wall:.2f} s, re-ran "
                         f"{info['started']} (exit {r.code})")
        finally:
            path.write_bytes(original)
        self.results["one_csv"] = {
            "dataset": dataset, "domain": domain, "repeats": n, "walls": walls,
            "median": median(walls), "started": started, "domain_seconds": own,
            "statuses": statuses(outputs),
        }

    # 5. page weight -------------------------------------------------------------------------
    def pages(self) -> None:
        outputs = self.ensure_cold_output()
        month_dir = outputs / MONTH
        per = page_sizes(outputs, self.domains)
        index = (month_dir / "index.html").stat().st_size if (month_dir / "index.html").exists() \
            else None
        html = sum(p.stat().st_size for p in month_dir.glob("*.html"))
        folder = sum(p.stat().st_size for p in month_dir.rglob("*") if p.is_file())
        self.results["pages"] = {"per_domain": per, "index": index, "month_total": html,
                                 "folder_total": folder}
        self.log(f"pages: {', '.join(f'{d} {fmt_bytes(b)}' for d, b in per.items())}; "
                 f"month {fmt_bytes(html)}")

    # extra measurements (EXTRA_SECTIONS) ---------------------------------------------------
    def extra(self) -> None:
        import importlib

        self.results["extra"] = {}
        for module in EXTRA_SECTIONS:  # each: TITLE, measure(log), readme_section(figures)
            try:
                part = importlib.import_module(module)
                figures = part.measure(self.log)
                section = {"title": part.TITLE, "markdown": part.readme_section(figures),
                           "figures": figures,
                           "goals": list(getattr(part, "goals", lambda f: [])(figures))}
            except Exception as exc:  # noqa: BLE001 - one broken section keeps the others
                self.log(f"extra {module} failed: {type(exc).__name__}: {exc}")
                section = {"title": module, "markdown": f"Failed: {type(exc).__name__}: {exc}"}
            self.results["extra"][module] = section

    # 4. scale -------------------------------------------------------------------------------
    def scale(self) -> None:
        self.results["scale"] = {}
        for n in self.scales:
            self.results["scale"][str(n)] = self.one_scale(n)

    def one_scale(self, n: int) -> dict:
        base = self.work / f"scale-{n}"
        raw = base / "raw"
        gen = run([sys.executable, "-m", "opsreview", "sample", "--months", MONTH, "--out", raw,
                   "--scale", n], self.work, watch=True)
        if gen.code != 0:
            self.log(f"sample --scale {n} failed: {gen.err[-500:]}")
            return {"error": gen.err[-2000:]}
        files = sorted((raw / MONTH).glob("*.csv"))
        rows = {p.stem: count_rows(p) for p in files}
        sizes = {p.stem: p.stat().st_size for p in files}
        self.log(f"N = {n}: generated in {gen.wall:.1f} s; "
                 + ", ".join(f"{d} {rows.get(d)}" for d in LARGE if d in rows))
        builds = []
        reps = self.reps({1: 3, 10: 2}.get(n, 1), 1)
        for i in range(reps):
            run_dir = base / f"build-{i}"
            r = run(build_cmd(raw, run_dir / "processed", run_dir / "outputs", self.domains,
                              True), base, watch=True)
            m = manifest(run_dir / "outputs").get("domains", {})
            builds.append({"wall": r.wall, "code": r.code, **r.watch,
                           "domain_seconds": {d: e.get("seconds") for d, e in m.items()},
                           "statuses": {d: e.get("status") for d, e in m.items()},
                           "pages": page_sizes(run_dir / "outputs", self.domains)})
            self.log(f"N = {n}: build {i + 1}/{reps} {r.wall:.1f} s (exit {r.code}), "
                     f"largest kernel {fmt_bytes(r.watch.get('peak_kernel_rss'))}, "
                     f"largest process {fmt_bytes(r.watch.get('peak_any_rss'))}")
            if i < reps - 1:
                shutil.rmtree(run_dir, ignore_errors=True)
        load = self.loads(raw, n)
        shutil.rmtree(base, ignore_errors=True)
        last = builds[-1]
        return {
            "generate_seconds": gen.wall, "generate_peak_rss": gen.watch.get("peak_any_rss"),
            "rows": rows, "file_bytes": sizes, "builds": builds,
            "build_median": median(b["wall"] for b in builds),
            "peak_kernel_rss": max((b["peak_kernel_rss"] or 0) for b in builds) or None,
            "peak_any_rss": max((b["peak_any_rss"] or 0) for b in builds) or None,
            "pages": last["pages"], "statuses": last["statuses"],
            "domain_seconds": last["domain_seconds"], "load": load,
        }

    def loads(self, raw: Path, n: int) -> dict:
        """Each large dataset: opsreview's load + validate against plain pandas.read_csv."""
        import warnings

        import pandas as pd

        from opsreview.contract.catalog import dataset
        from opsreview.ingest.loader import find_header, load
        from opsreview.month.months import Month

        out = {}
        month = Month.parse(MONTH)
        for name in LARGE:
            path = raw / MONTH / f"{name}.csv"
            if not path.exists():
                continue
            ds = dataset(name)
            encoding, header = plain_options(path, ds, find_header)
            reps = self.reps(5 if n < 100 else 3, 2)
            plain, ours, rows = [], [], None
            for _ in range(reps):
                gc.collect()
                with warnings.catch_warnings():  # read_csv's mixed-types note, per chunk
                    warnings.simplefilter("ignore", pd.errors.DtypeWarning)
                    t = time.perf_counter()
                    frame = pd.read_csv(path, encoding=encoding, header=header)
                    plain.append(time.perf_counter() - t)
                del frame
                gc.collect()
                t = time.perf_counter()
                loaded = load(path, ds, month)
                ours.append(time.perf_counter() - t)
                rows = loaded.rows
                del loaded
            out[name] = {"rows": rows, "bytes": path.stat().st_size, "read_csv": median(plain),
                         "load": median(ours), "ratio": ratio(median(ours), median(plain)),
                         "read_csv_all": plain, "load_all": ours}
            self.log(f"N = {n}: {name} {rows} rows: load {median(ours):.3f} s, read_csv "
                     f"{median(plain):.3f} s = {fmt_ratio(out[name]['ratio'])}")
        gc.collect()
        return out

    @property
    def scales(self) -> list[int]:
        if self.args.scales:
            return [int(s) for s in self.args.scales.split(",") if s.strip()]
        return list(QUICK_SCALES if self.quick else SCALES)


def plain_options(path: Path, ds, find_header) -> tuple[str, int]:
    """The encoding and header line a person would give read_csv for this file."""
    import csv

    data = path.read_bytes()[: 1 << 16]
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError as exc:
        if exc.end >= len(data) - 4:  # the sample cut a character in two
            text, encoding = data[:exc.start].decode("utf-8-sig"), "utf-8"
        else:
            text, encoding = data.decode("gb18030", errors="replace"), "gb18030"
    head = list(csv.reader(text.splitlines()[:10]))
    return encoding, find_header(head, ds) or 0


# --- report --------------------------------------------------------------------------------------
def draw_chart(results: dict, path: Path) -> bool:
    """bench.png: build times, cost against N, load ratios, page weight."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(11, 7.5))
    ax = axes[0][0]
    cold, noop, one = results.get("cold") or {}, results.get("noop") or {}, \
        results.get("one_csv") or {}
    bars = [("peer (a) papermill +\nnbconvert, JOBS at once", cold.get("peer_a_median"),
             "#999999"),
            ("peer (b) Ploomber,\nparallel executor", cold.get("peer_b_median"), "#BBBBBB"),
            (f"previous tree\n({cold.get('previous_commit') or PREVIOUS})",
             cold.get("previous_median"), "#777777"),
            ("ours, cold", cold.get("ours_median"), "#0072B2"),
            ("floor (own compute\n÷ cores)", (cold.get("floor") or {}).get("seconds"),
             "#F0E442"),
            ("ours, one CSV\nchanged", one.get("median"), "#56B4E9"),
            ("make report, no-op", noop.get("median"), "#009E73")]
    bars = [(k, v, c) for k, v, c in bars if v is not None]
    if bars:
        ax.barh([k for k, _, _ in bars], [v for _, v, _ in bars],
                color=[c for _, _, c in bars])
        for y, (_, v, _) in enumerate(bars):
            ax.text(v, y, f" {v:.1f} s", va="center", fontsize=8)
        ax.tick_params(axis="y", labelsize=7)
        if cold.get("previous_median"):
            ax.axvline(COLD_RATIO * cold["previous_median"], color="#D55E00", ls="--", lw=1,
                       label=f"goal for cold: {COLD_RATIO:g}× previous tree")
            ax.legend(loc="lower right", fontsize=8)
    ax.set_title(f"Sample month {MONTH}: wall time (median)")
    ax.set_xlabel("seconds")
    ax.invert_yaxis()

    scale = results.get("scale") or {}
    ns = sorted(int(n) for n in scale if scale[n].get("build_median") is not None)
    ax = axes[0][1]
    if ns:
        ax.plot(ns, [scale[str(n)]["build_median"] for n in ns], "o-", color="#0072B2",
                label="full build")
        b1 = scale.get("1", {}).get("build_median")
        if b1:
            ax.axhline(SCALE_RATIO * b1, color="#D55E00", ls="--", lw=1,
                       label=f"goal: {SCALE_RATIO:g}× the N = 1 build")
        ax2 = ax.twinx()
        rss = [(n, scale[str(n)].get("peak_kernel_rss")) for n in ns]
        rss = [(n, v / 1024**2) for n, v in rss if v]
        if rss:
            ax2.plot([n for n, _ in rss], [v for _, v in rss], "s:", color="#CC79A7",
                     label="largest kernel peak RSS (MB)")
            ax2.set_ylabel("MB")
            ax2.legend(loc="center right", fontsize=8)
        ax.set_xscale("log")
        ax.legend(loc="upper left", fontsize=8)
    ax.set_title("Full build against data size N")
    ax.set_xlabel("N (× the sample's rows)")
    ax.set_ylabel("seconds")

    ax = axes[1][0]
    names = [d for d in LARGE if any(d in (scale[str(n)].get("load") or {}) for n in ns)]
    width = 0.8 / max(len(ns), 1)
    for i, n in enumerate(ns):
        load = scale[str(n)].get("load") or {}
        ax.bar([j + i * width for j in range(len(names))],
               [(load.get(d) or {}).get("ratio") or 0 for d in names], width, label=f"N = {n}")
    ax.axhline(LOAD_RATIO, color="#D55E00", ls="--", lw=1, label=f"goal {LOAD_RATIO:g}×")
    ax.set_xticks([j + width * (len(ns) - 1) / 2 for j in range(len(names))], names,
                  fontsize=8)
    ax.set_title("Load + validate ÷ plain read_csv (log scale)")
    _log_axis(ax)
    ax.tick_params(axis="x", labelsize=8, labelrotation=20)
    ax.legend(fontsize=8)

    ax = axes[1][1]
    pages = (results.get("pages") or {}).get("per_domain") or {}
    if pages:
        ax.bar(list(pages), [v / 1024 for v in pages.values()], color="#0072B2",
               label=f"sample month {MONTH}")
        top = str(ns[-1]) if ns else None
        big = (scale.get(top) or {}).get("pages") or {} if top and top != "1" else {}
        if big:
            ax.plot(list(pages), [big.get(d, 0) / 1024 for d in pages], "D", color="#E69F00",
                    label=f"N = {top}")
        ax.axhline(PAGE_LIMIT / 1024, color="#D55E00", ls="--", lw=1, label="goal 600 KB")
        ax.legend(fontsize=8)
    ax.set_title("Page weight per domain (KB, log scale)")
    _log_axis(ax)
    ax.tick_params(axis="x", labelsize=8, labelrotation=30)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return True


def _log_axis(ax) -> None:
    """A log y axis labelled 2, 5, 10, 20 … rather than in powers of ten."""
    from matplotlib.ticker import LogLocator, NullFormatter, ScalarFormatter

    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(ScalarFormatter())
    ax.yaxis.set_minor_formatter(NullFormatter())


def render_readme(results: dict, goals: list[dict], chart: str | None) -> str:
    meta = results.get("meta", {})
    lines = [
        "# Benchmark: build speed, incremental cost, and how cost grows with data",
        "",
        "*This file is rewritten by `make bench` (`.venv/bin/python bench/bench.py`); edit the "
        "template in `bench/bench.py`, not this file.*",
        "",
        f"Run {meta.get('started', '?')} on {meta.get('cpus', '?')} CPU(s), "
        f"load average {meta.get('loadavg_start', '?')} at the start and "
        f"{meta.get('loadavg_end', '?')} at the end; commit {meta.get('git_commit', '?')}; "
        f"Python {meta.get('python', '?')}, pandas {meta.get('pandas', '?')}. "
        f"Took {fmt_seconds(meta.get('seconds'))}"
        + (" (`--quick`: fewer repeats, fewer scales)." if meta.get("quick") else "."),
        "",
        f"Domains measured: {', '.join(meta.get('domains', []))}."
        + (f" Not measured (no notebook yet): {', '.join(meta['missing_domains'])}."
           if meta.get("missing_domains") else ""),
        "",
        "## Goals",
        "",
        markdown_table(["goal", "measured", "target", "status"],
                       [[g["what"], g["figure"], g["goal"], status(g["met"])] for g in goals]),
        "",
    ]
    if chart:
        lines += [f"![benchmark chart]({chart})", ""]
    lines += ["## What is measured, and how", "", HOW.strip(), ""]
    lines += detail_tables(results)
    for section in (results.get("extra") or {}).values():
        lines += [f"## {section.get('title', '')}", "", str(section.get("markdown", "")).strip(),
                  ""]
    missed = [g for g in goals if g["met"] is False]
    lines += ["## Why a goal is missed", ""]
    if missed:
        lines += ["Missed in this run: " + "; ".join(g["what"] for g in missed) + ".", ""]
    else:
        lines += ["Every measured goal was met in this run.", ""]
    lines += [WHY_MISSED.strip(), ""]
    return "\n".join(lines)


HOW = f"""
Every build is the `opsreview report` command (the CLI `make report` calls) run as a child
process against temporary folders (`--raw`, `--processed`, `--outputs`), timed from start to
exit, `--lang zh`, JOBS = the CPU count. Figures are medians of the repeats of one run, and
every goal is a ratio or limit within that run. Nothing is written into data/ or outputs/.

1. **Cold build** of the sample month {MONTH} (a copy of data/raw: both sample months), all
   domains, with an empty processed cache and empty outputs (`--force`), against, in the same
   run and in rotating order: **the previous tree** (commit {PREVIOUS}, main before warm
   kernels, unpacked with `git archive` and run with this venv through PYTHONPATH — the same
   command, the same data); **peer (a)**, what a user would wire by hand: for each notebook
   `papermill notebooks/<d>.ipynb nb/<d>.ipynb -p month … -p raw_dir … -p processed_dir …
   -k opsreview && jupyter nbconvert --to html nb/<d>.ipynb`, JOBS (= the CPU count) at once
   through `xargs -P`; **peer (b)**, Ploomber {PLOOMBER_VERSION}'s notebook pipeline (one task per
   notebook, html product, `executor: parallel`), pip-installed into its own throw-away venv
   inside the bench (a .pth file lets it see this venv's packages, so its kernels are the
   same). Peers get the notebooks as they are (Ploomber needs `upstream`/`product` declared
   in the parameters cell, which the bench appends to its copies). **The floor** is the
   domains' own compute — each notebook's cells (papermill's per-cell durations in the
   executed notebooks), its inputs loaded and validated with no cache, the earlier months'
   figures its trends show (from those cached inputs, as a build's worker computes them),
   its page exported (the exporter already built) — summed and divided by the cores.
2. **No-op `make report`**: `make -C <root> report` where `<root>` (OPSREVIEW_ROOT) links the
   repository's Makefile, pyproject.toml, .venv, config and notebooks and holds the cold
   build's data and outputs, timed from make's start to its exit: the Makefile's own work
   and the one Python start. "Executed" counts the kernels seen in the process tree and the
   domains the command said it started.
3. **One CSV changed**: a blank line appended to one dataset read by a single domain (new
   content hash, same data); the whole `opsreview report` must take ≤ {ONE_CSV_SECONDS:g} s
   and re-run only that domain. Its floor: a fresh Python importing what a kernel needs (the
   warm parent must have done so before the domain's first cell runs), then that domain's
   cells and export from the floor table.
4. **Scale**: `opsreview sample --months {MONTH} --scale N --out <tmp>` writes one synthetic
   month with N times the rows (sessions, orders, traffic days across sites, keywords,
   visits; N = 400 is 1.36 M sessions and 0.78 M orders). For each N: a full cold build (peak
   RSS = the largest VmHWM, read from /proc every 50 ms, of any kernel in the build's process
   tree, and of any process at all), then each large dataset loaded in this process with
   `opsreview.ingest.loader.load` (read + parse + validate, no cache) against plain
   `pandas.read_csv(path, encoding=…, header=<header line>)` of the same file, alternating.
   Page sizes at the largest N against N = 1 show whether pages stay flat.
5. **Page weight**: bytes of each domain page of the cold build of the sample month, and of
   all its HTML pages together (index included).
"""


def detail_tables(results: dict) -> list[str]:
    out = []
    cold = results.get("cold")
    if cold:
        out += ["## Details", "", f"### Cold build ({cold.get('repeats', '?')} repeat(s))", ""]
        rows = [[name, ", ".join(fmt_seconds(x) for x in cold.get(key) or []),
                 fmt_seconds(cold.get(f"{key}_median")),
                 fmt_ratio(ratio(cold.get("ours_median"), cold.get(f"{key}_median")))]
                for key, name in (("ours", "ours (warm kernels)"),
                                  ("previous", f"previous tree {cold.get('previous_commit')}"),
                                  ("peer_a", "peer (a) papermill + nbconvert, xargs -P"),
                                  ("peer_b", "peer (b) Ploomber, parallel executor"))]
        out += [markdown_table(["build", "runs", "median", "ours ÷ it"], rows), ""]
        plo = cold.get("ploomber") or {}
        if plo.get("note") or plo.get("failures"):
            out += [f"Peer (b): {plo.get('note') or 'ran but failed: '}"
                    + " ".join((plo.get("failures") or [""])[-1].split())[-300:], ""]
        elif plo.get("version"):
            out += [f"Peer (b): Ploomber {plo['version']} installed in its throw-away venv in "
                    f"{fmt_seconds(plo.get('install_seconds'))} (not counted).", ""]
        floor = cold.get("floor") or {}
        ours = cold.get("ours_domain_seconds") or []
        if floor.get("per_domain"):
            rows = [[d, fmt_seconds(floor["cells"][d]), fmt_seconds(floor["validate"][d]),
                     fmt_seconds((floor.get("earlier") or {}).get(d)),
                     fmt_seconds(floor["export"][d]), fmt_seconds(floor["per_domain"][d]),
                     fmt_seconds(median(x.get(d) for x in ours))]
                    for d in floor["per_domain"]]
            rows.append(["all", "", "", "", "", fmt_seconds(floor["sum"]),
                         f"floor = {fmt_seconds(floor['sum'])} ÷ {floor['cpus']} cores = "
                         f"{fmt_seconds(floor['seconds'])}"])
            out += ["### The floor: each domain's own compute", "",
                    markdown_table(["domain", "notebook cells", "load + validate",
                                    "earlier months' figures", "export", "own compute",
                                    "ours in its worker (validate, kernel, run, export, "
                                    "earlier months)"], rows), ""]
            if floor.get("imports"):
                out += [f"A fresh Python importing what a kernel needs (the warm parent's "
                        f"preload): {fmt_seconds(floor['imports'])}.", ""]
    noop = results.get("noop")
    if noop:
        walls = ", ".join(fmt_seconds(x) for x in noop.get("walls", []))
        out += [f"### No-op `make report`: {walls}", ""]
    one = results.get("one_csv")
    if one and one.get("dataset"):
        out += [f"### One CSV changed ({one['dataset']}.csv): "
                f"{', '.join(fmt_seconds(x) for x in one.get('walls', []))}; the domain's own "
                f"time in its worker: "
                f"{', '.join(fmt_seconds(x) for x in one.get('domain_seconds', []))}", ""]
    scale = results.get("scale") or {}
    ns = sorted(int(n) for n in scale)
    if ns:
        rows = []
        for n in ns:
            s = scale[str(n)]
            if "error" in s:
                rows.append([n, "failed", "", "", "", "", ""])
                continue
            bad = [f"{d} {st}" for d, st in (s.get("statuses") or {}).items() if st != "ok"]
            rows.append([n, fmt_seconds(s.get("generate_seconds")),
                         ", ".join(fmt_seconds(b["wall"]) for b in s.get("builds", [])),
                         fmt_bytes(s.get("peak_kernel_rss")), fmt_bytes(s.get("peak_any_rss")),
                         ", ".join(f"{d} {fmt_seconds(v)}" for d, v in
                                   sorted((s.get("domain_seconds") or {}).items(),
                                          key=lambda kv: -(kv[1] or 0))[:3]),
                         ", ".join(bad) or "all ok"])
        out += ["### Scale: full builds", "",
                markdown_table(["N", "generate", "build wall", "largest kernel",
                                "largest process", "slowest domains (in worker)", "status"],
                               rows), ""]
        rows = []
        for n in ns:
            for name, item in (scale[str(n)].get("load") or {}).items():
                rows.append([n, name, f"{item.get('rows') or 0:,}", fmt_bytes(item.get("bytes")),
                             fmt_seconds(item.get("read_csv")), fmt_seconds(item.get("load")),
                             fmt_ratio(item.get("ratio"))])
        out += ["### Scale: load + validate against plain read_csv", "",
                markdown_table(["N", "dataset", "rows", "file", "read_csv", "load + validate",
                                "ratio"], rows), ""]
        domains = sorted({d for n in ns for d in (scale[str(n)].get("pages") or {})})
        rows = [[d] + [fmt_bytes((scale[str(n)].get("pages") or {}).get(d)) for n in ns]
                for d in domains]
        out += ["### Scale: page bytes per domain", "",
                markdown_table(["domain"] + [f"N = {n}" for n in ns], rows), ""]
    pages = results.get("pages")
    if pages:
        rows = [[d, fmt_bytes(b)] for d, b in (pages.get("per_domain") or {}).items()]
        rows += [["index.html", fmt_bytes(pages.get("index"))],
                 ["all HTML of the month", fmt_bytes(pages.get("month_total"))],
                 ["the whole month folder (with notebooks, json)",
                  fmt_bytes(pages.get("folder_total"))]]
        out += [f"### Page weight, sample month {MONTH}", "",
                markdown_table(["page", "bytes"], rows), ""]
    return out


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                              capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=ROOT, text=True, capture_output=True).stdout.strip()
        return head + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def loadavg() -> str:
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true",
                   help="fewer repeats and scales 1,10 only (for development)")
    p.add_argument("--scales", help="comma-separated N for the scale part, e.g. 1,10,100,400")
    p.add_argument("--repeats", type=int, help="repeats of the cold build (default 3, quick 1)")
    p.add_argument("--previous", default=PREVIOUS,
                   help=f"the tree to compare the cold build with (default {PREVIOUS})")
    p.add_argument("--no-ploomber", action="store_true",
                   help="skip peer (b) (no pip install of Ploomber)")
    p.add_argument("--parts", default=",".join(PARTS),
                   help=f"comma-separated subset of {','.join(PARTS)}")
    p.add_argument("--out", default=str(HERE),
                   help="folder for results.json, bench.png and README.md (default bench/)")
    p.add_argument("--workdir", default=None, help="parent of the temporary folder")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p.add_argument("--render-only", action="store_true",
                   help="measure nothing: rewrite README.md and bench.png from results.json")
    return p.parse_args(argv)


def write_report(results: dict, out: Path) -> list[dict]:
    """results.json, bench.png and README.md in `out`; returns the goals."""
    goals = evaluate(results)
    results["goals"] = goals
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False,
                                                 default=str) + "\n", encoding="utf-8")
    chart = "bench.png" if draw_chart(results, out / "bench.png") else None
    (out / "README.md").write_text(render_readme(results, goals, chart), encoding="utf-8")
    return goals


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.render_only:
        results = json.loads((Path(args.out) / "results.json").read_text(encoding="utf-8"))
        write_report(results, Path(args.out))
        print(f"bench: rewrote {Path(args.out) / 'README.md'} from results.json")
        return 0
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        print(f"bench: unknown part(s) {sorted(unknown)}; known: {', '.join(PARTS)}",
              file=sys.stderr)
        return 2
    for tool in ("papermill", "jupyter"):
        if "cold" in parts and not (BIN / tool).exists():
            print(f"bench: {BIN / tool} not found; run with the venv's python", file=sys.stderr)
            return 2
    import pandas as pd

    from opsreview.paths import RAW_DIR

    work = Path(tempfile.mkdtemp(prefix="opsreview-bench-", dir=args.workdir))
    for protected in (ROOT / "data", ROOT / "outputs"):
        if work.resolve().is_relative_to(protected.resolve()):
            print(f"bench: refusing to work inside {protected}", file=sys.stderr)
            return 2
    started = time.perf_counter()
    bench = Bench(args, work)
    bench.results["meta"] = {
        "started": datetime.now().isoformat(timespec="seconds"), "quick": args.quick,
        "parts": parts, "cpus": os.cpu_count(), "loadavg_start": loadavg(),
        "python": platform.python_version(), "pandas": pd.__version__,
        "platform": platform.platform(), "git_commit": git_commit(),
        "domains": bench.domains, "missing_domains": bench.missing, "month": MONTH,
    }
    bench.log(f"work folder {work}; domains {', '.join(bench.domains)}"
              + (f"; no notebook yet: {', '.join(bench.missing)}" if bench.missing else ""))
    try:
        shutil.copytree(RAW_DIR, bench.raw)
        for part in PARTS:  # in this order: the later parts reuse the cold build's outputs
            if part in parts:
                getattr(bench, part)()
    finally:
        if args.keep:
            bench.log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    results = bench.results
    results["meta"]["seconds"] = time.perf_counter() - started
    results["meta"]["loadavg_end"] = loadavg()
    out = Path(args.out)
    goals = write_report(results, out)
    for g in goals:
        bench.log(f"{status(g['met']):>12}  {g['what']}: {g['figure']} (goal {g['goal']})")
    bench.log(f"done in {results['meta']['seconds']:.0f} s -> {out / 'README.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
