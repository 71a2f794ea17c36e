import json
import os

import pytest

from opsreview.build.lock import LockedError, MonthLock


def test_a_second_run_of_the_same_month_stops_with_a_clear_message(tmp_path):
    with MonthLock(tmp_path):
        with pytest.raises(LockedError, match="another opsreview build of"):
            MonthLock(tmp_path).acquire()
    assert not (tmp_path / ".lock").exists()


def test_a_stale_lock_from_a_dead_process_is_taken_over(tmp_path):
    import socket

    (tmp_path / ".lock").write_text(json.dumps(
        {"pid": 2 ** 22 + 12345, "host": socket.gethostname(), "started": "x"}))
    notes = []
    with MonthLock(tmp_path, echo=notes.append):
        held = json.loads((tmp_path / ".lock").read_text())
        assert held["pid"] == os.getpid()
    assert notes and "stale lock" in notes[0]


def test_different_months_do_not_block_each_other(tmp_path):
    with MonthLock(tmp_path / "a" if (tmp_path / "a").mkdir() is None else None):
        with MonthLock(tmp_path / "b" if (tmp_path / "b").mkdir() is None else None):
            pass
