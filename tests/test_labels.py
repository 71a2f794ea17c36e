import pytest

from opsreview.config import ConfigError
from opsreview.domains import REGISTRY
from opsreview.figures import FIGURES
from opsreview.report.labels import Labels, report_lang


def test_every_domain_has_a_title_in_both_languages():
    for lang in ("zh", "en"):
        t = Labels(lang)
        for name in REGISTRY:
            assert t(f"common.domains.{name}")


def test_every_headline_metric_has_a_label_in_both_languages():
    missing = [f"{f.domain}.metrics.{key}" for f in FIGURES.values()
               for key in (f.key, f.threshold) if key
               if not Labels("zh").has(f"{f.domain}.metrics.{key}")]
    assert not missing, f"add these labels under config/labels/: {missing}"


def test_enum_labels_zh_from_catalog_en_from_labels():
    assert Labels("zh").enum("cs_sessions", "category", "dispute") == "纠纷处理"
    assert Labels("en").enum("cs_sessions", "category", "dispute")  # never empty
    assert "_" not in Labels("en").enum("campaigns", "kind", "full_reduction")


def test_every_catalog_enum_code_has_an_english_name_and_the_catalogs_chinese():
    from opsreview.catalog import DATASETS

    zh, en = Labels("zh"), Labels("en")
    for d in DATASETS:
        for c in d.columns:
            for code, label in (c.labels or {}).items():
                assert en.get(f"common.enums.{code}"), f"common.enums.{code} lacks English"
                assert zh.get(f"common.enums.{code}") == label, f"common.enums.{code} != catalog"


def test_report_lang_defaults_to_zh_and_rejects_others(monkeypatch):
    monkeypatch.delenv("REPORT_LANG", raising=False)
    assert report_lang() == "zh"
    monkeypatch.setenv("REPORT_LANG", "EN")
    assert report_lang() == "en"
    with pytest.raises(ConfigError, match="REPORT_LANG"):
        report_lang("fr")


def test_placeholders_are_filled():
    assert Labels("en")("common.page.month", month="2024-02") == "Month: 2024-02"


def test_a_label_inside_an_english_sentence():
    en, zh = Labels("en"), Labels("zh")
    assert [en.inline("Late shipping rate"), en.inline("DSR score"), zh.inline("发货延迟率")] == \
        ["late shipping rate", "DSR score", "发货延迟率"]
    assert [en.join(["a", "b"]), zh.join(["甲", "乙"])] == ["a, b", "甲、乙"]
