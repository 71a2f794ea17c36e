"""Templates and working copies (`make lab`): an analyst runs a working copy as JupyterLab
would, in an inline kernel, saving its outputs; its charts and a plain df.plot() come out as
image/png; the templates and the page the build publishes stay byte for byte what they
were. A template carrying outputs or changed cells is named; the page's CSS is kept to the
notebook's outputs."""

import hashlib
import re
import shutil
import subprocess

import nbformat
import pytest

from opsreview.build.runner import build
from opsreview.domains import REGISTRY
from opsreview.explore import lab
from opsreview.month.months import Month
from opsreview.paths import PROJECT_ROOT, RAW_DIR

MONTH = "2024-02"
DRIVEN = tuple(REGISTRY)  # every template is unfolded one cell per section
PLOTS = {"service": "tabs.agents.plot.bar(x='agent', y='sessions')",
         "site": "tabs.traffic.plot(x='date', y='uv')"}  # else: the rows of each table
GENERATED = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d")  # when it was generated (and alike)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pages(out) -> dict[str, str]:
    return {name: GENERATED.sub("", (out / f"{name}.html").read_text(encoding="utf-8"))
            for name in DRIVEN}


def _drive(path) -> nbformat.NotebookNode:
    """Run All in JupyterLab: the notebook's own kernel, in its folder, outputs saved to it."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)
    return nb


def _kinds(cell) -> list[str]:
    return [kind for out in cell.get("outputs", []) for kind in out.get("data", {})]


@pytest.mark.slow
def test_a_working_copy_runs_as_in_lab_and_the_published_page_stays(tmp_path, monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # a kernel as Lab starts it: inline
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    params = {"raw_dir": str(raw), "processed_dir": str(tmp_path / "processed")}
    templates = {name: _digest(REGISTRY[name].notebook) for name in REGISTRY}
    assert build(MONTH, list(DRIVEN), jobs=2, outputs_root=tmp_path / "before", raw_dir=raw,
                 processed_dir=tmp_path / "processed", echo=lambda _: None) == 0

    copies = dict((p.stem, p) for p, _ in lab.working_copies(Month.parse(MONTH), "zh",
                                                              tmp_path, params))
    for name in DRIVEN:
        nb = nbformat.read(copies[name], as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(PLOTS.get(name, (
            "import pandas as pd\n"
            "pd.Series({k: len(f) for k, f in tabs.frames().items()}).plot.barh()"))))
        nbformat.write(nb, copies[name])
        ran = _drive(copies[name])
        errors = [o for c in ran.cells for o in c.get("outputs", []) if o.output_type == "error"]
        assert not errors, errors
        sections = [c for c in ran.cells if "@outline.section" in c.source]
        charted = [c for c in sections if "page.figure(" in c.source]
        assert charted and all("image/png" in _kinds(c) for c in charted), name
        assert "image/png" in _kinds(ran.cells[-1]), "a plain df.plot() shows inline"
        explore = next(c for c in ran.cells if c.get("id") == "explore")
        assert len(explore.outputs) == 1, "the Explore table once"
        saving = next(c for c in ran.cells if "page.save()" in c.source)
        assert not [o for o in saving.outputs if o.output_type == "execute_result"], \
            "saving prints nothing"
        saved = nbformat.read(copies[name], as_version=4)
        assert any(c.get("outputs") for c in saved.cells), "outputs saved into the copy"

    assert build(MONTH, list(DRIVEN), jobs=2, force=True, outputs_root=tmp_path / "after",
                 raw_dir=raw, processed_dir=tmp_path / "processed", echo=lambda _: None) == 0
    assert {name: _digest(REGISTRY[name].notebook) for name in REGISTRY} == templates
    assert _pages(tmp_path / "after" / MONTH) == _pages(tmp_path / "before" / MONTH)


def test_working_copies_carry_the_month_and_are_never_written_again(tmp_path):
    month = Month.parse(MONTH)
    first = lab.working_copies(month, "en", tmp_path)
    assert [p.name for p, new in first if new] == [f"{n}.ipynb" for n in REGISTRY]
    path = tmp_path / "work" / MONTH / "site.ipynb"
    nb = nbformat.read(path, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'month = "2024-02"' in injected[0].source
    assert 'lang = "en"' in injected[0].source
    assert nb.cells[0].source.startswith("# ") and "Working copy of" in nb.cells[0].source
    assert nb.cells[1].source.startswith("from opsreview.explore import lab")
    nb.cells.append(nbformat.v4.new_code_cell("# the analyst's own"))
    nbformat.write(nb, path)
    again = lab.working_copies(month, "en", tmp_path)
    assert not [p for p, new in again if new]
    assert "# the analyst's own" in path.read_text(encoding="utf-8")


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_a_working_copy_made_before_a_module_moved_is_named(tmp_path):
    """A copy kept from an older layout imports what the package no longer has: `make lab`
    names it and what it imports, so the analyst starts it again instead of meeting an
    ImportError in the first cell."""
    (path, written), *_ = lab.working_copies(Month.parse("2024-02"), root=tmp_path)
    assert written and lab.gone_imports(path) == []  # a fresh copy imports what there is
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell(
        "%matplotlib inline\n"))  # magics are not Python: left alone
    nb.cells.insert(2, nbformat.v4.new_code_cell(
        "from opsreview.views import seo as v\nfrom opsreview import lab, paths\n"
        "import opsreview.report.page\nfrom opsreview.pages.page import Page, Gone\n"))
    nbformat.write(nb, path)
    assert lab.gone_imports(path) == ["opsreview.views", "opsreview.lab",
                                      "opsreview.report.page", "opsreview.pages.page.Gone"]


def test_a_template_run_or_edited_in_place_is_named(tmp_path):
    shutil.copytree(PROJECT_ROOT / "notebooks", tmp_path / "notebooks")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "notebooks")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "templates")
    assert lab.template_changes(tmp_path) == []
    path = tmp_path / "notebooks" / "site.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("tabs.traffic", execution_count=3, outputs=[
        nbformat.v4.new_output("execute_result", data={"text/plain": "x"}, execution_count=3)]))
    nb.cells.append(nbformat.v4.new_code_cell("page.data"))
    nbformat.write(nb, path)
    (tmp_path / "notebooks" / "scratch.ipynb").write_text("{}", encoding="utf-8")
    lines = lab.template_changes(tmp_path)
    assert lines[0].startswith("scratch.ipynb: no domain builds it")
    assert re.fullmatch(r"site\.ipynb: carries the outputs of 1 cell, 2 cells added since "
                        r"commit [0-9a-f]+ \(the build runs it as it is\)", lines[1]), lines[1]


def test_the_pages_css_is_kept_to_the_notebooks_outputs():
    css = lab.scoped_css(":root{--ink:#111}*{box-sizing:border-box}body{margin:0}"
                         ".card,table.data th{color:red}/* note */"
                         "@media (max-width:600px){.cards{gap:8px}}"
                         "@media print{@page{size:A4}nav.toc{display:none}}", ".out")
    assert css == (".out{--ink:#111}.out *{box-sizing:border-box}.out{margin:0}"
                   ".out .card,.out table.data th{color:red}"
                   "@media (max-width:600px){.out .cards{gap:8px}}")


def test_lab_args_are_shell_words_after_the_project_root():
    words = lab.shell_words('--no-browser --port 8899 --ServerApp.x="a b"')
    argv = lab.lab_command(Month.parse(MONTH), words)
    assert f"--ServerApp.root_dir={PROJECT_ROOT}" in argv
    assert f"--LabApp.default_url=/lab/tree/work/{MONTH}" in argv
    assert argv[-4:] == ["--no-browser", "--port", "8899", "--ServerApp.x=a b"]


@pytest.mark.slow
def test_a_month_without_the_domains_data_says_so_and_the_analysts_cells_still_run(
        tmp_path, monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # a kernel as Lab starts it: inline
    params = {"processed_dir": str(tmp_path / "processed")}
    copies = dict((p.stem, p) for p, _ in lab.working_copies(Month.parse("2024-01"), "zh",
                                                              tmp_path, params))
    nb = nbformat.read(copies["site"], as_version=4)  # the site went live in 2024-02
    nb.cells.append(nbformat.v4.new_code_cell(
        "from opsreview.explore.history import figure_history\n"
        'figure_history("site.core_topic_coverage", ["2024-01", "2024-02"], '
        f'processed_dir={str(tmp_path / "processed")!r})'))
    nbformat.write(nb, copies["site"])
    ran = _drive(copies["site"])
    outputs = [o for c in ran.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    opened = next(c for c in ran.cells if "Page.open(" in c.source)
    assert "notice no_data" in "".join(o.data.get("text/html", "") for o in opened.outputs)
    assert all(not c.outputs for c in ran.cells[ran.cells.index(opened) + 1:-1]), \
        "the page's own cells draw nothing"
    assert "2024-02    0.4" in ran.cells[-1].outputs[0].data["text/plain"]


def test_lab_args_with_an_unclosed_quote_are_a_plain_message(monkeypatch, capsys):
    from opsreview.cli import main

    monkeypatch.setenv("LAB_ARGS", '--port "8899')
    assert main(["lab", "--month", MONTH]) == 2
    assert "LAB_ARGS=" in capsys.readouterr().err
