"""Every sample generator: its frames are the loader's canonical typed frames, the same on
every call, only for the sample months, with notes, and in-month events dated in their month."""

from importlib import import_module

import pandas as pd
import pytest

from opsreview.contract.catalog import IN_MONTH, dataset, datasets_for
from opsreview.ingest.loader import DTYPES
from opsreview.sample import MODULES

MONTHS = ("2024-01", "2024-02")
# May be earlier by the contract, but the sample dates them in their month.
DATED_IN_THEIR_MONTH = {"seo_actions"}


def generator(domain: str):
    return import_module(f"opsreview.sample.{domain}")


def check_canonical(name: str, frame: pd.DataFrame) -> None:
    ds = dataset(name)
    assert list(frame.columns) == [c.name for c in ds.columns], name
    for col in ds.columns:
        values = frame[col.name]
        assert values.dtype == DTYPES[col.type], (name, col.name)
        if col.type in ("str", "enum"):
            assert values.map(lambda v: v is None or isinstance(v, str)).all(), (name, col.name)
        if col.enum:
            assert values.dropna().isin(col.codes).all(), (name, col.name)
        if col.type == "date":
            assert (values.dropna().dt.normalize() == values.dropna()).all(), (name, col.name)
        if col.required and col.type != "rank":
            assert values.notna().all(), (name, col.name)
    if ds.key:
        assert not frame.duplicated(list(ds.key)).any(), name



@pytest.mark.parametrize("domain", MODULES)
@pytest.mark.parametrize("month", MONTHS)
def test_frames_are_canonical_deterministic_and_in_their_month(domain, month):
    module = generator(domain)
    first, again = module.frames(month), module.frames(month)
    assert set(first) <= {d.name for d in datasets_for(domain) if d.domain == domain}
    for name, frame in first.items():
        check_canonical(name, frame)
        pd.testing.assert_frame_equal(frame, again[name])
        ds = dataset(name)
        if not ds.event_date:
            continue
        months = frame[ds.event_date].dt.strftime("%Y-%m")
        assert (months <= month).all(), (name, month)  # nothing after the month, ever
        if ds.month_rule == IN_MONTH or name in DATED_IN_THEIR_MONTH:
            assert (months == month).all(), (name, month)


@pytest.mark.parametrize("domain", MODULES)
def test_only_the_sample_months_and_every_generator_has_notes(domain):
    module = generator(domain)
    with pytest.raises(ValueError):
        module.frames("2024-03")
    assert module.NOTES and all(isinstance(n, str) for n in module.NOTES)
