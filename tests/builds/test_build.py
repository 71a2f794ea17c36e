"""End to end: `make report` for the sample month, into temporary folders."""

import json
import re
import shutil

import pytest

from opsreview.build.runner import build
from opsreview.domains import REGISTRY

MONTH = "2024-02"
STATUSES = {"ok", "no_data", "invalid", "failed"}


def test_the_sample_month_builds_every_domain(built):
    assert built["code"] == 0, "\n".join(built["lines"])
    out = built["out"]
    for name in REGISTRY:
        assert (out / f"{name}.html").exists(), name
        assert (out / "notebooks" / f"{name}.ipynb").exists(), name
    for name in ("index.html", "metrics.json", "manifest.json"):
        assert (out / name).exists()
    assert not list(out.glob(".work-*")), "the work folder is cleaned up"
    assert not (out / ".lock").exists(), "the lock is released"


def test_metrics_json_follows_the_spec(built):
    text = (built["out"] / "metrics.json").read_text(encoding="utf-8")
    assert "NaN" not in text and "Infinity" not in text
    doc = json.loads(text)
    assert doc["month"] == MONTH
    assert list(doc["domains"]) == list(REGISTRY)
    for name, entry in doc["domains"].items():
        assert set(entry) == {"status", "error", "metrics"}, name
        assert entry["status"] in STATUSES
        assert entry["status"] == "ok", (name, entry["error"])


def test_manifest_records_inputs_hashes_versions_and_timings(built):
    man = json.loads((built["out"] / "manifest.json").read_text(encoding="utf-8"))
    site = man["domains"]["site"]
    assert any(i["file"] == f"{MONTH}/site_traffic.csv" and len(i["sha256"]) == 64
               for i in site["inputs"])
    for key in ("notebook_sha256", "lib_sha256", "config_sha256", "parameters", "versions",
                "seconds", "fingerprint"):
        assert site[key] is not None, key
    assert "git_commit" in man and man["versions"]["pandas"]


@pytest.mark.parametrize("name", ["index", *REGISTRY])
def test_pages_are_static_clean_and_light(built, name):
    page = (built["out"] / f"{name}.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower(), "a static report needs no script"
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "nothing fetched from outside"
    text = re.sub(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "", page)  # chart bytes aside
    for stray in ("Traceback", "Glyph", "Warning", "In&nbsp;[", "input_area", "<pre>&lt;",
                  "object at 0x", "NaN", ">nan<", ">None<"):
        assert stray not in text, stray
    assert len(page.encode()) < 600_000, "a page weighs at most 600 KB"
    if name != "index":
        assert 'class="toc"' in page, "a table of contents"
        assert MONTH in page


def test_a_second_build_with_nothing_changed_executes_nothing(built):
    lines: list[str] = []
    code = build(MONTH, jobs=2, outputs_root=built["root"] / "outputs", raw_dir=built["raw"],
                 processed_dir=built["root"] / "processed", echo=lines.append)
    assert code == 0
    assert lines[0].startswith(f"opsreview {MONTH}: 0 to build")
    assert not any(line.strip().startswith(">") for line in lines)


def test_invalid_input_in_one_domain_leaves_the_others_built(built, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(built["raw"], raw)
    target = raw / MONTH / "contracts.csv"
    text = target.read_bytes().decode("utf-8-sig").splitlines()
    _break_amount(text)
    target.write_text("\n".join(text) + "\n", encoding="utf-8")
    before = target.read_bytes()
    out_root = tmp_path / "outputs"
    lines: list[str] = []
    code = build(MONTH, ["market", "team"], jobs=2, outputs_root=out_root, raw_dir=raw,
                 processed_dir=tmp_path / "processed", echo=lines.append)
    assert code == 1
    doc = json.loads((out_root / MONTH / "metrics.json").read_text(encoding="utf-8"))
    assert doc["domains"]["team"]["status"] == "ok"
    assert doc["domains"]["market"]["status"] == "invalid"
    assert "contracts.csv" in doc["domains"]["market"]["error"]
    error_page = (out_root / MONTH / "market.error.html").read_text(encoding="utf-8")
    assert "contracts.csv" in error_page and "Traceback" not in error_page
    assert any("market invalid" in line for line in lines)
    assert target.read_bytes() == before, "raw data is never written"


def _break_amount(lines: list[str]) -> None:
    """Replace the amount of the first data row of contracts.csv by text."""
    import csv
    import io

    header = next(csv.reader([lines[0]]))
    col = next(i for i, h in enumerate(header) if h in ("amount", "合同金额"))
    row = next(csv.reader([lines[1]]))
    row[col] = "八十万"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(row)
    lines[1] = buf.getvalue()


def test_no_buyer_name_phone_or_message_reaches_any_output(built):
    from opsreview.contract.catalog import DATASETS
    from opsreview.sample import generate

    frames = generate(MONTH)
    secrets = set()
    for ds in DATASETS:
        for col in ds.columns:
            if col.pii and ds.name in frames:
                secrets |= {str(v) for v in frames[ds.name][col.name].dropna() if len(str(v)) >= 4}
    assert secrets
    published = [p for p in built["out"].rglob("*") if p.is_file()]  # executed notebooks too
    assert {p.suffix for p in published} >= {".html", ".json", ".ipynb"}
    for path in published:
        text = path.read_text(encoding="utf-8")
        leaked = [s for s in secrets if s in text]
        assert not leaked, (path.name, leaked[:5])


@pytest.mark.slow
def test_a_first_build_starts_the_domains_with_the_most_input_first(tmp_path):
    """Without a last build's timings the domains start by the bytes of their inputs (a
    late long domain would keep one core idle at the end); with them, by those seconds."""
    from opsreview.build.runner import plan_month
    from opsreview.month.months import Month
    from opsreview.paths import RAW_DIR

    month, names = Month.parse("2024-02"), list(REGISTRY)
    plan = plan_month(month, names, "zh", True, tmp_path, RAW_DIR, None)
    assert plan.todo[:2] == ["service", "campaigns"] and sorted(plan.todo) == sorted(names)
    seconds = {n: {"seconds": 10.0 if n == "team" else 1.0} for n in names}
    (tmp_path / "manifest.json").write_text(json.dumps({"domains": seconds}), encoding="utf-8")
    plan = plan_month(month, names, "zh", True, tmp_path, RAW_DIR, None)
    assert plan.todo[:3] == ["team", "service", "campaigns"]
