"""Platform value quirks, cleaned off the cells before the shared typed parsing.

Between reading a file into cells (CSV or workbook) and parsing them by catalog type, this
step removes what the platforms add (contract/platforms.py declares it): totals rows wherever they
are, text guards (`="3000123"`, a leading `'`), `元` after amounts and `万` / `亿` multipliers,
words for "no figure yet", rows a dataset does not count (unpaid orders) and `店铺:昵称`
cells. Each skip is a notice. The cells a fix applies to are found at C speed (Arrow regular
expressions) and only those go through Python, so clean exports pay little for this step.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from opsreview.contract import platforms as pf
from opsreview.contract.catalog import Dataset
from opsreview.ingest.parsing import NUMERIC

# What marks a cell for each fix (searched at C speed; only the marked cells are fixed in Python)
_WORDS = "|".join(re.escape(w) for w in sorted(pf.NO_FIGURE, key=len, reverse=True))
NO_FIGURE_CELL = rf"(?i)^\s*({_WORDS})\s*$"
GUARDED_CELL = r"^\s*(=\"|')"
AMOUNT_CELL = "|".join([*(re.escape(s) for s in (*pf.CURRENCY_SUFFIXES, *pf.MULTIPLIERS)),
                        NO_FIGURE_CELL])


def clean(raw: pd.DataFrame, ds: Dataset, found: dict[str, int], header: list[str],
          file: str, guards: bool = True) -> tuple[pd.DataFrame, list[str]]:
    """The cells without the platforms' quirks, and a notice for each kind of row skipped.
    `found` and `header` gain a column when a split rule adds one. GUARDS False: the file
    holds no `="` and no `'` (`may_hold_guards`), so no cell is searched for one."""
    notices: list[str] = []
    raw = _drop_totals(raw, file, notices)
    types = {pos: ds.column(name).type for name, pos in found.items()}
    copied = False
    for pos, kind in types.items():
        original = raw[pos]
        if not _is_text(original):
            continue
        column = _unguard(original) if guards else original
        if kind in NUMERIC:
            column = _amounts(column)
        elif kind not in ("str", "enum"):
            column = _fix_where(column, NO_FIGURE_CELL, lambda c: None)
        if column is not original:
            if not copied:  # a shallow copy: the raw cells stay shared, columns are replaced
                raw, copied = raw.copy(deep=False), True
            raw[pos] = column
    raw = _skip_rows(raw, ds, found, file, notices)
    raw = _split(raw, ds, found, header)
    return raw, notices


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or isinstance(column.dtype, pd.CategoricalDtype)


def _texts(column: pd.Series) -> pa.Array:
    """The column's text cells as an Arrow string array (other cells null)."""
    values = column.to_numpy(dtype=object)
    try:
        return pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a workbook's numbers among its text cells
        text = np.fromiter((isinstance(c, str) for c in values), dtype=bool, count=len(values))
        return pa.array(np.where(text, values, None), type=pa.string(), from_pandas=True)


def _flags(array: pa.Array) -> np.ndarray:
    return array.fill_null(False).to_numpy(zero_copy_only=False)


def _fix_where(column: pd.Series, pattern: str, fix) -> pd.Series:
    """`fix` (cell -> cell) applied to the cells matching the regex `pattern`; the column
    itself (the same object) when none does."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        cats = column.cat.categories
        hits = _flags(pc.match_substring_regex(_texts(pd.Series(cats)), pattern))
        if not hits.any():
            return column
        table = {c: fix(c) if hit else c for c, hit in zip(cats, hits, strict=True)}
        return column.astype(object).map(table).astype(object)
    hits = _flags(pc.match_substring_regex(_texts(column), pattern))
    if not hits.any():
        return column
    rows = np.flatnonzero(hits)
    values = column.to_numpy(dtype=object, copy=True)
    values[rows] = [fix(c) for c in values[rows]]
    return pd.Series(values, index=column.index, name=column.name)


def unguard(cell: str) -> str:
    """`="3000123"` -> `3000123`, `'13800` -> `13800`; other cells as they are."""
    text = cell.strip()
    match = pf.GUARD.match(text) if text[:1] in ("=", "'") else None
    if match is None:
        return cell
    return match.group(1) if match.group(1) is not None else match.group(2)


def _unguard(column: pd.Series) -> pd.Series:
    """The column with its text guards stripped, all in Arrow (order IDs: every cell)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return _fix_where(column, GUARDED_CELL, unguard)
    text = _texts(column)
    hits = _flags(pc.match_substring_regex(text, GUARDED_CELL))
    if not hits.any():
        return column
    rows = np.flatnonzero(hits)
    cells = pc.utf8_trim_whitespace(text.take(pa.array(rows)))
    cells = pc.replace_substring_regex(cells, r'^="(.*)"$', r"\1")
    cells = pc.replace_substring_regex(cells, r"^'", "")
    values = column.to_numpy(dtype=object, copy=True)
    values[rows] = cells.to_numpy(zero_copy_only=False)
    return pd.Series(values, index=column.index, name=column.name)


def may_hold_guards(utf8: bytes) -> bool:
    """Whether a CSV file's bytes hold a text guard's marks anywhere (two fast searches;
    looking cell by cell took half a second of 1.36 M sessions)."""
    return b'="' in utf8 or b"'" in utf8


def _amounts(column: pd.Series) -> pd.Series:
    """A figure column (its guards stripped) with currency words, 万/亿 and "no figure"
    words read. The cells are searched at C speed for what marks them (no plain number or
    clock time has it), and only those are fixed; a workbook's numbers are no text and
    never searched."""
    return _fix_where(column, AMOUNT_CELL, amount)


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


def _trimmed(column: pd.Series) -> pa.Array:
    return pc.utf8_trim_whitespace(_texts(column))


# Every kind of space, removed before a cell is compared with the totals words (合　计, 合 计,
# 总\u00a0计, 小\u200b计): Unicode separators, ASCII whitespace, zero-width characters.
SPACES = r"[\s\p{Z}\x{200B}-\x{200D}\x{2060}\x{FEFF}]+"


def _drop_totals(raw: pd.DataFrame, file: str, notices: list[str]) -> pd.DataFrame:
    """Rows whose first non-empty cell is 合计 / 汇总 / 均值 / Average…, wherever they are,
    however the word is spaced."""
    if not len(raw):
        return raw
    words = pa.array(sorted(pf.TOTALS))
    pending, totals = np.ones(len(raw), dtype=bool), np.zeros(len(raw), dtype=bool)
    for pos in raw.columns:
        if not pending.any():
            break
        rows = np.flatnonzero(pending)
        cells = raw[pos].iloc[rows]
        present = cells.notna().to_numpy(dtype=bool)
        if _is_text(cells):
            text = pc.utf8_lower(pc.utf8_rtrim(pc.replace_substring_regex(
                _texts(cells.astype(object)), SPACES, ""), characters=":："))
            present &= ~_flags(pc.equal(text, ""))
            totals[rows[_flags(pc.is_in(text, value_set=words))]] = True
        pending[rows[present]] = False
    if not totals.any():
        return raw
    rows = list(raw.index[totals])
    seen = ", ".join(dict.fromkeys(str(raw.loc[r].dropna().iloc[0]).strip() for r in rows))
    word = "row" if len(rows) == 1 else "rows"
    notices.append(f"{file}: skipped the totals {word} {', '.join(map(str, rows[:5]))}"
                   f"{' …' if len(rows) > 5 else ''} ({seen})")
    return raw[~totals]


def _skip_rows(raw: pd.DataFrame, ds: Dataset, found: dict[str, int], file: str,
               notices: list[str]) -> pd.DataFrame:
    for rule in pf.SKIP_ROWS:
        if rule.dataset != ds.name or not len(raw):
            continue
        skip = np.zeros(len(raw), dtype=bool)
        if rule.empty in found:
            cells = raw[found[rule.empty]]
            skip |= cells.isna().to_numpy(dtype=bool)
            if _is_text(cells):
                skip |= _flags(pc.equal(_trimmed(cells.astype(object)), ""))
        if rule.column in found and _is_text(raw[found[rule.column]]):
            text = _trimmed(raw[found[rule.column]].astype(object))
            skip |= _flags(pc.is_in(text, value_set=pa.array(rule.values)))
        if skip.any():
            count = int(skip.sum())
            notices.append(f"{file}: skipped {count} row{'s' * (count > 1)}: {rule.why}")
            raw = raw[~skip]
    return raw


def _split(raw: pd.DataFrame, ds: Dataset, found: dict[str, int],
           header: list[str]) -> pd.DataFrame:
    for rule in pf.SPLITS:
        if rule.dataset != ds.name or rule.column not in found:
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
        given = parts.map(lambda p: p[0].strip() if isinstance(p, list) else None)
        if rule.into in found:  # the file's own column wins; an empty cell takes the split
            into = raw[found[rule.into]].astype(object)
            empty = into.isna() | (into.astype(str).str.strip() == "")
            raw[found[rule.into]] = into.where(~(two & empty), given)
            continue
        pos = len(header)
        raw[pos] = pd.Series(None, index=raw.index, dtype=object).where(~two, given)
        header.append(rule.into)
        found[rule.into] = pos
    return raw
