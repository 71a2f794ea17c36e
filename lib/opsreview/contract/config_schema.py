"""The shape of every hand-edited configuration file, declared once and checked on reading.

A hand edit of the wrong type (`shops: hello`, `aliases: 5`, an unknown platform) stops with
the file, the key path and what was expected, instead of a TypeError deep in a report.
Maps are open: keys not declared here are allowed (other sections may carry notes), but a
declared key must have its declared shape, and a required one must be there.
"""

from __future__ import annotations

import datetime as dt
import math
import reprlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opsreview.errors import ConfigError

PLATFORMS = ("tmall", "taobao")  # shop platforms the compliance rules and labels know


class ShapeError(ValueError):
    """Where the data differs from its shape: the key path, what was expected, what is there."""

    def __init__(self, where: str, expected: str, found: Any) -> None:
        shown = _SHORT.repr(found)  # bounded: never the repr of a huge value
        shown = shown if len(shown) <= 40 else shown[:40] + "…"
        super().__init__(f"{where or 'the top level'}: expected {expected}, found {shown}")


_SHORT = reprlib.Repr()  # Python 3.11's Repr takes no arguments
_SHORT.maxlevel, _SHORT.maxdict, _SHORT.maxlist, _SHORT.maxstring = 2, 3, 3, 40
LARGEST = 1e12  # no target, threshold or count of a month reaches it: a slip of the keyboard


def _at(where: str, key: object) -> str:
    return f"{where}[{key}]" if isinstance(key, int) else f"{where}.{key}" if where else str(key)


@dataclass(frozen=True)
class Scalar:
    """A leaf: text, number, whole number, date, or one of a few words."""

    kind: str  # text | number | whole | date | word
    words: tuple[str, ...] = ()

    def check(self, value: Any, where: str) -> None:
        ok = {
            "text": isinstance(value, str | int | float) and not isinstance(value, bool),
            "number": isinstance(value, int | float) and not isinstance(value, bool),
            "whole": isinstance(value, int) and not isinstance(value, bool),
            "date": isinstance(value, dt.date),
            "word": value in self.words,
        }[self.kind]
        if not ok:
            raise ShapeError(where, self.describe(), value)
        if self.kind in ("number", "whole") and not (math.isfinite(value)
                                                     and abs(value) < LARGEST):
            raise ShapeError(where, f"{self.describe()}, finite and below {LARGEST:g}", value)

    def describe(self) -> str:
        if self.kind == "word":
            return ", ".join(self.words[:-1]) + " or " + self.words[-1]
        return {"text": "text", "number": "a number", "whole": "a whole number",
                "date": "a date (YYYY-MM-DD)"}[self.kind]


@dataclass(frozen=True)
class Map:
    keys: dict[str, Any]
    required: tuple[str, ...] = ()
    each: Any = None  # every value's shape, for maps keyed by name (targets)

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise ShapeError(where, self.describe(), value)
        missing = [key for key in self.required if key not in value]
        if missing:
            raise ValueError(f"{where or 'the top level'}: missing {', '.join(missing)}")
        for key, item in value.items():
            shape = self.keys.get(key, self.each)
            if shape is not None:
                shape.check(item, _at(where, key))

    def describe(self) -> str:
        return f"a mapping (of {', '.join(self.keys) or 'names'})"


@dataclass(frozen=True)
class List:
    item: Any
    length: int | None = None

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, list) or (self.length and len(value) != self.length):
            raise ShapeError(where, self.describe(), value)
        for i, item in enumerate(value):
            self.item.check(item, _at(where, i))

    def describe(self) -> str:
        size = f" of {self.length}" if self.length else ""
        return f"a list{size}, each item {self.item.describe()}"


@dataclass(frozen=True)
class Maybe:
    """A value that may also be written as null (`metric: null`)."""

    shape: Any

    def check(self, value: Any, where: str) -> None:
        if value is not None:
            self.shape.check(value, where)

    def describe(self) -> str:
        return self.shape.describe() + " or null"


TEXT, NUMBER, WHOLE, DATE = Scalar("text"), Scalar("number"), Scalar("whole"), Scalar("date")
BETTER = Scalar("word", ("higher", "lower"))
WORDS = Map({"zh": TEXT, "en": TEXT}, required=("zh", "en"))  # a text in both languages

TARGETS = Map({
    "targets": Map({}, each=Map({
        "value": NUMBER, "low": NUMBER, "unit": TEXT,
        "kind": Scalar("word", ("target", "benchmark")), "better": BETTER,
        "metric": Maybe(TEXT), "source": TEXT, "action": WORDS,
    }, required=("value", "better", "source"))),
    "shake_threshold": Map({"value": WHOLE, "source": TEXT}, required=("value",)),
    "tmall_trial": Map({
        "window_days": List(WHOLE, length=2), "source": TEXT,
        "indicators": List(Map({
            "key": TEXT, "group": TEXT, "column": TEXT, "source": TEXT,
            "standard": Map({"value": NUMBER, "better": BETTER, "unit": TEXT},
                            required=("value", "better")),
            "elimination": Map({"column": TEXT, "below": NUMBER, "above": NUMBER}),
        }, required=("key", "column", "standard", "elimination"))),
    }, required=("window_days", "indicators")),
    "taobao_penalties": Map({
        "source": TEXT, "general_reset": TEXT,
        # days: how long a tier's block or closure lasts (the status says when it ends)
        "tiers": List(Map({"points": WHOLE, "days": WHOLE, "consequence": WORDS},
                          required=("points", "consequence"))),
        "red_line": Map({"consequence": WORDS, "source": TEXT}, required=("consequence",)),
    }, required=("tiers", "red_line")),
    "deal_entry": Map({
        "source": TEXT,
        "rules": List(Map({"key": TEXT, "column": TEXT, "min": NUMBER, "max": NUMBER},
                          required=("key", "column"))),
    }, required=("rules",)),
}, required=("targets",))

ENTITIES = Map({
    "company": Map({"zh": TEXT, "en": TEXT}),
    "hq": Map({"name": TEXT, "aliases": List(TEXT)}),
    "sites": List(Map({"site": TEXT, "name": TEXT, "launched_on": DATE}, required=("site",))),
    "shops": List(Map({"shop": TEXT, "platform": Scalar("word", PLATFORMS)},
                      required=("shop",))),
    "holidays": List(Map({"name": Map({"zh": TEXT, "en": TEXT}), "from": DATE, "to": DATE},
                         required=("name", "from", "to"))),
    "groups": List(Map({"group": TEXT, "figures": List(TEXT)}, required=("group", "figures"))),
})

INSIGHT_KINDS = ("alert", "milestone", "rule", "target", "benchmark", "change", "record",
                 "unusual", "concentration", "contributor", "fact",
                 "context")  # judging/insights.py
EDITORIAL = Map({
    "weights": Map({k: NUMBER for k in INSIGHT_KINDS}, required=INSIGHT_KINDS),
    "magnitude_cap": NUMBER, "change_scale": NUMBER, "problem_factor": NUMBER,
    "money_factor": NUMBER, "concentration_share": NUMBER, "least_items": WHOLE,
    "key_points": WHOLE, "key_points_each_side": WHOLE, "index_part_items": WHOLE,
    "system_phrases": Map({"zh": List(TEXT), "en": List(TEXT)}, required=("zh", "en")),
}, required=("weights", "magnitude_cap", "change_scale", "problem_factor", "money_factor",
             "concentration_share", "least_items",
             "key_points",
             "key_points_each_side", "index_part_items"))

SHAPES = {"targets.yml": TARGETS, "entities.yml": ENTITIES, "editorial.yml": EDITORIAL}


def check(data: dict, path: Path) -> dict:
    """`data` read from `path` when it has the file's declared shape; else ConfigError."""
    shape = SHAPES.get(Path(path).name)
    try:
        if shape is not None:
            shape.check(data, "")
    except ValueError as exc:  # ShapeError, or a required key missing
        raise ConfigError(f"{path}: {exc}") from None
    return data
