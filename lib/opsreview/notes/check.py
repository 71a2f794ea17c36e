"""The analyst's notes read as their reader would: what notes.md says that the pages make wrong.

notes/sections.py checks that the notes can be shown (sections, placeholders of figures); this
module checks what they say, line by line, as warnings (notes.Problem with warning=True):

- a reference to nothing: "见客服页" in the service section (it is on the service page itself;
  every section is on the index too), a page or a part that is not there ("见本页手工统计指标"
  where the index has none), or a part asked for what it does not show ("每类的日均次数见…咨询构成"
  where that table holds counts and shares);
- a placeholder left in: XX, TODO, TBD, 某某, ？？ …;
- a number typed after a headline figure's name that differs from the figure the page shows
  ("每位客户平均约 3 分钟" beside a card of 3.8 分钟): `{service.avg_handle_minutes}` quotes it.

What a note may refer to and the other names of figures are declared once, in
config/labels/notes.yml, beside the page section titles (<domain>.sections.<id>.title) and the
review's part names the pages already use. The build prints the warnings (never a page), and
so does `make notes` for a month that has notes.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from opsreview.contract.config import read_yaml
from opsreview.contract.figure import Figure
from opsreview.contract.languages import LANGS
from opsreview.domains import HEADLINES, REGISTRY
from opsreview.judging.fmt import format_value
from opsreview.judging.labels import Labels
from opsreview.notes import sections as nt
from opsreview.paths import CONFIG_DIR

INDEX = "index"  # the monthly review's page, beside the domains' pages
LABELS = CONFIG_DIR / "labels"
# the review's parts, shown in a domain's part of the index and on its page alike
REVIEW_PARTS = ("common.review.achievements", "common.review.problems", "common.review.aims",
                "common.notes.lessons", "common.findings.details")
INDEX_PARTS = ("common.index.review", "common.index.domains", "common.index.trends",
               "review.key_points", "common.notes.month")
PAGE_PARTS = ("common.page.findings", "common.page.kpis", "common.findings.aims")

# A placeholder left in: XX (not a size such as XXL), TODO, TBD, FIXME, 某某, ??, 待补充.
LEFT_IN = re.compile(r"(?<![A-Za-z0-9])[XxＸｘ×]{2,}(?![A-Za-z0-9])|(?<![A-Za-z])(?:TODO|TBD|FIXME)"
                     r"(?![A-Za-z])|某某|[?？]{2,}|待补充|待填写?", re.I)
# a reference: 见 / 参见 / 详见 … (zh, in text without spaces) or "see" (en), and what follows
REFERS_ZH = re.compile(r"参见|详见|参看|请见|见")
REFERS_EN = re.compile(r"(?<![a-z])see\s+(?:the\s+)?", re.I)
THIS_PAGE = ("本页面", "本页", "thispage")
NEARBY = ("上方", "上文", "上面", "下方", "下文", "下面", "前文", "后文", "above", "below")
OF = ("中的", "里的", "上的", "的", "'s", "中", "里")
BOUNDARY = "（）()，,。；;：、！!？?“”\"'[]【】"  # where a clause ends (not 1:3.5, 3.5)
REACH = 40  # characters around a reference that say what it is for and what it points to
UNKNOWN_PAGE = re.compile(r"^(?!第)([^\d" + re.escape(BOUNDARY) + r"]{1,8}?)页(?:面)?"
                          r"|^([a-z-]{1,20})page")


def _words(text: str | None) -> tuple[str, ...]:
    return tuple(w for w in (_flat(x) for x in (text or "").split("|")) if w)


def _flat(text: str) -> str:
    """Text as compared: no white space, case-folded ("SEO 页" is "seo页")."""
    return "".join(str(text).split()).casefold()


def _both(node) -> tuple[str, ...]:
    """Every alternative a {zh, en} entry gives, in either language."""
    if not isinstance(node, dict):
        return ()
    return tuple(w for lang in LANGS for w in _words(node.get(lang)))


@dataclass(frozen=True)
class Place:
    """A part of a page a note may send the reader to: its names and what it shows."""

    names: tuple[str, ...]
    shows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    pages: dict[str, tuple[str, ...]]  # page -> its names
    parts: dict[str, tuple[Place, ...]]  # page -> its parts
    quantities: tuple[str, ...]
    figures: dict[tuple[str, str], tuple[str, ...]]  # (domain, key) -> the words naming it

    def part(self, page: str, rest: str) -> tuple[Place, str] | None:
        """The part of PAGE whose name REST starts with (the longest), and that name."""
        found = [(name, place) for place in self.parts.get(page, ()) for name in place.names
                 if rest.startswith(name)]
        if not found:
            return None
        name, place = max(found, key=lambda f: len(f[0]))
        return place, name


def _label(labels: dict, key: str) -> tuple[str, ...]:
    """The {zh, en} label at KEY (file.path) of config/labels."""
    node = labels.get(key.split(".")[0], {})
    for step in key.split(".")[1:]:
        node = node.get(step, {}) if isinstance(node, dict) else {}
    return _both(node)


def _places(sections: dict, extra: dict) -> tuple[Place, ...]:
    """A page's sections (their titles) with the names and contents notes.yml adds."""
    return tuple(Place(_both((sections.get(sid) or {}).get("title"))
                       + _both((extra.get(sid) or {}).get("name")),
                       _both((extra.get(sid) or {}).get("shows")))
                 for sid in dict.fromkeys([*sections, *extra]))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """What notes may refer to, from config/labels: each page's names and parts, the
    quantities a reference may ask for, each headline figure's names."""
    labels = {p.stem: read_yaml(p) or {} for p in LABELS.glob("*.yml")}
    declared = labels.get("notes", {})
    named, extra = declared.get("pages", {}), declared.get("parts", {})
    common = tuple(Place(_label(labels, key)) for key in REVIEW_PARTS)
    pages = {INDEX: _both(named.get(INDEX))}
    parts = {INDEX: common + tuple(Place(_label(labels, key)) for key in INDEX_PARTS)
             + _places({}, extra.get(INDEX, {}))}
    for name in REGISTRY:
        own = labels["common"]["domains"][name]
        pages[name] = tuple(dict.fromkeys(
            [w + tail for w in _words(own["zh"]) for tail in ("页", "页面")]
            + [w + "page" for w in _words(own["en"])] + list(_both(named.get(name)))))
        parts[name] = (common + tuple(Place(_label(labels, key)) for key in PAGE_PARTS)
                       + _places(labels.get(name, {}).get("sections") or {},
                                 extra.get(name, {})))
    figures = {(f.domain, f.key): tuple(dict.fromkeys(
        _label(labels, f"{f.domain}.metrics.{f.key}")
        + _both(declared.get("figures", {}).get(f.domain, {}).get(f.key))))
        for figs in HEADLINES.values() for f in figs}
    return Vocabulary(pages, parts, _both(declared.get("quantities")), figures)


def warnings(got: nt.Notes, figures: dict[str, dict] | None = None) -> list[nt.Problem]:
    """Every warning of the notes, by line; FIGURES (metrics.json's, by domain) or None (the
    typed numbers then go unchecked)."""
    out: list[nt.Problem] = []
    fenced = False
    for number, domain, line in got.lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        text = re.sub(r"`[^`]*`", "", line)
        said = (_references(domain, text) + _left_in(text)
                + _typed_numbers(domain, text, figures or {}))
        out += [nt.Problem(number, message, warning=True) for message in said]
    return out


def echo_problems(got: nt.Notes, echo=print, figures: dict[str, dict] | None = None,
                  strict: bool = False) -> int:
    """The lines for the notes' problems (notes/sections.py) and warnings (with FIGURES, the month's
    metrics.json figures by domain, a typed number is held to its figure too). 1 if any
    problem; a warning leaves a build's status as it is (the pages are right, the notes say
    something wrong), and counts as a problem when STRICT (`make notes`: a check)."""
    for problem in got.problems:
        echo(f"  ! {problem}")
    said = warnings(got, figures)
    if said:
        echo(f"  {nt.FILE}: {len(said)} line(s) a reader would find wrong (the pages show them "
             "as written):")
    for problem in said:
        echo(f"  ! {problem}")
    return 1 if got.problems or (strict and said) else 0


def _shown_on(domain: str) -> tuple[str, ...]:
    """The pages a section's text is on: the index, and its domain's page."""
    return (INDEX,) if domain == nt.MONTH_PART else (INDEX, domain)


def _page_name(page: str) -> str:
    return "the index" if page == INDEX else f"the {page} page"


def _references(domain: str, line: str) -> list[str]:
    """Each reference of LINE that points to nothing: "见…" in the line without spaces
    (what is asked for is the clause before it), "see …" in the line as written."""
    voc = vocabulary()
    flat = _flat(line)
    found = [(flat, m, _after_last(flat[max(0, m.start() - REACH):m.start()]))
             for m in REFERS_ZH.finditer(flat)]
    found += [(line, m, "") for m in REFERS_EN.finditer(line)]
    out = []
    for text, m, asked in found:
        rest = _flat(text[m.end():m.end() + REACH])
        said = _reference(domain, rest, asked, voc)
        if said:
            quoted = _clause(text[m.start():m.start() + REACH], BOUNDARY + ".:")
            out.append(f"“{asked}{quoted}”: {said}")
    return out


def _after_last(text: str) -> str:
    """TEXT after its last clause boundary: what a reference says it is for."""
    return text[max(text.rfind(c) for c in BOUNDARY) + 1:]


def _clause(rest: str, ends: str = BOUNDARY) -> str:
    """REST up to the end of its clause."""
    end = min((rest.find(c) for c in ends if c in rest), default=len(rest))
    return rest[:end]


def _reference(domain: str, rest: str, asked: str, voc: Vocabulary) -> str | None:
    """What is wrong with a reference of the DOMAIN section to REST (None: nothing, or no
    reference: "见效", "常见"); ASKED is what the note sends the reader there for."""
    shown = _shown_on(domain)
    near = next((w for w in THIS_PAGE + NEARBY if rest.startswith(w)), None)
    if near is not None:
        return _here(rest[len(near):], asked, shown, voc, near in THIS_PAGE)
    names = [(n, p) for p, ns in voc.pages.items() for n in ns if rest.startswith(n)]
    if names:
        name, page = max(names, key=lambda f: len(f[0]))
        return _there(page, rest[len(name):], asked, shown, voc)
    unknown = UNKNOWN_PAGE.match(rest)
    if unknown:
        return (f"there is no {unknown.group()!r}; the pages are the index and "
                + ", ".join(f"{p} ({voc.pages[p][0]})" for p in REGISTRY))
    if any(voc.part(p, rest) for p in voc.parts):  # a part named alone: of this page
        return _here(rest, asked, shown, voc, True)
    return None


def _there(page: str, rest: str, asked: str, shown: tuple[str, ...],
           voc: Vocabulary) -> str | None:
    """A reference to PAGE, and to its part when REST names one ("的咨询构成")."""
    if page in shown and (page != INDEX or shown == (INDEX,)):  # a domain's section may send
        # its page's reader to the index (shown there too, it only says where it is)
        return (f"this section is shown on {_page_name(page)} itself: give the figures "
                "here, or send the reader to another page")
    connected = next((w for w in OF if rest.startswith(w)), "")
    rest = rest[len(connected):]
    found = voc.part(page, rest)
    if found is not None:
        return _shows(found, asked, page)
    if connected and _clause(rest):
        return (f"{_page_name(page)} has no part {_clause(rest)!r}; its parts: "
                + ", ".join(p.names[0] for p in voc.parts[page] if p.names)[:160])
    return None


def _here(rest: str, asked: str, shown: tuple[str, ...], voc: Vocabulary,
          strict: bool) -> str | None:
    """A reference to a part of the page the text is on ("本页手工统计指标", "上方存在问题",
    a part named alone): every page the section is shown on must have it. STRICT: "this
    page" itself (no part named is no reference); else "above" / "below", where an unknown
    word is no part ("见上文所述")."""
    here = " and ".join(_page_name(p) for p in shown)
    if not _clause(rest):
        return (f"'this page' is {here} (this section is shown on each): name the page and "
                "the part, or say it here") if strict else None
    found = {p: voc.part(p, rest) for p in shown}
    lacking = [p for p, f in found.items() if f is None]
    if lacking and (strict or len(lacking) < len(found)):
        return (f"this section is shown on {here}, and {_page_name(lacking[0])} has no "
                f"{_clause(rest)!r}")
    if lacking:
        return None
    return next((s for p, f in found.items() if (s := _shows(f, asked, p))), None)


def _shows(found: tuple[Place, str], asked: str, page: str) -> str | None:
    """The quantities ASKED for that the part does not show (when it says what it shows)."""
    place, name = found
    if not place.shows:
        return None
    missing = [q for q in vocabulary().quantities if q in asked
               and not any(q in s or s in q for s in place.shows)]
    if not missing:
        return None
    return (f"{name} on {_page_name(page)} shows {', '.join(place.shows)}, not {missing[0]}: "
            "give the figure here")


def _left_in(line: str) -> list[str]:
    return [f"{m.group()!r} is a placeholder left in: write what it stands for"
            for m in LEFT_IN.finditer(line)]


# --- typed numbers against the figures -----------------------------------------------------

UNITS = {
    "percent": {"%": 0.01, "％": 0.01},
    "seconds": {"秒": 1, "秒钟": 1, "s": 1, "sec": 1, "seconds": 1, "分钟": 60, "min": 60,
                "minutes": 60, "小时": 3600, "h": 3600, "hours": 3600},
    "days": {"天": 1, "days": 1},
    "money": {"元": 1, "yuan": 1, "万元": 1e4, "万": 1e4, "亿元": 1e8, "亿": 1e8},
    "number": {None: 1, "万": 1e4},
}
UNITS["signed_percent"] = UNITS["percent"]
UNITS["minutes"] = {u: f / 60 for u, f in UNITS["seconds"].items()}
UNITS["int"] = UNITS["ratio"] = UNITS["number"]
NUMBER = re.compile(r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?P<unit>个百分点|百分点|%|％|秒钟|秒|"
                    r"分钟|小时|天|万元|亿元|元|万|亿|(?:seconds|sec|s|minutes|min|hours|h|days|yuan)"
                    r"(?![a-z]))?(?P<post>以内|之内|内|以下|以上|左右)?")
RATIO = re.compile(r"^1[:：∶](?P<num>\d+(?:\.\d+)?)")
CHANGE = ("比", "较", "上月", "增加", "减少", "提升", "提高", "下降", "上升", "缩短", "延长",
          "相差", "变化", "than", "up", "down", "more", "less", "fewer")
UPPER, LOWER, ABOUT = ("不超过", "不到", "低于", "少于", "不足", "最多", "under", "below", "within",
                       "atmost"), ("超过", "高于", "多于", "不低于", "至少", "over", "above",
                                   "atleast"), ("大约", "约", "将近", "近", "about", "around")
WINDOW = 24  # characters after a figure's name in which its number is looked for


def _typed_numbers(domain: str, line: str, figures: dict[str, dict]) -> list[str]:
    voc = vocabulary()
    flat = _flat(line)
    owners = REGISTRY if domain == nt.MONTH_PART else (domain,)
    out = []
    for owner in owners:
        mine = figures.get(owner)
        if not isinstance(mine, dict):
            continue
        for fig in HEADLINES.get(owner, ()):
            for name in voc.figures.get((owner, fig.key), ()):
                said = _check_mentions(fig, name, flat, mine)
                if said:
                    out.append(said)
                    break
    return out


def _check_mentions(fig: Figure, name: str, flat: str, mine: dict) -> str | None:
    if fig.kind not in UNITS:
        return None
    at = flat.find(name)
    while at >= 0:
        window = _clause(flat[at + len(name):at + len(name) + WINDOW])
        typed = _typed(window, fig.kind)
        if typed is not None:
            value, step, bound = typed
            candidates = _values(fig, flat, mine)
            if candidates and not any(_agrees(v, value, step, bound) for _, v in candidates):
                scope, shown = candidates[0]
                whose = f"{scope}'s " if scope else ""
                return (f"“{name}{window}”: {whose}{fig.label(Labels('zh'))} is "
                        f"{format_value(shown, fig.kind, 'zh')} on the {fig.domain} page; "
                        f"write {{{fig.domain}.{fig.key}}} to quote it")
        at = flat.find(name, at + 1)
    return None


def _typed(window: str, kind: str) -> tuple[float, float, str] | None:
    """The number a note gives in WINDOW for a figure of KIND, in the figure's unit: (value,
    half its last digit, "=" / "<=" / ">=" / "~"), or None (no comparable number there)."""
    if "{" in window:
        return None  # the figure is quoted
    m = RATIO.search(window) if kind == "ratio" else None
    m = m or NUMBER.search(window)
    if m is None:
        return None
    gap = window[:m.start()]
    if any(w in gap for w in CHANGE):
        return None  # a change or a difference, not the level
    if "从" in gap:  # 从 8 天缩短到 7 天: the second
        later = re.search(r"(?:到|至)", window[m.end():])
        if later is None:
            return None
        return _typed(window[m.end() + later.end():], kind)
    unit = m.groupdict().get("unit")
    factors = UNITS[kind]
    if unit not in factors:
        return None
    digits = m.group("num").replace(",", "")
    decimals = len(digits.partition(".")[2])
    factor = factors[unit]
    bound = "="
    post = m.groupdict().get("post") or ""
    if any(gap.endswith(w) for w in UPPER) or post in ("以内", "之内", "内", "以下"):
        bound = "<="
    elif any(gap.endswith(w) for w in LOWER) or post == "以上":
        bound = ">="
    elif any(gap.endswith(w) for w in ABOUT) or post == "左右":
        bound = "~"
    return float(digits) * factor, 0.5 * 10 ** -decimals * factor, bound


def _values(fig: Figure, flat: str, mine: dict) -> list[tuple[str | None, float]]:
    """The figure's values the line may mean: a shop's or a site's when the line names it,
    else the domain's own (none: nothing to hold the number to)."""
    scoped = [(name, (part or {}).get(fig.key)) for kind in ("shops", "sites")
              for name, part in (mine.get(kind) or {}).items() if _flat(name) in flat]
    if scoped:
        return [(n, v) for n, v in scoped if isinstance(v, int | float)]
    value = mine.get(fig.key)
    return [(None, value)] if isinstance(value, int | float) else []


def _agrees(value: float, typed: float, step: float, bound: str) -> bool:
    tolerance = max(step, 0.05 * abs(value)) if bound == "~" else step
    tolerance += 1e-9
    if bound == "<=":
        return value <= typed + tolerance
    if bound == ">=":
        return value >= typed - tolerance
    return abs(value - typed) <= tolerance
