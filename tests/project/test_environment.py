"""environment.yml mirrors pyproject.toml: same packages, same version ranges."""

import re
import tomllib

import yaml

from opsreview.paths import PROJECT_ROOT


def _split(spec: str) -> tuple[str, str]:
    spec = spec.split("#")[0].strip()
    match = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    return name, match.group(2).replace(" ", "")


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    extras = [s for specs in project["optional-dependencies"].values() for s in specs]
    wanted = dict(_split(s) for s in project["dependencies"] + extras)
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    have = {}
    for item in env["dependencies"]:
        entries = item["pip"] if isinstance(item, dict) else [item]
        for entry in entries:
            name, spec = _split(entry) if not entry.startswith("-e") else ("", "")
            if name and name not in ("python", "pip"):
                have[name] = spec
    missing = sorted(set(wanted) - set(have))
    extra = sorted(set(have) - set(wanted))
    differ = sorted(n for n in set(wanted) & set(have) if wanted[n] != have[n])
    assert not missing, f"in pyproject.toml but not environment.yml: {missing}"
    assert not extra, f"in environment.yml but not pyproject.toml: {extra}"
    assert not differ, {n: (wanted[n], have[n]) for n in differ}
