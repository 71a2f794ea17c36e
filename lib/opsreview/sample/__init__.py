"""The sample months: frames generated row by row per domain, written in export dialects.

`python -m opsreview sample` (make sample) rewrites data/raw/2023-03 … 2024-02 (history.py
writes the year before the seed's two months);
regenerating is byte-identical. `--scale N --out DIR` writes N-times-larger synthetic months
for benchmarks, never into data/raw.
"""

from __future__ import annotations

import argparse
import os
from importlib import import_module
from pathlib import Path

import pandas as pd

from opsreview.contract.catalog import BY_NAME, DATASETS
from opsreview.files import atomic_write
from opsreview.paths import RAW_DIR
from opsreview.sample import history
from opsreview.sample.month_notes import copy_notes
from opsreview.sample.write import Dialect, to_csv_bytes

SAMPLE_MONTHS = (*history.MONTHS, "2024-01", "2024-02")
MODULES = ("site", "seo", "market", "service", "campaigns", "compliance", "team")
# Generators of files beside the canonical ones (`files(month, scale)`): another shop's exports.
EXTRA = ("second_shop",)

# The shipped sample's export dialects: every messy form the contract accepts, at least once.
DIALECTS: dict[str, Dialect] = {
    "site_traffic": Dialect(header="zh", encoding="utf-8-sig", rates="percent", seconds="hms",
                            dates="slash", thousands=True, title="郯城渔业信息网 趋势分析",
                            totals=True),
    "client_visits": Dialect(header="zh", encoding="gbk", dates="zh"),
    "cs_sessions": Dialect(header="zh", seconds="hms"),
    "shop_traffic": Dialect(header="zh", thousands=True, title="生意参谋 流量总览",
                            totals=True),
    "contracts": Dialect(header="zh", thousands=True, rates="percent"),
    "seo_rankings": Dialect(dates="slash"),
}


def generate(month: str, scale: int = 1) -> dict[str, pd.DataFrame]:
    """Every dataset the sample has for `month`, from each domain's generator."""
    history.install()
    frames: dict[str, pd.DataFrame] = {}
    for name in MODULES:
        frames.update(import_module(f"{__name__}.{name}").frames(month, scale))
    unknown = set(frames) - set(BY_NAME)
    assert not unknown, f"generators produced datasets the catalog lacks: {unknown}"
    return frames


def notes() -> dict[str, list[str]]:
    """Each generator's notes on the seed's contradictions and the choices made."""
    return {name: list(getattr(import_module(f"{__name__}.{name}"), "NOTES", []))
            for name in (*MODULES, *EXTRA)} | {"history": list(history.NOTES)}


def write_month(month: str, out_root: Path, scale: int = 1, folder: str | None = None
                ) -> list[Path]:
    """Write the month's CSVs into out_root/<folder or month>/, each file atomically."""
    target = Path(out_root) / (folder or month)
    target.mkdir(parents=True, exist_ok=True)
    frames = generate(month, scale)
    written = []
    for ds in DATASETS:
        if ds.name not in frames:
            continue
        path = target / ds.file
        atomic_write(path, to_csv_bytes(frames[ds.name], ds, DIALECTS.get(ds.name, Dialect())))
        written.append(path)
    for name in EXTRA:
        for file, dataset, frame, dialect in import_module(f"{__name__}.{name}").files(month,
                                                                                     scale):
            path = target / file
            atomic_write(path, to_csv_bytes(frame, BY_NAME[dataset], dialect))
            written.append(path)
    if scale == 1:  # the hand-written notes.md of a sample month
        written += copy_notes(month, target)
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="opsreview sample", description=__doc__.splitlines()[0])
    p.add_argument("--months", nargs="+", default=list(SAMPLE_MONTHS), choices=SAMPLE_MONTHS)
    p.add_argument("--out", default=str(RAW_DIR), help="folder that receives <month>/*.csv")
    p.add_argument("--workspace", default=os.environ.get("WORKSPACE") or None,
                   help="seed a demo client: its data/raw/ and (where absent) its config/")
    p.add_argument("--scale", type=int, default=1, help="N times the rows (benchmarks)")
    args = p.parse_args(argv)
    if args.scale < 1:
        p.error("--scale must be 1 or more")
    if args.workspace:
        from opsreview.batch.workspace import seed_config

        for path in seed_config(Path(args.workspace)):
            print(f"wrote {path}")
        args.out = str(Path(args.workspace) / "data" / "raw")
    if args.scale > 1 and Path(args.out).resolve() == RAW_DIR.resolve():
        p.error("scaled months are for benchmarks: write them elsewhere with --out DIR, "
                "never over the sample in data/raw")
    for month in args.months:
        paths = write_month(month, Path(args.out), args.scale)
        print(f"{month}: wrote {len(paths)} files to {Path(args.out) / month}")
    return 0
