"""Class 5 of issue 29: work that ends. A scheduler that accepts and never answers, or has
no workers, ends in a message after a bound; the duplicate-key report of a file repeating
one key a million times names a few keys and the count (it is built in linear time)."""

import socket
import threading

import pytest

from opsreview.batch.cluster import probe, wait_for_workers
from opsreview.batch.local import BatchError
from opsreview.contract.catalog import BY_NAME
from opsreview.errors import DataError
from opsreview.ingest.loader import load
from opsreview.month.months import Month


@pytest.fixture
def silent():
    """A TCP address that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held = []

    def accept():
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    server.close()
    for conn in held:
        conn.close()


@pytest.mark.slow
def test_a_scheduler_that_never_answers_is_said_after_a_bound(silent):
    with pytest.raises(BatchError, match="did not answer within 1 s"):
        probe(silent, seconds=1)


@pytest.mark.slow
def test_a_scheduler_without_workers_is_said_after_a_bound():
    import distributed

    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None) as lc, \
            distributed.Client(lc.scheduler_address) as client:
        assert probe(lc.scheduler_address, seconds=5)["type"] == "Scheduler"
        with pytest.raises(BatchError, match="has no workers"):
            wait_for_workers(client, lc.scheduler_address, seconds=1)


@pytest.mark.parametrize("repeats", [70, 300_000])
def test_a_key_repeated_any_number_of_times_names_a_few_keys_and_the_count(tmp_path, repeats):
    path = tmp_path / "team.csv"
    rows = "".join(f"组{i % 7},运营,5\n" for i in range(repeats))
    path.write_text("组别,职能,人数\n" + rows, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(path, BY_NAME["team"], Month.parse("2024-02"))
    text = str(err.value)
    assert f"(+{repeats - 5} more)" in text and text.count("'组") == 3, text
    assert len(text) < 400
