import pytest

from opsreview.contract.config import ConfigError
from opsreview.domains import DECLARED, REGISTRY
from opsreview.judging.labels import Labels, report_lang


def test_every_domain_has_a_title_in_both_languages():
    for lang in ("zh", "en"):
        t = Labels(lang)
        for name in REGISTRY:
            assert t(f"common.domains.{name}")


def test_every_headline_metric_has_a_label_in_both_languages():
    missing = [f"{f.domain}.metrics.{key}" for f in DECLARED.values()
               for key in (f.key, f.threshold) if key
               if not Labels("zh").has(f"{f.domain}.metrics.{key}")]
    assert not missing, f"add these labels under config/labels/: {missing}"


def test_enum_labels_zh_from_catalog_en_from_labels():
    assert Labels("zh").enum("cs_sessions", "category", "dispute") == "纠纷处理"
    assert Labels("en").enum("cs_sessions", "category", "dispute")  # never empty
    assert "_" not in Labels("en").enum("campaigns", "kind", "full_reduction")


def test_every_catalog_enum_code_has_an_english_name_and_the_catalogs_chinese():
    from opsreview.contract.catalog import DATASETS

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


def test_a_hand_kept_figure_is_named_by_the_catalog_else_as_the_sheet_names_it():
    en, zh = Labels("en"), Labels("zh")
    assert en.kpi("team", "shipping_hours", "发货时效") == "Mean shipping time"
    assert zh.kpi("team", "shipping_hours", "发货时效") == "平均发货时长"
    # design's rows (shown on the site page) are named in team.yml, the sheet's one home
    assert en.kpi("design", "banner_updates", "首页Banner优化") == "Home-page banner updates"
    assert en.kpi("site", "unknown_kpi", "新指标") == "新指标"  # data: as written
    assert en.kpi("site", "unknown_kpi") == "unknown_kpi"


def test_a_hand_kept_count_keeps_its_unit_in_english():
    en, zh = Labels("en"), Labels("zh")
    assert [en.kpi_unit("campaign_plans", "份"), zh.kpi_unit("campaign_plans", "份")] == \
        ["plans", "份"]
    assert en.kpi_unit("shipping_hours", "h") == "h"
    assert en.kpi_unit("unknown_kpi", "份") == ""  # a count word English has no word for
    assert en.kpi_unit(None, "盒") == "盒"  # a unit nobody knows: as written
    assert en.kpi_unit("hires", None) == ""


def test_team_groups_and_roles_in_english_and_as_written_when_unknown():
    en, zh = Labels("en"), Labels("zh")
    assert [en.group("客服组"), zh.group("客服组"), en.group("新组")] == \
        ["Customer service", "客服组", "新组"]
    assert en.role("打包发货、仓储管理") == "Packing and shipping, warehousing"
    assert en.role("新职能") == "新职能"


def test_the_team_catalog_is_consistent():
    """Each count word belongs to a named figure; each group's and role's Chinese is its key
    (the team sheet's own words), so a page in Chinese shows the sheet unchanged."""
    import yaml

    from opsreview.paths import CONFIG_DIR

    team = yaml.safe_load((CONFIG_DIR / "labels" / "team.yml").read_text(encoding="utf-8"))
    assert set(team["kpi_units"]) <= set(team["kpis"])
    for part in ("groups", "roles"):
        assert all(entry["zh"] == key for key, entry in team[part].items())
