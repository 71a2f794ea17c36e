"""Classes 4 and 8 of issue 29 on the file system: nothing the tool writes goes through a
link planted where its file goes; a month folder's odd entries (a dangling link, a loop, a
FIFO, a folder) are one line each in validate and the rest is checked; a file name cannot
forge a line; a full disk names the file and the other files are still checked."""

import errno
import os
import signal
from pathlib import Path

import pytest

from opsreview.build.lock import LockedError, MonthLock
from opsreview.files import atomic_write
from opsreview.ingest import store
from opsreview.ingest.validate import validate_month
from opsreview.month.months import Month
from opsreview.notes.template import write_template

MONTH = Month.parse("2024-02")
TEAM = "组别,职能,人数\n运营组,运营,5\n客服组,客服,7\n"


@pytest.fixture
def outside(tmp_path):
    target = tmp_path / "outside" / "precious.txt"
    target.parent.mkdir()
    target.write_text("keep me", encoding="utf-8")
    return target


@pytest.mark.parametrize("points_to", ["file", "missing"])
def test_a_planted_lock_link_is_refused_and_its_target_untouched(tmp_path, outside, points_to):
    out = tmp_path / "outputs" / "2024-02"
    out.mkdir(parents=True)
    target = outside if points_to == "file" else outside.parent / "new.txt"
    (out / ".lock").symlink_to(target)
    with pytest.raises(LockedError, match="symbolic link"):
        MonthLock(out).acquire()
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert not (outside.parent / "new.txt").exists()


@pytest.mark.parametrize("write", [
    lambda p: atomic_write(p, "new"),
    lambda p: atomic_write(p, b"new"),
    lambda p: atomic_write(p, lambda tmp: tmp.write_text("new", encoding="utf-8")),
])
def test_the_atomic_writers_replace_a_link_never_its_target(tmp_path, outside, write):
    link = tmp_path / "manifest.json"
    link.symlink_to(outside)
    write(link)
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink() and link.read_text(encoding="utf-8") == "new"


def test_make_notes_never_writes_through_a_link(tmp_path, outside):
    raw = tmp_path / "raw"
    (raw / "2024-02").mkdir(parents=True)
    (raw / "2024-02" / "notes.md").symlink_to(outside.parent / "notes.md")  # dangling
    assert write_template(MONTH, raw, tmp_path / "processed", "zh", echo=lambda *_: None) == 1
    assert not (outside.parent / "notes.md").exists()


def _odd(folder: Path, kind: str) -> str:
    name = {"dangling": "断链.csv", "loop": "loop.csv", "fifo": "pipe.csv",
            "folder": "子目录", "newline": "fake\n  team.csv  team  2  ok.csv"}[kind]
    path = folder / name
    if kind == "dangling":
        path.symlink_to(folder / "gone.csv")
    elif kind == "loop":
        path.symlink_to(folder / "loop2.csv")
        (folder / "loop2.csv").symlink_to(path)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_text("no header at all\n", encoding="utf-8")
    return name


@pytest.mark.parametrize("kind", ["dangling", "loop", "fifo", "folder", "newline"])
def test_an_odd_entry_is_one_line_and_the_rest_is_checked(tmp_path, kind):
    folder = tmp_path / "raw" / "2024-02"
    folder.mkdir(parents=True)
    (folder / "team.csv").write_text(TEAM, encoding="utf-8")
    _odd(folder, kind)
    said: list[str] = []
    signal.alarm(20)  # a FIFO opened for reading would block for ever
    try:
        code = validate_month(tmp_path / "raw", MONTH, tmp_path / "processed", echo=said.append)
    finally:
        signal.alarm(0)
    text = "\n".join(said)
    assert any("team.csv" in ln and ln.rstrip().endswith("ok") for ln in said), text
    assert sum(ln.strip().startswith("fake") for ln in said) == (kind == "newline"), text
    assert not any(ln.strip().startswith("team.csv  team") and "fake" in ln for ln in said)
    if kind != "newline":
        assert code == 0, text
        assert sum("ignored" in ln for ln in said) == (1 + (kind == "loop")), text


def test_a_full_disk_names_the_file_and_the_others_are_checked(tmp_path, monkeypatch):
    folder = tmp_path / "raw" / "2024-02"
    folder.mkdir(parents=True)
    (folder / "team.csv").write_text(TEAM, encoding="utf-8")
    (folder / "kpis.csv").write_text("领域,指标,数值\nteam,training,80\n", encoding="utf-8")

    def full(target, write):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(store, "atomic_write", full)
    said: list[str] = []
    validate_month(tmp_path / "raw", MONTH, tmp_path / "processed", echo=said.append)
    text = "\n".join(said)
    for name in ("team.csv", "kpis.csv"):
        assert any(ln.strip().startswith(name) for ln in said), text
    assert "No space left on device" in text and "team.csv: not kept" not in text
