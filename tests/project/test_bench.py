"""The benchmark harness's pure parts (bench/bench.py): no timing is asserted here.

The benchmark itself runs only with `make bench`, never in the test suite.
"""

import importlib.util
import sys

import pytest

from opsreview.paths import PROJECT_ROOT


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("opsreview_bench",
                                                  PROJECT_ROOT / "bench" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def test_median_ignores_missing_values(bench):
    assert bench.median([3.0, 1.0, 2.0]) == 2.0
    assert bench.median([4.0, 1.0, None, 2.0, 3.0]) == 2.5
    assert bench.median([]) is None
    assert bench.median([None]) is None


def test_ratio_and_formats(bench):
    assert bench.ratio(1.0, 4.0) == 0.25
    assert bench.ratio(None, 4.0) is None and bench.ratio(1.0, 0) is None
    assert bench.fmt_seconds(1.234) == "1.23 s"
    assert bench.fmt_seconds(65.44) == "65.4 s"
    assert bench.fmt_seconds(None) == "–"
    assert bench.fmt_bytes(600 * 1024) == "600.0 KB"
    assert bench.fmt_bytes(3 * 1024**3) == "3.0 GB"
    assert bench.fmt_bytes(12) == "12 B"
    assert bench.fmt_ratio(0.5) == "0.50×"


def test_markdown_table_escapes_pipes_and_shows_missing(bench):
    text = bench.markdown_table(["a", "b"], [["x|y", None], [1, "two\nlines"]])
    assert text.splitlines() == ["| a | b |", "|---|---|", "| x\\|y | – |",
                                 "| 1 | two lines |"]


def test_parse_build_output(bench):
    out = ("opsreview 2024-02: 1 to build, 6 unchanged (jobs=2, lang=zh)\n"
           "  > site        started\n"
           "  < site        ok          7.4 s\n"
           "  = seo         ok       unchanged\n")
    info = bench.parse_build_output(out)
    assert info["to_build"] == 1 and info["unchanged"] == 6
    assert info["started"] == ["site"]
    assert info["finished"] == {"site": "ok"}
    assert bench.parse_build_output("")["to_build"] is None


def test_count_rows(bench, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n1,2\n3,4\n")
    assert bench.count_rows(path) == 2
    path.write_bytes(b"")
    assert bench.count_rows(path) == 0


def _results(bench, **over):
    results = {
        "cold": {"ours_median": 2.0, "previous_median": 10.0, "peer_a_median": 20.0,
                 "floor": {"seconds": 1.5}},
        "noop": {"median": 0.4, "executed": [0, 0]},
        "one_csv": {"dataset": "site_traffic", "domain": "site", "median": 1.2,
                    "started": [["site"]]},
        "scale": {
            "1": {"build_median": 20.0, "peak_kernel_rss": 300 * 1024**2,
                  "pages": {"site": 400_000, "seo": 300_000},
                  "load": {"orders": {"ratio": 5.0}}},
            "400": {"build_median": 60.0, "peak_kernel_rss": 1500 * 1024**2,
                    "pages": {"site": 410_000, "seo": 330_000},
                    "load": {"orders": {"ratio": 1.8}, "cs_sessions": {"ratio": 1.5}}},
        },
        "pages": {"per_domain": {"site": 400_000, "seo": 300_000}, "month_total": 900_000},
    }
    results.update(over)
    return results


def test_every_goal_met(bench):
    goals = {g["key"]: g["met"] for g in bench.evaluate(_results(bench))}
    assert goals == {"cold": True, "peer": True, "noop": True, "one_csv": True, "load": True,
                     "scale": True, "rss": True, "flat": True, "pages": True}


def test_goals_missed(bench):
    results = _results(bench)
    results["cold"]["ours_median"] = 5.0  # 0.5x the previous tree, 0.25x peer (a)
    results["noop"]["executed"] = [1, 0]  # a kernel ran
    results["one_csv"]["started"] = [["site", "seo"]]  # another domain re-ran
    results["scale"]["400"]["load"]["orders"]["ratio"] = 2.2
    results["scale"]["400"]["build_median"] = 100.0  # 5x
    results["scale"]["400"]["peak_kernel_rss"] = 3 * 1024**3
    results["scale"]["400"]["pages"]["seo"] = 600_000  # 2x
    results["pages"]["per_domain"]["site"] = 700 * 1024
    goals = {g["key"]: g["met"] for g in bench.evaluate(results)}
    assert not any(goals.values()), goals


def test_goals_not_measured(bench):
    goals = bench.evaluate({})
    assert {g["key"] for g in goals} == {"cold", "peer", "noop", "one_csv", "load", "scale",
                                          "rss", "flat", "pages"}
    assert all(g["met"] is None for g in goals)
    # a quick run (largest N = 10) cannot judge the N = 400 goal
    results = _results(bench)
    results["scale"]["10"] = results["scale"].pop("400")
    goals = {g["key"]: g["met"] for g in bench.evaluate(results)}
    assert goals["scale"] is None and goals["load"] is True


def test_readme_has_the_goal_table_and_the_hand_written_section(bench):
    results = _results(bench)
    results["meta"] = {"started": "2026-01-01T00:00:00", "cpus": 2, "domains": ["site", "seo"],
                       "missing_domains": ["campaigns"], "seconds": 600.0}
    goals = bench.evaluate(results)
    goals[0]["met"] = False
    text = bench.render_readme(results, goals, "bench.png")
    assert "| goal | measured | target | status |" in text
    assert "**missed**" in text
    assert "![benchmark chart](bench.png)" in text
    assert "## Why a goal is missed" in text
    assert bench.WHY_MISSED.strip().splitlines()[0] in text
    assert "Not measured (no notebook yet): campaigns." in text


def test_the_bench_does_not_run_in_the_test_suite():
    """`make test` runs pytest on tests/ only; bench/ holds no test files."""
    assert not list((PROJECT_ROOT / "bench").glob("test_*.py"))


def test_chart_is_drawn_from_partial_results(bench, tmp_path):
    results = _results(bench)
    results["noop"] = None
    assert bench.draw_chart(results, tmp_path / "bench.png")
    assert (tmp_path / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert bench.draw_chart({}, tmp_path / "empty.png")


def test_extra_sections_are_shown_in_the_readme(bench):
    """bench/<module>.py measurements wired through EXTRA_SECTIONS get their own section."""
    results = _results(bench, extra={"excel": {"title": "Excel against CSV",
                                               "markdown": "| a |\n|---|\n| 1 |"}})
    text = bench.render_readme(results, bench.evaluate(results), None)
    assert "## Excel against CSV\n\n| a |" in text
    assert "extra" in bench.PARTS and isinstance(bench.EXTRA_SECTIONS, list)


def test_one_csv_floor(bench):
    """Goal 3's floor: a fresh process's imports, then the changed domain's cells and export;
    unknown when the cold build's floor did not measure them."""
    floor = {"imports": 0.9, "cells": {"site": 1.0}, "export": {"site": 0.05}}
    assert bench.one_csv_bound(floor, "site") == pytest.approx(1.95)
    assert bench.one_csv_bound(floor, "seo") is None
    assert bench.one_csv_bound({}, "site") is None
    results = _results(bench)
    results["cold"]["floor"].update(floor)
    row = next(g for g in bench.evaluate(results) if g["key"] == "one_csv")
    assert row["figure"].endswith("floor 1.95 s")


def test_an_extra_sections_goals_join_the_goal_table(bench):
    """bench/preview.py and bench/batch.py give their goals' rows (issue 31)."""
    sys.path.insert(0, str(PROJECT_ROOT / "bench"))
    try:
        import preview
    finally:
        sys.path.pop(0)
    figures = {"csv": [1.2] * 5, "csv_median": 1.2, "notes": [1.1] * 5, "notes_median": 1.1}
    results = {"extra": {"preview": {"goals": preview.goals(figures)}}}
    goals = [g for g in bench.evaluate(results) if g["key"].startswith("preview-")]
    assert [g["met"] for g in goals] == [True, False]
    assert goals[0]["figure"] == "1.20 s" and goals[1]["goal"] == "≤ 1 s"
