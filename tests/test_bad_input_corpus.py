"""The bad-input corpus, made from the sample month: one broken file per case, checked through
`opsreview validate` as a user runs it. Each case names the file, column, spreadsheet rows,
the values and what was expected; the exit code is 1; the other files still validate; no raw
file changes. Building the other domains beside an invalid one is tested in test_build."""

import hashlib
import shutil
from dataclasses import replace

import pandas as pd
import pytest

from opsreview import cli
from opsreview.catalog import BY_NAME
from opsreview.paths import RAW_DIR
from opsreview.sample import generate
from opsreview.sample.service import frames as service_frames
from opsreview.sample.write import Dialect, to_csv_bytes

MONTH = "2024-02"


@pytest.fixture(scope="module")
def frames():
    return generate(MONTH)


def plain(frame: pd.DataFrame, name: str) -> bytes:
    return to_csv_bytes(frame, BY_NAME[name], Dialect())


def with_cell(frames, name: str, row: int, column: str, value) -> bytes:
    """The sample file with one cell written as the given text."""
    frame = frames[name].copy().astype({column: object})
    frame.loc[frame.index[row], column] = value
    ds = BY_NAME[name]
    as_text = replace(ds, columns=tuple(replace(c, type="str", enum=()) if c.name == column else c
                                        for c in ds.columns))
    return to_csv_bytes(frame, as_text, Dialect())


def duplicate_first_row(frames, name: str) -> bytes:
    frame = frames[name]
    return plain(pd.concat([frame, frame.iloc[[0]]], ignore_index=True), name)


def without_column(frames, name: str, column: str) -> bytes:
    return plain(frames[name], name).replace(f"{column},".encode(), b"gone,", 1)


def truncated(frames, name: str) -> bytes:
    data = plain(frames[name], name)
    return data[: data.rstrip(b"\n").rfind(b",") - 3]


CASES = {
    # case: (file, bytes from the sample frames, words the message must hold)
    "not an accepted encoding": ("orders", lambda f: plain(f["orders"], "orders")
                                 .decode().encode("utf-16"), ["orders.csv", "UTF-8", "GBK"]),
    "missing required column": ("orders", lambda f: without_column(f, "orders", "units"),
                                ["orders.csv, column units", "missing", "件数"]),
    "unknown enum label": ("cs_sessions", lambda f: with_cell(f, "cs_sessions", 4, "category",
                                                              "闲聊"),
                           ["cs_sessions.csv, column category", "row 6", "'闲聊'", "纠纷处理"]),
    "rate of 145 %": ("site_traffic", lambda f: with_cell(f, "site_traffic", 2, "bounce_rate",
                                                          "145%"),
                      ["site_traffic.csv, column bounce_rate", "row 4", "'145%'", "0"]),
    "negative count": ("shop_traffic", lambda f: with_cell(f, "shop_traffic", 0, "visitors", -5),
                       ["shop_traffic.csv, column visitors", "row 2", "'-5'", "≥ 0"]),
    "duplicate key": ("contracts", lambda f: duplicate_first_row(f, "contracts"),
                      lambda f: ["contracts.csv, column contract_id",
                                 f"rows 2, {len(f['contracts']) + 2}", "only once"]),
    "date outside the month": ("orders", lambda f: with_cell(f, "orders", 10, "paid_at",
                                                             "2024-03-05 10:00:00"),
                               ["orders.csv, column paid_at", "row 12", "2024-03-05", "2024-02"]),
    "empty file": ("team", lambda f: b"", ["team.csv", "empty"]),
    "truncated last line": ("orders", lambda f: truncated(f, "orders"),
                            lambda f: ["orders.csv", f"row {len(f['orders']) + 1}"]),
    "binary file named .csv": ("kpis", lambda f: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(300),
                               ["kpis.csv", "not"]),
}


def digest(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def validate(tmp_path, name: str, data: bytes, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR / MONTH, raw / MONTH)
    (raw / MONTH / f"{name}.csv").write_bytes(data)
    before = digest(raw / MONTH)
    code = cli.main(["validate", "--month", MONTH, "--raw", str(raw),
                     "--processed", str(tmp_path / "proc")])
    out = capsys.readouterr()
    assert digest(raw / MONTH) == before, "a raw file was written"
    return code, out.out + out.err


@pytest.mark.parametrize("case", CASES)
def test_each_bad_file_is_named_with_its_rows_values_and_expectation(case, frames, tmp_path,
                                                                     capsys):
    name, make, words = CASES[case]
    words = words(frames) if callable(words) else words
    code, text = validate(tmp_path, name, make(frames), capsys)
    assert code == 1, text
    assert "Traceback" not in text
    line = next((ln for ln in text.splitlines() if ln.strip().startswith(f"{name}.csv ")), "")
    assert "invalid" in line, text
    for word in words:
        assert word in text, f"{case}: {word!r} missing from\n{text}"
    others = [ln for ln in text.splitlines() if ln.strip().endswith(" ok")]
    assert len(others) >= 15, "the other files still validate"


def test_header_only_is_a_valid_file_with_no_rows(frames, tmp_path, capsys):
    header = plain(frames["team"].iloc[:0], "team")
    code, text = validate(tmp_path, "team", header, capsys)
    assert code == 0, text
    assert "team.csv" in text and "invalid" not in text


@pytest.mark.filterwarnings("error")
def test_a_20_mb_file_with_one_bad_row_near_the_end(tmp_path, capsys):
    big = service_frames(MONTH, scale=48)["cs_sessions"]
    bad_row = len(big) - 3
    data = with_cell({"cs_sessions": big}, "cs_sessions", bad_row, "first_response_seconds",
                     "about a minute")
    assert len(data) > 20_000_000, len(data)
    code, text = validate(tmp_path, "cs_sessions", data, capsys)
    assert code == 1
    assert (f"cs_sessions.csv, column first_response_seconds, row {bad_row + 2}: "
            f"found 'about a minute'") in text, text
