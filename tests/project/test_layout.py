"""The package's shape shows its architecture (issue 32): a few modules at the top, the engine in
stage packages that say what they hold and offer their public names, a domain in one folder
registered once."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from opsreview.domains import HEADLINES, REGISTRY
from opsreview.modules import PACKAGE, all_modules
from opsreview.paths import PROJECT_ROOT

STAGES = ("contract", "ingest", "month", "judging", "pages", "notes", "build", "explore",
          "batch", "printing")
OWN_FILES = ("__init__.py", "metrics.py", "views.py", "review.py")


def test_at_most_ten_modules_at_the_top():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 10, top


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_says_what_it_holds_and_offers_its_public_names(stage):
    init = PACKAGE / stage / "__init__.py"
    assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    package = importlib.import_module(f"opsreview.{stage}")
    assert package.__all__
    modules = {p.stem for p in (PACKAGE / stage).iterdir()}
    assert not set(package.__all__) & modules, "a name that is also a module's is ambiguous"
    for name in package.__all__:
        assert getattr(package, name) is not None, f"opsreview.{stage}.{name}"
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018


def test_the_package_imports_a_name_from_the_module_that_defines_it():
    """A stage's __init__ is for notebooks, tests and the analyst: inside the package a name is
    imported from its own module, so importing one module never runs a stage's others."""
    stages = {f"opsreview.{s}" for s in STAGES}
    found = []
    for name, path in all_modules().items():
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.ImportFrom) and node.module in stages and not node.level:
                modules = {p.stem for p in (PACKAGE / node.module.split(".")[1]).iterdir()}
                taken = [a.name for a in node.names if a.name not in modules]
                if taken:
                    found.append(f"{name}: from {node.module} import {', '.join(taken)}")
    assert found == []


def test_a_domain_is_one_folder_registered_once():
    folders = sorted(p.name for p in (PACKAGE / "domains").iterdir()
                     if (p / "__init__.py").is_file())
    assert folders == sorted(REGISTRY)
    for name, dom in REGISTRY.items():
        for file in OWN_FILES:
            assert (PACKAGE / "domains" / name / file).is_file(), f"domains/{name}/{file}"
        assert dom.metrics == f"opsreview.domains.{name}.metrics"
        assert dom.views == f"opsreview.domains.{name}.views"
        assert dom.review_part.__module__ == f"opsreview.domains.{name}.review"
        assert dom.headline == importlib.import_module(f"opsreview.domains.{name}").HEADLINE
        assert HEADLINES[name] == dom.headline


# The three traces, as DEVELOPERS.md tells them: each figure from its domain folder,
# declared, computed, judged (the one judge), worded, shown. Its words are
# config/labels/<domain>.yml and its line config/targets.yml: data, not code.
TRACES = {
    "site.first_week_avg_daily_uv": (  # on the index
        "domains/site/__init__.py", "domains/site/metrics.py", "judging/verdicts.py",
        "domains/site/review.py", "judging/review.py", "pages/index.py"),
    "campaigns.deal_roi": (
        "domains/campaigns/__init__.py", "domains/campaigns/metrics.py", "judging/verdicts.py",
        "domains/campaigns/review.py", "judging/review.py", "domains/campaigns/views.py"),
    "service.first_response_mean_seconds": (  # from a 客服绩效 workbook: agents.py
        "domains/service/__init__.py", "domains/service/metrics.py",
        "domains/service/agents.py", "judging/verdicts.py", "judging/review.py",
        "domains/service/views.py"),
}


@pytest.mark.parametrize("figure", TRACES)
def test_a_figure_is_traced_in_six_files(figure):
    domain, key = figure.split(".")
    files = TRACES[figure]
    assert len(files) <= 6
    for file in files:
        if file.startswith("domains/"):  # the figure's own files name it
            assert re.search(rf"\b{key}\b", (PACKAGE / file).read_text(encoding="utf-8")), file
    told = (PROJECT_ROOT / "DEVELOPERS.md").read_text(encoding="utf-8").replace("`", "")
    for file in files:
        assert file in told or f"domains/{domain}/" in file and Path(file).name in told, file
