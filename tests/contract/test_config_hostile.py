"""Classes 2, 5 and 6 of issue 29 for the configuration: a value no report can use (NaN,
infinite, absurd) is a config error naming file and key; YAML aliases are refused in bounded
time, never expanded into a message; a file saved as GBK is read."""

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsreview.contract.config import Config, ConfigError, read_yaml

ROOT = Path(__file__).resolve().parents[2] / "config"


def _config(tmp_path: Path, targets: str, encoding: str = "utf-8") -> Config:
    for name in ("entities.yml", "imports.yml"):
        if (ROOT / name).exists():
            (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    (tmp_path / "targets.yml").write_bytes(targets.encode(encoding))
    return Config(tmp_path)


TARGET = "targets:\n  seo_indexed:\n    value: {v}\n    better: higher\n    source: 经理定\n"


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "1e300", "-5e13"])
def test_a_value_no_report_can_use_names_file_and_key(tmp_path, value):
    cfg = _config(tmp_path, TARGET.format(v=value))
    with pytest.raises(ConfigError) as err:
        cfg.targets_raw  # noqa: B018 - reading it is the test
    text = str(err.value)
    assert "targets.yml" in text and "targets.seo_indexed.value" in text, text


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(depth=st.integers(1, 12), width=st.integers(2, 10), where=st.sampled_from(
    ["targets.seo_indexed.source", "targets.seo_indexed.value", "extra"]))
def test_aliases_are_refused_quickly_and_never_expanded(tmp_path, depth, width, where):
    lines = ["a0: &a0 [\"lol\"]"] + [
        f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(width))}]" for i in range(1, depth)]
    bomb = f"*a{depth - 1}"
    body = TARGET.format(v="1" if where != "targets.seo_indexed.value" else bomb)
    if where == "targets.seo_indexed.source":
        body = body.replace("经理定", bomb)
    elif where == "extra":
        body += f"extra: {bomb}\n"
    cfg = _config(tmp_path, "\n".join(lines) + "\n" + body)
    started = time.monotonic()
    with pytest.raises(ConfigError) as err:
        cfg.targets_raw  # noqa: B018 - reading it is the test
    assert time.monotonic() - started < 10  # a guard against expansion, not a speed goal
    assert "aliases" in str(err.value) and len(str(err.value)) < 300


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_a_config_in_any_chinese_windows_encoding_is_read(tmp_path, encoding):
    cfg = _config(tmp_path, TARGET.format(v="80"), encoding)
    assert cfg.targets_raw["targets"]["seo_indexed"]["source"] == "经理定"


def test_a_config_in_no_known_encoding_names_the_file(tmp_path):
    path = tmp_path / "targets.yml"
    path.write_bytes("targets: {}\n".encode("utf-16"))
    with pytest.raises(ConfigError) as err:
        read_yaml(path)
    assert str(path) in str(err.value) and "UTF-8" in str(err.value)
