"""Platform value quirks, cleaned off the cells before the shared typed parsing.

Between reading a file into cells (CSV or workbook) and parsing them by catalog type, this
step removes what the platforms add (platforms.py declares it): totals rows wherever they
are, text guards (`="3000123"`, a leading `'`), `元` after amounts and `万` / `亿` multipliers,
words for "no figure yet", rows a dataset does not count (unpaid orders) and `店铺:昵称`
cells. Each skip is a notice. A CSV whose bytes hold none of a quirk's marks skips its pass,
so the sample exports pay almost nothing for it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import platforms as pf
from .catalog import Dataset
from .parsing import NUMERIC

# byte marks of each pass; a CSV holding none of a pass's marks skips it
_MARKS = {
    "guard": (b'="', b"'"),
    "amount": tuple(s.encode() for s in (*pf.CURRENCY_SUFFIXES, *pf.MULTIPLIERS)),
    "no_figure": tuple(w.encode() for w in pf.NO_FIGURE if not w.startswith("-")),
}


def passes(utf8: bytes | None) -> frozenset[str]:
    """The passes a file needs: all for a workbook (None), those whose marks a CSV holds."""
    if utf8 is None:
        return frozenset(_MARKS)
    return frozenset(name for name, marks in _MARKS.items() if any(m in utf8 for m in marks))


def clean(raw: pd.DataFrame, ds: Dataset, found: dict[str, int], header: list[str], file: str,
          needed: frozenset[str]) -> tuple[pd.DataFrame, list[str]]:
    """The cells without the platforms' quirks, and a notice for each kind of row skipped.
    `found` and `header` gain a column when a split rule adds one."""
    notices: list[str] = []
    raw = _drop_totals(raw, file, notices)
    types = {pos: ds.column(name).type for name, pos in found.items()}
    copied = False
    for pos, kind in types.items():
        column = raw[pos]
        if not _is_text(column):
            continue
        if "guard" in needed:
            column = _unguard(column)
        if kind in NUMERIC and needed & {"amount", "no_figure"}:
            column = _amounts(column)
        elif kind not in ("str", "enum") and "no_figure" in needed:
            column = _no_figure(column)
        if column is not raw[pos]:
            if not copied:  # a shallow copy: the raw cells stay shared, columns are replaced
                raw, copied = raw.copy(deep=False), True
            raw[pos] = column
    raw = _skip_rows(raw, ds, found, file, notices)
    raw = _split(raw, ds, found, header)
    return raw, notices


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or isinstance(column.dtype, pd.CategoricalDtype)


def _by_value(column: pd.Series, fix) -> pd.Series:
    """Apply `fix` (cell -> cell) to the distinct cells that need it; the column unchanged
    (the same object) when none does."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        cats = column.cat.categories
        fixed = [fix(c) for c in cats]
        if all(a is b for a, b in zip(fixed, cats, strict=True)):
            return column
        table = dict(zip(cats, fixed, strict=True))
        return column.astype(object).map(table).astype(object)
    text = column.map(lambda c: isinstance(c, str))
    cells = column[text.astype(bool)]
    if not len(cells):
        return column
    uniques = pd.unique(cells.to_numpy(dtype=object))
    table = {c: fix(c) for c in uniques}
    changed = {c: v for c, v in table.items() if v is not c}
    if not changed:
        return column
    out = column.copy()
    hit = cells.isin(list(changed))
    out.loc[hit[hit].index] = cells[hit].map(changed).to_numpy(dtype=object)
    return out


def unguard(cell: str) -> str:
    """`="3000123"` -> `3000123`, `'13800` -> `13800`; other cells as they are."""
    text = cell.strip()
    match = pf.GUARD.match(text) if text[:1] in ("=", "'") else None
    if match is None:
        return cell
    return match.group(1) if match.group(1) is not None else match.group(2)


def _unguard(column: pd.Series) -> pd.Series:
    return _by_value(column, unguard)


def amount(cell: str):
    """A platform amount: `1,234元`, `2.5万` (25000), `1.2亿`; a "no figure yet" word is None.
    Cells that are none of these are returned as they are for the shared parser to judge."""
    text = cell.strip()
    if text.lower() in pf.NO_FIGURE:
        return None
    for suffix in pf.CURRENCY_SUFFIXES:
        if text.endswith(suffix) or text.startswith(suffix):
            text = text.removesuffix(suffix).removeprefix(suffix).strip()
    factor = pf.MULTIPLIERS.get(text[-1:]) if text else None
    if factor is None:
        return text if text != cell.strip() else cell
    body = text[:-1].strip().replace(",", "")
    try:
        return round(float(body) * factor, 6)
    except ValueError:
        return cell


def _amounts(column: pd.Series) -> pd.Series:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return _by_value(column, amount)
    numbers = pd.to_numeric(column, errors="coerce")
    retry = numbers.isna() & column.notna()
    if not retry.any():
        return column
    fixed = _by_value(column[retry], amount)
    if fixed is column[retry]:
        return column
    out = column.copy()
    out.loc[retry[retry].index] = fixed.to_numpy(dtype=object)
    return out


def _no_figure(column: pd.Series) -> pd.Series:
    return _by_value(column, lambda c: None if c.strip().lower() in pf.NO_FIGURE else c)


def _first_cells(raw: pd.DataFrame) -> pd.Series:
    """Each row's first non-empty cell, stripped and case-folded (text cells only)."""
    first = pd.Series(None, index=raw.index, dtype=object)
    pending = np.ones(len(raw), dtype=bool)
    for pos in raw.columns:
        if not pending.any():
            break
        cells = raw[pos].iloc[np.flatnonzero(pending)]
        if _is_text(cells):
            cells = cells.astype(object)
            text = cells.where(cells.notna(), None).map(
                lambda c: c.strip().lower() if isinstance(c, str) else c)
        else:
            text = cells.astype(object).where(cells.notna(), None)
        present = text.notna() & (text != "")
        first.loc[present[present].index] = text[present].to_numpy(dtype=object)
        pending[np.flatnonzero(pending)[present.to_numpy(dtype=bool)]] = False
    return first


def _drop_totals(raw: pd.DataFrame, file: str, notices: list[str]) -> pd.DataFrame:
    """Rows whose first cell is 合计 / 汇总 / 均值 / Average…, wherever they are."""
    if not len(raw):
        return raw
    first = _first_cells(raw)
    words = first.map(lambda c: isinstance(c, str) and c.rstrip(":：") in pf.TOTALS)
    totals = words.astype(bool)
    if not totals.any():
        return raw
    rows = list(raw.index[totals.to_numpy()])
    seen = ", ".join(dict.fromkeys(str(raw.loc[r].dropna().iloc[0]).strip() for r in rows))
    word = "row" if len(rows) == 1 else "rows"
    notices.append(f"{file}: skipped the totals {word} {', '.join(map(str, rows[:5]))}"
                   f"{' …' if len(rows) > 5 else ''} ({seen})")
    return raw[~totals.to_numpy()]


def _skip_rows(raw: pd.DataFrame, ds: Dataset, found: dict[str, int], file: str,
               notices: list[str]) -> pd.DataFrame:
    for rule in pf.SKIP_ROWS:
        if rule.dataset != ds.name or not len(raw):
            continue
        skip = np.zeros(len(raw), dtype=bool)
        if rule.empty in found:
            cells = raw[found[rule.empty]].astype(object)
            skip |= (cells.isna() | (cells.map(lambda c: str(c).strip()) == "")).to_numpy()
        if rule.column in found:
            cells = raw[found[rule.column]].astype(object)
            skip |= cells.map(lambda c, values=rule.values: str(c).strip() in values) \
                .to_numpy(dtype=bool)
        if skip.any():
            count = int(skip.sum())
            notices.append(f"{file}: skipped {count} row{'s' * (count > 1)}: {rule.why}")
            raw = raw[~skip]
    return raw


def _split(raw: pd.DataFrame, ds: Dataset, found: dict[str, int],
           header: list[str]) -> pd.DataFrame:
    for rule in pf.SPLITS:
        if rule.dataset != ds.name or rule.column not in found or rule.into in found:
            continue
        cells = raw[found[rule.column]].astype(object)
        pattern = f"[{rule.separators}]"
        parts = cells.str.split(pattern, n=1, regex=True)
        two = parts.map(lambda p: isinstance(p, list) and len(p) == 2 and all(x.strip()
                                                                             for x in p))
        if not two.astype(bool).any():
            continue
        two = two.astype(bool)
        raw = raw.copy()
        raw[found[rule.column]] = cells.where(~two, parts.map(lambda p: p[-1]))
        pos = len(header)
        raw[pos] = pd.Series(None, index=raw.index, dtype=object).where(
            ~two, parts.map(lambda p: p[0] if isinstance(p, list) else None))
        header.append(rule.into)
        found[rule.into] = pos
    return raw
