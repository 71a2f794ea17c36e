"""The label catalog: every word a report shows, in zh and en, from config/labels/*.yml.

Keys are the file name then the YAML path: `site.metrics.articles_per_day`. Chinese enum
labels come from the dataset catalog; English ones from `common.enums.<code>`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from opsreview.contract.catalog import BY_NAME
from opsreview.contract.config import read_yaml
from opsreview.contract.languages import LANGS
from opsreview.domains import HEADLINES
from opsreview.errors import ConfigError
from opsreview.judging.fmt import format_value
from opsreview.paths import CONFIG_DIR


def report_lang(lang: str | None = None) -> str:
    """The report language: the argument, else REPORT_LANG, else zh."""
    value = (lang or os.environ.get("REPORT_LANG") or "zh").strip().lower()
    if value not in LANGS:
        raise ConfigError(f"REPORT_LANG must be one of {', '.join(LANGS)}, got {value!r}")
    return value


def _flatten(prefix: str, node: object, out: dict[str, dict[str, str]], where: Path) -> None:
    if isinstance(node, dict) and set(node) <= set(LANGS) and node:
        missing = [lang for lang in LANGS if lang not in node]
        if missing:
            raise ConfigError(f"{where}: label {prefix} lacks {', '.join(missing)}")
        wrong = [lang for lang in LANGS if not isinstance(node[lang], str | int | float)]
        if wrong:
            raise ConfigError(f"{where}: {prefix}.{wrong[0]}: expected text, found "
                              f"{type(node[wrong[0]]).__name__}")
        out[prefix] = {lang: str(node[lang]) for lang in LANGS}
    elif isinstance(node, dict):
        for key, child in node.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), child, out, where)
    else:
        raise ConfigError(f"{where}: {prefix} must be a mapping with zh and en texts")


@lru_cache(maxsize=4)
def _load(root: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for path in sorted(Path(root).glob("*.yml")):
        _flatten(path.stem, read_yaml(path), out, path)
    _check_names(root, out)
    return out


def _check_names(root: str, table: dict[str, dict[str, str]]) -> None:
    """Every headline figure's name, said to the analyst when missing: a page would show
    the raw key in its place (`Figure.label` falls back to it)."""
    for domain, figures in HEADLINES.items():
        for fig in figures:
            key = f"{domain}.metrics.{fig.key}"
            if key not in table:
                raise ConfigError(f"{Path(root) / domain}.yml: no label {key}; every headline "
                                  "figure needs its name with zh and en texts")


class Labels:
    """Wording in one language."""

    def __init__(self, lang: str | None = None, root: Path = CONFIG_DIR / "labels") -> None:
        self.lang = report_lang(lang)
        self._table = _load(str(root))

    def __call__(self, key: str, **values: object) -> str:
        try:
            text = self._table[key][self.lang]
        except KeyError:  # the analyst's to mend: a message, never the raw key on a page
            raise ConfigError(f"config/labels/{key.split('.')[0]}.yml: no label {key} "
                              f"({self.lang}); add it with its zh and en texts") from None
        return text.format(**values) if values else text

    def get(self, key: str, default: str | None = None) -> str | None:
        entry = self._table.get(key)
        return entry[self.lang] if entry else default

    def format(self, value: object, kind: str) -> str:
        """A figure formatted for people in this language (see judging.fmt)."""
        return format_value(value, kind, self.lang)

    def join(self, items) -> str:
        """A list in running text: 甲、乙、丙 / A, B, C."""
        return self("review.sep").join(str(i) for i in items)

    def inline(self, text: str) -> str:
        """A label inside an English sentence starts in lower case ('late shipping rate');
        an acronym ('DSR score') stays as written, and so does Chinese."""
        if self.lang == "en" and len(text) > 1 and text[1].islower():
            return text[0].lower() + text[1:]
        return text

    def sentence(self, text: str) -> str:
        """A clause that opens a line: capitalised in English (a site's domain name kept as
        written), Chinese as written."""
        if self.lang != "en" or "." in text.split(" ", 1)[0]:
            return text
        return text[:1].upper() + text[1:]

    def has(self, key: str) -> bool:
        return key in self._table

    def kpi(self, domain: str, kpi: str, name: str | None = None) -> str:
        """A hand-kept figure's name in this language: its catalog name (`<domain>.kpis.<kpi>`,
        else `team.kpis.<kpi>`: the team keeps the sheet), else the name the sheet gives it
        (NAME), as written."""
        return self.get(f"{domain}.kpis.{kpi}") or self.get(f"team.kpis.{kpi}") or name or kpi

    def kpi_unit(self, kpi: str | None, unit: str | None) -> str:
        """A hand-kept figure's unit as this language writes it: in English the figure's own
        count word (`team.kpi_units.<kpi>`: 3 plans, where 份 has no English word), else the
        unit's (common.units), else the unit as written."""
        if not unit:
            return ""
        own = self.get(f"team.kpi_units.{kpi}") if kpi and self.lang == "en" else None
        word = own or self.get(f"common.units.{unit}")
        return unit if word is None else word

    def group(self, name: str) -> str:
        """A team group (team.csv `group`) in this language; one not in team.yml as written."""
        return self.get(f"team.groups.{name}") or name

    def role(self, text: str) -> str:
        """A team group's role (team.csv `role`) in this language; one not in team.yml as
        written."""
        return self.get(f"team.roles.{text}") or text

    def enum(self, dataset: str, column: str, code: str | None) -> str:
        """The label of an enum code: Chinese from the catalog, English from common.enums."""
        if code is None:
            return ""
        if self.lang == "zh":
            return BY_NAME[dataset].column(column).labels.get(code, code)
        return self.get(f"common.enums.{code}") or code.replace("_", " ").capitalize()
