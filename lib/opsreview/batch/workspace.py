"""Workspaces: a client is a folder with its own config/ and data/raw/; its data/processed/
and outputs/ are written inside it. The project root is the default workspace.

A workspace's config/ holds its targets.yml and entities.yml (and imports.yml if its tools
write headers of their own); the wording (config/labels) is the product's, the project's.
"""

from __future__ import annotations

import glob
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from opsreview.paths import CONFIG_DIR, OUTPUTS_DIR, PROCESSED_DIR, PROJECT_ROOT, RAW_DIR

OWN_CONFIG = ("targets.yml", "entities.yml")  # required in a client's config/
SEEDED_CONFIG = (*OWN_CONFIG, "imports.yml")  # what `make sample WORKSPACE=…` copies


class WorkspaceError(ValueError):
    """A WORKSPACES entry that is not a usable workspace folder; the message says why."""


@dataclass(frozen=True)
class Workspace:
    root: Path
    config: Path
    raw: Path
    processed: Path
    outputs: Path

    @classmethod
    def at(cls, root: Path) -> Workspace:
        root = Path(root).resolve()
        return cls(root, root / "config", root / "data" / "raw", root / "data" / "processed",
                   root / "outputs")

    @property
    def is_project(self) -> bool:
        return self.config.resolve() == CONFIG_DIR.resolve()

    @property
    def name(self) -> str:
        """How progress lines and the summary name it: its folder, relative to the project."""
        try:
            return str(self.root.relative_to(PROJECT_ROOT.resolve())) or "."
        except ValueError:
            return str(self.root)

    def check(self) -> None:
        missing = [n for n in OWN_CONFIG if not (self.config / n).is_file()]
        if missing:
            raise WorkspaceError(
                f"workspace {self.name}: no {', '.join(f'config/{n}' for n in missing)} (a client "
                f"needs its own targets and entities: copy the project's, or seed a demo client "
                f"with `make sample WORKSPACE={self.name}`)")
        if not self.raw.is_dir():
            raise WorkspaceError(f"workspace {self.name}: no data/raw folder")


def project(raw: Path = RAW_DIR, processed: Path = PROCESSED_DIR,
            outputs: Path = OUTPUTS_DIR) -> Workspace:
    """The project root as a workspace (its folders as the command line gives them)."""
    root = PROJECT_ROOT.resolve()
    return Workspace(root, CONFIG_DIR, Path(raw), Path(processed), Path(outputs))


def expand(spec: str, base: Path | None = None) -> list[Workspace]:
    """WORKSPACES: folders, comma- or space-separated, shell patterns allowed (clients/*);
    a pattern matches only folders that look like workspaces (a config/ folder in them)."""
    base = Path(base or Path.cwd())
    found: list[Workspace] = []
    for item in spec.replace(",", " ").split():
        pattern = str(base / item) if not os.path.isabs(item) else item
        if glob.has_magic(item):
            roots = sorted(p for p in glob.glob(pattern) if (Path(p) / "config").is_dir())
            if not roots:
                raise WorkspaceError(f"WORKSPACES={item}: no workspace folder matches")
        else:
            if not Path(pattern).is_dir():
                raise WorkspaceError(f"WORKSPACES={item}: no such folder")
            roots = [pattern]
        for root in roots:
            ws = Workspace.at(Path(root))
            if ws not in found:
                found.append(ws)
    if not found:
        raise WorkspaceError("WORKSPACES is empty")
    return found


@contextmanager
def active(ws: Workspace):
    """While building WS: its config is the one in force here, in the build's workers and in
    their kernels (paths.config_dir reads OPSREVIEW_CONFIG)."""
    before = os.environ.get("OPSREVIEW_CONFIG")
    if ws.is_project:
        os.environ.pop("OPSREVIEW_CONFIG", None)
    else:
        os.environ["OPSREVIEW_CONFIG"] = str(ws.config)
    try:
        yield ws
    finally:
        if before is None:
            os.environ.pop("OPSREVIEW_CONFIG", None)
        else:
            os.environ["OPSREVIEW_CONFIG"] = before


def seed_config(root: Path) -> list[Path]:
    """A demo client's config/: the project's targets, entities and imports, where it has none."""
    config = Path(root) / "config"
    config.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SEEDED_CONFIG:
        if (CONFIG_DIR / name).is_file() and not (config / name).exists():
            shutil.copyfile(CONFIG_DIR / name, config / name)
            written.append(config / name)
    return written
