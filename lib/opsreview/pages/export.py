"""Executed notebook -> one self-contained HTML page: no code, no scripts, no CDN, our CSS."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nbformat's import pulls in jsonschema; the index and notices need neither
    import nbformat

from opsreview.pages import html as h

TEMPLATES = files("opsreview") / "templates"
_SECTION = re.compile(r'<h2 (?=[^>]*class="section")[^>]*id="(s-[\w-]+)"[^>]*>(.*?)</h2>', re.S)


@lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter  # slow import: once per process
    from traitlets.config import Config

    config = Config()  # cells tagged remove-cell (a notebook's Explore cell) stay out
    config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    config.TagRemovePreprocessor.enabled = True
    return HTMLExporter(
        config=config, extra_template_basedirs=[str(TEMPLATES)], template_name="report",
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
    )


@lru_cache(maxsize=1)
def css() -> str:
    return (TEMPLATES / "report" / "style.css").read_text(encoding="utf-8")


def add_toc(page: str, heading: str) -> str:
    """Insert a table of contents of the page's sections after its header."""
    links = [h.tag("a", text, href=f"#{anchor}") for anchor, text in _SECTION.findall(page)]
    if not links:
        return page
    nav = h.tag("nav", h.tag("strong", h.esc(heading)) + " " + " ".join(links), class_="toc")
    head_end = page.find("</header>")
    at = head_end + len("</header>") if head_end >= 0 else page.find('<main class="report">')
    return page[:at] + nav + page[at:]


def _resources(title: str, lang: str, back: str, footer: str, banner: str | None) -> dict:
    return {"opsreview": {
        "title": title, "css": css(), "lang_attr": "zh-CN" if lang == "zh" else "en",
        "back": back, "footer": footer, "banner": banner,
    }}


def render(nb: nbformat.NotebookNode, title: str, lang: str, back: str, footer: str,
           contents: str, banner: str | None = None) -> str:
    """The HTML page for an executed notebook."""
    body, _ = _exporter().from_notebook_node(
        nb, resources=_resources(title, lang, back, footer, banner))
    return add_toc(body, contents)


@lru_cache(maxsize=1)
def _markup_template():
    """jinja2 alone: the index and notices need no notebook, and nbconvert costs ~1 s to load."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES / "report")))
    return env.get_template("markup.html.j2")


def render_markup(markup: str, title: str, lang: str, back: str, footer: str,
                  contents: str, banner: str | None = None) -> str:
    """A page whose body is ready, escaped markup: the index, no-data and error pages."""
    page = _markup_template().render(
        markup=markup, resources=_resources(title, lang, back, footer, banner))
    return add_toc(page, contents)
