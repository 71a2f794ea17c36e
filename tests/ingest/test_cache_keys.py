"""Cache keys come from the imports of the code that makes the cached result (issue 32): a
module added to that code, or split out of it, is in the key with no list to update; a module
it never imports is not."""

import shutil

import pytest

from opsreview import modules
from opsreview.contract.catalog import BY_NAME
from opsreview.ingest import inventory, store
from opsreview.paths import CONFIG_DIR

DS = BY_NAME["cs_sessions"]


def _forget() -> None:
    modules.code_hash.cache_clear()
    store._code_hash.cache_clear()


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A copy of the package's sources, which the keys are made from while the test runs."""
    root = tmp_path / modules.PACKAGE.name
    shutil.copytree(modules.PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(modules, "PACKAGE", root)
    _forget()
    yield root
    _forget()


def _keys() -> tuple[str, str]:
    _forget()
    return store._code_hash(DS), inventory._code_key(CONFIG_DIR)


def test_a_module_the_loading_code_imports_is_in_the_frames_key(package):
    before = _keys()
    (package / "split_out.py").write_text("def tidy(frame):\n    return frame\n")
    assert _keys() == before, "a module nothing imports is in no key"
    loader = package / "ingest" / "loader.py"
    # imported inside a function, as a module split out of the loader might be
    loader.write_text(loader.read_text(encoding="utf-8")
                      + "\n\ndef _tidy(frame):\n    from ..split_out import tidy\n\n"
                        "    return tidy(frame)\n", encoding="utf-8")
    with_split = _keys()
    assert with_split[0] != before[0]
    assert with_split[1] == before[1], "the inventory is not made by the loader"
    (package / "split_out.py").write_text("def tidy(frame):\n    return frame.dropna()\n")
    assert _keys()[0] != with_split[0], "the added module's own code is in the key"


def test_a_module_the_recognising_code_imports_is_in_the_inventorys_key(package):
    before = _keys()
    (package / "sub").mkdir()
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "rules.py").write_text("RULES = ()\n")
    heads = package / "ingest" / "heads.py"
    heads.write_text("from ..sub.rules import RULES  # noqa: F401\n"
                     + heads.read_text(encoding="utf-8"), encoding="utf-8")
    after = _keys()
    assert after[1] != before[1]
    assert after[0] != before[0], "the loader reads headers through heads.py too"


def test_the_keys_cover_at_least_what_the_hand_kept_lists_named():
    """The modules store.CODE and inventory.CODE listed by hand before the keys were derived."""
    listed = {"ingest.store": {"ingest.loader", "ingest.heads", "ingest.parsing",
                               "ingest.store", "ingest.sheets", "ingest.cleaning",
                               "contract.platforms", "ingest.context", "ingest.text_check",
                               "ingest.packages"},
              "ingest.inventory": {"ingest.inventory", "contract.platforms", "ingest.context",
                                   "contract.catalog", "ingest.heads", "ingest.sheets",
                                   "ingest.parsing", "ingest.text_check", "ingest.packages"}}
    for owner, names in listed.items():
        reached = set(modules.reached(f"opsreview.{owner}"))
        assert {f"opsreview.{n}" for n in names} <= reached
