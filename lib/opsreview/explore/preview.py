"""`make preview` (`opsreview preview`): the month's pages served on 127.0.0.1, rebuilt as the
analyst saves a file and reloaded in the browser by themselves.

One process stays up, so each save costs only the work it changes: the imports, the warm
kernel parent (build/kernels/warm.py) and the build's worker processes are started once and kept;
each change runs the build's own planning (runner.plan_month: the fingerprints decide which
domains are stale, figure_cache keeps the trends) and publishes as `make report` does.
A change to notes.md re-renders the index at once (it shows every section), then rebuilds
only the pages whose own section changed. A change to config/ starts the kept processes
again (they hold parsed labels and config).

The live-reload script is added to each HTML page as it is served (never written into a
built page): an EventSource on /_preview/events, told which pages were published. A domain
whose input broke validation is served its error page in place of its last good one; a build
that could not run at all (a broken config file) is served as a page saying so.
"""

from __future__ import annotations

import html
import json
import mimetypes
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, suppress
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from opsreview import digest
from opsreview.build.lock import LockedError, MonthLock
from opsreview.contract.languages import month_dir
from opsreview.domains import REGISTRY
from opsreview.errors import ConfigError, DataError
from opsreview.month.months import Month
from opsreview.notes.sections import FILE as NOTES_FILE
from opsreview.paths import NOTEBOOKS_DIR, config_dir

EVENTS = "/_preview/events"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
PING_SECONDS = 15.0
STEP_MS, TICK_MS = 30, 250  # a change is taken once 30 ms pass without another
STOP_SECONDS = 20.0  # for Ctrl-C's clean stop, before its processes are killed
# Added before </body> of every HTML page served (and only served). A page reloads when the
# event names it; "*" (the build's own failure, or its end) reloads every page.
RELOAD_SCRIPT = """<script>/* opsreview preview: live reload */
(function () {
  var es = new EventSource("EVENTS");
  es.addEventListener("reload", function (e) {
    var pages = JSON.parse(e.data).pages;
    var here = location.pathname.split("/").pop() || "index.html";
    if (pages.indexOf(here) >= 0 || pages.indexOf("*") >= 0) { location.reload(); }
  });
})();
</script>""".replace("EVENTS", EVENTS)


class Hub:
    """The reload events, numbered; every open EventSource waits for the next one."""

    def __init__(self) -> None:
        self.events: list[dict] = []
        self.cond = threading.Condition()
        self.closed = False

    def send(self, pages: list[str], final: bool = False) -> None:
        """PAGES were published (FINAL: the build that published them has ended)."""
        with self.cond:
            self.events.append({"pages": sorted(set(pages)), "final": final})
            self.cond.notify_all()

    def wait(self, seen: int, timeout: float) -> list[dict]:
        """The events after the first SEEN (waiting up to TIMEOUT for one)."""
        with self.cond:
            self.cond.wait_for(lambda: self.closed or len(self.events) > seen, timeout)
            return self.events[seen:]

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()


class Site:
    """What the server serves: the month folder, and the build's failure when it has one."""

    def __init__(self, out_dir: Path, hub: Hub) -> None:
        self.out_dir = Path(out_dir)
        self.hub = hub
        self.failure: str | None = None  # the last build's own error (not a domain's)

    def file_for(self, url_path: str) -> Path | None:
        """The file a URL names inside the month folder (no hidden or outside file); a
        domain page whose last build failed is answered with its error page."""
        parts = [p for p in unquote(urlsplit(url_path).path).split("/") if p]
        if any(p.startswith(".") or "\\" in p for p in parts):
            return None
        path = self.out_dir.joinpath(*parts) if parts else self.out_dir
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and not path.name.endswith(".error.html"):
            error = path.with_name(path.stem + ".error.html")
            if error.is_file():
                path = error
        try:
            path.resolve().relative_to(self.out_dir.resolve())
        except ValueError:
            return None
        return path if path.is_file() else None

    def failure_page(self) -> bytes:
        return (f"<!doctype html><html><head><meta charset='utf-8'><title>opsreview preview"
                f"</title></head><body><h1>The preview could not build this month</h1>"
                f"<pre style='white-space:pre-wrap'>{html.escape(self.failure or '')}</pre>"
                f"<p>Fix it and save: this page reloads by itself.</p></body></html>"
                ).encode()


def with_reload(page: bytes) -> bytes:
    """PAGE with the live-reload script before its last </body> (at its end without one)."""
    at = page.rfind(b"</body>")
    script = RELOAD_SCRIPT.encode()
    return page[:at] + script + page[at:] if at >= 0 else page + script


def handler_for(site: Site):
    class Handler(BaseHTTPRequestHandler):
        server_version = "opsreview-preview"

        def log_message(self, *args) -> None:  # the terminal shows the builds, not each GET
            pass

        def do_HEAD(self) -> None:
            self.do_GET(body=False)

        def do_GET(self, body: bool = True) -> None:
            if urlsplit(self.path).path == EVENTS:
                return self.events()
            path = site.file_for(self.path)
            if site.failure is not None and (path is None or path.suffix == ".html"):
                return self.send(HTTPStatus.OK, "text/html; charset=utf-8",
                                 with_reload(site.failure_page()), body)
            if path is None:
                return self.send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8",
                                 b"not found", body)
            try:
                data = path.read_bytes()
            except OSError:  # replaced between the look and the read: the next reload has it
                return self.send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8",
                                 b"not found", body)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if kind == "text/html":
                data, kind = with_reload(data), "text/html; charset=utf-8"
            self.send(HTTPStatus.OK, kind, data, body)

        def send(self, code, kind: str, data: bytes, body: bool) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if body:
                self.wfile.write(data)

        def events(self) -> None:
            """Server-sent events: one `reload` per publish, a comment line to keep it open."""
            hub = site.hub
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = len(hub.events)
            try:
                self.wfile.write(b"retry: 1000\n\n")
                self.wfile.flush()
                while not hub.closed:
                    new = hub.wait(seen, PING_SECONDS)
                    seen += len(new)
                    out = "".join(f"event: reload\ndata: {json.dumps(e)}\n\n" for e in new)
                    self.wfile.write((out or ": ping\n\n").encode())
                    self.wfile.flush()
            except OSError:  # the page went away
                pass

    return Handler


def start_server(site: Site, host: str, port: int) -> ThreadingHTTPServer:
    """The HTTP server on HOST:PORT (0: a free port), answering from a thread of its own."""
    server = ThreadingHTTPServer((host, port), handler_for(site))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview-http", daemon=True).start()
    return server


def _quiet_worker(parent: int) -> None:
    """Pool initializer: die with the preview (runner.die_with_parent); Ctrl-C is the
    preview's, which stops its workers itself."""
    from opsreview.build.runner import die_with_parent

    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _forget_config() -> None:
    """Clear what this process keeps of the config (parsed labels, notes' domain names)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("opsreview") and module is not None:
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and \
                        getattr(value, "__module__", "") == name and name != __name__:
                    value.cache_clear()


class Preview:
    """The kept processes (warm kernel parent, worker pool) and the month's rebuilds."""

    def __init__(self, month: Month, lang: str, raw_dir: Path, processed_dir: Path,
                 outputs_root: Path, jobs: int | None, hub: Hub, site: Site, echo=print,
                 domains: list[str] | None = None):
        self.month, self.lang = month, lang
        self.raw_dir, self.processed_dir = Path(raw_dir), Path(processed_dir)
        self.out_dir = month_dir(Path(outputs_root), str(month), lang)
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.hub, self.site, self.echo = hub, site, echo
        self.names = domains or list(REGISTRY)
        self.stack = ExitStack()
        self.root: Path | None = None  # the warm parent's kernelspec and socket, from start()
        self.pool: ProcessPoolExecutor | None = None
        self.warm = None

    # --- the kept processes ---------------------------------------------------------------
    def start(self) -> None:
        """The warm parent, then the workers forked from this preloaded process (before any
        thread of the server exists: a fork copies only the forking thread)."""
        from opsreview.build.kernels import preload_workers, warm_kernels

        self.root = self.root or Path(tempfile.mkdtemp(prefix="opsreview-preview-"))
        # one build for as long as the processes live: a file's hash and a month's inventory
        # are kept under the file's identity and times (digest.py), so a save re-hashes the
        # saved file only, here and in the workers, which inherit the memo
        self.stack.enter_context(digest.one_build())
        self.warm = self.stack.enter_context(warm_kernels(self.root))
        preload_workers()
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_quiet_worker,
                                        initargs=(os.getpid(),))
        self.stack.callback(self._stop_pool)
        self.pool.submit(os.getpid).result()  # forks every worker now

    def _stop_pool(self) -> None:
        pool, self.pool = self.pool, None
        if pool is None:
            return
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)

    def restart(self) -> None:
        """After a config change: processes holding the old labels and config go."""
        self.stack.close()
        self.stack = ExitStack()
        _forget_config()
        self.start()

    def close(self) -> None:
        self.stack.close()
        if self.root:
            shutil.rmtree(self.root, ignore_errors=True)

    def kill(self, then_exit: bool = False) -> None:
        """The last resort of a stop that hangs: SIGKILL to the workers and the warm parent
        (their kernels follow them), then, THEN_EXIT, this process."""
        pool, warm = self.pool, self.warm
        procs = list(getattr(pool, "_processes", {}).values()) if pool else []
        for proc in procs:
            if proc.is_alive():
                proc.kill()
        if warm and warm.parent and warm.parent.poll() is None:  # not reaped: still its pid
            warm.parent.kill()
        if then_exit:
            print("opsreview preview: stopping took too long; its processes were killed",
                  file=sys.stderr, flush=True)
            if self.root:
                shutil.rmtree(self.root, ignore_errors=True)
            os._exit(130)

    # --- rebuilds --------------------------------------------------------------------------
    def rebuild(self, notes_only: bool = False) -> None:
        """Build what is stale, publishing each page as it ends; a failure of the build itself
        is kept for the server to show."""
        from opsreview.build.runner import finish_month, is_published, plan_month, run_all

        work_root = self.out_dir / f".work-{os.getpid()}"
        if getattr(self.pool, "_broken", False):  # a worker died (killed, out of memory)
            self.echo("preview: a worker process had died; starting the kept processes again")
            self.restart()
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            with MonthLock(self.out_dir, echo=self.echo):
                plan = plan_month(self.month, self.names, self.lang, False, self.out_dir,
                                  self.raw_dir, self.processed_dir, own=work_root)
                if plan.up_to_date:
                    self.echo("preview: nothing changed")
                    self._cleared()
                    self.hub.send([], final=True)
                    return
                t0 = time.monotonic()
                self.echo(f"preview: {len(plan.todo)} to build: {', '.join(plan.todo) or '-'}")
                if notes_only and plan.todo and is_published(self.out_dir, plan.old,
                                                             self.names):
                    # the index shows every section: at once, from the unchanged figures;
                    # the pages whose own section changed follow
                    finish_month(plan, {}, lambda *_: None, t0)
                    self.hub.send(["index.html"])
                try:
                    records = run_all(plan.todo, self.month, self.lang, self.raw_dir,
                                      self.processed_dir, work_root, self.jobs,
                                      self.out_dir, self.echo, self.warm, self.pool,
                                      published=self._page_out)
                finally:
                    shutil.rmtree(work_root, ignore_errors=True)
                finish_month(plan, records, self.echo, t0)
            self._cleared()
            self.hub.send(["index.html"], final=True)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # noqa: BLE001 - shown in the browser, the preview goes on
            self.site.failure = _said(exc)
            self.echo(f"preview: the build failed: {self.site.failure}")
            self.hub.send(["*"], final=True)

    def _page_out(self, name: str, record: dict) -> None:
        self.hub.send([f"{name}.html", f"{name}.error.html"])

    def _cleared(self) -> None:
        if self.site.failure is not None:
            self.site.failure = None
            self.hub.send(["*"])

    # --- what a change touches ---------------------------------------------------------------
    def watched(self) -> list[Path]:
        return [self.raw_dir / str(self.month), config_dir(), NOTEBOOKS_DIR]

    def react(self, paths: set[Path]) -> None:
        """Rebuild for a set of changed files."""
        conf = config_dir().resolve()
        if any(p.resolve().is_relative_to(conf) for p in paths):
            self.echo("preview: config changed; starting the kept processes again")
            self.restart()
        notes = (self.raw_dir / str(self.month) / NOTES_FILE).resolve()
        self.rebuild(notes_only=all(p.resolve() == notes for p in paths))


def _said(exc: BaseException) -> str:
    """An error for people: the messages of the project's own errors as they are."""
    if isinstance(exc, ConfigError | DataError | LockedError | OSError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def serve(month: Month, lang: str, host: str, port: int, raw_dir: Path, processed_dir: Path,
          outputs_root: Path, jobs: int | None = None, domains: list[str] | None = None,
          echo=print) -> int:
    """Serve MONTH until Ctrl-C (or SIGTERM); every process started here ends with it."""
    from watchfiles import watch

    from opsreview.build.runner import terminate_as_interrupt

    if host not in LOCAL_HOSTS:
        print(f"opsreview preview: HOST={host}: the month's pages are open to every machine "
              "that can reach this address (default 127.0.0.1: this machine only)",
              file=sys.stderr, flush=True)
    hub = Hub()
    out_dir = month_dir(Path(outputs_root), str(month), lang)
    site = Site(out_dir, hub)
    preview = Preview(month, lang, raw_dir, processed_dir, outputs_root, jobs, hub, site, echo,
                      domains)
    stop = threading.Event()
    server = None
    with terminate_as_interrupt():
        try:
            preview.start()
            server = start_server(site, host, port)
            bound = server.server_address[1]
            shown = f"[{host}]" if ":" in host else host
            echo(f"opsreview preview of {month}: http://{shown}:{bound}/  (Ctrl-C stops it)")
            built = False
            # the first (empty) yield comes once the watch is set: the first build runs then,
            # so a file saved during it is seen; later empty yields are the idle ticks
            for changes in watch(*preview.watched(), stop_event=stop, step=STEP_MS,
                                 debounce=1600, raise_interrupt=True, yield_on_timeout=True,
                                 rust_timeout=TICK_MS):
                if not built:
                    preview.rebuild()
                    echo(f"preview: watching {', '.join(map(str, preview.watched()))}")
                    built = True
                elif changes:
                    preview.react({Path(p) for _, p in changes})
        except KeyboardInterrupt:
            echo("preview: stopped")
        finally:
            # whatever hangs on the way out, the processes started here end within seconds
            timer = threading.Timer(STOP_SECONDS, preview.kill, kwargs={"then_exit": True})
            timer.daemon = True
            timer.start()
            stop.set()
            hub.close()
            with suppress(Exception):
                preview.close()
            if server is not None:
                server.shutdown()
                server.server_close()
            timer.cancel()  # stopped in time
            timer.join()
    return 0
