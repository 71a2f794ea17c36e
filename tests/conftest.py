"""Test-wide settings and the one full build of the sample month the end-to-end tests share.

A missing glyph in any chart (here or in a kernel) is an error.
"""

import os
import shutil

import pytest

from opsreview.build.runner import build
from opsreview.paths import RAW_DIR

os.environ["OPSREVIEW_STRICT_GLYPHS"] = "1"

MONTH = "2024-02"
SLOW_FIXTURES = {"built", "browser"}  # the session's whole build, a real browser


def pytest_collection_modifyitems(items):
    """A test that uses the session's build or a browser is slow, wherever it lives."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The sample month built once for the session (build, hostile and browser tests)."""
    root = tmp_path_factory.mktemp("build")
    raw = root / "raw"
    shutil.copytree(RAW_DIR, raw)
    lines: list[str] = []
    code = build(MONTH, jobs=2, outputs_root=root / "outputs", raw_dir=raw,
                 processed_dir=root / "processed", echo=lines.append)
    return {"root": root, "raw": raw, "out": root / "outputs" / MONTH, "code": code,
            "lines": lines}


@pytest.fixture(scope="module")
def cfg():
    """The project's config/ (targets, rules, entities), read once per test module."""
    from opsreview.contract.config import Config

    return Config()


def sample_month(modules, scale: int = 1, month: str = MONTH):
    """The sample generators' (`opsreview.sample.<domain>`) January and February in memory,
    as the MonthData of `month`: what a domain's figures are computed from, no file written."""
    from opsreview.month.monthdata import MonthData

    return MonthData.from_frames(month, {
        m: {k: v for mod in modules for k, v in mod.frames(m, scale).items()}
        for m in ("2024-01", "2024-02")})


@pytest.fixture(scope="module")
def md(request):
    """The sample month of the generators the test module lists in MODULES (sample_month)."""
    return sample_month(request.module.MODULES)


def plain_json(value) -> bool:
    """Only JSON types all the way down (no numpy scalars, no NaN): what metrics.json holds."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain_json(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain_json(v) for v in value)
    return value is None or type(value) in (bool, int, float, str)


@pytest.fixture(autouse=True)
def _no_open_figures():
    """Every chart a test leaves open is closed after it: a test that counts the figures
    matplotlib warns about never depends on which tests ran before it."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def strict_glyphs(monkeypatch):
    """The house chart theme with a missing glyph an error, for a test module that draws
    charts itself (`pytestmark = pytest.mark.usefixtures("strict_glyphs")`)."""
    from opsreview.pages import charts

    monkeypatch.setenv("OPSREVIEW_STRICT_GLYPHS", "1")
    charts.apply_theme()


@pytest.fixture
def template(monkeypatch):
    """template(name, raw_dir, processed_dir, month=MONTH): a domain's template run cell by
    cell as the build runs it (its parameters given, the cells left out of the report left
    out); its namespace, and the markup its page shows, a list that goes on collecting."""
    import nbformat

    from opsreview.domains import REGISTRY
    from opsreview.pages import page

    shown: list[str] = []
    monkeypatch.setattr(page, "_display", shown.append)

    def run(name: str, raw_dir, processed_dir, month: str = MONTH) -> tuple[dict, list[str]]:
        nb = nbformat.read(REGISTRY[name].notebook, as_version=4)
        ns = {"month": month, "lang": "zh", "raw_dir": str(raw_dir),
              "processed_dir": str(processed_dir), "output_dir": None}
        for cell in nb.cells:
            tags = cell.metadata.get("tags", [])
            if cell.cell_type == "code" and not {"parameters", "remove-cell"} & set(tags):
                exec(cell.source, ns)  # noqa: S102 - the project's own template
        return ns, shown
    return run


CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright never downloads a browser here


def require_chromium() -> None:
    """Skip the test when Chromium or Playwright is missing; fail it under
    OPSREVIEW_REQUIRE_BROWSER=1 (CI)."""
    def unavailable(why: str):
        if os.environ.get("OPSREVIEW_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{why} (OPSREVIEW_REQUIRE_BROWSER=1)", pytrace=False)
        pytest.skip(why)

    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("playwright is not installed: pip install -e .")
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"{CHROMIUM} is missing: apt-get install chromium")


@pytest.fixture(scope="module")
def browser():
    """Headless system Chromium driven by Playwright, one per test module (browser tests).

    Without Chromium or Playwright the tests skip, unless OPSREVIEW_REQUIRE_BROWSER=1 (CI):
    then a missing browser fails them. A browser that is there but won't start always fails.
    """
    require_chromium()
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=["--no-sandbox", "--disable-gpu"])
    except Exception as exc:
        pw.stop()
        pytest.fail(f"{CHROMIUM} did not start: {exc}", pytrace=False)
    yield chromium
    chromium.close()
    pw.stop()
