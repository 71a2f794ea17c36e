"""The live preview: from a file saved to the new page served (issue 31).

    .venv/bin/python bench/preview.py          # measure, print, write bench/preview.json

`opsreview preview --month 2024-02 --port 0` runs on a copy of data/raw with its own processed
cache and outputs, as the analyst runs it. Once its first build is done (warm), each change
is written while this process listens on the preview's event stream (/_preview/events):
the time is from just before the file's write to the new page's bytes received, the GET
made when the event naming that page arrives. One untimed change first, then REPEATS timed:
- one CSV of one domain (site_traffic.csv, read by site only): a day's visits changed;
- notes.md: a line added to the site section; the index (which shows every section) is
  the page timed, the site page (its section) follows once its notebook ran again.
bench.py (EXTRA_SECTIONS) runs `measure` and puts `readme_section` into bench/README.md.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MONTH = "2024-02"
REPEATS = 5
CSV_GOAL, NOTES_GOAL = 1.5, 1.0
TITLE = "Live preview: a saved file to the new page served (issue 31)"
URL = re.compile(r"http://([\d.]+):(\d+)/")


class Preview:
    """`opsreview preview` in a child process, and its event stream read in a thread."""

    def __init__(self, raw: Path, base: Path, domains: str | None = None,
                 env: dict | None = None) -> None:
        env = {**{k: v for k, v in os.environ.items() if k not in (
            "MONTH", "DOMAINS", "PORT", "HOST", "JOBS", "FORCE", "OPSREVIEW_CONFIG")},
            **(env or {})}
        cmd = [sys.executable, "-m", "opsreview", "preview", "--month", MONTH, "--port", "0",
               "--raw", str(raw), "--processed", str(base / "processed"),
               "--outputs", str(base / "outputs"), "--lang", "zh"]
        if domains:
            cmd += ["--domains", domains]
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True,
                                     start_new_session=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.host, self.port = self._wait_for(URL).groups()
        self.events: queue.Queue[tuple[float, dict]] = queue.Queue()
        threading.Thread(target=self._listen, daemon=True).start()
        self._wait_for(re.compile(r"^preview: watching"), 600)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.log.append(line)
            self.lines.put(line)

    def _wait_for(self, pattern: re.Pattern, seconds: float = 120) -> re.Match:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            if m := pattern.search(line):
                return m
        raise RuntimeError("preview did not say it: " + "".join(self.log[-20:]))

    def _listen(self) -> None:
        conn = http.client.HTTPConnection(self.host, int(self.port), timeout=600)
        conn.request("GET", "/_preview/events")
        resp = conn.getresponse()
        kind = None
        for raw in resp:
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: ") and kind == "reload":
                self.events.put((time.perf_counter(), json.loads(line[6:])))

    def get(self, path: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(self.host, int(self.port), timeout=60)
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()

    def drain(self) -> None:
        while not self.events.empty():
            self.events.get()

    def until(self, page: str | None = None, final: bool = False,
              seconds: float = 120) -> tuple[float, dict]:
        """The first event naming PAGE (or the build's final one)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            at, event = self.events.get(timeout=max(deadline - time.monotonic(), 0.01))
            if (page and page in event["pages"]) or (final and event["final"]):
                return at, event
        raise TimeoutError(page)

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=60)


def _timed(pv: Preview, change, page: str) -> float:
    """Seconds from CHANGE's write to PAGE's new bytes received; waits for the build's end."""
    pv.drain()
    t0 = time.perf_counter()
    change()
    pv.until(page)
    status, _ = pv.get(f"/{page}")
    took = time.perf_counter() - t0
    assert status == 200
    pv.until(final=True)
    return took


def _edit_csv(path: Path, n: int) -> None:
    """Change one day's visits (a real change of figures: the page differs)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for i in range(len(lines) - 1, 0, -1):
        cells = lines[i].split(",")
        for j, cell in enumerate(cells):
            if cell.isdigit() and int(cell) > 100:
                cells[j] = str(int(cell) + (1 if n % 2 else -1))
                lines[i] = ",".join(cells)
                path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
                return
    raise RuntimeError(f"no number to change in {path}")


def _edit_notes(path: Path, n: int) -> None:
    """A line added at the end of the site section (渔业信息网运营, before 市场开拓)."""
    text = path.read_text(encoding="utf-8")
    at = text.index("\n## 市场开拓")
    path.write_text(f"{text[:at]}\n- 站内搜索词本月第 {n + 1} 次复核。\n{text[at:]}",
                    encoding="utf-8")


def measure(log=print) -> dict:
    with tempfile.TemporaryDirectory(prefix="opsreview-preview-bench-") as tmp:
        tmp = Path(tmp)
        raw = tmp / "raw"
        shutil.copytree(ROOT / "data" / "raw", raw)
        csv, notes = raw / MONTH / "site_traffic.csv", raw / MONTH / "notes.md"
        started = time.perf_counter()
        pv = Preview(raw, tmp)
        first = time.perf_counter() - started
        log(f"preview: up and built in {first:.1f} s")
        out = {"first_build": round(first, 2), "csv": [], "notes": [], "notes_page": []}
        try:
            for i in range(REPEATS + 1):
                took = _timed(pv, lambda i=i: _edit_csv(csv, i), "site.html")
                if i:
                    out["csv"].append(round(took, 3))
            for i in range(REPEATS + 1):
                t0 = time.perf_counter()
                took = _timed(pv, lambda i=i: _edit_notes(notes, i), "index.html")
                if i:
                    out["notes"].append(round(took, 3))
                    out["notes_page"].append(round(time.perf_counter() - t0, 3))
        finally:
            out["stop_code"] = pv.stop()
    out["csv_median"] = statistics.median(out["csv"])
    out["notes_median"] = statistics.median(out["notes"])
    out["notes_page_median"] = statistics.median(out["notes_page"])
    out["loadavg"] = [round(x, 1) for x in os.getloadavg()]
    log(f"preview: one CSV {out['csv']} s, notes.md {out['notes']} s")
    return out


def goals(f: dict | None) -> list[tuple[str, str, str, bool | None]]:
    """(what, measured, goal, met) rows for bench.py's goal table."""
    if not f:
        return []
    return [
        ("6a. preview: one CSV of one domain saved → its new page served (median of "
         f"{len(f['csv'])}, warm)", f"{f['csv_median']:.2f} s", f"≤ {CSV_GOAL:g} s",
         f["csv_median"] <= CSV_GOAL),
        ("6b. preview: notes.md saved → the new index served (median of "
         f"{len(f['notes'])}, warm)", f"{f['notes_median']:.2f} s", f"≤ {NOTES_GOAL:g} s",
         f["notes_median"] <= NOTES_GOAL),
    ]


def readme_section(f: dict | None) -> str:
    if not f:
        return ""
    lines = [
        f"`opsreview preview --month {MONTH}` on a copy of data/raw, its first build "
        f"{f['first_build']:.1f} s (cold: every domain), then one untimed change and "
        f"{len(f['csv'])} timed ones each; load average {f['loadavg'][0]} at the end. "
        "Timed from just before the file's write to the new page's bytes received (the GET "
        "made as the reload event naming the page arrives).",
        "",
        "| change | runs | median | goal |",
        "|---|---|---|---|",
        f"| site_traffic.csv (a day's visits) → site.html | "
        f"{', '.join(f'{x:.2f}' for x in f['csv'])} s | {f['csv_median']:.2f} s | "
        f"≤ {CSV_GOAL:g} s |",
        f"| notes.md (a line in the site section) → index.html | "
        f"{', '.join(f'{x:.2f}' for x in f['notes'])} s | {f['notes_median']:.2f} s | "
        f"≤ {NOTES_GOAL:g} s |",
        f"| … → the build's end (site.html with its section, index again) | "
        f"{', '.join(f'{x:.2f}' for x in f['notes_page'])} s | "
        f"{f['notes_page_median']:.2f} s | – |",
        "",
        f"Stopped with SIGINT (Ctrl-C): exit status {f['stop_code']}.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    figures = measure()
    (HERE / "preview.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(readme_section(figures))
