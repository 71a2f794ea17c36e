"""Every page of the built month on a phone (390×844, Debian's chromium): the page never
scrolls sideways (a wide table scrolls in its own frame), no table cell is narrower than two
characters, charts use their phone drawing with axis text of at least 11 px, cards go two
to a row. The issue-26 cases: the SEO heatmap keeps its four strategies and its cells' words
inside their cells, the market visits legend covers no figure, compliance's verdict columns
are in view."""

import importlib
import itertools

import pandas as pd
import pytest
from matplotlib import pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg

from opsreview.domains import REGISTRY
from opsreview.pages import charts, picture

PAGES = ["index", *REGISTRY]
PHONE = {"width": 390, "height": 844}
MEASURE = """() => {
  const visible = e => e.offsetParent !== null && e.textContent.trim();
  const cells = [...document.querySelectorAll('td, th')].filter(visible).map(c => ({
      width: c.getBoundingClientRect().width, font: parseFloat(getComputedStyle(c).fontSize),
      text: c.textContent.trim().slice(0, 30)}));
  const images = [...document.querySelectorAll('figure img')].map(i => ({
      phone: i.currentSrc !== i.src, shown: i.getBoundingClientRect().width,
      natural: i.naturalWidth}));
  const cards = [...document.querySelectorAll('.cards .card')].map(c => {
      const r = c.getBoundingClientRect(); return {top: Math.round(r.top), width: r.width}; });
  return {document: document.documentElement.scrollWidth, body: document.body.scrollWidth,
          viewport: document.documentElement.clientWidth, cells, images, cards};
}"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    yield context
    context.close()


def _page_file(out, name):
    if name == "index":
        return out / "index.html"
    page = out / f"{name}.html"
    return page if page.exists() else out / f"{name}.error.html"


@pytest.mark.parametrize("name", PAGES)
def test_the_page_reads_at_390_px(built, phone, name):
    path = _page_file(built["out"], name)
    page = phone.new_page()
    try:
        page.goto(path.as_uri(), wait_until="load")
        seen = page.evaluate(MEASURE)
    finally:
        page.close()
    assert seen["viewport"] == PHONE["width"]
    assert seen["document"] <= PHONE["width"] and seen["body"] <= PHONE["width"], \
        f"{path.name} scrolls sideways: {seen['document']} px wide"
    narrow = [c for c in seen["cells"] if c["width"] < 2 * c["font"]]
    assert not narrow, f"{path.name}: cells narrower than two characters: {narrow[:5]}"
    charts.apply_theme()
    smallest = min(plt.rcParams[k] for k in ("xtick.labelsize", "ytick.labelsize",
                                             "axes.labelsize"))
    for image in seen["images"]:
        assert image["phone"], f"{path.name}: a chart without its phone drawing"
        inches = image["natural"] / charts.DPI
        assert smallest / 72 * image["shown"] / inches >= 11, f"{path.name}: {image}"
    if len(seen["cards"]) >= 2:
        first, second = seen["cards"][:2]
        assert first["top"] == second["top"], f"{path.name}: cards are not two to a row"
        assert first["width"] < PHONE["width"] / 2


def test_a_long_title_wraps_near_its_middle_at_punctuation():
    assert picture.wrap("各分支机构本月合同额：已到账与未到账", 2) == \
        "各分支机构本月合同额：\n已到账与未到账"
    assert picture.wrap("故障恢复时长（红色为响应超时）", 2) == "故障恢复时长\n（红色为响应超时）"
    assert picture.wrap("abcdefghij", 2) == "abcde\nfghij"
    assert picture.wrap("Daily visitors, orders and sales", 2).count("\n") == 1
    # widths as drawn: a Chinese character is about two digits wide
    assert picture.wrap("02-24 09:12 门槛计算错误", 2) == "02-24 09:12\n门槛计算错误"
    assert picture.wrap("HT-202402-004 郯城分所", 2) == "HT-202402-004\n郯城分所"


def test_a_wide_chart_gets_a_phone_drawing_with_thinned_dates():
    charts.apply_theme()
    days = pd.DataFrame({"day": pd.date_range("2024-02-01", periods=29), "n": range(29)})
    title = "每日访客、订单与成交额（色块为活动期间，虚线为目标）"
    fig = charts.line(days, "day", {"n": "访客"}, title)
    markup = picture.figure(fig, "说明 <b>")
    assert markup.count("data:image/png;base64,") == 2
    assert f'<source media="{picture.PHONE_MEDIA}"' in markup
    assert "说明 &lt;b&gt;" in markup
    assert tuple(fig.get_size_inches()) == (picture.PHONE_WIDTH, 3.6)
    assert "\n" in fig.axes[0].get_title(loc="left")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    boxes = sorted((t.get_window_extent(canvas.get_renderer()) for t in
                    fig.axes[0].get_xticklabels() if t.get_text()), key=lambda b: b.x0)
    pairs = zip(boxes[:-1], boxes[1:], strict=True)
    assert len(boxes) >= 2 and all(a.x1 < b.x0 for a, b in pairs), "the date labels collide"


def _legends_in_frame(fig):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer, edge = canvas.get_renderer(), fig.bbox
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    return [(lg.get_window_extent(renderer).x0 >= edge.x0 - 1
             and lg.get_window_extent(renderer).x1 <= edge.x1 + 1) for lg in legends]


@pytest.mark.filterwarnings("ignore:constrained_layout not applied")  # before the fold
def test_a_legend_wider_than_a_phone_is_folded():
    """Entries side by side under the chart go into fewer columns; a one-column legend
    beside the axes gets its long labels on two lines; no empty title row appears."""
    from matplotlib.patches import Patch

    charts.apply_theme()
    fig, ax = charts.figure(width=9.0, height=3.0)
    ax.barh(["a", "b"], [1, 2], label="本月每个站点在百度的关键词数量（按月末最后一次查询的排名）")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    names = ["前 3 名", "第 4–10 名", "第 11–50 名", "第 51–100 名", "未排名的关键词"]
    fig.legend(handles=[Patch(color=charts.PALETTE[i], label=n) for i, n in enumerate(names)],
               loc="outside lower center", ncol=len(names), fontsize=9)
    heights = [lg.get_window_extent(FigureCanvasAgg(fig).get_renderer()).height
               for lg in (fig.legends[0], ax.get_legend())]
    fig.set_size_inches(picture.PHONE_WIDTH, 3.0)
    assert _legends_in_frame(fig) != [True, True]
    picture.fit_for_phone(fig)
    assert _legends_in_frame(fig) == [True, True]
    assert 1 < fig.legends[0]._ncols < len(names)
    assert [t.get_text() for t in fig.legends[0].get_texts()] == names
    assert "\n" in ax.get_legend().get_texts()[0].get_text()
    renderer = FigureCanvasAgg(fig).get_renderer()
    assert fig.legends[0].get_window_extent(renderer).height < 2.5 * heights[0]  # two rows
    assert ax.get_legend().get_window_extent(renderer).height < 2.5 * heights[1]


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    """The English service page and index (the longest English headings and contents links)."""
    import shutil

    from opsreview.build.runner import build
    from opsreview.contract.languages import month_dir
    from opsreview.paths import RAW_DIR

    root = tmp_path_factory.mktemp("phone-en")
    shutil.copytree(RAW_DIR, root / "raw")
    code = build("2024-02", ["service"], lang="en", jobs=1, outputs_root=root / "out",
                 raw_dir=root / "raw", processed_dir=root / "proc", echo=lambda _: None)
    assert code == 0
    return month_dir(root / "out", "2024-02", "en")


@pytest.mark.parametrize("name", ["index", "service"])
def test_english_pages_read_at_390_px(english, phone, name):
    page = phone.new_page()
    try:
        page.goto((english / f"{name}.html").as_uri(), wait_until="load")
        seen = page.evaluate(MEASURE)
    finally:
        page.close()
    assert seen["document"] <= PHONE["width"], f"en {name} scrolls sideways: {seen['document']}"


def test_a_legend_beside_the_axes_goes_under_the_chart_on_a_phone():
    """Beside the axes it would leave the plot a sliver of a phone's width."""
    charts.apply_theme()
    fig, ax = charts.figure(width=9.0, height=3.0)
    for i, name in enumerate(["儿童春装（mengertz.com）", "台钓竿（tcyuju.cn）"]):
        ax.plot(range(10), [i + v for v in range(10)], label=name)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    fig.set_size_inches(picture.PHONE_WIDTH, 3.0)
    picture.fit_for_phone(fig)
    assert ax.get_legend() is None and len(fig.legends) == 1
    assert [t.get_text() for t in fig.legends[0].get_texts()] == \
        ["儿童春装（mengertz.com）", "台钓竿（tcyuju.cn）"]
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    assert ax.get_window_extent(renderer).width > 0.6 * fig.bbox.width
    assert fig.legends[0].get_window_extent(renderer).y1 < ax.get_window_extent(renderer).y0
    assert _legends_in_frame(fig) == [True]


def _sample_tables(domain):
    from opsreview.contract.config import Config
    from opsreview.month.monthdata import MonthData

    sample = importlib.import_module(f"opsreview.sample.{domain}")
    views = importlib.import_module(f"opsreview.domains.{domain}.views")
    md = MonthData.from_frames("2024-02", {m: sample.frames(m) for m in ("2024-01", "2024-02")})
    return views, views.tables(md, Config())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_seo_heatmap_keeps_every_strategy_and_its_cells_words_on_a_phone(lang):
    """The phone drawing names all four strategies and writes each cell inside its cell."""
    from opsreview.judging.labels import Labels

    charts.apply_theme()
    views, tabs = _sample_tables("seo")
    fig = views.trials_chart(tabs.trials, Labels(lang))
    strategies = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    picture.figure(fig, "x")
    assert tuple(fig.get_size_inches())[0] == picture.PHONE_WIDTH
    ax = fig.axes[0]
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    def bare(text):  # the names as written, whatever lines they were wrapped into
        return "".join(text.split())

    shown = [bare(t.get_text()) for t in ax.get_xticklabels() if t.get_visible()]
    assert shown == [bare(s) for s in strategies] and len(shown) == 4
    cell = ax.get_window_extent(renderer).width / len(strategies)
    wide = [t.get_text() for t in ax.texts if t.get_window_extent(renderer).width > cell]
    assert not wide, f"cell words wider than their cell ({cell:.0f} px): {wide}"
    labels = sorted((t.get_window_extent(renderer) for t in ax.get_xticklabels()),
                    key=lambda b: b.x0)
    assert all(a.x1 <= b.x0 for a, b in itertools.pairwise(labels)), "strategy names collide"


def test_the_market_visits_legend_covers_no_figure_on_a_phone():
    from opsreview.judging.labels import Labels

    charts.apply_theme()
    views, tabs = _sample_tables("market")
    fig = views.funnel_chart(tabs.funnel, Labels("zh"))
    picture.figure(fig, "x")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    notes = [t for t in fig.axes[0].texts if "家" in t.get_text()]
    assert notes, "the intent note 25 家（59.5%） is drawn"
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    for legend in legends:
        box = legend.get_window_extent(renderer)
        for note in notes:
            assert not box.overlaps(note.get_window_extent(renderer)), note.get_text()


VERDICTS = """(names) => [...document.querySelectorAll('table.data th')]
  .filter(th => names.includes(th.textContent.trim()))
  .map(th => ({name: th.textContent.trim(), right: th.getBoundingClientRect().right}))"""


def test_the_compliance_verdicts_are_in_view_at_390_px(built, phone):
    """Trial verdict, indicator status, deal condition met, penalty tier: no sideways
    scroll of their table needed to read them."""
    from opsreview.judging.labels import Labels

    t = Labels("zh")
    names = [t(f"compliance.columns.{c}") for c in ("trial", "deal", "verdict", "status",
                                                     "met", "tier")]
    page = phone.new_page()
    try:
        page.goto((built["out"] / "compliance.html").as_uri(), wait_until="load")
        seen = page.evaluate(VERDICTS, names)
    finally:
        page.close()
    assert {s["name"] for s in seen} == set(names), seen
    assert all(s["right"] <= PHONE["width"] for s in seen), seen
