"""Class 3 of issue 29: what is cached is keyed on the bytes it was computed from.

The inventory keys each file on its content (a re-download with the same name, size and
mtime is another file), the processed cache hashes the very bytes it parses, every package
whose output reaches a page is in the fingerprint, and FORCE=1 forgets every cache."""

import hashlib
import json
import os
from pathlib import Path

import pytest

from opsreview.contract.catalog import BY_NAME
from opsreview.ingest import packages, store
from opsreview.ingest.inventory import month_inventory
from opsreview.month.months import Month

MONTH = Month.parse("2024-02")


def _same_stat(path: Path, text: str, like: os.stat_result) -> None:
    path.write_bytes(text.encode("utf-8"))
    os.utime(path, ns=(like.st_atime_ns, like.st_mtime_ns))


@pytest.mark.parametrize("text, dataset", [("组别,职能,人数\n", "team"), ("甲乙,丙丁,戊己\n", None),
                                           ("领域,指标,数值\n", "kpis")])
def test_the_inventory_is_keyed_on_content_not_name_size_mtime(tmp_path, text, dataset):
    folder, cache = tmp_path / "raw" / "2024-02", tmp_path / "processed"
    folder.mkdir(parents=True)
    path = folder / "下载.csv"
    path.write_bytes("领域,指标,数值\n".encode())  # kpis
    before = path.stat()
    assert month_inventory(folder, MONTH, cache).entries[0].dataset == "kpis"
    _same_stat(path, text, before)  # a re-download: same name, size and mtime
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert month_inventory(folder, MONTH, cache).entries[0].dataset == dataset


def test_the_cache_hashes_the_bytes_it_parsed(tmp_path, monkeypatch):
    raw, processed = tmp_path / "team.csv", tmp_path / "processed"
    first, second = "组别,人数\n运营组,5\n", "组别,人数\n运营组,6\n客服组,7\n"
    raw.write_text(first, encoding="utf-8")
    read = store.read_raw

    def replaced_while_read(path):  # the download finishes while the cache reads the file
        data = read(path)
        Path(path).write_text(second, encoding="utf-8")
        return data

    monkeypatch.setattr(store, "read_raw", replaced_while_read)
    got = store.load_cached(raw, BY_NAME["team"], MONTH, processed)
    assert got.frame["headcount"].tolist() == [5]
    meta = json.loads((processed / "team.json").read_text(encoding="utf-8"))
    assert meta["raw_sha256"] == hashlib.sha256(first.encode()).hexdigest()
    monkeypatch.setattr(store, "read_raw", read)
    assert store.load_cached(raw, BY_NAME["team"], MONTH, processed).frame["headcount"] \
        .tolist() == [6, 7]


@pytest.mark.parametrize("package", ["markdown-it-py", "python-calamine", "jinja2", "pandas",
                                     "matplotlib", "pyarrow", "nbconvert", "pyyaml"])
def test_every_package_reaching_a_page_is_fingerprinted(package):
    assert package in packages.PACKAGES
    assert packages.versions()[package] is not None


def test_force_forgets_every_cache(tmp_path):
    from opsreview.build.runner import plan_month

    raw, processed, out = tmp_path / "raw", tmp_path / "processed", tmp_path / "out"
    for month in ("2024-01", "2024-02"):
        (raw / month).mkdir(parents=True)
        (processed / month / "figures").mkdir(parents=True)
        for name in ("inventory.json", "team.parquet", "team.json", "figures/team.json"):
            (processed / month / name).write_text("{}", encoding="utf-8")
            os.utime(processed / month / name, (1e9, 1e9))  # written by an earlier run
    out.mkdir()
    plan_month(MONTH, ["team"], "zh", False, out, raw, processed)
    assert (processed / "2024-01" / "team.parquet").exists()
    fresh = processed / "2024-01" / "site.parquet"  # made by this run (a batch's earlier month)
    fresh.write_text("{}", encoding="utf-8")
    plan_month(MONTH, ["team"], "zh", True, out, raw, processed)
    left = [p for p in processed.rglob("*") if p.is_file() and p.name != "inventory.json"]
    assert left == [fresh], left
