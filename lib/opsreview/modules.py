"""The package's own modules and what each imports, read from their source.

A cached result (a parquet frame, a month's inventory) must be keyed on the code that made
it: `code_hash` hashes the source of the module that produces it and of every module of the
package it imports, transitively, at module level and inside functions alike. A module added
or split is in the key as soon as it is imported, with no list to keep. The tests walk the
same graph to hold the package free of import cycles.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

PACKAGE = Path(__file__).parent


class Import(NamedTuple):
    """One import in a module: the package's module it reaches, the name taken from it (None
    when the module itself is bound: `import x`, `from . import x`), the local name, the line."""
    module: str
    name: str | None
    local: str
    line: int


def module_path(name: str, root: Path | None = None) -> Path | None:
    """The source file of module NAME (dotted, from the package's name) under ROOT (the
    package folder); None when the package has no such module."""
    root = root or PACKAGE
    parts = name.split(".")
    if parts[0] != root.name:
        return None
    base = root.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def all_modules(root: Path | None = None) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its __init__)."""
    root = root or PACKAGE
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(name: str, root: Path | None = None) -> Iterator[Import]:
    """Every import of the package's modules in module NAME, wherever it sits in the file;
    `from .x import y` of a submodule y is an import of x.y."""
    root = root or PACKAGE
    path = module_path(name, root)
    if path is None:
        return
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in _statements(ast.parse(path.read_bytes(), str(path)).body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == root.name:
                    yield Import(_owner(alias.name, root), None, alias.asname or alias.name,
                                 node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = here.split(".")
                source = ".".join(parts[:len(parts) - node.level + 1]
                                  + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != root.name:
                continue
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                local = alias.asname or alias.name
                if module_path(sub, root) is not None:
                    yield Import(sub, None, local, node.lineno)
                else:
                    yield Import(_owner(source, root), alias.name, local, node.lineno)


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, those inside functions, classes and blocks too (an import is one:
    the expressions need no walk)."""
    for node in body:
        yield node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            for inner in getattr(node, field, None) or ():
                if isinstance(inner, ast.stmt):
                    yield from _statements([inner])
                elif isinstance(inner, ast.excepthandler | ast.match_case):
                    yield from _statements(inner.body)


def _owner(name: str, root: Path) -> str:
    """The module that holds NAME: itself, or its nearest parent that is a module."""
    while "." in name and module_path(name, root) is None:
        name = name.rpartition(".")[0]
    return name


def imported(name: str, root: Path | None = None) -> set[str]:
    """The package's modules that module NAME imports (itself left out)."""
    return {i.module for i in imports(name, root) if i.module != name}


def reached(name: str, root: Path | None = None) -> list[str]:
    """Module NAME and every module of the package it imports, transitively; sorted."""
    seen, todo = set(), [name]
    while todo:
        module = todo.pop()
        if module not in seen and module_path(module, root) is not None:
            seen.add(module)
            todo += imported(module, root)
    return sorted(seen)


@cache
def code_hash(name: str, root: Path | None = None) -> str:
    """One hash of the source of module NAME and of every module it reaches (`reached`): the
    code a result made by NAME depends on. Fixed for a process (the code it runs is)."""
    root = root or PACKAGE
    digest = hashlib.sha256()
    for module in reached(name, root):
        digest.update(module.encode() + b"\0")
        digest.update(module_path(module, root).read_bytes())
    return digest.hexdigest()
