"""Platform exports as downloaded: recognised by their headers, read from CSV or Excel, their
site/shop/date taken from context, platform value quirks cleaned, every file accounted for."""

import json
import shutil

import pandas as pd
import pytest

import platform_fixtures as pfx
from opsreview import cli
from opsreview.contract.catalog import BY_NAME
from opsreview.contract.config import ConfigError
from opsreview.errors import DataError
from opsreview.ingest import combine as ingest
from opsreview.ingest.inventory import inventory, month_inventory, read_imports
from opsreview.ingest.loader import load
from opsreview.month.months import Month

APR = Month.parse("2024-04")


def month_dir(tmp_path):
    folder = tmp_path / "raw" / "2024-04"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def dataset_of(tmp_path, name):
    inv = inventory(tmp_path / "raw", APR, None)
    got = ingest.load_dataset(inv, BY_NAME[name], None)
    return inv, got


def validate(tmp_path, capsys):
    code = cli.main(["validate", "--month", "2024-04", "--raw", str(tmp_path / "raw"),
                     "--processed", str(tmp_path / "proc")])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_baidu_tongji_csv_gbk_with_title_lines_and_the_site_from_them(tmp_path):
    path, want = pfx.baidu_tongji(month_dir(tmp_path))
    inv, got = dataset_of(tmp_path, "site_traffic")
    assert [e.dataset for e in inv.entries] == ["site_traffic"]
    frame = got.frame
    assert len(frame) == want["rows"] and frame["pv"].sum() == want["pv"]
    assert set(frame["site"]) == {"tcyyxxw.com"}
    assert frame["bounce_rate"].iloc[0] == pytest.approx(0.452)
    assert frame["avg_visit_seconds"].iloc[0] == 192
    assert frame["avg_load_seconds"].iloc[0] == 1.5  # 平均加载时长(秒): a unit in brackets
    assert any("汇总" in n for n in got.notices)


def test_index_export_with_the_site_in_a_description_line(tmp_path):
    _, want = pfx.baidu_index(month_dir(tmp_path))
    _, got = dataset_of(tmp_path, "seo_index")
    assert len(got.frame) == want["rows"]
    assert got.frame["indexed_pages"].iloc[-1] == want["last"]
    assert set(got.frame["site"]) == {"tcyyxxw.com"} and set(got.frame["engine"]) == {"baidu"}


def test_keyword_ranks_xlsx_take_the_snapshot_date_from_the_file_name(tmp_path):
    _, want = pfx.keyword_ranks(month_dir(tmp_path))
    inv, got = dataset_of(tmp_path, "seo_rankings")
    frame = got.frame
    assert len(frame) == want["rows"]
    assert set(frame["date"]) == {pd.Timestamp(want["date"])}
    assert frame["rank"].notna().sum() == want["ranked"]
    assert frame["search_volume"].isna().sum() == 1  # 暂无数据
    assert "date 2024-04-30 from the file name" in inv.entries[0].notes


def test_a_snapshot_without_a_date_in_its_name_takes_the_months_last_day(tmp_path):
    path, _ = pfx.keyword_ranks(month_dir(tmp_path))
    path.rename(path.with_name("tcyyxxw.com_关键词排名.xlsx"))
    inv, got = dataset_of(tmp_path, "seo_rankings")
    assert set(got.frame["date"]) == {pd.Timestamp("2024-04-30")}
    assert any("2024-04's last day" in n for n in inv.entries[0].notes)


def test_sycm_xlsx_and_xls_of_two_shops_feed_one_dataset(tmp_path):
    folder = month_dir(tmp_path)
    _, a = pfx.sycm_xlsx(folder)
    _, b = pfx.sycm_xls(folder)
    inv, got = dataset_of(tmp_path, "shop_traffic")
    assert sorted(e.kind for e in inv.entries) == ["xls", "xlsx"]
    frame = got.frame
    assert len(frame) == a["rows"] + b["rows"]
    first = frame.groupby("shop")["paid_amount"].first()
    assert first[a["shop"]] == a["first_paid"] and first[b["shop"]] == b["first_paid"]  # 1.5万
    assert frame.groupby("shop")["visitors"].min()[a["shop"]] == 1000
    assert any("4 title lines" in n for n in got.notices)


def test_order_report_skips_unpaid_rows_strips_guards_and_reads_yuan(tmp_path):
    _, want = pfx.order_report(month_dir(tmp_path))
    _, got = dataset_of(tmp_path, "orders")
    frame = got.frame
    assert len(frame) == want["rows"]
    assert frame["order_id"].iloc[0] == "3000000000000"  # ="…" stripped
    assert frame["amount"].sum() == want["gmv"]  # 128.00元
    assert frame["refunded"].sum() == want["refunded"]
    assert set(frame["shop"]) == {"童装旗舰店"}
    assert frame["paid_at"].notna().all()
    skipped = [n for n in got.notices if "not paid" in n]
    assert skipped and f"skipped {want['skipped']} rows" in skipped[0]
    assert frame["联系手机"].iloc[0] == "'13900000000"  # extra columns are kept as written


def test_cs_agents_xlsx_drops_totals_and_means_and_splits_shop_from_nick(tmp_path):
    _, want = pfx.cs_agents(month_dir(tmp_path))
    _, got = dataset_of(tmp_path, "cs_agents")
    frame = got.frame
    assert frame["agent"].tolist() == ["小王", "小李"]
    assert set(frame["shop"]) == {want["shop"]}
    assert frame["sales"].tolist() == want["sales"]  # 1.2万, 8,500.00元
    assert frame["first_response_seconds"].tolist() == want["first_response"]
    assert frame["satisfaction_rate"].isna().tolist() == [False, True]  # 延迟统计
    assert frame["avg_handle_seconds"].iloc[0] == 312
    assert set(frame["period_start"]) == {pd.Timestamp("2024-04-01")}
    assert set(frame["period_end"]) == {pd.Timestamp("2024-04-30")}
    assert any("汇总, 均值" in n for n in got.notices)


def test_a_workbook_renamed_csv_and_a_csv_renamed_xlsx_are_read_as_what_they_are(tmp_path):
    folder = month_dir(tmp_path)
    book, _ = pfx.sycm_xlsx(folder)
    book.rename(folder / "shop_traffic.csv")
    text, _ = pfx.baidu_tongji(folder)
    text.rename(folder / "tcyyxxw.com_趋势分析.xlsx")
    _, shop = dataset_of(tmp_path, "shop_traffic")
    _, site = dataset_of(tmp_path, "site_traffic")
    assert len(shop.frame) == 30 and len(site.frame) == 30
    assert any("Excel workbook (xlsx) under a .csv name" in n for n in shop.notices)
    assert any("CSV text under a .xlsx name" in n for n in site.notices)


def test_a_per_shop_export_whose_shop_is_not_in_config_names_file_and_fix(tmp_path, capsys):
    folder = month_dir(tmp_path)
    pfx.sycm_xlsx(folder, shop="新开的店")
    pfx.baidu_tongji(folder)
    code, text = validate(tmp_path, capsys)
    assert code == 1, text
    line = next(ln for ln in text.splitlines() if "新开的店" in ln and "invalid" in ln)
    assert "config/entities.yml" in line and "- shop: 新开的店" in line
    assert "site_traffic" in text and " ok" in text  # the other file still validates


def test_two_files_with_one_order_id_is_an_error_naming_both(tmp_path):
    folder = month_dir(tmp_path)
    pfx.order_report(folder, 30, "ExportOrderList202404151030.csv")
    pfx.order_report(folder, 30, "ExportOrderList202405011030.csv", start=20)
    inv = inventory(tmp_path / "raw", APR, None)
    with pytest.raises(DataError) as err:
        ingest.load_dataset(inv, BY_NAME["orders"], None)
    msg = str(err.value)
    assert "ExportOrderList202404151030.csv + ExportOrderList202405011030.csv" in msg
    assert "9 keys in both files" in msg and "'3000000000020 / 童装旗舰店'" in msg


def test_a_key_clash_names_the_first_file_that_had_the_key():
    import pandas as pd

    frames = [pd.DataFrame({"order_id": ids, "shop": ["童装旗舰店"] * len(ids)}, dtype=object)
              for ids in (["1", "2"], ["3", "4", "3"], ["2", "4", None], [None])]
    files = ["w1.csv", "w2.csv", "w3.csv", "w4.csv"]
    with pytest.raises(DataError) as err:  # w3 repeats w1's 2 and w2's 4: w1 is named
        ingest.check_keys(BY_NAME["orders"], files, frames)
    assert err.value.file == "w1.csv + w3.csv" and err.value.issues[0].values == ["2 / 童装旗舰店"]
    ingest.check_keys(BY_NAME["orders"], files[:2], frames[:2])  # a key twice in one file:
    # not this check's (the loader's unique-key rule reports it)


def test_weekly_files_without_overlap_are_combined(tmp_path):
    folder = month_dir(tmp_path)
    pfx.order_report(folder, 20, "ExportOrderList_week1.csv")
    pfx.order_report(folder, 20, "ExportOrderList_week2.csv", start=20)
    _, got = dataset_of(tmp_path, "orders")
    assert got.frame["order_id"].is_unique and len(got.frame) > 30


def test_unknown_files_are_listed_with_the_nearest_dataset_and_fail_nothing(tmp_path, capsys):
    folder = month_dir(tmp_path)
    pfx.baidu_tongji(folder)
    (folder / "会议纪要.docx").write_bytes(b"PK\x03\x04 not a sheet")
    (folder / "客户名单.csv").write_text("客户,电话\n张三,123\n", encoding="utf-8")
    (folder / "流量.csv").write_text("日期,访客数(UV)\n2024-04-01,3\n", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00")
    code, text = validate(tmp_path, capsys)
    assert code == 0, text
    lines = {ln.split()[0]: ln for ln in text.splitlines() if ln.startswith("  ") and ln.split()}
    assert "not a CSV or Excel export (.docx)" in lines["会议纪要.docx"]
    assert "not recognised" in lines["客户名单.csv"] and "headers seen: 客户, 电话" in \
        lines["客户名单.csv"]
    assert "nearest dataset site_traffic lacks pv" in lines["流量.csv"]
    assert "ignored" in lines[".DS_Store"]
    assert "1 " not in text.splitlines()[-1][:2]
    assert "3 file(s) not recognised" in text


def test_a_month_of_files_none_recognised_exits_1(tmp_path, capsys):
    folder = month_dir(tmp_path)
    (folder / "notes.txt").write_text("hello\n", encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    code, text = validate(tmp_path, capsys)
    assert code == 1 and "none of the 2 files" in text and "Traceback" not in text


def test_a_required_site_nobody_gives_is_an_error_saying_what_to_add(tmp_path, capsys):
    folder = month_dir(tmp_path)
    entities = tmp_path / "config"
    shutil.copytree(pfx.Path(__file__).parents[2] / "config", entities)
    (entities / "entities.yml").write_text(
        "sites:\n  - site: a.com\n    name: A\n  - site: b.com\n    name: B\nshops: []\n",
        encoding="utf-8")
    (folder / "趋势.csv").write_text("日期,浏览量(PV),访客数(UV)\n2024-04-01,3,2\n",
                                      encoding="utf-8")
    inv = month_inventory(folder, APR, None, entities)
    assert "add a 站点 column" in inv.entries[0].error


def test_imports_yml_maps_a_users_header_and_rejects_an_unknown_column(tmp_path):
    config = tmp_path / "config"
    shutil.copytree(pfx.Path(__file__).parents[2] / "config", config)
    (config / "imports.yml").write_text("orders:\n  成交时间: paid_at\n  实收: amount\n"
                                        "  件: units\n  单号: order_id\n", encoding="utf-8")
    folder = month_dir(tmp_path)
    (folder / "我的订单.csv").write_text("单号,成交时间,实收,件\nA1,2024-04-02 10:00,12.5,1\n",
                                      encoding="utf-8")
    inv = month_inventory(folder, APR, None, config)
    assert inv.entries[0].dataset == "orders"
    got = load(folder / "我的订单.csv", BY_NAME["orders"], APR, inv.entries[0].source(inv.imports))
    assert got.frame["amount"].tolist() == [12.5]
    (config / "imports.yml").write_text("orders:\n  成交时间: paid_time\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="paid_time.*orders does not have"):
        read_imports(config)


def test_the_inventory_is_cached_on_names_sizes_and_mtimes(tmp_path, monkeypatch):
    folder = month_dir(tmp_path)
    pfx.sycm_xlsx(folder)
    first = month_inventory(folder, APR, tmp_path / "proc")
    from opsreview.ingest import loader

    monkeypatch.setattr(loader, "read_cells", lambda *a, **k: pytest.fail("opened a file"))
    again = month_inventory(folder, APR, tmp_path / "proc")
    assert [e.dataset for e in again.entries] == [e.dataset for e in first.entries]


def test_the_sample_months_inventory_is_their_canonical_names(tmp_path):
    from opsreview.ingest.inventory import NOTES_ENTRY
    from opsreview.paths import RAW_DIR

    inv = month_inventory(RAW_DIR / "2024-02", Month.parse("2024-02"), None)
    notes = [e for e in inv.entries if e.file == "notes.md"]  # the analyst's, not an export
    assert [e.ignored for e in notes] == [NOTES_ENTRY] and not inv.unknown
    # the 童装旗舰店's files under canonical names; the second shop's as downloaded, its name in
    # each (issue 13)
    assert all(e.dataset == e.file.removesuffix(".csv") or "渔具专营店" in e.file
               for e in inv.entries if e not in notes)
    assert not any(e.error for e in inv.entries)


@pytest.mark.slow
def test_a_month_of_downloads_validates_and_builds_as_it_is(tmp_path, capsys):
    """A realistic month folder (every export under its download name) through
    `opsreview validate` and `opsreview report`, nothing renamed, re-saved or edited."""
    folder = month_dir(tmp_path)
    made = pfx.downloads_month(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    code, text = validate(tmp_path, capsys)
    assert code == 0, text
    for path, _ in made.values():
        line = next(ln for ln in text.splitlines() if ln.strip().startswith(path.name))
        assert line.rstrip().endswith(" ok"), line
    code = cli.main(["report", "--month", "2024-04", "--raw", str(tmp_path / "raw"),
                     "--processed", str(tmp_path / "proc"), "--outputs", str(tmp_path / "out"),
                     "--jobs", "2"])
    out = capsys.readouterr().out
    assert code == 0, out
    metrics = json.loads((tmp_path / "out" / "2024-04" / "metrics.json").read_text("utf-8"))
    campaigns = metrics["domains"]["campaigns"]["metrics"]
    want = made["order_report"][1]
    assert campaigns["gmv"] == want["gmv"] and campaigns["refunded"] == want["refunded"]
    assert metrics["domains"]["seo"]["metrics"]["keywords"] == 4
    for name in ("seo", "site", "service", "campaigns"):  # each fed only by downloads
        assert metrics["domains"][name]["status"] == "ok", name
    assert metrics["domains"]["service"]["metrics"]["inquiry_conversion"] is not None
    page = (tmp_path / "out" / "2024-04" / "campaigns.html").read_text("utf-8")
    assert "其中退款" in page
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # raw never written


def test_refunds_are_reported_beside_gmv_and_none_without_the_column():
    from opsreview.domains.campaigns.metrics import sales_figures

    orders = pd.DataFrame({"amount": [100.0, 50.0], "refunded": [30.0, None]})
    assert sales_figures(orders) == {"gmv": 150.0, "refunded": 30.0}
    assert sales_figures(orders.drop(columns="refunded"))["refunded"] is None
    assert sales_figures(None) == {"gmv": None, "refunded": None}


def test_a_sheet_named_after_a_dataset_is_read_before_the_first(tmp_path):
    import xlsxwriter

    folder = month_dir(tmp_path)
    book = xlsxwriter.Workbook(str(folder / "报表.xlsx"))
    book.add_worksheet("说明").write(0, 0, "本工作簿由系统导出")
    sheet = book.add_worksheet("shop_traffic")
    for r, row in enumerate([["统计日期", "访客数"], ["2024-04-01", 5], ["2024-04-02", 7]]):
        sheet.write_row(r, 0, row)
    book.close()
    inv, got = dataset_of(tmp_path, "shop_traffic")
    assert got.frame["visitors"].tolist() == [5, 7]


def test_an_xls_renamed_csv_is_read_as_a_workbook(tmp_path):
    folder = month_dir(tmp_path)
    path, want = pfx.sycm_xls(folder)
    path.rename(folder / "渔具专营店_流量.csv")
    inv, got = dataset_of(tmp_path, "shop_traffic")
    assert inv.entries[0].kind == "xls" and len(got.frame) == want["rows"]
    assert any("Excel workbook (xls) under a .csv name" in n for n in got.notices)


def test_date_cells_of_a_workbook_read_as_their_text_at_c_speed_would_read_them(tmp_path):
    import datetime as dt

    import numpy as np
    import xlsxwriter

    from opsreview.ingest import sheets

    cells = np.array([dt.datetime(2024, 4, 1), dt.datetime(2024, 4, 2, 8, 30, 5), None,
                      dt.datetime(2024, 4, 3, 0, 0, 0, 500000), dt.date(2024, 4, 5),
                      dt.datetime(2024, 12, 31, 23, 59, 59, 999999)], dtype=object)
    assert list(sheets.stamp_texts(cells)) == [c if c is None else sheets.text(c) for c in cells]
    assert list(sheets.stamp_texts(np.array([dt.date(9999, 12, 31)], dtype=object))) == \
        ["9999-12-31"]  # past pandas' range: one cell at a time, as before
    path = tmp_path / "订单报表.xlsx"  # an order report whose times are Excel date cells
    book = xlsxwriter.Workbook(str(path))
    sheet, stamp = book.add_worksheet(), book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet.write_row(0, 0, ["订单编号", "订单付款时间", "买家实际支付金额", "宝贝总数量",
                           "店铺名称"])
    for i in range(30):
        sheet.write_string(i + 1, 0, f"30000{i}")
        if i != 7:  # an unpaid order: no payment time
            sheet.write_datetime(i + 1, 1, dt.datetime(2024, 4, 1 + i, 9, i, 5), stamp)
        sheet.write_row(i + 1, 2, [100 + i, 1, "童装旗舰店"])
    book.close()
    got = load(path, BY_NAME["orders"], APR).frame
    assert got["paid_at"].iloc[3] == pd.Timestamp("2024-04-04 09:03:05")
    assert len(got) == 29  # the unpaid one skipped


def test_numbers_in_a_workbooks_text_and_date_columns_read_as_a_csv_holds_them(tmp_path):
    """A day typed as the number 20240401 is that day; an order number stored as a number
    is its digits (not 300001.0); a number that is no day is reported, not dropped."""
    import xlsxwriter

    path = tmp_path / "店铺整体.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for r, row in enumerate([["统计日期", "访客数"], [20240401, 5], ["2024-04-02", 7]]):
        sheet.write_row(r, 0, row)
    book.close()
    got = load(path, BY_NAME["shop_traffic"], APR).frame
    assert got["date"].tolist() == [pd.Timestamp("2024-04-01"), pd.Timestamp("2024-04-02")]

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for r, row in enumerate([["统计日期", "访客数"], [3.5, 5], ["2024-04-02", 7]]):
        sheet.write_row(r, 0, row)
    book.close()
    with pytest.raises(DataError) as caught:
        load(path, BY_NAME["shop_traffic"], APR)
    assert "3.5" in str(caught.value) and "row 2" in str(caught.value)

    path = tmp_path / "订单报表.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["订单编号", "订单付款时间", "买家实际支付金额", "宝贝总数量",
                           "店铺名称"])
    sheet.write_row(1, 0, [300001, "2024-04-01 09:00:00", 100, 1, "童装旗舰店"])
    book.close()
    assert load(path, BY_NAME["orders"], APR).frame["order_id"].tolist() == ["300001"]


def test_a_workbooks_unread_columns_keep_numbers_and_dates_and_the_rest_as_text(tmp_path):
    """Columns the dataset does not read are kept: a column of numbers or of date cells as
    numbers or dates, any other as text; the frame goes through the parquet cache as it is."""
    import datetime as dt

    import xlsxwriter

    from opsreview.ingest import store

    path = tmp_path / "订单报表.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet, stamp = book.add_worksheet(), book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet.write_row(0, 0, ["订单编号", "订单付款时间", "买家实际支付金额", "宝贝总数量",
                           "店铺名称", "买家应付货款", "订单创建时间", "备注"])
    for i in range(3):
        sheet.write_row(i + 1, 0, [f"30000{i}", f"2024-04-0{i + 1} 09:00:00", 100, 1,
                                   "童装旗舰店", 128.5 + i])
        sheet.write_datetime(i + 1, 6, dt.datetime(2024, 4, 1 + i, 8, 0, 0), stamp)
        sheet.write(i + 1, 7, [5, "加急", None][i])
    book.close()
    got = store.load_cached(path, BY_NAME["orders"], APR, tmp_path / "cache").frame
    assert got["买家应付货款"].tolist() == [128.5, 129.5, 130.5]
    assert got["订单创建时间"].iloc[1] == pd.Timestamp("2024-04-02 08:00:00")
    assert got["备注"].tolist() == ["5", "加急", None]  # mixed: text, as a CSV holds it
    cached = store.load_cached(path, BY_NAME["orders"], APR, tmp_path / "cache").frame
    pd.testing.assert_frame_equal(cached, got)  # written, then read back from parquet


def test_planning_a_month_of_downloads_reads_its_headers_without_pandas(tmp_path):
    """Which file feeds which dataset is known from the first lines (ingest/heads.py): a build's
    plan, which looks at every changed file, starts no pandas, numpy or Arrow import."""
    import subprocess
    import sys

    pfx.downloads_month(month_dir(tmp_path))
    code = ("import sys\n"
            "from opsreview.ingest.inventory import inventory\n"
            "from opsreview.month.months import Month\n"
            f"inv = inventory({str(tmp_path / 'raw')!r}, Month.parse('2024-04'), None)\n"
            "print(sorted({e.kind for e in inv.entries if e.kind}),\n"
            "      len([e for e in inv.entries if e.dataset]),\n"
            "      sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")[0]
    assert out == "['csv', 'xls', 'xlsx'] 7 []"
