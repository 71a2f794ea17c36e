"""What came of building one domain's page: the one vocabulary the page, the runner, the
manifest and metrics.json, the index and the batch summary use (a StrEnum: its members are
the plain strings the JSON files hold, and compare equal to them)."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    OK = "ok"  # the page, from the month's data
    NO_DATA = "no_data"  # none of the domain's own files this month: a page saying so
    INVALID = "invalid"  # an input failed validation: its error page, the last good one stale
    FAILED = "failed"  # the build broke (a kernel, a write): the same, with what broke


# a page of this build is published; otherwise the last good page stays, marked stale
PUBLISHED = frozenset({Status.OK, Status.NO_DATA})
BROKEN = frozenset({Status.INVALID, Status.FAILED})
