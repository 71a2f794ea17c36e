"""`opsreview preview`: served on a free port, rebuilt as files change, reloaded by an event.

One preview of the team domain (two small files) over two months runs for the whole module,
as the analyst runs it (the command in a child process); the changes are made to its copy of
the data. Nothing here times anything (bench/preview.py does).
"""

import importlib.util
import re
import shutil
import threading

import psutil
import pytest

from opsreview.explore import preview
from opsreview.month.months import Month
from opsreview.paths import CONFIG_DIR, PROJECT_ROOT, RAW_DIR

pytestmark = pytest.mark.slow


def _bench():
    spec = importlib.util.spec_from_file_location("opsreview_bench_preview",
                                                  PROJECT_ROOT / "bench" / "preview.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _bench()
MONTH = bench.MONTH


GROUP = re.compile(r"(?m)^(产品组,[^,\n]*,)(\S+)$")  # team.csv: a group's headcount


def _start(base, env=None):
    for m in ("2024-01", MONTH):
        shutil.copytree(RAW_DIR / m, base / "raw" / m)
    return bench.Preview(base / "raw", base, domains="team", env=env)


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    base = tmp_path_factory.mktemp("preview")
    pv = _start(base)
    family = psutil.Process(pv.proc.pid).children(recursive=True)
    yield pv, base
    if pv.proc.poll() is None:
        pv.stop()
    psutil.wait_procs(family, timeout=10)


def _headcount(csv, value) -> None:
    csv.write_text(GROUP.sub(lambda m: m.group(1) + value, csv.read_text(encoding="utf-8")),
                   encoding="utf-8")


def _change(pv, write, page: str) -> bytes:
    """Write, wait for the event naming PAGE and the build's end, return PAGE as served."""
    pv.drain()
    write()
    pv.until(page)
    pv.until(final=True)
    status, body = pv.get(f"/{page}")
    assert status == 200
    return body


def test_pages_are_served_with_the_reload_script_which_no_built_page_holds(running):
    pv, base = running
    status, body = pv.get("/team.html")
    on_disk = (base / "outputs" / MONTH / "team.html").read_bytes()
    assert status == 200 and body == preview.with_reload(on_disk)
    assert preview.EVENTS.encode() in body and preview.EVENTS.encode() not in on_disk
    assert pv.get("/")[1] == preview.with_reload((base / "outputs" / MONTH /
                                                  "index.html").read_bytes())
    assert pv.get("/manifest.json")[0] == 200
    for hidden in ("/.lock", "/../raw/2024-02/team.csv", "/%2e%2e/raw/2024-02/team.csv"):
        assert pv.get(hidden)[0] == 404, hidden


def test_a_changed_csv_serves_its_page_anew_after_a_reload_event(running):
    pv, base = running
    csv = base / "raw" / MONTH / "team.csv"
    before = pv.get("/team.html")[1]
    now = GROUP.search(csv.read_text(encoding="utf-8")).group(2)
    body = _change(pv, lambda: _headcount(csv, str(int(now) + 2)), "team.html")
    assert body != before


def test_notes_show_on_the_index_first_then_on_their_page(running):
    pv, base = running
    notes = base / "raw" / MONTH / "notes.md"
    said = "新人带教改为每周两次。"
    pv.drain()
    notes.write_text(notes.read_text(encoding="utf-8") + f"\n- {said}\n", encoding="utf-8")
    _, first = pv.until("index.html")
    assert not first["final"]  # the index before the page's notebook ran again
    assert said in pv.get("/index.html")[1].decode()
    pv.until(final=True)
    assert said in pv.get("/team.html")[1].decode()


def test_a_broken_file_is_served_as_the_error_page_then_mended(running):
    pv, base = running
    csv = base / "raw" / MONTH / "team.csv"
    good = csv.read_text(encoding="utf-8")
    body = _change(pv, lambda: _headcount(csv, "六个"), "team.html")
    error = base / "outputs" / MONTH / "team.error.html"
    assert body == preview.with_reload(error.read_bytes())
    assert "team.csv" in body.decode()
    body = _change(pv, lambda: csv.write_text(good, encoding="utf-8"), "team.html")
    assert not error.exists()
    assert body == preview.with_reload((base / "outputs" / MONTH / "team.html").read_bytes())


def test_a_broken_config_serves_the_error_page_until_mended(tmp_path):
    """A config change starts the kept processes again (they hold the parsed config); a
    broken one fails the page, whose error page is served in its place."""
    config = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, config)
    pv = _start(tmp_path, {"OPSREVIEW_CONFIG": str(config)})
    try:
        targets = config / "targets.yml"
        good = targets.read_text(encoding="utf-8")
        body = _change(pv, lambda: targets.write_text(good + "\n  - [unclosed\n",
                                                      encoding="utf-8"), "team.html")
        error = tmp_path / "outputs" / MONTH / "team.error.html"
        assert body == preview.with_reload(error.read_bytes())
        assert "targets.yml" in body.decode()
        body = _change(pv, lambda: targets.write_text(good, encoding="utf-8"), "team.html")
        assert not error.exists()
        page = tmp_path / "outputs" / MONTH / "team.html"
        assert body == preview.with_reload(page.read_bytes())
        assert "config changed; starting the kept processes again" in "".join(pv.log)
    finally:
        pv.stop()


def test_the_failure_page_escapes_what_it_quotes(tmp_path):
    hub = preview.Hub()
    site = preview.Site(tmp_path, hub)
    (tmp_path / "index.html").write_text("<html><body>ok</body></html>", encoding="utf-8")
    assert site.file_for("/") == tmp_path / "index.html"
    site.failure = "config/targets.yml: line 3: <b>not a number</b>"
    page = site.failure_page().decode()
    assert "&lt;b&gt;not a number&lt;/b&gt;" in page and "<b>" not in page


def test_stopping_it_leaves_no_process_behind(tmp_path):
    pv = _start(tmp_path)
    family = psutil.Process(pv.proc.pid).children(recursive=True)
    assert family  # its workers, the warm parent
    assert pv.stop() == 0
    gone, alive = psutil.wait_procs(family, timeout=10)
    assert not alive, [p.cmdline() for p in alive]
    assert "preview: stopped" in "".join(pv.log)


def test_another_host_is_warned_of(tmp_path, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(preview.Preview, "start", refuse)
    monkeypatch.setattr(preview.Preview, "close", lambda self: None)
    assert preview.serve(Month.parse(MONTH), "zh", "0.0.0.0", 0, tmp_path, tmp_path,
                         tmp_path, echo=lambda *_: None) == 0
    assert "HOST=0.0.0.0" in capsys.readouterr().err
    assert not [t for t in threading.enumerate() if isinstance(t, threading.Timer)]


def test_the_reload_script_goes_before_the_last_body_end():
    assert preview.with_reload(b"<p>a</p></body></html>").endswith(b"</script></body></html>")
    assert preview.with_reload(b"<p>a</p>").startswith(b"<p>a</p><script>")
