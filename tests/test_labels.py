import pytest

from opsreview.config import ConfigError
from opsreview.domains import REGISTRY
from opsreview.report.labels import Labels, report_lang


def test_every_domain_has_a_title_in_both_languages():
    for lang in ("zh", "en"):
        t = Labels(lang)
        for name in REGISTRY:
            assert t(f"common.domains.{name}")


def test_every_headline_metric_has_a_label_in_both_languages():
    missing = [f"{d.name}.metrics.{hl.metric}" for d in REGISTRY.values() for hl in d.headline
               if not Labels("zh").has(f"{d.name}.metrics.{hl.metric}")]
    assert not missing, f"add these labels under config/labels/: {missing}"


def test_enum_labels_zh_from_catalog_en_from_labels():
    assert Labels("zh").enum("cs_sessions", "category", "dispute") == "纠纷处理"
    assert Labels("en").enum("cs_sessions", "category", "dispute")  # never empty
    assert "_" not in Labels("en").enum("campaigns", "kind", "full_reduction")


def test_report_lang_defaults_to_zh_and_rejects_others(monkeypatch):
    monkeypatch.delenv("REPORT_LANG", raising=False)
    assert report_lang() == "zh"
    monkeypatch.setenv("REPORT_LANG", "EN")
    assert report_lang() == "en"
    with pytest.raises(ConfigError, match="REPORT_LANG"):
        report_lang("fr")


def test_placeholders_are_filled():
    assert Labels("en")("common.page.month", month="2024-02") == "Month: 2024-02"
