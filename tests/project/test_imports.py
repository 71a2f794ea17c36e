"""The package's import graph (issue 32): no cycle, and no module reaching into another's
private names.

The graph is read from the source (ast), so an import placed inside a function to dodge a
cycle still counts: a cycle is a cycle wherever its import sits.
"""

from __future__ import annotations

import ast

from opsreview.modules import all_modules, imported, imports


def import_graph(root=None) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (modules.imported)."""
    return {name: imported(name, root) for name in all_modules(root)}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_package_has_no_import_cycle():
    assert cycles(import_graph()) == []


def test_the_walk_sees_a_cycle_hidden_inside_a_function(tmp_path):
    """The check itself: two modules importing each other, one of them inside a function, as
    contract/config.py and contract/config_schema.py did for ConfigError."""
    pkg = tmp_path / "opsreview"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "config.py").write_text("from .sub.schema import check\n")
    (pkg / "sub" / "schema.py").write_text("def check():\n    from ..config import Error\n")
    (pkg / "alone.py").write_text("import opsreview.config\n")
    graph = import_graph(pkg)
    assert graph["opsreview.alone"] == {"opsreview.config"}
    assert cycles(graph) == [["opsreview.config", "opsreview.sub.schema"]]


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_module_takes_another_modules_private_names():
    """A name with a leading underscore is its module's own: a module that needs one of
    another's makes it public (or the two belong together)."""
    reached = []
    for name, path in all_modules().items():
        aliases = {}  # a local name -> the package's module it stands for
        for got in imports(name):
            if got.module == name:
                continue
            if got.name is None:
                aliases[got.local.split(".")[0]] = got.module
            elif _private(got.name):
                reached.append(f"{name}:{got.line} {got.module}.{got.name}")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and _private(node.attr)):
                reached.append(f"{name}:{node.lineno} {aliases[node.value.id]}.{node.attr}")
    assert reached == []
