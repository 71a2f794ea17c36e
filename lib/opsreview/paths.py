"""Where the project's folders are. Overridable by environment for tests and the runner."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("OPSREVIEW_ROOT", Path(__file__).resolve().parents[2]))
CONFIG_DIR = PROJECT_ROOT / "config"
RAW_DIR = PROJECT_ROOT / "data" / "raw"
PROCESSED_DIR = PROJECT_ROOT / "data" / "processed"
OUTPUTS_DIR = PROJECT_ROOT / "outputs"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"


def config_dir() -> Path:
    """The config folder in force: the workspace's being built (OPSREVIEW_CONFIG, set by a
    batch for each workspace and passed to its workers and kernels), else the project's.
    Labels are the product's and stay in the project's config/labels."""
    return Path(os.environ.get("OPSREVIEW_CONFIG") or CONFIG_DIR)
