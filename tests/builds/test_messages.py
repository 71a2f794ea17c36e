"""Class 6 of issue 29: messages for people. A CSV saved as Excel's "Unicode text" (UTF-16,
tabs) is read; a raw file changed while its page was built is named; a label missing from
config is a config error naming the file, never the raw key; a print killed mid-way leaves
nothing a later `make pdf` keeps."""


import pytest

from opsreview.build import runner
from opsreview.contract.catalog import BY_NAME
from opsreview.contract.config import ConfigError
from opsreview.ingest.loader import load
from opsreview.judging.labels import Labels
from opsreview.month.months import Month
from opsreview.status import Status

MONTH = Month.parse("2024-02")
ROWS = [["组别", "职能", "人数"], ["运营组", "运营, 推广", "5"], ["客服组", "客服", "7"]]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("sep", ["\t", ","])
def test_utf16_text_as_excel_saves_it_is_read(tmp_path, encoding, sep):
    bom = {"utf-16": "", "utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}[encoding]
    lines = [sep.join(f'"{c}"' if sep == "," and "," in c else c for c in row) for row in ROWS]
    path = tmp_path / "人员.txt"
    path.write_bytes((bom + "\r\n".join(lines) + "\r\n").encode(encoding))
    got = load(path, BY_NAME["team"], MONTH)
    assert got.frame["headcount"].tolist() == [5, 7]
    assert got.frame["role"].tolist() == ["运营, 推广", "客服"]


def test_a_raw_file_changed_while_its_page_was_built_is_named(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    (raw / "2024-02").mkdir(parents=True)
    team = raw / "2024-02" / "team.csv"
    team.write_text("组别,职能,人数\n运营组,运营,5\n", encoding="utf-8")
    (raw / "2024-02" / "kpis.csv").write_text("领域,指标,数值\nteam,training,80\n",
                                              encoding="utf-8")

    def execute(job, work):  # the download is rewritten while the kernel reads it
        team.write_text("组别,职能,人数\n运营组,运营,5\n客服组,客服,x\n", encoding="utf-8")
        return {"status": Status.FAILED, "metrics": {},
                "error": "team.ipynb, cell 3: CellExecutionError without a message"}

    monkeypatch.setattr(runner, "_execute", execute)
    monkeypatch.setattr(runner, "_quiet_worker", lambda work: None)
    monkeypatch.setattr("opsreview.pages.outputs.write_page", lambda job, record, work: None)
    job = runner.Job("team", "2024-02", "zh", str(raw), str(tmp_path / "processed"),
                     str(tmp_path / "work"))
    record = runner.run_job(job)
    assert record["status"] == Status.FAILED
    assert "2024-02/team.csv changed while the page was built" in record["error"], record


def test_a_missing_label_is_a_config_error_naming_the_file():
    with pytest.raises(ConfigError, match=r"config/labels/team\.yml: no label team\.nowhere"):
        Labels("zh")("team.nowhere")


def test_a_killed_print_leaves_nothing_a_later_run_keeps(tmp_path, monkeypatch):
    from opsreview.printing import pdf

    out = tmp_path / "2024-02"
    out.mkdir()
    dead = [out / ".pdf-99999.html", out / ".运营.pdf.99999.printed"]
    for path in dead:
        path.write_text("half", encoding="utf-8")
    monkeypatch.setattr(pdf.browsers, "find_browser", lambda: "/bin/true")
    assert pdf.make_pdf(out, "zh", False, echo=lambda *_: None) == 1  # no built month
    assert not any(p.exists() for p in dead)


def test_a_headline_figure_without_its_name_is_a_config_error(tmp_path):
    import shutil

    from opsreview.paths import CONFIG_DIR

    root = tmp_path / "labels"
    shutil.copytree(CONFIG_DIR / "labels", root)
    text = (root / "team.yml").read_text(encoding="utf-8")
    from opsreview.domains import HEADLINES

    key = HEADLINES["team"][0].key
    lines = text.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.strip().startswith(f"{key}:"))
    indent = len(lines[at]) - len(lines[at].lstrip())
    end = next(i for i in range(at + 1, len(lines))
               if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) <= indent)
    (root / "team.yml").write_text("\n".join(lines[:at] + lines[end:]) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"team\.yml: no label team\.metrics\.{key}"):
        Labels("zh", root=root)
