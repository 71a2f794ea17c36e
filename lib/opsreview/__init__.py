"""opsreview: monthly operations review from CSV exports."""

import sys

# nbformat imports jsonschema, which imports the optional `rfc3987_syntax` (its "iri" format
# check), and that package builds a Lark grammar at import: ~1.5-2 s in every process that
# reads or writes a notebook (the CLI, each build worker). We never validate "iri" formats,
# so it is kept out (jsonschema skips the check when the import fails). See
# python-jsonschema/jsonschema#1392; bench/README.md measures what it costs.
if "rfc3987_syntax" not in sys.modules:
    sys.modules["rfc3987_syntax"] = None


def exports(package: str, names: dict[str, tuple[str, ...]]):
    """A stage's public names, each imported from its module on first use (PEP 562), as
    `module: (name, ...)`. A stage's __init__ says what it offers without importing its
    modules: importing one module of a stage never runs the others, so no order of imports
    between stages can make a cycle. The package's own modules import from the module that
    defines a name; these are for notebooks, tests and the analyst (`from opsreview.pages
    import Page`)."""
    from importlib import import_module

    where = {name: module for module, listed in names.items() for name in listed}

    def __getattr__(name: str):  # noqa: N807 - the module-level hook PEP 562 names
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{where[name]}"), name)

    def __dir__() -> list[str]:  # noqa: N807
        return sorted({*where, *sys.modules[package].__dict__})

    return __getattr__, __dir__, sorted(where)
