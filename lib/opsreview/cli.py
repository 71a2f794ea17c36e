"""The `opsreview` command (and `python -m opsreview`): what the Makefile dispatches to.

Bad input and bad arguments end in a plain message and an exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from opsreview.batch.workspace import WorkspaceError
from opsreview.build.lock import LockedError
from opsreview.errors import BatchError, ConfigError, DataError
from opsreview.month.months import Month, MonthError, folders
from opsreview.paths import CONFIG_DIR, OUTPUTS_DIR, PROCESSED_DIR, RAW_DIR


class UsageError(Exception):
    """A command-line value that cannot be used; the message says why."""


def resolve_month(text: str | None, raw_dir: Path = RAW_DIR) -> Month:
    """MONTH from the command line: YYYY-MM naming a folder under data/raw; default newest."""
    have = folders(raw_dir)
    if not text:
        if not have:
            raise UsageError(f"no month folders under {raw_dir}; add data/raw/YYYY-MM/ first")
        return have[-1]
    try:
        month = Month.parse(text)
    except MonthError as exc:
        raise UsageError(str(exc)) from None
    if month not in have or str(month) != text.strip():
        known = ", ".join(map(str, have)) or "none"
        raise UsageError(f"MONTH={text}: no folder data/raw/{text} (months with data: {known})")
    return month


def cmd_validate(args) -> int:
    from opsreview.ingest.validate import validate_month

    month = resolve_month(args.month, args.raw)
    return validate_month(Path(args.raw), month, Path(args.processed))


def cmd_report(args) -> int:
    from opsreview.build.runner import build
    from opsreview.judging.labels import report_lang

    if args.months or args.workspaces or args.scheduler:
        return cmd_batch(args)
    month = resolve_month(args.month, args.raw)
    domains, jobs = report_options(args)
    lang = report_lang(args.lang)
    _name_changed_templates()
    code = build(str(month), domains, lang, jobs, args.force, Path(args.outputs),
                 Path(args.raw), Path(args.processed))
    return max(code, _pdfs(args, [(Path(args.outputs), month)], lang))


def _name_changed_templates() -> None:
    """A template edited or run in place is built as it is: say so before building."""
    from opsreview.explore.lab import template_changes

    for line in template_changes():
        print(f"opsreview: notebooks/{line}", file=sys.stderr)


def cmd_lab(args) -> int:
    """`make lab`: MONTH's working copies, then JupyterLab on the project folder; with
    --check, only the templates that would not build their committed page (exit 1)."""
    from opsreview.explore import lab

    if args.check:
        lines = lab.template_changes()
        for line in lines:
            print(f"opsreview: notebooks/{line}", file=sys.stderr)
        return 1 if lines else 0
    month = resolve_month(args.month, args.raw)
    try:
        lab_args = lab.shell_words(args.lab_args)
    except ValueError as exc:
        raise UsageError(f"LAB_ARGS={args.lab_args!r}: {exc}") from None
    return lab.serve(month, args.lang, lab_args)


def cmd_preview(args) -> int:
    """`make preview`: MONTH served on HOST:PORT, rebuilt and reloaded as files change."""
    from opsreview.explore.preview import serve
    from opsreview.judging.labels import report_lang

    month = resolve_month(args.month, args.raw)
    try:
        port = int(args.port or 0)
    except ValueError:
        raise UsageError(f"PORT must be a whole number, got {args.port!r}") from None
    if not 0 <= port <= 65535:
        raise UsageError(f"PORT={port}: a port is 0 (any free one) to 65535")
    domains, jobs = report_options(args)
    return serve(month, report_lang(args.lang), args.host or "127.0.0.1", port,
                 Path(args.raw), Path(args.processed), Path(args.outputs), jobs, domains)


def report_options(args) -> tuple[list[str] | None, int | None]:
    """DOMAINS and JOBS, checked."""
    from opsreview.domains import REGISTRY

    domains = [d.strip() for d in (args.domains or "").split(",") if d.strip()] or None
    try:
        jobs = int(args.jobs) if args.jobs else None
    except ValueError:
        raise UsageError(f"JOBS must be a whole number, got {args.jobs!r}") from None
    for name in domains or []:
        if name not in REGISTRY:
            raise UsageError(f"DOMAINS: unknown domain {name!r}; known: {', '.join(REGISTRY)}")
    return domains, jobs


def _pdfs(args, months: list[tuple[Path, Month]], lang: str) -> int:
    """With --pdf, each built month's PDF; the worst exit code."""
    if not args.pdf:
        return 0
    from opsreview.contract.languages import month_dir
    from opsreview.printing.pdf import make_pdf

    return max(make_pdf(month_dir(outputs, str(m), lang), lang, args.force)
               for outputs, m in months)


def cmd_batch(args) -> int:
    """MONTHS, WORKSPACES, OPSREVIEW_SCHEDULER: many months of many workspaces (batch/local.py)."""
    from opsreview.batch import local as batch
    from opsreview.batch import workspace
    from opsreview.judging.labels import report_lang

    domains, jobs = report_options(args)
    lang = report_lang(args.lang)
    found = workspace.expand(args.workspaces) if args.workspaces else \
        [workspace.project(Path(args.raw), Path(args.processed), Path(args.outputs))]
    months = {}
    for ws in found:
        if not ws.is_project:
            ws.check()
        months[ws] = batch.parse_months(args.months or args.month, ws.raw,
                                        "" if ws.is_project else ws.name)
    _name_changed_templates()
    code = batch.run(months, domains, lang, jobs, args.force, args.scheduler)
    return max(code, _pdfs(args, [(ws.outputs, m) for ws, ms in months.items() for m in ms],
                           lang))


def cmd_notes(args) -> int:
    from opsreview.judging.labels import report_lang
    from opsreview.notes.template import write_template

    month = resolve_month(args.month, args.raw)
    return write_template(month, Path(args.raw), Path(args.processed), report_lang(args.lang),
                          args.stdout)


def cmd_sample(args) -> int:
    from opsreview.sample import main as sample_main

    return sample_main(args.rest) or 0


def cmd_docs(args) -> int:
    from opsreview.contract.docs import main as docs_main

    return docs_main(args.rest) or 0


def cmd_send(args) -> int:
    """`make send`: the built MONTH to every target of config/delivery.yml."""
    from opsreview.delivery.send import send_month

    return send_month(resolve_month(args.month, args.raw), Path(args.config),
                      Path(args.outputs), Path(args.raw), Path(args.processed), args.force)


def cmd_run(args) -> int:
    """`opsreview run --month last`: build the month in every language its targets read,
    then send it (a schedule's one command). A month without its folder yet is not built:
    the analyst's targets are told what is missing, the others get nothing."""
    from opsreview.build.runner import build
    from opsreview.delivery.send import send_month
    from opsreview.delivery.targets import load

    try:
        month = last_month() if args.month in (None, "last") else Month.parse(args.month)
    except MonthError as exc:
        raise UsageError(str(exc)) from None
    if (Path(args.raw) / str(month)).is_dir():
        langs = {lang for target in load(Path(args.config)) for lang in target.langs}
        for lang in sorted(langs, key=("zh", "en").index):
            code = build(str(month), None, lang, None, False, Path(args.outputs),
                         Path(args.raw), Path(args.processed))
            if code:
                print(f"opsreview run {month}: the build failed; nothing sent", file=sys.stderr)
                return code
    return send_month(month, Path(args.config), Path(args.outputs), Path(args.raw),
                      Path(args.processed), args.force)


def last_month(today: date | None = None) -> Month:
    """The calendar month before TODAY's."""
    today = today or date.today()
    return Month(today.year, today.month).previous()


def cmd_month(args) -> int:
    """Print the resolved MONTH (the Makefile's check before anything runs)."""
    print(resolve_month(args.month, args.raw))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="opsreview", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)

    def month_cmd(name, func, help_):
        s = sub.add_parser(name, help=help_)
        s.add_argument("--month", default=os.environ.get("MONTH") or None,
                       help="YYYY-MM (default: newest folder under data/raw)")
        s.add_argument("--raw", default=str(RAW_DIR), help=argparse.SUPPRESS)
        s.add_argument("--processed", default=str(PROCESSED_DIR), help=argparse.SUPPRESS)
        s.set_defaults(func=func)
        return s

    month_cmd("validate", cmd_validate, "validate every dataset of MONTH")
    month_cmd("month", cmd_month, "print the MONTH that would be used")
    n = month_cmd("notes", cmd_notes, "write data/raw/MONTH/notes.md, the analyst's template")
    n.add_argument("--lang", default=None, help="zh (default) or en; env REPORT_LANG")
    n.add_argument("--stdout", action="store_true", default=os.environ.get("NOTES_STDOUT") == "1",
                   help="print the template instead (an existing notes.md is never replaced)")
    r = month_cmd("report", cmd_report, "build MONTH's HTML reports into outputs/MONTH")
    r.add_argument("--lang", default=None, help="zh (default) or en; env REPORT_LANG")
    r.add_argument("--domains", default=os.environ.get("DOMAINS") or None,
                   help="comma-separated subset, e.g. site,seo")
    r.add_argument("--jobs", default=os.environ.get("JOBS") or None, help="parallel kernels")
    r.add_argument("--force", action="store_true", default=os.environ.get("FORCE") == "1",
                   help="rebuild even what is unchanged")
    r.add_argument("--pdf", action="store_true", default=os.environ.get("PDF") == "1",
                   help="also print the month as one PDF (needs Chromium, Chrome or Edge)")
    r.add_argument("--outputs", default=str(OUTPUTS_DIR), help=argparse.SUPPRESS)
    r.add_argument("--months", default=os.environ.get("MONTHS") or None,
                   help="many months in one run: 2023-03..2024-02 or 2024-01,2024-02")
    r.add_argument("--workspaces", default=os.environ.get("WORKSPACES") or None,
                   help="client folders (each with config/ and data/raw/), e.g. 'clients/*'")
    r.add_argument("--scheduler", default=os.environ.get("OPSREVIEW_SCHEDULER") or None,
                   help="a dask.distributed scheduler (tcp://host:8786) to run the jobs on")
    lab = month_cmd("lab", cmd_lab, "JupyterLab on the project, with MONTH's working copies "
                                    "of the notebooks in work/MONTH/")
    lab.add_argument("--lang", default=None, help="zh or en for the working copies")
    lab.add_argument("--lab-args", default=os.environ.get("LAB_ARGS", ""),
                     help='JupyterLab options as shell words, e.g. "--no-browser --port 8899" '
                          "(env LAB_ARGS)")
    lab.add_argument("--check", action="store_true",
                     help="only name the templates that carry outputs or changed cells")
    for name, func, help_ in (("send", cmd_send, "send the built MONTH to every target of "
                                                  "config/delivery.yml, once per build"),
                              ("run", cmd_run, "build MONTH (--month last: the calendar month "
                                               "before today), then send it")):
        s = month_cmd(name, func, help_)
        s.add_argument("--force", action="store_true", default=os.environ.get("FORCE") == "1",
                       help="send again what a target already had (env FORCE=1)")
        s.add_argument("--config", default=str(CONFIG_DIR / "delivery.yml"),
                       help="the targets (default config/delivery.yml)")
        s.add_argument("--outputs", default=str(OUTPUTS_DIR), help=argparse.SUPPRESS)
    pv = month_cmd("preview", cmd_preview, "serve MONTH's pages on 127.0.0.1, rebuilt and "
                                             "reloaded as its files change")
    pv.add_argument("--lang", default=None, help="zh (default) or en; env REPORT_LANG")
    pv.add_argument("--port", default=os.environ.get("PORT") or None,
                    help="the port (default: a free one); env PORT")
    pv.add_argument("--host", default=os.environ.get("HOST") or None,
                    help="the address to listen on (default 127.0.0.1); env HOST")
    pv.add_argument("--jobs", default=os.environ.get("JOBS") or None, help="parallel kernels")
    pv.add_argument("--domains", default=os.environ.get("DOMAINS") or None,
                    help="comma-separated subset, e.g. site,seo")
    pv.add_argument("--outputs", default=str(OUTPUTS_DIR), help=argparse.SUPPRESS)
    for name, func, help_ in (("sample", cmd_sample, "write the sample months"),
                              ("docs", cmd_docs, "write data/README.md from the catalog")):
        s = sub.add_parser(name, help=help_, add_help=False)
        s.add_argument("rest", nargs=argparse.REMAINDER)
        s.set_defaults(func=func)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] in (["sample"], ["docs"]):
        # argparse's REMAINDER drops a leading option such as --help; pass them on as they are
        args = argparse.Namespace(func=dict(sample=cmd_sample, docs=cmd_docs)[argv[0]],
                                  rest=argv[1:])
    else:
        args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (UsageError, ConfigError, LockedError, BatchError, WorkspaceError) as exc:
        print(f"opsreview: {exc}", file=sys.stderr)
        return 2
    except DataError as exc:
        print(f"opsreview: invalid input:\n{exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # disk full, no permission: say which file, no traceback
        print(f"opsreview: could not read or write a file: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("opsreview: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
