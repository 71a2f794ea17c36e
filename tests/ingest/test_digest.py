"""File hashes: fresh outside a build; within one, each unchanged file read once."""

import os

from opsreview import digest
from opsreview.contract.catalog import BY_NAME
from opsreview.ingest.inventory import month_inventory
from opsreview.month.months import Month


def _reads(monkeypatch) -> list:
    """Paths digest opens, in order."""
    opened, real = [], open

    def counting(path, *args, **kwargs):
        opened.append(os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(digest, "open", counting, raising=False)
    return opened


def test_outside_a_build_a_rewrite_is_hashed_again_even_with_its_times_set_back(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes(b"a,b\n1,2\n")
    st = path.stat()
    first = digest.sha256_path(path)
    path.write_bytes(b"a,b\n1,3\n")  # the same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert digest.sha256_path(path) != first


def test_within_a_build_an_unchanged_file_is_read_once_and_a_changed_one_again(
        tmp_path, monkeypatch):
    path = tmp_path / "orders.csv"
    path.write_bytes(b"a,b\n1,2\n")
    opened = _reads(monkeypatch)
    with digest.one_build():
        first = digest.sha256_path(path)
        assert digest.sha256_path(path) == first and len(opened) == 1
        path.write_bytes(b"a,b\n1,2,3\n")
        assert digest.sha256_path(path) != first and len(opened) == 2
        with digest.one_build():  # a nested build shares the outer one's memos
            digest.sha256_path(path)
        assert len(opened) == 2
    assert digest.kept("sha256") is None
    digest.sha256_path(path)
    assert len(opened) == 3


def test_a_months_inventory_is_kept_within_a_build_until_its_folder_changes(tmp_path):
    month = Month.parse("2024-02")
    folder = tmp_path / "2024-02"
    folder.mkdir()
    (folder / "team.csv").write_text("group,role,headcount\n客服组,售前售后,5\n", encoding="utf-8")
    assert month_inventory(folder, month) is not month_inventory(folder, month)
    with digest.one_build():
        first = month_inventory(folder, month, tmp_path / "processed")
        assert month_inventory(folder, month, tmp_path / "processed") is first
        assert [e.dataset for e in first.entries] == [BY_NAME["team"].name]
        (folder / "notes.txt").write_text("x", encoding="utf-8")
        again = month_inventory(folder, month, tmp_path / "processed")
        assert again is not first and len(again.entries) == 2
