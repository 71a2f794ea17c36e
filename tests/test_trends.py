from opsreview.report.trends import sparkline


def test_sparkline_is_plain_svg_with_gaps_for_missing_months():
    svg = sparkline([1, None, 3, 2])
    assert svg.startswith("<svg") and "<script" not in svg and svg.count(",") == 3


def test_sparkline_needs_two_known_values():
    assert sparkline([None, 5]) == ""
    assert sparkline([float("nan"), 5]) == ""


def test_history_uses_the_figures_already_computed_and_computes_the_other_months(tmp_path):
    from opsreview.config import Config
    from opsreview.months import Month
    from opsreview.paths import RAW_DIR
    from opsreview.report.trends import headline_history

    months = [Month.parse("2024-01"), Month.parse("2024-02")]
    plain = headline_history("team", months, RAW_DIR, tmp_path, Config())
    known = {"2024-02": {key: 1000 + i for i, key in enumerate(plain.index)}}
    given = headline_history("team", months, RAW_DIR, tmp_path, Config(), known=known)
    assert list(given["2024-02"]) == list(known["2024-02"].values())
    assert list(given["2024-01"]) == list(plain["2024-01"])
    assert plain["2024-01"].notna().all()
