"""The sample months' notes.md: hand-written (the seed's qualitative points in the project's
own words), kept in sample/notes/<MONTH>.md and copied as they are, never generated."""

from __future__ import annotations

from pathlib import Path

from opsreview.files import atomic_write
from opsreview.notes import sections as notes

SOURCES = Path(__file__).with_name("notes")


def copy_notes(month: str, target: Path) -> list[Path]:
    """Copy the month's notes into TARGET (atomically); [] for a month without any."""
    source = SOURCES / f"{month}.md"
    if not source.is_file():
        return []
    path = Path(target) / notes.FILE
    atomic_write(path, source.read_bytes())
    return [path]
