"""Numbers formatted for people: 12.8万, 59.5%, 3 分钟. One place, both languages."""

from __future__ import annotations

import math
from typing import Any

NO_DATA = {"zh": "无数据", "en": "no data"}


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def number(value: Any, lang: str = "zh", digits: int = 1) -> str:
    """A count or amount: 12.8万 / 128,000; small values keep up to `digits` decimals."""
    if _missing(value):
        return NO_DATA[lang]
    x = float(value)
    if lang == "zh" and abs(x) >= 100_000_000:
        return _trim(f"{x / 100_000_000:.2f}") + "亿"
    if lang == "zh" and abs(x) >= 10_000:
        return _trim(f"{x / 10_000:.2f}" if abs(x) < 100_000 else f"{x / 10_000:.1f}") + "万"
    if x == int(x):
        return f"{int(x):,}"
    return _trim(f"{x:,.{digits}f}")


def signed_number(value: Any, lang: str = "zh") -> str:
    """A change in a count: +1 / -2.5 / +1.2万."""
    if _missing(value):
        return NO_DATA[lang]
    text = number(value, lang)
    return text if text.startswith("-") or float(value) == 0 else "+" + text


def integer(value: Any, lang: str = "zh") -> str:
    if _missing(value):
        return NO_DATA[lang]
    return number(round(float(value)), lang)


def percent(value: Any, lang: str = "zh", digits: int = 1) -> str:
    """A fraction shown as a percentage: 0.595 -> 59.5%."""
    if _missing(value):
        return NO_DATA[lang]
    return _trim(f"{float(value) * 100:.{digits}f}") + "%"


def signed_percent(value: Any, lang: str = "zh", digits: int = 1) -> str:
    """A relative change: 0.185 -> +18.5%."""
    if _missing(value):
        return NO_DATA[lang]
    text = percent(value, lang, digits)
    return text if text.startswith("-") else "+" + text


def points(value: Any, lang: str = "zh", digits: int = 1) -> str:
    """A difference of two rates in percentage points: 0.082 -> +8.2 个百分点 / +8.2 pts."""
    if _missing(value):
        return NO_DATA[lang]
    text = _trim(f"{float(value) * 100:+.{digits}f}")
    return f"{text} 个百分点" if lang == "zh" else f"{text} pts"


def sign(better: str | None) -> str:
    """≥ for a figure where higher is better (or a minimum), ≤ otherwise."""
    return "≥" if better in ("higher", "min") else "≤"


def money(value: Any, lang: str = "zh") -> str:
    """CNY to the yuan: 86万元 / 374元 / CNY 860,000."""
    if _missing(value):
        return NO_DATA[lang]
    if lang == "zh":
        return f"{number(value, lang, 0)}元"
    return f"{'-' if float(value) < 0 else ''}CNY {number(abs(float(value)), lang, 0)}"


def money_wan(value: Any, lang: str = "zh") -> str:
    """Money in 万元 even below 10,000 (0.71万元), for a column whose other amounts are in
    万元; English has no such unit and writes CNY 7,100."""
    if _missing(value) or lang != "zh":
        return money(value, lang)
    wan = float(value) / 10_000  # the digits `number` gives: 39.7万 beside 35.2万, 0.71万
    return _trim(f"{wan:.1f}" if abs(wan) >= 10 else f"{wan:.2f}") + "万元"


_UNITS = {
    "seconds": ("秒", "s"), "minutes": ("分钟", "min"), "hours": ("小时", "h"),
    "days": ("天", "days"),
}


def duration(value: Any, unit: str, lang: str = "zh", digits: int = 1) -> str:
    """A duration in the unit its metric key names: 3 分钟 / 3 min."""
    if _missing(value):
        return NO_DATA[lang]
    zh, en = _UNITS[unit]
    text = _trim(f"{float(value):.{digits}f}")
    if lang == "en" and en == "days" and text == "1":
        en = "day"
    return f"{text} {zh if lang == 'zh' else en}"


def ratio(value: Any, lang: str = "zh") -> str:
    """An ROI written the way the trade writes it: 1:3.5."""
    if _missing(value):
        return NO_DATA[lang]
    return "1:" + _trim(f"{float(value):.1f}")


def date(value: Any, lang: str = "zh") -> str:
    if _missing(value) or value == "":
        return NO_DATA[lang]
    text = str(value)[:10]
    if lang == "zh":
        y, m, d = text.split("-")
        return f"{int(y)}年{int(m)}月{int(d)}日"
    return text


# decimals a figure of each kind is shown with: a rate to 0.1 point, an ROI to 0.1, seconds whole
_SHOWN_DIGITS = {"percent": 3, "signed_percent": 3, "ratio": 1, "number": 1, "seconds": 0,
                 "minutes": 1, "hours": 1, "days": 1}


def as_shown(value: float, kind: str) -> float:
    """The value rounded as it is shown, so that a change is the one between the two figures a
    reader sees (80.7% → 84.7% is 4 points, not the 3.9 of the unrounded figures) and two
    figures shown alike have not moved. Amounts keep their precision (their change is relative)."""
    digits = _SHOWN_DIGITS.get(kind)
    return value if digits is None else round(float(value), digits)


FORMATS = {
    "number": number, "int": integer, "percent": percent, "signed_percent": signed_percent,
    "signed_number": signed_number,
    "points": points, "money": money, "money_wan": money_wan, "ratio": ratio, "date": date,
    "seconds": lambda v, lang="zh": duration(v, "seconds", lang, 0),
    "minutes": lambda v, lang="zh": duration(v, "minutes", lang),
    "hours": lambda v, lang="zh": duration(v, "hours", lang),
    "days": lambda v, lang="zh": duration(v, "days", lang),
    "text": lambda v, lang="zh": NO_DATA[lang] if _missing(v) else str(v),
}


def format_value(value: Any, kind: str, lang: str = "zh") -> str:
    """Format by kind name (number, int, percent, points, money, seconds, minutes, days…)."""
    try:
        return FORMATS[kind](value, lang)
    except KeyError:
        raise KeyError(f"unknown format {kind!r}; known: {', '.join(FORMATS)}") from None
