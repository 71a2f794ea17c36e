"""The parquet cache: typed round trip, reuse while nothing changed, rebuild when it did."""

import json

import pandas as pd

from opsreview.contract.catalog import BY_NAME
from opsreview.digest import sha256_path
from opsreview.ingest import store
from opsreview.ingest.store import load_cached
from opsreview.month.months import Month

FEB = Month.parse("2024-02")
SESSIONS = ("会话ID,开始时间,客服,买家,类型,主题,首次响应时间,接待时长,是否解决,满意度,备注\n"
            "S1,2024-02-03 10:00,小王,b1,日常事务,运费,00:00:30,03:00,是,5,x\n"
            "S2,2024/2/4 11:00:05,小李,b2,纠纷处理,发货延迟,45,600,否,,\n")


def raw_file(tmp_path, text=SESSIONS, name="cs_sessions"):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(text.encode("gbk"))
    return path


def test_no_processed_dir_means_no_cache(tmp_path):
    got = load_cached(raw_file(tmp_path), BY_NAME["cs_sessions"], FEB, None)
    assert got.rows == 2 and not list(tmp_path.glob("*.parquet"))


def test_parquet_keeps_every_dtype_exactly(tmp_path):
    proc = tmp_path / "processed"
    first = load_cached(raw_file(tmp_path), BY_NAME["cs_sessions"], FEB, proc)
    again = load_cached(raw_file(tmp_path), BY_NAME["cs_sessions"], FEB, proc)
    pd.testing.assert_frame_equal(first.frame, again.frame, check_exact=True)
    assert again.frame.dtypes.equals(first.frame.dtypes)
    assert again.frame["phone"].tolist() == [None, None]
    assert (again.rows, again.notices) == (first.rows, first.notices)


def test_cache_is_reused_while_the_raw_bytes_are_unchanged(tmp_path, monkeypatch):
    raw, proc, ds = raw_file(tmp_path), tmp_path / "processed", BY_NAME["cs_sessions"]
    load_cached(raw, ds, FEB, proc)
    meta = json.loads((proc / "cs_sessions.json").read_text(encoding="utf-8"))
    assert meta["raw_sha256"] == sha256_path(raw) and meta["rows"] == 2
    monkeypatch.setattr(store, "load", lambda *a: (_ for _ in ()).throw(AssertionError("parsed")))
    assert load_cached(raw, ds, FEB, proc).rows == 2


def test_changed_raw_bytes_are_parsed_again(tmp_path):
    raw, proc, ds = raw_file(tmp_path), tmp_path / "processed", BY_NAME["cs_sessions"]
    load_cached(raw, ds, FEB, proc)
    raw.write_bytes(SESSIONS.replace("S2", "S3").encode("gbk"))
    assert load_cached(raw, ds, FEB, proc).frame["session_id"].tolist() == ["S1", "S3"]


def test_a_changed_catalog_entry_or_a_damaged_cache_is_rebuilt(tmp_path, monkeypatch):
    raw, proc, ds = raw_file(tmp_path), tmp_path / "processed", BY_NAME["cs_sessions"]
    load_cached(raw, ds, FEB, proc)
    (proc / "cs_sessions.parquet").write_bytes(b"not parquet")
    assert load_cached(raw, ds, FEB, proc).rows == 2
    meta = json.loads((proc / "cs_sessions.json").read_text(encoding="utf-8"))
    monkeypatch.setattr(store, "_code_hash", lambda ds: "another version")
    load_cached(raw, ds, FEB, proc)
    assert json.loads((proc / "cs_sessions.json").read_text())["code"] != meta["code"]


def test_notices_survive_the_cache_and_no_temp_files_are_left(tmp_path):
    text = "流量总览\n日期,访客数\n2024-02-01,3\n合计,3\n"
    raw, proc = raw_file(tmp_path, text, "shop_traffic"), tmp_path / "processed"
    before = raw.read_bytes()
    first = load_cached(raw, BY_NAME["shop_traffic"], FEB, proc)
    second = load_cached(raw, BY_NAME["shop_traffic"], FEB, proc)
    assert second.notices == first.notices and len(first.notices) == 2
    assert sorted(p.name for p in proc.iterdir()) == ["shop_traffic.json", "shop_traffic.parquet"]
    assert raw.read_bytes() == before


def test_a_cached_file_is_known_valid_without_reading_its_frame(tmp_path, monkeypatch):
    raw, proc, ds = raw_file(tmp_path), tmp_path / "processed", BY_NAME["cs_sessions"]
    assert not store.is_cached(raw, ds, FEB, proc)  # nothing cached yet
    load_cached(raw, ds, FEB, proc)
    monkeypatch.setattr(store, "_read_parquet", lambda *a: (_ for _ in ()).throw(
        AssertionError("read")))
    assert store.is_cached(raw, ds, FEB, proc)
    raw.write_bytes(SESSIONS.replace("S2", "S9").encode("gbk"))  # changed: not the cached one
    assert not store.is_cached(raw, ds, FEB, proc)
    assert not store.is_cached(raw, ds, FEB, None)
