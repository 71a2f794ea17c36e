"""The tables a notebook exposes (`tabs.<name>`) are the page's: every one, in every domain,
in the sample month of two shops and in a month of one. The page is drawn again from the
exposed tables alone (each shop's rows of each, in place of the tables its sections drew
from) and must print what the template printed, tables and charts byte for byte: a value
that differs anywhere (a campaign's conversion on both shops' visitors) changes the page.
In a month of several shops each table is one long table, the shop (site) column first;
in a month of one, the month's tables as they are."""

import shutil

import pandas as pd
import pytest

from opsreview.contract.config import Config
from opsreview.domains import REGISTRY, scoped
from opsreview.domains.tables import Tables
from opsreview.month import scopes as scope_keys
from opsreview.paths import RAW_DIR

pytestmark = pytest.mark.slow

SECOND_SHOP = Config().entities["shops"][1]["shop"]


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    """The sample (two shops) and the same year without the second shop's files."""
    root = tmp_path_factory.mktemp("tidy")
    one = root / "one"
    shutil.copytree(RAW_DIR, one)
    for path in one.rglob(f"*{SECOND_SHOP}*"):
        path.unlink()
    return {"two": (RAW_DIR, root / "processed-two"), "one": (one, root / "processed-one")}


def _sections(ns: dict, each: list[scoped.Scope], shown: list[str]) -> str:
    """The page's sections drawn again from EACH scope's tables, as the template's cells
    draw them (its outline's section functions): their markup."""
    start = len(shown)
    outline = scoped.Outline(ns["page"], each)
    for draw in ns["outline"].parts.values():
        outline.section(draw)
    outline.draw()
    return "".join(shown[start:])


def _exposed(tabs, s: scoped.Scope, column: str, several: bool,
             only: str | None = None) -> scoped.Scope:
    """Scope S with each table its sections drew from (or the one named ONLY) replaced by
    its rows of the exposed table: the scope's rows, in the columns the page's own has."""
    frames = {}
    for key, own in vars(s.tabs).items():
        if not isinstance(own, pd.DataFrame) or only not in (None, key):
            continue
        frame = getattr(tabs, key)
        assert isinstance(frame, pd.DataFrame), key
        if several:
            assert frame.columns[0] == column, key
            frame = frame[frame[column] == s.name]  # its own rows, the shop named in each
        else:
            assert column not in frame.columns or column in own.columns, key
        other = frame.columns.difference([*own.columns, column])  # another shop's export's
        assert frame[other].isna().all().all(), (key, s.name, list(other))
        assert len(frame) == len(own), (key, s.name)
        frames[key] = frame[own.columns].set_axis(own.index)
    for key, frame in tabs.frames().items():  # no rows exposed that the page leaves out
        own = getattr(s.tabs, key, None)
        if not isinstance(own, pd.DataFrame) and several:
            assert not (frame[column] == s.name).any(), (key, s.name)
    return scoped.Scope(s.index, s.name, s.md, s.figures, Tables(**{**vars(s.tabs), **frames}))


@pytest.mark.parametrize("shops", ["two", "one"])
@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_exposed_table_is_what_the_page_prints(months, template, name, shops):
    ns, shown = template(name, *months[shops])
    page_markup = "".join(shown)
    each, tabs = ns["outline"].scopes, ns["tabs"]
    several = len(each) > 1
    column = scope_keys.DOMAINS.get(name, "shop")
    assert tabs.frames(), "the notebook exposes the page's tables"
    drawn = _sections(ns, each, shown)
    assert drawn and drawn in page_markup, "the sections drawn again are the page's"
    exposed = [_exposed(tabs, s, column, several) for s in each]
    if _sections(ns, exposed, shown) != drawn:
        differ = [key for key in tabs.frames() if _sections(
            ns, [_exposed(tabs, s, column, several, key) for s in each], shown) != drawn]
        pytest.fail(f"{name}: the page drawn from tabs.{', tabs.'.join(differ)} is not the "
                    "page the template prints")
