import pytest

from opsreview.cli import UsageError, main, resolve_month


@pytest.fixture
def raw(tmp_path):
    for name in ("2024-01", "2024-02"):
        (tmp_path / name).mkdir()
    return tmp_path


def test_month_defaults_to_the_newest_folder(raw):
    assert str(resolve_month(None, raw)) == "2024-02"


@pytest.mark.parametrize("bad", ["../etc", "2024-13", "2024-2", "2023-12", "24-02", "2024-02/.."])
def test_bad_months_stop_with_a_clear_message(raw, bad):
    with pytest.raises(UsageError) as info:
        resolve_month(bad, raw)
    assert bad in str(info.value) or "YYYY-MM" in str(info.value)


def test_cli_prints_the_message_and_exits_2_without_traceback(raw, capsys):
    assert main(["month", "--month", "2024-13", "--raw", str(raw)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("opsreview: ") and "Traceback" not in err
