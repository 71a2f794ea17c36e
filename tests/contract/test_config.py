"""config/: every target and rule the seed states, and clear errors for a broken file."""

import shutil

import pytest

from opsreview.contract.config import Config, ConfigError
from opsreview.paths import CONFIG_DIR


@pytest.mark.parametrize("key, value, better", [
    ("new_site_daily_uv", 270, "higher"), ("articles_per_day", 5, "higher"),
    ("incident_recovery_minutes", 60, "lower"), ("first_response_seconds", 60, "lower"),
    ("industry_first_response_seconds", 75, "lower"), ("campaign_roi", 2.8, "higher"),
    ("online_acquisition_share", 0.30, "higher"), ("settlement_days", 5, "lower"),
    ("shipping_hours", 24, "lower"),
])
def test_the_seeds_targets_with_their_source_quotes(cfg, key, value, better):
    target = cfg.target(key)
    assert (target.value, target.better) == (value, better)
    assert target.source, "each target quotes the seed"


def test_platform_rules(cfg):
    assert cfg.shake_threshold == 3
    trial = cfg.section("tmall_trial")
    assert trial["window_days"] == [61, 90] and len(trial["indicators"]) == 7
    tiers = cfg.section("taobao_penalties")["tiers"]
    assert [t["points"] for t in tiers] == [12, 24, 36, 48]
    rules = {r["key"]: r for r in cfg.section("deal_entry")["rules"]}
    assert rules["dsr"]["min"] == 4.8 and rules["refund_dispute_rate_30d"]["max"] == 0.005
    assert rules["stock"]["min"] == 500
    assert str(cfg.site("tcyyxxw.com")["launched_on"]) == "2024-02-20"
    assert "总部" in cfg.hq_names


def test_targets_met_or_missed(cfg):
    assert cfg.target("first_response_seconds").met(41) is True
    assert cfg.target("articles_per_day").met(2) is False
    assert cfg.target("articles_per_day").met(None) is None


@pytest.fixture
def broken(tmp_path):
    root = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, root)
    return root


@pytest.mark.parametrize("text, words", [
    ("targets: [1,\n", ["targets.yml", "line", "not valid YAML"]),
    ("- a list\n", ["targets.yml", "mapping"]),
    ("targets:\n  x: {value: abc, better: higher, source: s}\n", ["targets.x", "number", "'abc'"]),
    ("targets:\n  x: {value: 1, better: up, source: s}\n", ["targets.x", "higher or lower"]),
    ("targets:\n  x: {value: 1}\n", ["targets.x", "missing better, source"]),
])
def test_a_broken_targets_file_says_where_and_what(broken, text, words):
    (broken / "targets.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        Config(broken).target("x")
    for word in words:
        assert word in str(info.value), str(info.value)


def test_missing_file_and_unknown_target(broken):
    (broken / "entities.yml").unlink()
    with pytest.raises(ConfigError, match="entities.yml: file not found"):
        Config(broken).site("tcyyxxw.com")
    with pytest.raises(ConfigError, match="no target named 'nope'"):
        Config(broken).target("nope")
