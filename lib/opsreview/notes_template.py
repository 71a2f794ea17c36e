"""`make notes`: a notes.md template for a month, with what its data says beside each heading.

Every domain gets its `##` heading and the four `###` parts; above them, as an HTML comment
(never shown), the domain's computed achievements and problems and the figures it can quote
with their value now, so the analyst writes beside the figures. An existing notes.md is the
analyst's work: it is never overwritten (`--stdout` prints the template instead).
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import notes as nt
from .config import Config
from .domains import REGISTRY
from .errors import DataError
from .figures import HEADLINES
from .months import Month
from .publish import create_new

PART_HEADINGS = {"zh": {k: w[0] for k, w in nt.PART_WORDS.items()},
                 "en": {k: w[-1] for k, w in nt.PART_WORDS.items()}}


def _comment(lines: list[str]) -> str:
    """An HTML comment that no computed text can close early."""
    body = "\n".join(ln.replace("--", "- -") for ln in lines)
    return f"<!--\n{body}\n-->"


def _computed(name: str, md, cfg: Config, t) -> list[str]:
    """The domain's achievements and problems as the review words them, and its figures."""
    from .metrics.team import kpis_for
    from .report.review import domain_review

    dom = REGISTRY[name]
    if not any(md.has(d.name) for d in dom.own_datasets):
        return [t("common.notes.template.no_data")]
    try:
        figures = dom.compute(md, cfg)
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


def template(month: Month, raw_dir: Path, processed_dir: Path, lang: str) -> str:
    from .monthdata import MonthData
    from .report.labels import Labels

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


def write_template(month: Month, raw_dir: Path, processed_dir: Path, lang: str,
                   stdout: bool = False, echo=print) -> int:
    """Write data/raw/<MONTH>/notes.md (or print it); 1 when one is there already."""
    path = Path(raw_dir) / str(month) / nt.FILE
    if not stdout and (path.exists() or path.is_symlink()):
        echo(f"{path} exists: it is your notes, so it is left as it is. To see the template "
             f"beside it: make notes MONTH={month} NOTES_STDOUT=1 > /tmp/notes-template.md")
        return 1
    text = template(month, Path(raw_dir), Path(processed_dir), lang)
    if stdout:
        sys.stdout.write(text)
        return 0
    create_new(path, text)
    echo(f"wrote {path}: write under each heading, then make validate and make report")
    return 0
