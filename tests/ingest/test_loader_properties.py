"""Property tests of the loader (issue 11): for any bytes, and for the sample files with a
quote inserted, a cell duplicated or a row cut, `load` returns frames or raises DataError —
never another exception —, its message quotes no buyer data and no long cell, and its work
grows linearly with the input.

Linearity is checked by counting work, not by timing (speed is `make bench`'s): the Python
lines `load` runs (sys.settrace) and the memory it allocates (tracemalloc: Python objects
and numpy buffers), for an input and one four times its size. Both counts are deterministic. Why the
C parts are linear too: pandas' C reader and the csv module read each byte once; a row of
more than MAX_COLUMNS cells is refused before it is split; extra columns become one frame
(no per-column insert), under names found in one pass; a cell holding line breaks is split
once; nothing compares rows with rows except the key check (a hash, pandas' duplicated).
"""

import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsreview.contract.catalog import BY_NAME
from opsreview.errors import ELLIPSIS, MAX_VALUE_CHARS, DataError, shown
from opsreview.ingest.loader import Loaded, load
from opsreview.month.months import Month
from opsreview.paths import RAW_DIR

MONTH = Month.parse("2024-02")
# Personal data (cs_sessions, orders), free text (site_incidents), a GBK file
# (client_visits), a title line and quoted thousands (site_traffic), a small key (team).
NAMES = ("cs_sessions", "orders", "site_incidents", "client_visits", "site_traffic", "team")
SAMPLES = {n: (RAW_DIR / str(MONTH) / f"{n}.csv").read_bytes() for n in NAMES}
SETTINGS = settings(max_examples=60, deadline=None,  # tmp_path: one file, rewritten each time
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


def _private_values() -> dict[str, set[str]]:
    """Every value of a personal or free-text column in each sample file (4+ characters, so
    that a value is not matched by chance inside a column name or an expectation)."""
    out = {}
    for name in SAMPLES:
        frame = load(RAW_DIR / str(MONTH) / f"{name}.csv", BY_NAME[name], MONTH).frame
        cols = [c.name for c in BY_NAME[name].columns if c.private]
        out[name] = {str(v) for c in cols for v in frame[c].dropna() if len(str(v)) >= 4}
    return out


PRIVATE = _private_values()
assert PRIVATE["cs_sessions"] and PRIVATE["orders"] and PRIVATE["site_incidents"]


def _load(tmp: Path, name: str, data: bytes):
    path = tmp / f"{name}.csv"
    path.write_bytes(data)
    try:
        return load(path, BY_NAME[name], MONTH)
    except DataError as exc:
        return exc


def _check(result, name: str) -> None:
    """Frames, or a DataError whose message holds no private value and no long cell."""
    if isinstance(result, Loaded):
        return
    assert isinstance(result, DataError), type(result)
    text = str(result)
    leaked = [v for v in PRIVATE.get(name, ()) if v in text]
    assert not leaked, (leaked[:3], text[:500])
    for issue in result.issues:
        for value in issue.values:
            assert len(shown(value).removesuffix(ELLIPSIS)) <= MAX_VALUE_CHARS


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def mutated(draw):
    """A sample file with one mutation: a quote inserted anywhere, a cell duplicated (the
    row then has one cell more than the header), or a row cut short."""
    name = draw(st.sampled_from(NAMES))
    data = SAMPLES[name]
    kind = draw(st.sampled_from(["quote", "duplicate", "cut"]))
    if kind == "quote":
        at = draw(st.integers(0, len(data)))
        return name, data[:at] + b'"' + data[at:]
    lines = _lines(data)
    row = draw(st.integers(0, len(lines) - 1))
    if kind == "duplicate":
        cells = lines[row].split(b",")
        cell = draw(st.integers(0, len(cells) - 1))
        cells.insert(cell, cells[cell])
        lines[row] = b",".join(cells)
    else:
        lines[row] = lines[row][:draw(st.integers(0, len(lines[row])))]
    return name, b"\n".join(lines)


@SETTINGS
@given(case=mutated())
def test_a_mutated_sample_file_gives_frames_or_a_data_error_without_private_data(case, tmp_path):
    name, data = case
    _check(_load(tmp_path, name, data), name)


@SETTINGS
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=3000))
def test_any_bytes_give_frames_or_a_data_error(name, data, tmp_path):
    _check(_load(tmp_path, name, data), name)


@SETTINGS
@given(name=st.sampled_from(NAMES), head=st.integers(0, 3000), tail=st.binary(max_size=400))
def test_a_sample_file_with_arbitrary_bytes_spliced_in(name, head, tail, tmp_path):
    data = SAMPLES[name]
    _check(_load(tmp_path, name, data[:head] + tail + data[head:]), name)


# --- linear work ------------------------------------------------------------------------------
def _work(tmp: Path, name: str, data: bytes) -> tuple[int, int]:
    """(Python lines run, peak traced bytes) of loading `data` as `name`: every loop
    iteration in Python is a line, and every buffer numpy or Python allocates is traced."""
    lines = 0

    def count(frame, event, arg):
        nonlocal lines
        lines += event == "line"
        return count

    path = tmp / f"{name}.csv"
    path.write_bytes(data)
    tracemalloc.start()
    sys.settrace(count)
    try:
        load(path, BY_NAME[name], MONTH)
    except DataError:
        pass
    finally:
        sys.settrace(None)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return lines, peak


def _rows(n: int) -> bytes:
    return b"group,role,headcount\n" + b"".join(b"g%d,r,%d\n" % (i, i % 9) for i in range(n))


GROWING = {
    # input of size n -> (dataset, bytes)
    "rows": lambda n: ("team", _rows(n)),
    "a wide header of one repeated name": lambda n: ("team", b"x," * (n // 5) + b"\n1,2\n"),
    "extra header cells": lambda n: ("team", b"group,role,headcount" + b",x" * (n // 5)
                                     + b"\n" + (b"a,b,1" + b",v" * (n // 5) + b"\n") * 50),
    "rows longer than the header": lambda n: ("team", _rows(10) + b"a,b,1,2,3\n" * n),
    "a quote swallowing every row": lambda n: ("site_incidents",
                                               SAMPLES["site_incidents"].replace(b",", b',"', 1)
                                               + b"x,y,z,w,v\n" * n + b'"\n'),
    "a long cell": lambda n: ("team", b"group,role,headcount\n" + b"g" * (20 * n) + b",r,1\n"),
    "misplaced thousands": lambda n: ("site_traffic", b"date,site,pv,uv\n" + b"".join(
        b'2024-02-%02d,s%d,"1,2%d",3\n' % (1 + i % 28, i, i % 10) for i in range(n))),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", GROWING)
def test_the_work_of_loading_grows_linearly_with_the_input(case, tmp_path):
    small, large = 1_000, 4_000
    _work(tmp_path, *GROWING[case](small))  # imports and caches warmed up
    lines_small, memory_small = _work(tmp_path, *GROWING[case](small))
    lines_large, memory_large = _work(tmp_path, *GROWING[case](large))
    # linear: at most 4× (plus slack for sizes rounding up); quadratic work would be 16×
    assert lines_large <= 6 * lines_small, (lines_small, lines_large)
    assert memory_large <= 6 * memory_small, (memory_small, memory_large)
