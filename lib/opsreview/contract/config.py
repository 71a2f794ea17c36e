"""Hand-edited YAML configuration: targets and benchmarks, platform rules, sites and shops."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from opsreview.contract.config_schema import check
from opsreview.errors import ConfigError
from opsreview.paths import CONFIG_DIR, config_dir

# libyaml's safe loader when PyYAML was built with it (the wheels are): ~10× faster to parse
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(path: Path) -> str:
    """A hand-edited file's text: UTF-8 (with or without BOM), or GBK as Notepad on a Chinese
    Windows saves it; anything else is a ConfigError naming the file and the encodings."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ConfigError(f"{path}: neither UTF-8 nor GBK text; save it as UTF-8")


def read_yaml(path: Path) -> dict[str, Any]:
    text = read_text(path)
    try:
        _refuse_aliases(text, path)
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}:{where} is not valid YAML ({getattr(exc, 'problem', exc)})") \
            from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to be a configuration") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of keys at the top level")
    return data


def _refuse_aliases(text: str, path: Path) -> None:
    """YAML anchors and aliases (`&a` / `*a`) are refused: a hand-kept file needs none, and
    nested aliases expand into billions of values (a "billion laughs") when read."""
    if "&" not in text and "*" not in text:
        return
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise ConfigError(f"{path}: line {mark.line + 1}: YAML anchors and aliases (&, *) "
                              "are not allowed here; write the value out")


@dataclass(frozen=True)
class Target:
    key: str
    value: float
    unit: str
    kind: str  # target | benchmark
    better: str  # higher | lower
    metric: str | None
    source: str
    action: dict[str, str] | None = None
    low: float | None = None

    def met(self, figure: float | None) -> bool | None:
        """Whether a figure meets this target; None when there is no figure."""
        return meets(figure, self.value, self.better)


def meets(figure: float | None, line: float, better: str | None) -> bool | None:
    """Whether FIGURE is on the good side of LINE (at it counts as met): the one comparison
    every target, benchmark and derived line (the deal's break-even ROI) is judged by."""
    if figure is None:
        return None
    return figure >= line if better == "higher" else figure <= line


def tmall_trial_applies(platform: str | None) -> bool:
    """The Tmall trial (targets.yml's tmall_trial) binds Tmall shops only; a shop whose
    platform config does not give is taken as one."""
    return platform in (None, "tmall")


class Config:
    """All of config/: targets.yml and entities.yml, checked when first read."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root else config_dir()

    @cached_property
    def targets_raw(self) -> dict[str, Any]:
        return self._read("targets.yml")

    @cached_property
    def entities(self) -> dict[str, Any]:
        return self._read("entities.yml")

    @cached_property
    def editorial(self) -> dict[str, Any]:
        """editorial.yml: how much each kind of review statement weighs (judging/insights.py);
        a workspace without its own keeps the project's."""
        return self._read("editorial.yml", fallback=True)

    def _read(self, name: str, fallback: bool = False) -> dict[str, Any]:
        """A file of config/, checked against its declared shape (config_schema); FALLBACK:
        the project's own when this folder has none."""
        path = self.root / name
        if fallback and not path.exists():
            path = CONFIG_DIR / name
        return check(read_yaml(path), path)

    @cached_property
    def targets(self) -> dict[str, Target]:
        out = {}  # the shape (value, better, source...) is checked by config_schema
        for key, spec in self.targets_raw["targets"].items():
            out[key] = Target(
                key=key, value=float(spec["value"]), unit=str(spec.get("unit", "")),
                kind=str(spec.get("kind", "target")), better=spec["better"],
                metric=spec.get("metric"), source=str(spec["source"]),
                action=spec.get("action"), low=spec.get("low"),
            )
        return out

    def target(self, key: str) -> Target:
        try:
            return self.targets[key]
        except KeyError:
            raise ConfigError(f"{self.root / 'targets.yml'}: no target named {key!r}") from None

    def section(self, name: str) -> Any:
        """A top-level section of targets.yml (tmall_trial, taobao_penalties, deal_entry…)."""
        try:
            return self.targets_raw[name]
        except KeyError:
            raise ConfigError(f"{self.root / 'targets.yml'}: missing section {name!r}") from None

    @property
    def shake_threshold(self) -> int:
        return int(self.targets_raw.get("shake_threshold", {}).get("value", 3))

    @property
    def hq_names(self) -> set[str]:
        hq = self.entities.get("hq", {})
        return {hq.get("name", "总部"), *hq.get("aliases", ["总部", "HQ"])}

    def site(self, site: str) -> dict[str, Any] | None:
        for entry in self.entities.get("sites", []):
            if entry.get("site") == site:
                return entry
        return None

    @property
    def sites(self) -> list[dict[str, Any]]:
        return list(self.entities.get("sites", []))

    @property
    def shops(self) -> list[dict[str, Any]]:
        return list(self.entities.get("shops", []))

    @property
    def holidays(self) -> list[dict[str, Any]]:
        """Public holidays (entities.yml): name (zh, en), from, to."""
        return list(self.entities.get("holidays", []))

    @property
    def group_work(self) -> dict[str, list[str]]:
        """Each team group's hand-kept figures (entities.yml `groups`): group -> kpi keys."""
        return {g["group"]: list(g["figures"]) for g in self.entities.get("groups", [])}

    @property
    def platforms(self) -> dict[str, str | None]:
        """Each listed shop's platform (tmall, taobao; None when not given)."""
        return {s.get("shop"): s.get("platform") for s in self.shops}
