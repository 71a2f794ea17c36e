from opsreview.contract.catalog import DATASETS
from opsreview.contract.docs import README, render_data_readme


def test_data_readme_is_generated_from_the_catalog_and_not_stale():
    assert README.read_text(encoding="utf-8") == render_data_readme(), \
        "data/README.md is stale: run `make sample` (python -m opsreview docs)"


def test_every_dataset_column_and_alias_is_documented():
    text = render_data_readme()
    for ds in DATASETS:
        assert f"`{ds.file}`" in text
        for col in ds.columns:
            assert f"`{col.name}`" in text
            for alias in col.aliases:
                assert alias in text, (ds.name, alias)
    assert "83.3 %" in text, "the on-time contradiction and its choice"
