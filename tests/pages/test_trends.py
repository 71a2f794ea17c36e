import pandas as pd

from opsreview.pages.trends import sparkline


def test_sparkline_is_plain_svg_with_gaps_for_missing_months():
    """A month without data breaks the line: 1 stands alone (a dot), 3 and 2 are joined."""
    svg = sparkline([1, None, 3, 2])
    assert svg.startswith("<svg") and "<script" not in svg
    assert svg.count("<polyline") == 1 and svg.count(",") == 2  # only 3 → 2 is a line
    assert svg.count("<circle") == 2  # 1 alone, and the last value


def test_sparkline_never_joins_months_across_a_gap():
    svg = sparkline([4, 5, None, None, 2])
    assert svg.count("<polyline") == 1 and svg.count(",") == 2  # 4 → 5 only; 2 is the end


def test_sparkline_needs_two_known_values():
    assert sparkline([None, 5]) == ""
    assert sparkline([float("nan"), 5]) == ""


def test_history_uses_the_figures_already_computed_and_computes_the_other_months(tmp_path):
    from opsreview.contract.config import Config
    from opsreview.month.months import Month
    from opsreview.pages.trends import headline_history
    from opsreview.paths import RAW_DIR

    months = [Month.parse("2024-01"), Month.parse("2024-02")]
    plain = headline_history("team", months, RAW_DIR, tmp_path, Config())
    known = {"2024-02": {key: 1000 + i for i, key in enumerate(plain.index)}}
    given = headline_history("team", months, RAW_DIR, tmp_path, Config(), known=known)
    assert list(given["2024-02"]) == list(known["2024-02"].values())
    assert list(given["2024-01"]) == list(plain["2024-01"])
    assert plain["2024-01"].notna().all()


def _copy_months(tmp_path):
    import shutil

    from opsreview.paths import RAW_DIR

    raw = tmp_path / "raw"
    for month in ("2024-01", "2024-02"):
        shutil.copytree(RAW_DIR / month, raw / month)
    return raw, tmp_path / "processed"


def test_earlier_months_figures_are_kept_and_computed_again_when_an_input_changes(tmp_path):
    import json

    from opsreview.build.figure_cache import month_figures
    from opsreview.contract.config import Config
    from opsreview.domains import REGISTRY
    from opsreview.month.months import Month

    raw, processed = _copy_months(tmp_path)
    team, month = REGISTRY["team"], Month.parse("2024-01")
    first = month_figures(team, month, raw, processed, Config())
    kept = processed / "2024-01" / "figures" / "team.json"
    stored = json.loads(kept.read_text(encoding="utf-8"))
    assert stored["figures"] == first and first["headcount"] > 0
    stored["figures"]["headcount"] = -1  # what the cache holds is what a second call returns
    kept.write_text(json.dumps(stored), encoding="utf-8")
    assert month_figures(team, month, raw, processed, Config())["headcount"] == -1
    team_csv = raw / "2024-01" / "team.csv"  # a changed input: a new key, computed again
    team_csv.write_bytes(team_csv.read_bytes() + b"\n")
    assert month_figures(team, month, raw, processed, Config()) == first


def test_a_cache_that_cannot_be_written_never_fails_the_figures(tmp_path):
    from opsreview.build.figure_cache import month_figures
    from opsreview.contract.config import Config
    from opsreview.domains import REGISTRY
    from opsreview.month.months import Month

    raw, processed = _copy_months(tmp_path)
    (processed / "2024-01").mkdir(parents=True)
    (processed / "2024-01" / "figures").write_text("not a folder", encoding="utf-8")
    figures = month_figures(REGISTRY["team"], Month.parse("2024-01"), raw, processed, Config())
    assert figures["headcount"] > 0


def test_a_built_months_figures_are_kept_and_earlier_months_computed_ahead(tmp_path,
                                                                          monkeypatch):
    from opsreview.build import figure_cache
    from opsreview.contract.config import Config
    from opsreview.domains import REGISTRY
    from opsreview.month.months import Month

    raw, processed = _copy_months(tmp_path)
    team, jan, feb = REGISTRY["team"], Month.parse("2024-01"), Month.parse("2024-02")
    figure_cache.keep(team, feb, raw, processed, Config(), {"headcount": 77})
    figure_cache.earlier(team, [jan], raw, processed)  # as a build's worker does
    assert (processed / "2024-01" / "figures" / "team.json").is_file()
    monkeypatch.setattr(type(team), "compute", lambda *a: (_ for _ in ()).throw(
        AssertionError("computed again")))
    assert figure_cache.month_figures(team, feb, raw, processed, Config()) == {"headcount": 77}
    assert figure_cache.month_figures(team, jan, raw, processed, Config())["headcount"] > 0


def test_a_page_compares_with_last_months_figures_as_the_trends_keep_them(tmp_path):
    """Page.previous is figure_cache's record of last month (computed once, then read), so
    the page and the index's trends compare with the same figures; a last month whose files
    do not load gives no comparison instead of failing a page that does not read it."""
    import json

    from opsreview.pages.page import Page
    from opsreview.status import Status

    raw, processed = _copy_months(tmp_path)
    page = Page.open("service", "2024-02", "zh", raw_dir=raw, processed_dir=processed)
    kept = processed / "2024-01" / "figures" / "service.json"
    assert page.status == Status.OK and page.previous
    assert page.previous == json.loads(kept.read_text(encoding="utf-8"))["figures"]

    (raw / "2024-01" / "cs_sessions.csv").write_text("date,agent\n不是日期,某人\n",
                                                     encoding="utf-8")
    page = Page.open("service", "2024-02", "zh", raw_dir=raw, processed_dir=processed)
    assert page.status == Status.OK and page.previous is None and page.metrics


def test_a_domain_s_trend_starts_with_its_first_month_of_data():
    from opsreview.judging.labels import Labels
    from opsreview.pages.index import trend_tables

    frame = pd.DataFrame({"2023-11": [None], "2023-12": [None], "2024-01": [300.0],
                          "2024-02": [320.0]}, index=["first_week_avg_daily_uv"])
    html = trend_tables({"site": frame}, Labels("zh"))
    assert "2024-02" in html and "2024-01" in html and "2023-12" not in html
    # one month of data is no trend yet: no table
    assert "<table" not in trend_tables({"site": frame.iloc[:, 1:2]}, Labels("zh"))
