"""Batch builds: many months (MONTHS=2023-03..2024-02 or a comma list) of one or many
workspaces (WORKSPACES=clients/*) in one run, one summary at the end.

Each month is built as `make report` builds it: incremental, under its lock. Months go oldest
first, because a month reads the ones before it: its inputs include every earlier month's
files (so a changed month rebuilds the months after it, and only those) and its index trends
take the earlier months' figures, which the batch hands on instead of computing them again.
With a scheduler address (OPSREVIEW_SCHEDULER or --scheduler) the month × domain jobs go to a
dask.distributed cluster (batch/cluster.py); without, they run in the local process pool.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from opsreview.batch.cluster import run_units
from opsreview.batch.workspace import Workspace, active
from opsreview.build.runner import build
from opsreview.contract.languages import month_dir
from opsreview.errors import BatchError
from opsreview.month.months import Month, MonthError, folders
from opsreview.notes.sections import figures_of


def parse_months(spec: str | None, raw_dir: Path, where: str = "") -> list[Month]:
    """MONTHS: `A..B` (the month folders from A to B), a comma list of month folders, or
    nothing (the newest folder). Oldest first."""
    have = folders(raw_dir)
    label = f" in {where}" if where else ""
    known = ", ".join(map(str, have)) or "none"
    if not spec or not spec.strip():
        if not have:
            raise BatchError(f"no month folders under {raw_dir}")
        return have[-1:]
    try:
        if ".." in spec:
            first, _, last = (part.strip() for part in spec.partition(".."))
            lo, hi = Month.parse(first), Month.parse(last)
            if lo > hi:
                raise BatchError(f"MONTHS={spec}: {lo} comes after {hi}")
            picked = [m for m in have if lo <= m <= hi]
            if not picked:
                raise BatchError(f"MONTHS={spec}: no month folder{label} between {lo} and "
                                 f"{hi} (months with data: {known})")
            return picked
        picked = sorted({Month.parse(part) for part in spec.split(",") if part.strip()})
    except MonthError as exc:
        raise BatchError(f"MONTHS={spec}: {exc}") from None
    absent = [str(m) for m in picked if m not in have]
    if absent:
        raise BatchError(f"MONTHS={spec}: no folder data/raw/{absent[0]}{label} "
                         f"(months with data: {known})")
    return picked


@dataclass
class Unit:
    """One month of one workspace, and what its build came to."""
    ws: Workspace
    month: Month
    code: int | None = None
    statuses: dict[str, str] = field(default_factory=dict)
    built: int = 0

    def record(self, out_dir: Path, code: int, since: float,
               known: dict[Workspace, dict[str, dict]]) -> None:
        """What the build (started at SINCE) came to: each domain's status and how many this
        batch built (not unchanged); the month's figures go into KNOWN for the trends of the
        workspace's months after it. The local batch and the cluster (batch/cluster.py) both call
        it, so this unit needs no import of either."""
        try:
            manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {}
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(int(since)))
        domains = manifest.get("domains", {})
        self.code = code
        self.statuses = {n: d.get("status") for n, d in domains.items()}
        self.built = sum(1 for d in domains.values() if (d.get("built_at") or "") >= stamp)
        known.setdefault(self.ws, {})[str(self.month)] = _metrics_of(out_dir)


def _metrics_of(out_dir: Path) -> dict[str, dict]:
    """A built month's figures by domain, as the trends of the months after it take them."""
    try:
        doc = json.loads((out_dir / "metrics.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return figures_of(doc)


def run(units_by_ws: dict[Workspace, list[Month]], domains: list[str] | None, lang: str,
        jobs: int | None, force: bool, scheduler: str | None = None, echo=print) -> int:
    """Build every month of every workspace; returns the worst exit code."""
    started = time.time()
    units = [Unit(ws, m) for ws, months in units_by_ws.items() for m in months]
    echo(f"opsreview batch: {len(units)} month(s) in {len(units_by_ws)} workspace(s)"
         + (f" on {scheduler}" if scheduler else ""))
    if scheduler:
        run_units(units, domains, lang, force, scheduler, echo)
    else:
        _run_local(units, domains, lang, jobs, force, echo)
    summary(units, time.time() - started, echo)
    return max((u.code or 0) for u in units) if units else 0


def _run_local(units: list[Unit], domains, lang, jobs, force, echo) -> None:
    known: dict[Workspace, dict[str, dict]] = {}
    for unit in units:
        ws = unit.ws
        out_dir = month_dir(ws.outputs, str(unit.month), lang)
        since = time.time()
        with active(ws):
            code = build(str(unit.month), domains, lang, jobs, force, ws.outputs, ws.raw,
                         ws.processed, echo=echo, known=known.get(ws))
        unit.record(out_dir, code, since, known)


def summary(units: list[Unit], seconds: float, echo=print) -> None:
    """One line per month, then the totals."""
    echo(f"batch summary ({seconds:.1f} s):")
    for u in units:
        counts: dict[str, int] = {}
        for status in u.statuses.values():
            counts[status] = counts.get(status, 0) + 1
        said = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "not built"
        where = "" if u.ws.is_project else f"{u.ws.name} "
        echo(f"  {where}{u.month}: {said}; {u.built} built, "
             f"{len(u.statuses) - u.built} unchanged" + ("  !" if u.code else ""))
    built = sum(u.built for u in units)
    bad = sum(1 for u in units if u.code)
    echo(f"  {len(units)} month(s): {built} domain(s) built, "
         f"{bad} month(s) with an invalid or failed domain")
