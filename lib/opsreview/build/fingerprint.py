"""Content hashes that decide whether a domain must be rebuilt (never mtimes)."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from opsreview.digest import sha256_bytes, sha256_path
from opsreview.domains import Domain
from opsreview.ingest.packages import versions
from opsreview.month.months import Month, folders
from opsreview.notes import sections as notes
from opsreview.paths import CONFIG_DIR, config_dir


def tree_hash(root: Path, patterns: tuple[str, ...]) -> str:
    """One hash over every matching file's relative path and content."""
    digest = hashlib.sha256()
    for path in sorted(p for pat in patterns for p in Path(root).rglob(pat) if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(sha256_path(path).encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def lib_hash() -> str:
    return tree_hash(Path(__file__).parents[1], ("*.py", "*.j2", "*.css", "*.json"))


def config_hash(root: Path | None = None) -> str:
    """The config in force (a workspace's own, with the project's labels and, when it has
    none of its own, the project's editorial.yml: config.Config.editorial), as one hash."""
    root = Path(root or config_dir())
    own = tree_hash(root, ("*.yml", "*.yaml"))
    if root.resolve() == CONFIG_DIR.resolve():
        return own
    kept = tree_hash(CONFIG_DIR / "labels", ("*.yml",))
    if not (root / "editorial.yml").exists():
        kept += sha256_bytes((CONFIG_DIR / "editorial.yml").read_bytes())
    return sha256_bytes((own + kept).encode())


def domain_inputs(dom: Domain, month: Month, raw_dir: Path,
                  processed_dir: Path | None = None) -> list[dict[str, str]]:
    """The raw files a domain reads: those feeding its datasets in MONTH and every earlier
    month folder, as each month's inventory says (cached under processed_dir)."""
    from opsreview.ingest.inventory import inventory

    files = []
    for m in folders(raw_dir, month):
        inv = inventory(raw_dir, m, processed_dir)
        for ds in dom.datasets:
            for entry in inv.files_for(ds.name):
                files.append({"file": f"{m}/{entry.file}", "dataset": ds.name,
                              "sha256": sha256_path(inv.folder / entry.file)})
    return files


def domain_fingerprint(dom: Domain, month: Month, raw_dir: Path, params: dict,
                       processed_dir: Path | None = None) -> dict:
    """Everything a domain's page depends on, and one hash over it."""
    record = {
        "inputs": domain_inputs(dom, month, raw_dir, processed_dir),
        "notebook_sha256": sha256_path(dom.notebook) if dom.notebook.exists() else None,
        "lib_sha256": lib_hash(),
        "config_sha256": config_hash(),
        "parameters": params,
        "versions": versions(),
    }
    section = notes.section_sha256(raw_dir, month, dom.name)
    if section is not None:  # the page shows its section of notes.md, and only that
        record["notes_sha256"] = section
    record["fingerprint"] = sha256_bytes(json.dumps(record, sort_keys=True).encode())
    return record
