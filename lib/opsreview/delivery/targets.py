"""config/delivery.yml: who receives the month, and the environment variables holding how.

The file names targets and the variables their secrets are in, never a secret itself, so it
can be committed. A variable read here is kept out of every message: an error names the
target and the variable, never the value (`Target.secrets` lists what must be scrubbed).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from opsreview.contract.config import read_yaml
from opsreview.contract.languages import LANGS
from opsreview.errors import ConfigError

KINDS = ("wecom", "dingtalk", "mail")
LANG_CHOICES = (*LANGS, "both")
KEYS = {"name", "kind", "webhook_env", "secret_env", "smtp_env", "lang", "analyst", "from", "to",
        "pdf_url"}
# the keys naming a variable, per kind; the first one is required
ENV_KEYS = {"wecom": ("webhook_env",), "dingtalk": ("webhook_env", "secret_env"),
            "mail": ("smtp_env",)}


class TargetError(Exception):
    """A target that cannot be sent to as configured (a variable not set, a URL that is not
    one); the message names the target and the variable, never the value."""


@dataclass(frozen=True)
class Target:
    name: str
    kind: str
    env: dict[str, str]  # key in delivery.yml (webhook_env, ...) -> variable name
    lang: str = "zh"
    analyst: bool = False  # the analyst's own target: told what the month still lacks
    sender: str | None = None  # mail: from
    to: tuple[str, ...] = ()  # mail: recipients
    pdf_url: str | None = None  # dingtalk: where the PDF can be opened ({month}, {file})

    @property
    def langs(self) -> tuple[str, ...]:
        return LANGS if self.lang == "both" else (self.lang,)

    def value(self, key: str, environ=os.environ) -> str | None:
        """The variable named by KEY (webhook_env, ...), or None when the target names none.
        A named variable that is unset or empty is a TargetError naming it."""
        var = self.env.get(key)
        if not var:
            return None
        got = (environ.get(var) or "").strip()
        if not got:
            raise TargetError(f"{self.name}: {var} is not set ({key} in config/delivery.yml)")
        return got

    def secrets(self, environ=os.environ) -> list[str]:
        """Every value read for this target and its secret parts (a webhook's key, a mail
        password): what no output may contain."""
        found = []
        for var in self.env.values():
            raw = (environ.get(var) or "").strip()
            if not raw:
                continue
            found.append(raw)
            try:
                parts = urlsplit(raw)
                found += [v for p in (parts.username, parts.password) if p
                          for v in (p, unquote(p))]
                found += [v for vs in parse_qs(parts.query).values() for v in vs]
            except ValueError:
                pass
        return sorted({s for s in found if len(s) >= 4}, key=len, reverse=True)


def load(path: Path) -> tuple[Target, ...]:
    """The targets of PATH, checked: a ConfigError names the file, the target and the key."""
    data = read_yaml(path)
    items = data.get("targets")
    if not isinstance(items, list) or not items:
        raise ConfigError(f"{path}: expected `targets:`, a list of targets (see README, "
                          "\"Sending the month\")")
    targets, names = [], set()
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ConfigError(f"{path}: target {i} is not a mapping of keys")
        targets.append(_target(path, i, item))
        if targets[-1].name in names:
            raise ConfigError(f"{path}: two targets are named {targets[-1].name!r}")
        names.add(targets[-1].name)
    return tuple(targets)


def _target(path: Path, i: int, item: dict) -> Target:
    name = str(item.get("name") or "").strip()
    where = f"{path}: target {name or i}"
    if not name:
        raise ConfigError(f"{where}: needs a name")
    unknown = sorted(str(k) for k in set(item) - KEYS)
    if unknown:  # a webhook or password written here by mistake: named, never quoted
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; a webhook, secret "
                          "or password goes in an environment variable that webhook_env, "
                          "secret_env or smtp_env names")
    kind = item.get("kind")
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    env = {}
    for n, key in enumerate(ENV_KEYS[kind]):
        var = item.get(key)
        if var is None and n > 0:
            continue
        if not isinstance(var, str) or not var.isidentifier():
            raise ConfigError(f"{where}: {key} must name an environment variable "
                              "(the value itself goes in that variable, never in this file)")
        env[key] = var
    lang = str(item.get("lang") or "zh")
    if lang not in LANG_CHOICES:
        raise ConfigError(f"{where}: lang must be one of {', '.join(LANG_CHOICES)}, got {lang!r}")
    to = item.get("to") or []
    to = (to,) if isinstance(to, str) else tuple(str(a) for a in to)
    sender = item.get("from")
    if kind == "mail" and (not sender or not to):
        raise ConfigError(f"{where}: a mail target needs `from` and `to`")
    pdf_url = item.get("pdf_url")
    try:
        str(pdf_url or "").format(month="2024-02", file="opsreview-2024-02.pdf")
    except (KeyError, IndexError, ValueError):
        raise ConfigError(f"{where}: pdf_url may hold only {{month}} and {{file}}") from None
    return Target(name, kind, env, lang, bool(item.get("analyst")),
                  str(sender) if sender else None, to, str(pdf_url) if pdf_url else None)
