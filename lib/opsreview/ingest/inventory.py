"""A month folder's inventory: which file feeds which dataset, and what its context gives.

Files are downloads under any name. The canonical name (`site_traffic.csv`) decides; any other
file is recognised by its header row (found below up to 10 description lines) through the
catalog's names and aliases and the user's own headers (config/imports.yml). Columns a
per-site or per-shop export lacks come from its context (ingest/context.py). Every file gets an
entry, recognised or not and why, so that `make validate` accounts for each one.

The inventory is computed once per month and kept beside the processed cache, keyed on each
file's name and content hash (a re-download with the same name, size and time is another
file) and on the code, config and package versions that decide it: a no-op `make report`
opens no workbook.
"""

from __future__ import annotations

import hashlib
import json
import stat
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from opsreview.contract import platforms
from opsreview.contract.catalog import BY_NAME, DATASETS, Dataset
from opsreview.contract.config import read_text, read_yaml
from opsreview.digest import kept, sha256_path, stamp
from opsreview.errors import ConfigError, DataError, shown
from opsreview.files import atomic_write
from opsreview.ingest import context
from opsreview.ingest.context import Source
from opsreview.ingest.packages import versions
from opsreview.modules import code_hash
from opsreview.month.months import Month
from opsreview.paths import config_dir

# The loader stack (pandas, Arrow) is imported only to examine a new or changed file: a
# no-op build reads the cached inventory without it.
VERSION = "2"
READABLE = (".csv", ".txt", ".tsv", ".xlsx", ".xls", ".xlsm")
IMPORTS = "imports.yml"
CACHE_NAME = "inventory.json"
NOTES, NOTES_ENTRY = "notes.md", "the analyst's notes"  # notes/sections.py reads and checks them


@dataclass
class Entry:
    """One file of the month folder and what it became."""

    file: str
    size: int
    mtime_ns: int
    sha256: str = ""  # what the entry was computed from: reused only for the same bytes
    kind: str = ""  # csv | xlsx | xls; empty when not read
    dataset: str | None = None
    fill: list[list[str]] = field(default_factory=list)  # [column, value] from its context
    notes: list[str] = field(default_factory=list)  # where its site/shop/date came from
    error: str | None = None  # recognised, but its context is wrong (an unlisted shop)
    why: str | None = None  # not recognised: the headers seen, the nearest dataset
    ignored: str | None = None  # not a data file at all (a folder, a lock file)

    def source(self, imports: dict[str, tuple[tuple[str, str], ...]],
               known: dict[str, tuple[tuple[str, str], ...]] | None = None) -> Source:
        columns = {c.name for c in BY_NAME[self.dataset].columns} if self.dataset else set()
        return Source(tuple(tuple(f) for f in self.fill), imports.get(self.dataset or "", ()),
                      tuple(self.notes), tuple((k, v) for k, v in (known or {}).items()
                                               if k in columns))


@dataclass
class Inventory:
    folder: Path
    month: Month
    entries: list[Entry]
    imports: dict[str, tuple[tuple[str, str], ...]]
    known: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # sites, shops

    def files_for(self, name: str) -> list[Entry]:
        return [e for e in self.entries if e.dataset == name]

    @property
    def recognised(self) -> list[Entry]:
        return [e for e in self.entries if e.dataset]

    @property
    def unknown(self) -> list[Entry]:
        return [e for e in self.entries if not e.dataset and not e.ignored]


# --- config/imports.yml -------------------------------------------------------------------
def read_imports(root: Path | None = None) -> dict[str, tuple[tuple[str, str], ...]]:
    """The user's header names per dataset: {dataset: ((header, column), ...)}, checked."""
    path = Path(root or config_dir()) / IMPORTS
    if not path.exists():
        return {}
    lines = read_text(path).splitlines()
    only_comments = all(not ln.strip() or ln.lstrip().startswith("#") for ln in lines)
    raw = {} if only_comments else read_yaml(path)
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for name, mapping in (raw or {}).items():
        if name not in BY_NAME:
            raise ConfigError(f"{path}: {name!r} is not a dataset; known: {', '.join(BY_NAME)}")
        if not isinstance(mapping, dict):
            raise ConfigError(f"{path}: {name}: expected a mapping of header: column")
        ds = BY_NAME[name]
        columns = [c.name for c in ds.columns]
        pairs = []
        for header, column in mapping.items():
            if not str(header).strip():
                raise ConfigError(f"{path}: {name}: an empty header")
            if column not in columns:
                raise ConfigError(f"{path}: {name}.{header}: maps to {column!r}, which {name} "
                                  f"does not have; its columns: {', '.join(columns)}")
            pairs.append((str(header), str(column)))
        out[name] = tuple(pairs)
    return out


# --- recognition --------------------------------------------------------------------------
def _fillable(ds: Dataset) -> set[str]:
    """Required columns a file may lack because its context gives them."""
    names = {c.name for c in ds.columns}
    out = {n for n in platforms.ENTITY_COLUMNS if n in names}
    if ds.name in platforms.SNAPSHOT_DATE:
        out.add(platforms.SNAPSHOT_DATE[ds.name])
    return out


def recognise(head: list[list[str]], imports: dict) -> tuple[Dataset | None, int, str]:
    """(dataset, header row, why not) for a file's first rows: the dataset whose columns its
    header names most, among those it names every required column of (context aside)."""
    from opsreview.ingest.heads import HEADER_SCAN, match_cell

    best = nearest = None
    for row, rec in enumerate(head[:HEADER_SCAN]):
        if not any(c.strip() for c in rec):
            continue
        for ds in DATASETS:
            lookup = header_lookup(ds.name, imports.get(ds.name, ()))
            named = {c.name for c in (match_cell(cell, lookup) for cell in rec) if c}
            if len(named) < min(2, len(ds.columns)):
                continue
            lacking = [c.name for c in ds.required_columns
                       if c.name not in named and c.name not in _fillable(ds)]
            score = (len(named), -row)
            if not lacking and (best is None or score > best[0]):
                best = (score, ds, row)
            if nearest is None or (len(named) - len(lacking), -row) > nearest[0]:
                nearest = ((len(named) - len(lacking), -row), ds, lacking)
    if best:
        return best[1], best[2], ""
    why = f"headers seen: {_headers_seen(head[:HEADER_SCAN], imports)}"
    if nearest:
        _, ds, lacking = nearest
        why += f"; nearest dataset {ds.name} lacks {', '.join(lacking)}"
    else:
        why += "; no row names two columns of any dataset"
    return None, 0, why


def _headers_seen(head: list[list[str]], imports: dict) -> str:
    """The header cells of an unrecognised file, as a message may show them: the first row
    naming two columns of any dataset is taken as its header, and only its cells that read
    as names are shown (short, no digits: never a phone); a file without such a row may have
    no header at all, its rows a buyer's: they are counted, never shown."""
    from opsreview.ingest.heads import match_cell

    lookups = [header_lookup(ds.name, imports.get(ds.name, ())) for ds in DATASETS]
    for cells in [[c.strip() for c in rec if c.strip()] for rec in head]:
        known = sum(any(match_cell(c, lookup) for lookup in lookups) for c in cells)
        if known >= 2:  # a buyer's row may hold one word that is a column's name, not two
            names = [shown(c) for c in cells if _name_like(c)]
            hidden = len(cells) - len(names)
            return ", ".join(names[:8]) + (" …" if len(names) > 8 else "") + \
                (f" (+{hidden} cell{'s' * (hidden > 1)} not shown)" if hidden else "")
    width = max((sum(bool(c.strip()) for c in rec) for rec in head), default=0)
    return f"none naming two known columns ({width} cell{'s' * (width > 1)} in its widest " \
        "row, not shown)" if width else "none"


def _name_like(cell: str) -> bool:
    """A cell that reads as a column's name: short, no digits (never a phone, a time, an ID)."""
    return len(cell) <= 20 and not any(ch.isdigit() for ch in cell)


@lru_cache(maxsize=256)
def header_lookup(name: str, extra: tuple[tuple[str, str], ...]):
    """Dataset NAME's header names, with EXTRA (the analyst's own, config/imports.yml), as
    planning and `make validate` match a file's header to it; made once per pair."""
    from opsreview.ingest.heads import column_lookup

    return column_lookup(BY_NAME[name], extra)


def _context(entry: Entry, ds: Dataset, head: list[list[str]], at: int, month: Month,
             entities: dict, imports: dict) -> None:
    """Fill what the file lacks from its context: site/shop, snapshot date, period."""
    from opsreview.ingest.heads import match_cell

    lookup = header_lookup(ds.name, imports.get(ds.name, ()))
    named = {c.name for c in (match_cell(cell, lookup) for cell in head[at]) if c} \
        if head else set()
    lines = [" ".join(c.strip() for c in rec if c.strip()) for rec in head[:at]]
    columns = {c.name: c for c in ds.columns}
    for kind in platforms.ENTITY_COLUMNS:
        if kind not in columns or kind in named:
            continue
        got = context.entity(kind, lines, entry.file, entities)
        if got.error:
            entry.error = f"{entry.file}: {got.error}"
        elif got.value is not None:
            entry.fill.append([kind, got.value])
            entry.notes.append(f"{kind} {got.value} {got.how}")
        elif columns[kind].required:
            entry.error = (f"{entry.file}: no {kind} column, and its description lines and "
                           f"file name name no {kind} of config/entities.yml: add a "
                           f"{'站点' if kind == 'site' else '店铺'} column, or list the {kind} "
                           f"in config/entities.yml and put its name in the file name")
        elif BY_NAME.get(Path(entry.file).stem) is not ds and not any(
                s.dataset == ds.name and s.into == kind for s in platforms.SPLITS):
            entry.notes.append(f"{kind} {got.how}")  # a download saying nothing of it
    date_col = platforms.SNAPSHOT_DATE.get(ds.name)
    if date_col and date_col not in named:
        got = context.snapshot_date(entry.file, month)
        entry.fill.append([date_col, got.value])
        entry.notes.append(f"{date_col} {got.value} {got.how}")
    if ds.name in platforms.PERIOD_FROM_NAME:
        start, end, how = context.period(entry.file, month)
        if end < month.first_day or start > month.last_day:
            entry.error = (f"{entry.file}: its period {start} .. {end} ({how}) lies outside "
                           f"{month}: put it in the folder of its month")
        for name, day in (("period_start", start), ("period_end", end)):
            if name in columns and name not in named:
                entry.fill.append([name, f"{day:%Y-%m-%d}"])
        entry.notes.append(f"period {start} .. {end} {how}")


def _examine(path: Path, entry: Entry, month: Month, entities: dict, imports: dict) -> None:
    from opsreview.ingest.heads import HEAD_BYTES, read_cells

    name = path.name
    if name.startswith((".", "~$")):
        entry.ignored = "a hidden or lock file"
        return
    if name == NOTES:
        entry.ignored = NOTES_ENTRY
        return
    if path.suffix.lower() not in READABLE:
        entry.why = f"not a CSV or Excel export ({path.suffix or 'no suffix'})"
        return
    canonical = BY_NAME.get(path.stem)  # `orders.csv`, or `orders.xlsx` saved by hand
    prefer = tuple(BY_NAME) if canonical is None else (canonical.name,)
    try:
        fits = (lambda head: _header_row(head, canonical, imports, None) is not None) \
            if canonical else (lambda head: recognise(head, imports)[0] is not None)
        cells = read_cells(path, name, prefer, limit=4 * HEAD_BYTES, fits=fits)
    except DataError as exc:
        if canonical:  # the loader says what is wrong with it
            entry.dataset = canonical.name
            return
        entry.why = "; ".join(i.describe() for i in exc.issues)
        return
    entry.kind = cells.kind or "csv"
    sheet = (cells.sheet or "").strip().lower()
    ds = canonical or BY_NAME.get(sheet)
    if ds is not None:
        at = _header_row(cells.head, ds, imports)
    else:
        ds, at, why = recognise(cells.head, imports)
        if ds is None:
            entry.why = why
            return
    entry.dataset = ds.name
    _context(entry, ds, cells.head, at, month, entities, imports)


def _header_row(head: list[list[str]], ds: Dataset, imports: dict, none=0) -> int | None:
    from opsreview.ingest.heads import find_header

    at = find_header(head, ds, header_lookup(ds.name, imports.get(ds.name, ())))
    return none if at is None else at


# --- the month's inventory, cached ---------------------------------------------------------
def _code_key(config_root: Path) -> str:
    """What every entry is made by: this module and every module of the package it imports
    (modules.code_hash), the config it reads and the packages' versions."""
    digest = hashlib.sha256(VERSION.encode())
    digest.update(code_hash(__name__).encode())
    for name in ("entities.yml", IMPORTS):
        path = Path(config_root) / name
        digest.update(path.read_bytes() if path.exists() else b"-")
    digest.update(json.dumps(versions(), sort_keys=True).encode())
    return digest.hexdigest()


def inventory(raw_root: Path, month: Month, processed_root: Path | None) -> Inventory:
    """The month folder's inventory, cached beside its processed frames when there are any."""
    folder = Path(raw_root) / str(month)
    cache = None if processed_root is None else Path(processed_root) / str(month)
    return month_inventory(folder, month, cache)


def month_inventory(folder: Path, month: Month, cache_dir: Path | None = None,
                    config_root: Path | None = None) -> Inventory:
    """Every file of `folder` and what it feeds; reuses `cache_dir/inventory.json` for the
    files whose name, size and mtime are unchanged; within a build (digest.one_build) the
    inventory itself while neither the folder, the cache file nor the config changed."""
    folder = Path(folder)
    config_root = Path(config_root or config_dir())
    stats = sorted((p, _stat(p)) for p in folder.iterdir()) if folder.is_dir() else []
    cache_file = Path(cache_dir) / CACHE_NAME if cache_dir is not None else None
    memo = kept("inventory")
    if memo is None:
        return _month_inventory(folder, month, stats, cache_file, config_root)
    files = tuple(stamp(p, st) for p, st in stats)

    def seen() -> tuple:
        return (str(folder), str(month), str(config_root), files,
                _stamps([cache_file, config_root / "entities.yml", config_root / IMPORTS]))

    if (inv := memo.get(seen())) is None:
        inv = _month_inventory(folder, month, stats, cache_file, config_root)
        memo[seen()] = inv  # the cache file as this call left it
    return inv


def _stat(path: Path):
    """The file's status through a link, or the link's own when it leads nowhere (dangling,
    a loop): such an entry is ignored, never opened."""
    try:
        return path.stat()
    except OSError:
        return path.lstat()


def _stamps(paths: list[Path | None]) -> tuple:
    """Each path's stamp (None for none, or when it is absent)."""
    out = []
    for path in paths:
        try:
            out.append(None if path is None else stamp(path))
        except OSError:
            out.append(None)
    return tuple(out)


def _month_inventory(folder: Path, month: Month, stats: list, cache_file: Path | None,
                     config_root: Path) -> Inventory:
    from opsreview.contract.config import Config

    imports = read_imports(config_root)
    key = _code_key(config_root)
    old = _read_cache(cache_file, key, str(month))
    entities = None
    entries, changed = [], False
    for path, st in stats:
        prior = old.get(path.name)
        sha = sha256_path(path) if stat.S_ISREG(st.st_mode) else ""
        if prior and prior.size == st.st_size and prior.sha256 == sha:
            entries.append(prior)
            continue
        changed = True
        entry = Entry(path.name, st.st_size, st.st_mtime_ns, sha)
        if stat.S_ISDIR(st.st_mode):
            entry.ignored = "a folder"
        elif stat.S_ISLNK(st.st_mode):
            entry.ignored = "a link to nothing: its target is missing, or it loops"
        elif not stat.S_ISREG(st.st_mode):
            entry.ignored = "not a regular file (a pipe, socket or device): never read"
        else:
            if entities is None:
                entities = Config(config_root).entities
            _examine(path, entry, month, entities, imports)
        entries.append(entry)
    if cache_file is not None and (changed or len(old) != len(entries)):
        _write_cache(cache_file, key, str(month), entries)
    known = context.known_names(entities if entities is not None else
                                Config(config_root).entities)
    return Inventory(folder, month, entries, imports, known)


def _read_cache(path: Path | None, key: str, month: str) -> dict[str, Entry]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key or data.get("month") != month:
            return {}
        return {e["file"]: Entry(**e) for e in data["entries"]}
    except Exception:  # noqa: BLE001 - an unreadable cache is computed again
        return {}


def _write_cache(path: Path, key: str, month: str, entries: list[Entry]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"key": key, "month": month, "entries": [asdict(e) for e in entries]},
                          ensure_ascii=False)
        atomic_write(path, text)
    except OSError:  # a cache that cannot be written is computed again next time
        pass
