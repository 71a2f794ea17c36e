"""A domain's finished page in the work folder, and moving it into outputs/<MONTH>/."""

from __future__ import annotations

import json
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from opsreview.files import atomic_write, move_into_place
from opsreview.judging.labels import Labels
from opsreview.pages import export
from opsreview.pages import html as h
from opsreview.status import PUBLISHED, Status


def metrics_path(output_dir: Path, name: str) -> Path:
    """Where a page saves its record (status and figures) for the runner."""
    return Path(output_dir) / f"{name}.metrics.json"


def read_json(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _frame(job, t: Labels) -> dict:
    return {
        "title": f"{t(f'common.domains.{job.domain}')} · {job.month}",
        "lang": t.lang,
        "back": t("common.page.back"),
        "footer": t("common.page.footer", at=datetime.now().strftime("%Y-%m-%d %H:%M")),
        "contents": t("common.page.contents"),
    }


def notice_markup(job, record: dict, t: Labels) -> str:
    """The body of a page that has no report: no data, invalid input, or a failed build."""
    status = record["status"]
    head = h.tag("header", h.tag("h1", h.esc(t(f"common.domains.{job.domain}")))
                 + h.tag("p", h.esc(t("common.page.month", month=job.month)), class_="meta"),
                 class_="report-header")
    if status == Status.NO_DATA:
        body = h.tag("p", h.esc(t("common.page.no_data", month=job.month)))
    else:
        intro = t("common.page.invalid" if status == Status.INVALID else "common.page.failed")
        body = h.tag("p", h.esc(intro)) + h.tag("pre", h.esc(record.get("error") or ""))
    return head + h.tag("div", body, class_=f"notice {status}")


def write_page(job, record: dict, work: Path) -> None:
    """Render the domain's page (or its notice page) into the work folder."""
    t = Labels(job.lang)
    frame = _frame(job, t)
    if record["status"] == Status.OK:
        import nbformat  # here, in the worker: the parent only publishes (nbformat costs ~0.15 s)

        nb = nbformat.read(work / "notebooks" / f"{job.domain}.ipynb", as_version=4)
        atomic_write(work / f"{job.domain}.html", export.render(nb, **frame))
        return
    target = work / (f"{job.domain}.html" if record["status"] == Status.NO_DATA
                     else f"{job.domain}.error.html")
    atomic_write(target, export.render_markup(notice_markup(job, record, t), **frame))


def publish(name: str, record: dict, work: Path, out_dir: Path, resumed: bool = False) -> None:
    """Move finished files in; a failure keeps the last good page and marks it stale.

    The notebook goes first: when it cannot be written (a read-only notebooks/ folder) the
    page is not replaced either, and the domain fails whole. A failure's page and notebook
    replace the earlier ones or remove them, so no older error reads as this run's. RESUMED:
    finishing a publish that a lost worker started (batch.cluster): a file already moved in
    is in place, not missing."""
    nb_src = work / "notebooks" / f"{name}.ipynb"
    notebooks = out_dir / "notebooks"
    page = work / f"{name}.html"
    if record["status"] in PUBLISHED:
        if nb_src.exists():
            move_into_place(nb_src, notebooks / f"{name}.ipynb")
        (notebooks / f"{name}.failed.ipynb").unlink(missing_ok=True)
        if page.exists() or not resumed:
            move_into_place(page, out_dir / f"{name}.html")
        (out_dir / f"{name}.error.html").unlink(missing_ok=True)
        record["html"], record["stale"] = f"{name}.html", False
        return
    if (work / f"{name}.error.html").exists():  # absent when even the notice could not be written
        move_into_place(work / f"{name}.error.html", out_dir / f"{name}.error.html")
    elif not resumed:
        (out_dir / f"{name}.error.html").unlink(missing_ok=True)
    with suppress(OSError):  # the traceback lives here: published whole, or not at all
        if _whole_json(nb_src):
            move_into_place(nb_src, notebooks / f"{name}.failed.ipynb")
        elif not resumed:
            (notebooks / f"{name}.failed.ipynb").unlink(missing_ok=True)
    mark_stale(name, record, out_dir)


def _whole_json(path: Path) -> bool:
    """Whether a notebook the kernel wrote is whole (a full disk cuts papermill's write)."""
    try:
        json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return True


def mark_stale(name: str, record: dict, out_dir: Path) -> None:
    """A failed domain links its last good page, marked stale, else its error page."""
    good = (out_dir / f"{name}.html").exists()
    record["html"] = f"{name}.html" if good else f"{name}.error.html"
    record["stale"] = good
