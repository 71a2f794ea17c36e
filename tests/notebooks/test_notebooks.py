"""Notebooks stay thin, parameterised and committed without outputs."""

import json

import pytest

from opsreview.domains import REGISTRY

MAX_CELL_LINES = 15


@pytest.mark.parametrize("name", list(REGISTRY))
def test_each_domain_has_a_thin_parameterised_stripped_notebook(name):
    path = REGISTRY[name].notebook
    assert path.exists(), f"{path} is missing: every registered domain needs its notebook"
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    params = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1, "exactly one cell tagged 'parameters' (papermill)"
    source = "".join(params[0]["source"])
    for key in ("month", "lang", "raw_dir", "processed_dir", "output_dir"):
        assert f"{key} =" in source
    for cell in code:
        assert not cell.get("outputs"), "notebooks are committed without outputs (nbstripout)"
        assert cell.get("execution_count") is None, "strip execution counts (nbstripout)"
        lines = [ln for ln in "".join(cell["source"]).splitlines() if ln.strip()]
        assert len(lines) <= MAX_CELL_LINES, f"a cell of {len(lines)} lines belongs in lib/"
    text = "".join("".join(c["source"]) for c in code)
    assert "sys.path" not in text
    assert "page.save()" in text
    assert nb["metadata"]["kernelspec"]["name"] == "opsreview"


def test_papermill_reads_every_parameter_of_every_notebook(caplog):
    """papermill parses each parameter line (a quote in a comment made it warn "Unable to
    parse line" to anyone running a notebook by hand), and the seven cells say it alike."""
    import logging

    from papermill.inspection import inspect_notebook

    sources = set()
    for name, dom in REGISTRY.items():
        with caplog.at_level(logging.WARNING, logger="papermill"):
            found = inspect_notebook(str(dom.notebook))
        assert list(found) == ["month", "lang", "raw_dir", "processed_dir", "output_dir"], name
        nb = json.loads(dom.notebook.read_text(encoding="utf-8"))
        sources |= {"".join(c["source"]) for c in nb["cells"]
                    if "parameters" in c.get("metadata", {}).get("tags", [])}
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("papermill")]
    assert len(sources) == 1
