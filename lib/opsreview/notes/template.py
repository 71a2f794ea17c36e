"""`make notes`: a notes.md template for a month, with what its data says beside each heading.

Every domain gets its `##` heading and the four `###` parts; above them, as an HTML comment
(never shown), the domain's computed achievements and problems and the figures it can quote
with their value now, so the analyst writes beside the figures. An existing notes.md is the
analyst's work: it is never overwritten (`--stdout` prints the template instead); `make notes`
then checks it instead, against the month's data as the build does (notes/sections.py's problems and
notes_check's warnings, each with its line), so the analyst can fix the notes before a build.
"""

from __future__ import annotations

import sys
from pathlib import Path

from opsreview.contract.config import Config
from opsreview.domains import HEADLINES, REGISTRY
from opsreview.errors import DataError
from opsreview.files import create_new
from opsreview.month.months import Month
from opsreview.notes import check as notes_check
from opsreview.notes import sections as nt

PART_HEADINGS = {"zh": {k: w[0] for k, w in nt.PART_WORDS.items()},
                 "en": {k: w[-1] for k, w in nt.PART_WORDS.items()}}


def _comment(lines: list[str]) -> str:
    """An HTML comment that no computed text can close early."""
    body = "\n".join(ln.replace("--", "- -") for ln in lines)
    return f"<!--\n{body}\n-->"


def _computed(name: str, md, cfg: Config, t) -> list[str]:
    """The domain's achievements and problems as the review words them, and its figures."""
    from opsreview.domains.team.metrics import kpis_for
    from opsreview.judging.review import domain_review

    dom = REGISTRY[name]
    try:
        figures = _figures(name, md, cfg)
        if figures is None:
            return [t("common.notes.template.no_data")]
        prev_md = md.previous()
        previous = dom.compute(prev_md, cfg) if prev_md is not None and any(
            prev_md.has(d.name) for d in dom.own_datasets) else None
        kpis = kpis_for(md, cfg, dom.kpi_domains)
    except DataError as exc:
        return [t("common.notes.template.invalid"), *str(exc).splitlines()[:3]]
    said = domain_review(name, figures, previous, cfg, t,
                         [] if kpis is None else kpis.to_dict("records"))
    out = [f"{t('common.notes.template.computed')}:"]
    for key, items in (("achievements", said.good), ("problems", said.bad)):
        out += [f"  {t(f'common.review.{key}')}:", *(f"  - {i}" for i in items)] if items else []
    if not said.good and not said.bad:
        out.append(f"  {t('common.notes.template.none')}")
    quotable = [f"  {{{name}.{f.key}}} = {t.format(figures.get(f.key), f.kind)}"
                f"  ({f.label(t)})" for f in HEADLINES.get(name, ())]
    if quotable:
        out += [f"{t('common.notes.template.figures')}:", *quotable]
    return out


def _figures(name: str, md, cfg: Config) -> dict | None:
    """Domain NAME's figures of the month, as metrics.json holds them (None: no data)."""
    dom = REGISTRY[name]
    if not any(md.has(d.name) for d in dom.own_datasets):
        return None
    return dom.compute(md, cfg)


def month_figures(month: Month, raw_dir: Path, processed_dir: Path) -> dict[str, dict]:
    """Every domain's figures of the month that its data gives (an invalid input: none)."""
    from opsreview.month.monthdata import MonthData

    cfg = Config()
    md = MonthData.from_dirs(str(month), raw_dir, processed_dir)
    out = {}
    for name in REGISTRY:
        try:
            figures = _figures(name, md, cfg)
        except DataError:
            continue
        if figures is not None:
            out[name] = figures
    return out


def template(month: Month, raw_dir: Path, processed_dir: Path, lang: str) -> str:
    from opsreview.judging.labels import Labels
    from opsreview.month.monthdata import MonthData

    t = Labels(lang)
    cfg = Config()
    md = MonthData.from_dirs(str(month), raw_dir, processed_dir)
    first = next(f for f in HEADLINES["site"] if f.kind != "date")
    out = [f"# {month}", "", _comment([t("common.notes.template.intro", month=str(month),
                                         example=f"{{site.{first.key}}}")]), ""]
    for name in REGISTRY:
        out += [f"## {t(f'common.domains.{name}')}", "", _comment(_computed(name, md, cfg, t)),
                ""]
        out += [line for part in (nt.GOOD, nt.BAD, nt.AIMS, nt.LESSONS)
                for line in (f"### {PART_HEADINGS[t.lang][part]}", "")]
    return "\n".join(out)


def check(month: Month, raw_dir: Path, processed_dir: Path, echo=print) -> int:
    """An existing notes.md checked against the month's data: each problem and warning with
    its line; 1 when there is any (0: the notes read as meant)."""
    path = raw_dir / str(month) / nt.FILE
    got = nt.read(path.parent)
    echo(f"{path} exists: your notes, left as they are; checked against {month}'s data.")
    code = notes_check.echo_problems(got, echo, month_figures(month, raw_dir, processed_dir),
                            strict=True)
    if not code:
        echo("  no problem found: make report builds them into the pages")
    echo(f"  the template beside them: make notes MONTH={month} NOTES_STDOUT=1 "
         "> /tmp/notes-template.md")
    return code


def write_template(month: Month, raw_dir: Path, processed_dir: Path, lang: str,
                   stdout: bool = False, echo=print) -> int:
    """Write data/raw/<MONTH>/notes.md (or print it); an existing one is checked instead
    (`check`)."""
    path = Path(raw_dir) / str(month) / nt.FILE
    if not stdout and path.is_symlink() and not path.exists():  # never written through
        echo(f"{path} is a link to nothing: left as it is; remove it to write the template")
        return 1
    if not stdout and path.exists():
        return check(month, Path(raw_dir), Path(processed_dir), echo)
    text = template(month, Path(raw_dir), Path(processed_dir), lang)
    if stdout:
        sys.stdout.write(text)
        return 0
    create_new(path, text)
    echo(f"wrote {path}: write under each heading, then make validate and make report")
    return 0
