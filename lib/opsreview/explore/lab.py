"""`make lab`: templates and working copies, as papermill means them.

`notebooks/*.ipynb` are templates: the build runs them and publishes what they show, so
nobody explores in them. `opsreview lab` writes a working copy of each for the month,
`work/<MONTH>/<domain>.ipynb` (git-ignored), with the month set in papermill's injected
parameters cell and the page's CSS loaded for its HTML outputs, and serves the project
folder (data, notes, config, outputs, lib) in JupyterLab, opened on that folder. A working
copy is the analyst's from then on: it is never written again, and never built.

`template_changes` names a template that carries outputs or cells changed since its commit
(`make report` says so before it builds, `make lint` fails on it): a customised report
stays possible, deliberately, and never by a Run All in the wrong folder.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from opsreview.domains import REGISTRY
from opsreview.files import atomic_write
from opsreview.month.months import Month
from opsreview.paths import PROJECT_ROOT

WORK = "work"  # under the project folder; .gitignore keeps it out of git
NOTEBOOKS = "notebooks"
STYLE_CELL = ("from opsreview.explore import lab\n"
              "lab.style()  # the page's CSS for this notebook's tables and cards")
INTRO = ("Working copy of `notebooks/{name}.ipynb` for {month}, yours: add cells, keep "
         "outputs; nothing here reaches a page or git, and `make lab` never writes over it "
         "(delete it to start again from the template). Run All shows the page; each section "
         "cell draws its section from the tables it shows (`s.tabs.<name>`): restyle a chart in "
         "its call (`color=`, `size=`, `title=`, `ax=`). The Explore cell lists `page.data` "
         "and `tabs`; a figure's months: `opsreview.explore.figure_history(\"{name}.<key>\")`.")
OUTPUT_SCOPE = ":is(.jp-RenderedHTMLCommon, .rendered_html)"  # JupyterLab's and Notebook's


def working_copies(month: Month, lang: str | None = None, root: Path = PROJECT_ROOT,
                   parameters: dict | None = None) -> list[tuple[Path, bool]]:
    """Each domain's working copy for MONTH under ROOT/work/MONTH/, written when absent, with
    the month (LANG, PARAMETERS: the template's other parameters) in papermill's injected
    cell; (path, written) pairs, so the caller says which were kept as the analyst left them."""
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    folder = Path(root) / WORK / str(month)
    folder.mkdir(parents=True, exist_ok=True)
    params = {"month": str(month), **({"lang": lang} if lang else {}), **(parameters or {})}
    out = []
    for name, dom in REGISTRY.items():
        path = folder / f"{name}.ipynb"
        if path.exists():
            out.append((path, False))
            continue
        nb = parameterize_notebook(load_notebook_node(str(dom.notebook)), params,
                                   language="python")
        intro = nb.cells[0]
        if intro.cell_type == "markdown":  # the template's note, about templates
            intro.source = f"{intro.source.splitlines()[0]}\n\n" + INTRO.format(name=name,
                                                                               month=month)
        nb.cells.insert(1, nbformat.v4.new_code_cell(STYLE_CELL, id="page-style"))
        atomic_write(path, lambda tmp, nb=nb: nbformat.write(nb, tmp))
        out.append((path, True))
    return out


def style() -> None:
    """Show the page's CSS (templates/report/style.css) for this notebook's HTML outputs,
    its rules kept to the outputs so JupyterLab's own page is left as it is."""
    from IPython.display import HTML, display

    from opsreview.pages.export import css

    display(HTML(f"<style>{scoped_css(css(), OUTPUT_SCOPE)}</style>"))


_RULE = re.compile(r"(@media[^{]*)\{((?:[^{}]*\{[^{}]*\})*)\s*\}|([^{}]+)\{([^{}]*)\}")


def scoped_css(text: str, scope: str) -> str:
    """TEXT's rules under SCOPE: `:root`, `html` and `body` become the scope itself; print
    rules are left out (a notebook is not printed as a page)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    out = []
    for m in _RULE.finditer(text):
        if m.group(1):
            if "print" not in m.group(1):
                out.append(f"{m.group(1).strip()}{{{scoped_css(m.group(2), scope)}}}")
            continue
        selectors = [_scoped(s.strip(), scope) for s in m.group(3).split(",")]
        out.append(f"{','.join(selectors)}{{{m.group(4)}}}")
    return "".join(out)


def _scoped(selector: str, scope: str) -> str:
    head, _, rest = selector.partition(" ")
    if head in (":root", "html", "body"):
        return f"{scope} {rest}".strip()
    return f"{scope} {selector}"


def template_changes(root: Path = PROJECT_ROOT) -> list[str]:
    """One line per template that would not build the page its commit builds: the outputs
    it carries, its cells added, removed or changed since its commit (when git is there:
    one `git status`, and a look at the commit only of a template it lists), and a notebook
    in notebooks/ that no domain builds."""
    folder = Path(root) / NOTEBOOKS
    built = {dom.notebook.name for dom in REGISTRY.values()}
    edited = _git(root, "status", "--porcelain", "--untracked-files=all", "--", NOTEBOOKS)
    lines = []
    for path in sorted(folder.glob("*.ipynb")):
        if path.name not in built:
            lines.append(f"{path.name}: no domain builds it (explore in {WORK}/<MONTH>/, "
                         "which `make lab` opens)")
            continue
        cells = _cells(path.read_text(encoding="utf-8"))
        ran = sum(1 for c in cells if c.get("outputs") or c.get("execution_count"))
        said = [f"carries the outputs of {ran} cell{'s' * (ran != 1)}"] if ran else []
        if edited and f"{NOTEBOOKS}/{path.name}" in edited:
            said += _since_commit(root, f"{NOTEBOOKS}/{path.name}", cells)
        if said:
            lines.append(f"{path.name}: {', '.join(said)} (the build runs it as it is)")
    return lines


def _git(root: Path, *args: str) -> str | None:
    """git's output in ROOT; None without git, or outside a repository."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def gone_imports(path: Path) -> list[str]:
    """What a kept working copy imports from opsreview that the package no longer has (a copy
    made before a module moved or a name went): the analyst is told to start it again."""
    import ast
    from importlib import import_module
    from importlib.util import find_spec

    def exists(module: str, name: str | None = None) -> bool:
        """MODULE (a module or package), or NAME in it: an attribute or a submodule."""
        try:
            if name is None:
                return find_spec(module) is not None
            if hasattr(import_module(module), name):
                return True
            return find_spec(f"{module}.{name}") is not None
        except ImportError:  # a module's parent is gone, or the module is no package
            return False

    gone: list[str] = []
    for cell in _cells(path.read_text(encoding="utf-8")):
        try:
            tree = ast.parse(_source(cell)) if cell.get("cell_type") == "code" else None
        except SyntaxError:  # a cell of IPython magics: not ours to judge
            continue
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, ast.Import):
                found = [a.name for a in node.names if a.name.split(".")[0] == "opsreview"
                         and not exists(a.name)]
            elif isinstance(node, ast.ImportFrom) and not node.level \
                    and (node.module or "").split(".")[0] == "opsreview":
                found = [node.module] if not exists(node.module) else [
                    f"{node.module}.{a.name}" for a in node.names
                    if not exists(node.module, a.name)]
            else:
                continue
            gone += [name for name in found if name not in gone]
    return gone


def _cells(text: str) -> list[dict]:
    try:
        return json.loads(text).get("cells", [])
    except ValueError:
        return [{"outputs": ["unreadable"]}]  # named, never built silently


def _since_commit(root: Path, rel: str, cells: list[dict]) -> list[str]:
    """Cells added, removed and changed (by cell id) against the last commit of REL."""
    commit = (_git(root, "log", "-1", "--format=%h", "--", rel) or "").strip()
    if not commit:
        return ["not committed"]
    before = {c.get("id"): _source(c) for c in _cells(_git(root, "show", f"{commit}:{rel}")
                                                      or "{}")}
    now = {c.get("id"): _source(c) for c in cells}
    counts = (("added", len(now.keys() - before.keys())),
              ("removed", len(before.keys() - now.keys())),
              ("changed", sum(1 for k in now.keys() & before.keys() if now[k] != before[k])))
    said = [f"{n} cell{'s' * (n != 1)} {what}" for what, n in counts if n]
    return [f"{', '.join(said)} since commit {commit}"] if said else []


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def skip_page_cells(template: Path) -> None:
    """In an analyst's kernel, once a page said it has no data (or invalid data): the
    template's own cells after it run as empty cells, so Run All goes on to the analyst's
    cells (other months, a figure's history, the month's other files). A cell opening a
    page again (`Page.open`) ends the skipping."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    cells = _cells(Path(template).read_text(encoding="utf-8"))
    page = {_source(c).strip() for c in cells if c.get("cell_type") == "code"
            and "parameters" not in c.get("metadata", {}).get("tags", [])
            and "Page.open(" not in _source(c)}

    state = {"skipping": True}

    def skip(lines: list[str]) -> list[str]:
        text = "".join(lines).strip()
        if "Page.open(" in text:
            state["skipping"] = False  # left in place: IPython is going through its list
        return [] if state["skipping"] and text in page else lines

    skip.opsreview_skip = True
    shell.input_transformers_cleanup[:] = [
        f for f in shell.input_transformers_cleanup if not getattr(f, "opsreview_skip", False)]
    shell.input_transformers_cleanup.append(skip)


def shell_words(text: str) -> list[str]:
    """LAB_ARGS as a shell would split them, though no shell ever reads them (ValueError for
    an unclosed quote)."""
    return shlex.split(text or "")


def lab_command(month: Month, lab_args: list[str] = (), root: Path = PROJECT_ROOT
                ) -> list[str]:
    """JupyterLab serving ROOT, opened on MONTH's working folder; LAB_ARGS (`shell_words`)
    after ours, and --allow-root when run as root."""
    argv = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={Path(root)}",
            f"--LabApp.default_url=/lab/tree/{WORK}/{month}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    return argv + list(lab_args)


def serve(month: Month, lang: str | None, lab_args: list[str], root: Path = PROJECT_ROOT
          ) -> int:
    """Write the month's working copies, say which, and become JupyterLab (exec: stopping
    `make lab` stops the server, nothing is left behind)."""
    for line in template_changes(root):
        print(f"opsreview: notebooks/{line}", file=sys.stderr)
    copies = working_copies(month, lang, root)
    written = [p.name for p, new in copies if new]
    kept = [p.name for p, new in copies if not new]
    folder = Path(WORK) / str(month)
    if written:
        print(f"opsreview: {folder}/: working copies of {', '.join(written)}, month {month}")
    if kept:
        print(f"opsreview: {folder}/: kept as you left them: {', '.join(kept)} "
              "(delete one to start it again from its template)")
    for path, new in copies:
        gone = [] if new else gone_imports(path)
        if gone:
            print(f"opsreview: {folder}/{path.name} imports {', '.join(gone)}, which opsreview "
                  "no longer has: delete it to start again from its template", file=sys.stderr)
    (Path(root) / "outputs").mkdir(exist_ok=True)  # reachable before the first build
    sys.stdout.flush()
    sys.stderr.flush()
    argv = lab_command(month, lab_args, root)
    os.execv(argv[0], argv)
    return 0  # not reached
