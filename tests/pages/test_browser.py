"""The built month in a real browser: index.html and every domain page, opened offline.

Headless Debian Chromium (JavaScript on) through Playwright, as a manager's mail client would
hand the file to a browser. Each page must load with no console error and no script error,
request nothing but itself and data: URIs, decode every image, and show its headline figures
as the spec formats them. A full-page screenshot of each page is saved for people to look at.
"""

import json
from pathlib import Path

import pytest

from opsreview.domains import REGISTRY
from opsreview.judging.fmt import format_value

PAGES = ["index", *REGISTRY]
LOCAL = ("file:", "data:")


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots: {folder}")
    return folder


def _metrics(out: Path) -> dict:
    return json.loads((out / "metrics.json").read_text(encoding="utf-8"))["domains"]


def _flat(text: str) -> str:
    """Whitespace as a reader sees it: runs of spaces, newlines and nbsp are one space."""
    return " ".join(text.replace("\xa0", " ").split())


def _figures(name: str, metrics: dict, index: bool = False) -> list[str]:
    """The headline figures of domain NAME as its page and the index show them (zh); in a
    month of several shops the index shows the figures every shop gives (scopes.together),
    each shop's own are in its sentences."""
    from opsreview.month import scopes

    values = metrics[name]["metrics"]
    shown = scopes.together(values) if index else None
    return [format_value(values[f.key], f.kind, "zh") for f in REGISTRY[name].headline
            if values.get(f.key) is not None and (shown is None or f.key in shown)]


def visit(browser, path: Path, shot: Path) -> dict:
    """Open PATH from disk; what went wrong while loading it, its text, the screenshot."""
    outside: list[str] = []
    errors: list[str] = []
    context = browser.new_context(java_script_enabled=True,
                                  viewport={"width": 1280, "height": 900})

    def route(r):
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:  # recorded, and never sent: the page must work offline
            outside.append(r.request.url)
            r.abort()

    try:
        context.route("**/*", route)
        page = context.new_page()
        page.on("request", lambda q: q.url.startswith(LOCAL) or outside.append(q.url))
        page.on("websocket", lambda ws: outside.append(ws.url))
        page.on("console", lambda m: m.type != "error" or errors.append(
            f"console.error: {m.text} at {m.location}"))
        page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
        page.goto(path.as_uri(), wait_until="load")
        images = page.eval_on_selector_all("img", """imgs => Promise.all(imgs.map(async i => {
            let decoded = true;
            try { await i.decode(); } catch (e) { decoded = String(e); }
            return {src: (i.getAttribute('src') || '').slice(0, 80), complete: i.complete,
                    width: i.naturalWidth, height: i.naturalHeight, decoded};
        }))""")
        text = page.inner_text("body")
        title = page.title()
        page.screenshot(path=shot, full_page=True)
    finally:
        context.close()
    print(f"{path.name}: {len(images)} images, screenshot {shot}")
    return {"outside": sorted(set(outside)), "errors": errors, "images": images,
            "text": _flat(text), "title": title}


@pytest.mark.parametrize("name", PAGES)
def test_page_works_offline_in_a_real_browser(built, browser, shots, name):
    out = built["out"]
    metrics = _metrics(out)
    if name == "index":
        path = out / "index.html"
        wanted = {d: _figures(d, metrics, index=True) for d in metrics
                  if metrics[d]["status"] == "ok"}
    else:
        assert name in metrics, f"{name} is missing from metrics.json"
        status = metrics[name]["status"]
        if status in ("ok", "no_data"):
            path = out / f"{name}.html"
        else:  # invalid or failed (test_build says why): the page a reader gets instead
            html = json.loads((out / "manifest.json").read_text(encoding="utf-8"))[
                "domains"][name]["html"]
            path = out / html
            print(f"{name} is {status}: checking {html} ({metrics[name]['error']})")
        wanted = {name: _figures(name, metrics)} if status == "ok" else {}
    assert path.exists(), f"{path.name} missing for {name}"

    seen = visit(browser, path, shots / f"{path.stem}.png")

    assert not seen["outside"], f"{path.name} requested outside the file: {seen['outside']}"
    assert not seen["errors"], f"{path.name}: " + "\n".join(seen["errors"])
    broken = [i for i in seen["images"]
              if not (i["complete"] and i["width"] > 0 and i["decoded"] is True)]
    assert not broken, f"{path.name}: images not decoded: {broken}"
    assert seen["title"].strip(), f"{path.name} has no title"
    for domain, figures in wanted.items():
        missing = [f for f in figures if _flat(f) not in seen["text"]]
        assert not missing, f"{path.name} does not show {domain}'s headline figures {missing}"
