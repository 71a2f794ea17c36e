"""campaigns.discount written as a rate (issue 12 item 8a): `25%` was rejected although the
contract allows a rate. A number from 1 up is CNY off; `25%` or a number below 1 is a rate."""

import pandas as pd
import pytest

from opsreview.contract.catalog import dataset
from opsreview.domains.campaigns import metrics as m
from opsreview.domains.campaigns import views as v
from opsreview.errors import DataError
from opsreview.ingest.loader import load
from opsreview.judging.labels import Labels
from opsreview.month.months import Month
from opsreview.paths import RAW_DIR

FEB = Month.parse("2024-02")
CAMPAIGNS = dataset("campaigns")


def _sample_with(tmp_path, rewrite) -> pd.DataFrame:
    """The sample month's campaigns.csv with each discount cell passed through `rewrite`."""
    frame = pd.read_csv(RAW_DIR / "2024-02" / "campaigns.csv", dtype=str, keep_default_na=False)
    frame["discount"] = [rewrite(d) for d in frame["discount"]]
    path = tmp_path / "campaigns.csv"
    frame.to_csv(path, index=False)
    return load(path, CAMPAIGNS, FEB).frame


def _percent(cell: str) -> str:
    return f"{float(cell) * 100:g}%" if cell and float(cell) < 1 else cell


def test_a_discount_written_25_percent_loads_as_the_rate_and_reads_as_a_percentage_off(
        tmp_path):
    plain = _sample_with(tmp_path, lambda d: d)
    written = _sample_with(tmp_path, _percent)
    assert list(written["discount"].fillna(-1)) == list(plain["discount"].fillna(-1))
    deal = written.set_index("campaign_id").loc["HD-202402-02"]
    assert deal["discount"] == 0.25
    assert m.rule_text(deal["kind"], deal["threshold"], deal["discount"]) == "7.5折"
    assert v.rule(deal["kind"], deal["threshold"], deal["discount"], Labels("en")) \
        == "25% off"
    table = m.campaign_table(written, None, None, FEB).set_index("campaign_id")
    assert table.loc["HD-202402-02", "rule"] == "7.5折"
    assert table.loc["HD-202402-01", "rule"] == "满100减10"  # 10 is CNY off, not a rate


@pytest.mark.parametrize(("cell", "value", "rule"), [
    ("25%", 0.25, "7.5折"), ("0.25", 0.25, "7.5折"), ("２５％", 0.25, "7.5折"),
    ("25", 25.0, "减25"), ("1,200", 1200.0, "减1200")])
def test_each_written_form(tmp_path, cell, value, rule):
    path = tmp_path / "campaigns.csv"
    path.write_text("campaign_id,name,kind,start_at,end_at,discount\n"
                    f"C1,x,platform_deal,2024-02-01 00:00,2024-02-02 00:00,\"{cell}\"\n",
                    encoding="utf-8")
    got = load(path, CAMPAIGNS, FEB).frame.iloc[0]
    assert got["discount"] == value
    assert m.rule_text(got["kind"], None, got["discount"]) == rule


def test_a_rate_of_100_percent_or_more_is_an_error_that_says_both_forms(tmp_path):
    path = tmp_path / "campaigns.csv"
    path.write_text("campaign_id,name,kind,start_at,end_at,discount\n"
                    "C1,x,coupon,2024-02-01 00:00,2024-02-02 00:00,120%\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(path, CAMPAIGNS, FEB)
    text = str(info.value)
    assert "discount" in text and "row 2" in text and "120%" in text
    assert "a rate below 100% (25% or 0.25)" in text
