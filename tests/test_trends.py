from opsreview.report.trends import sparkline


def test_sparkline_is_plain_svg_with_gaps_for_missing_months():
    svg = sparkline([1, None, 3, 2])
    assert svg.startswith("<svg") and "<script" not in svg and svg.count(",") == 3


def test_sparkline_needs_two_known_values():
    assert sparkline([None, 5]) == ""
    assert sparkline([float("nan"), 5]) == ""
