"""The loader, one test per rule of 'What every loader accepts' and per error kind."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from opsreview.contract.catalog import BY_NAME, DATASETS
from opsreview.errors import DataError
from opsreview.ingest.heads import HEAD_BYTES, _utf8_error
from opsreview.ingest.loader import DTYPES, _short_rows, load
from opsreview.month.months import Month

FEB = Month.parse("2024-02")
TRAFFIC_ZH = ("日期,站点,浏览量(PV),访客数(UV),跳出率,平均访问时长\n"
              "2024/2/20,tcyyxxw.com,\"1,234\",320,45.2%,00:03:12\n"
              "2024年2月21日,tcyyxxw.com,９００,３１０,0.5,02:05\n")


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def run(tmp_path, name, text, encoding="utf-8"):
    return load(write(tmp_path, name, text, encoding), BY_NAME[name], FEB)


def error(tmp_path, name, text, encoding="utf-8") -> str:
    with pytest.raises(DataError) as info:
        run(tmp_path, name, text, encoding)
    message = str(info.value)
    assert all(line.startswith(f"{name}.csv, ") for line in message.splitlines())
    assert "Traceback" not in message
    return message


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_encodings_chinese_headers_and_export_forms(tmp_path, encoding):
    got = run(tmp_path, "site_traffic", TRAFFIC_ZH, encoding)
    frame = got.frame
    assert list(frame.columns) == [c.name for c in BY_NAME["site_traffic"].columns]
    assert frame["site"].tolist() == ["tcyyxxw.com"] * 2
    assert frame["date"].tolist() == [pd.Timestamp("2024-02-20"), pd.Timestamp("2024-02-21")]
    assert frame["pv"].tolist() == [1234, 900] and frame["uv"].tolist() == [320, 310]
    assert frame["bounce_rate"].tolist() == [0.452, 0.5]
    assert frame["avg_visit_seconds"].tolist() == [192.0, 125.0]
    assert frame["ip"].isna().all() and str(frame["ip"].dtype) == "Int64"
    assert got.rows == 2 and got.notices == []


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_chinese_values_are_never_garbled(tmp_path, encoding):
    text = "分支机构,类型,城市,层级,成立日期\n临沂分公司,分公司,临沂,核心城市,2023-05-01\n"
    frame = run(tmp_path, "branches", text, encoding).frame
    assert frame.iloc[0].tolist()[:4] == ["临沂分公司", "company", "临沂", "core"]


@pytest.mark.parametrize("data, problem", [
    (b"\x00\x01binary", "NUL bytes"),
    ("日期,访客数\n2024-02-01,1\n".encode() + b"\xff\xfe\xfa\n", "not UTF-8"),
    (b"date,visitors\n\x81\x20\n", "neither UTF-8 nor GBK")])
def test_files_that_are_not_csv_text(tmp_path, data, problem):
    msg = error(tmp_path, "shop_traffic", data)
    assert problem in msg and "expected a CSV text file (UTF-8 or GBK)" in msg


def test_a_damaged_workbook_is_said_to_be_one(tmp_path):
    msg = error(tmp_path, "shop_traffic", b"PK\x03\x04\x00\x00binary")
    assert "the workbook cannot be read" in msg and "expected an Excel workbook" in msg


@given(st.one_of(st.binary(max_size=40),
                 st.text(max_size=20).map(lambda t: t.encode("utf-8", "surrogatepass")),
                 st.lists(st.sampled_from([b"\xef\xbb\xbf", b"a", "备".encode(), b"\xe5\xa4",
                                           b"\xed\xa0\x80", b"\xc0\x80", b"\xf4\x90\x80\x80",
                                           b"\xff", "😀".encode()]), max_size=6).map(b"".join)))
def test_the_utf8_check_agrees_with_python(data):
    try:
        data.decode("utf-8-sig")
        expected = None
    except UnicodeDecodeError as exc:
        expected = (exc.start, exc.end, exc.reason)
    got = _utf8_error(data)
    assert (got and (got.start, got.end, got.reason)) == expected


def test_utf8_cut_inside_the_last_character_is_read(tmp_path):
    data = b"date,visitors,pv\n2024-02-01,1,2\n2024-02-03," + "备".encode()[:2]
    msg = error(tmp_path, "shop_traffic", data)
    assert "column visitors, row 3: empty cells" in msg  # the cut line, not the encoding


def test_every_dataset_reads_its_canonical_header_with_exact_dtypes(tmp_path):
    for ds in DATASETS:
        frame = load(write(tmp_path, ds.name, ",".join(c.name for c in ds.columns) + "\n"),
                     ds, FEB).frame
        assert [str(frame[c.name].dtype) for c in ds.columns] == \
            [str(pd.Series(dtype=DTYPES[c.type]).dtype) for c in ds.columns], ds.name


def test_headers_ignore_spaces_fullwidth_parentheses_and_case(tmp_path):
    got = run(tmp_path, "site_traffic", " DATE , Site ,浏览量（PV）, Uv \n2024-02-20,a,1,1\n")
    assert got.frame["pv"].tolist() == [1]


def test_unknown_extra_columns_are_kept_after_the_canonical_ones(tmp_path):
    frame = run(tmp_path, "shop_traffic", "备注,date,visitors\nx,2024-02-01,10\n").frame
    assert list(frame.columns) == [c.name for c in BY_NAME["shop_traffic"].columns] + ["备注"]
    assert frame["备注"].tolist() == ["x"]


def test_a_second_header_for_the_same_column_is_ignored_with_a_notice(tmp_path):
    got = run(tmp_path, "shop_traffic", "date,visitors,访客数\n2024-02-01,10,11\n")
    assert got.frame["visitors"].tolist() == [10]
    assert any("'访客数' also means visitors" in n for n in got.notices)


def test_absent_optional_columns_are_all_missing_or_their_default(tmp_path):
    frame = run(tmp_path, "client_visits", "date,client,city,intent\n2024-02-01,a,b,full\n").frame
    assert frame["channel"].tolist() == ["offline"] and frame["branch"].tolist() == [None]


def test_title_lines_and_totals_row_are_skipped_with_notices(tmp_path):
    text = ("百度统计 趋势分析\n导出时间 2024-03-01\n日期,站点,浏览量,访客数\n"
            "2024-02-20,s,10,5\n\n2024-02-21,s,x,5\n总计：,,10,5\n")
    msg = error(tmp_path, "site_traffic", text)
    assert "column pv (浏览量), row 6: found 'x'" in msg, "title lines count in row numbers"
    got = run(tmp_path, "site_traffic", text.replace(",x,", ",3,"))
    assert got.rows == 2 and got.frame.index.tolist() == [0, 1]
    assert got.notices == ["site_traffic.csv: skipped 2 title lines above the header",
                           "site_traffic.csv: skipped the totals row 7 (总计：)"]


@pytest.mark.parametrize("label", ["合计", "Total", "TOTAL:", "总计"])
def test_totals_row_spellings(tmp_path, label):
    got = run(tmp_path, "shop_traffic", f"date,visitors\n2024-02-01,1\n{label},1\n")
    assert got.rows == 1 and f"totals row 3 ({label})" in got.notices[0]


def test_empty_rows_are_dropped(tmp_path):
    got = run(tmp_path, "shop_traffic", "date,visitors\n\n2024-02-01,1\n,\n   \n")
    assert got.rows == 1


def test_dates_times_missing_markers_and_enums(tmp_path):
    text = ("站点,开始时间,恢复时间,类型\n"
            "s,20240222 14:03,2024-02-22 15:03:05,响应超时\n"
            "s,2024-02-23T01:00,--,TIMEOUT\n"
            "s,2024年2月24日 08:00,-,CC攻击\n")
    frame = run(tmp_path, "site_incidents", text).frame
    assert frame["started_at"].tolist()[0] == pd.Timestamp("2024-02-22 14:03")
    assert frame["resolved_at"].tolist()[0] == pd.Timestamp("2024-02-22 15:03:05")
    assert frame["resolved_at"].isna().tolist() == [False, True, True]
    assert frame["kind"].tolist() == ["timeout", "timeout", "cc_attack"]


def test_bools_ranks_and_enum_defaults(tmp_path):
    text = "date,site,keyword,rank\n2024-02-05,s,a,3\n2024-02-05,s,b,>100\n2024-02-05,s,c,\n"
    frame = run(tmp_path, "seo_rankings", text).frame
    assert frame["rank"].tolist()[0] == 3 and frame["rank"].isna().tolist() == [False, True, True]
    assert frame["engine"].tolist() == ["baidu"] * 3
    plan = run(tmp_path, "site_topic_plan", "站点,栏目,主题,核心栏目\ns,a,x,是\ns,a,y,N\n").frame
    assert plan["core"].tolist() == [True, False] and str(plan["core"].dtype) == "boolean"


def test_header_below_long_title_lines_is_found(tmp_path):
    title = "导出说明 " * (HEAD_BYTES // 10) + "\n"  # the first lines hold more than HEAD_BYTES
    got = run(tmp_path, "shop_traffic", title * 3 + "date,visitors\r\n2024-02-01,1\r\n")
    assert got.rows == 1 and got.notices == ["shop_traffic.csv: skipped 3 title lines above "
                                             "the header"]


def test_empty_file(tmp_path):
    for text in ("", "  \n\n", " \u3000\r\n" * HEAD_BYTES):
        msg = error(tmp_path, "orders", text)
        assert msg.startswith("orders.csv, the file is empty; expected a header row with the "
                              "columns order_id, paid_at, amount")


def test_header_only_file_is_valid_with_no_rows(tmp_path):
    got = run(tmp_path, "site_incidents", "site,started_at,kind\n")
    assert got.rows == 0 and got.notices == ["site_incidents.csv: no data rows below the header"]
    assert str(got.frame["started_at"].dtype) == "datetime64[ns]"


def test_missing_required_column_names_it_and_its_aliases(tmp_path):
    msg = error(tmp_path, "contracts", "contract_id,branch,client,signed_on,received\n")
    assert ("contracts.csv, column amount: the column is missing; expected a header cell "
            "naming it: amount, 合同金额") in msg


def test_no_recognisable_header_lists_every_missing_column(tmp_path):
    msg = error(tmp_path, "shop_traffic", "a,b\n1,2\n")
    assert "column date: the column is missing" in msg
    assert "column visitors: the column is missing" in msg


def test_bad_number_names_file_column_rows_values_and_expectation(tmp_path):
    text = ("合同编号,分支机构,客户,签订日期,合同金额,已到账\n"
            "C1,临沂分公司,甲,2024-02-01,abc,1\nC2,济宁分公司,乙,2024-02-02,5,-3\n")
    msg = error(tmp_path, "contracts", text)
    assert ("contracts.csv, column amount (合同金额), row 2: found 'abc'; "
            "expected a number ≥ 0 (1234.5 or 1,234.5)") in msg
    assert "column received (已到账), row 3: found '-3'" in msg, "every issue, not the first"


def test_unknown_enum_label_lists_codes_and_labels(tmp_path):
    msg = error(tmp_path, "client_visits", "日期,客户,城市,意向\n2024-02-01,a,b,也许\n")
    assert ("column intent (意向), row 2: found '也许'; expected one of none (无意向), "
            "single (单项合作), full (全面合作)") in msg


def test_negative_count(tmp_path):
    msg = error(tmp_path, "shop_traffic", "date,visitors\n2024-02-01,-5\n2024-02-02,3\n")
    assert "column visitors, row 2: found '-5'; expected a whole number ≥ 0" in msg


def test_rate_out_of_range(tmp_path):
    msg = error(tmp_path, "site_traffic", "date,site,pv,uv,bounce_rate\n2024-02-20,s,1,1,145%\n")
    assert ("column bounce_rate, row 2: found '145%'; expected a rate between 0 and 1, "
            "written 0.452 or 45.2%") in msg


def test_bad_bool_seconds_and_rank(tmp_path):
    text = "date,site,keyword,rank\n2024-02-05,s,a,101\n"
    assert "column rank, row 2: found '101'" in error(tmp_path, "seo_rankings", text)
    plan = "site,column,topic,core\ns,a,x,maybe\n"
    assert "column core, row 2: found 'maybe'; expected yes or no" in \
        error(tmp_path, "site_topic_plan", plan)


def test_empty_required_cells(tmp_path):
    msg = error(tmp_path, "shop_traffic", "date,visitors\n2024-02-01,\n2024-02-02,-\n")
    assert "column visitors, rows 2, 3: empty cells; expected a value in every row" in msg


def test_duplicate_keys_name_every_duplicate_row_and_key(tmp_path):
    text = "date,visitors\n2024-02-01,1\n2024/2/1,2\n2024-02-02,3\n"
    msg = error(tmp_path, "shop_traffic", text)
    assert "column date, rows 2, 3: found '2024-02-01'; expected each date only once" in msg


def test_dates_outside_the_month(tmp_path):
    text = "date,visitors\n2024-02-01,1\n2024-03-01,2\n2024/1/31,3\n"
    msg = error(tmp_path, "shop_traffic", text)
    assert ("column date, rows 3, 4: found '2024-03-01', '2024/1/31'; expected a date in "
            "2024-02 (2024-02-01 .. 2024-02-29)") in msg


def test_dates_before_the_month_allowed_where_the_dataset_says(tmp_path):
    text = "branch,kind,city,tier,opened_on\n临沂分公司,分公司,临沂,核心城市,2023-05-01\n"
    assert run(tmp_path, "branches", text).rows == 1
    later = text.replace("2023-05-01", "2024-03-02")
    assert "expected a date on or before 2024-02-29" in error(tmp_path, "branches", later)


def test_same_year_rule(tmp_path):
    text = "date,shop,rule,severity,points\n{},s,r,一般违规,2\n"
    assert run(tmp_path, "violations", text.format("2024-01-05")).rows == 1
    msg = error(tmp_path, "violations", text.format("2023-12-30"))
    assert "found '2023-12-30'; expected a date in 2024 up to 2024-02-29" in msg


def test_later_dates_never_before_the_event(tmp_path):
    text = "site,started_at,resolved_at,kind\ns,2024-02-22 10:00,2024-02-22 09:00,timeout\n"
    msg = error(tmp_path, "site_incidents", text)
    assert ("column resolved_at, row 2: found '2024-02-22 09:00'; expected a time not before "
            "started_at of the same row") in msg
    later = text.replace("2024-02-22 09:00", "2024-03-05 09:00")
    assert run(tmp_path, "site_incidents", later).rows == 1, "may lie after MONTH"


def test_invalid_calendar_date(tmp_path):
    msg = error(tmp_path, "shop_traffic", "date,visitors\n2024-02-30,1\n")
    assert "column date, row 2: found '2024-02-30'; expected a date such as 2024-02-20" in msg


def test_truncated_last_line(tmp_path):
    msg = error(tmp_path, "shop_traffic", "date,visitors,pv\n2024-02-01,1,2\n2024-02-02")
    assert "column visitors, row 3: empty cells" in msg


def test_rows_with_more_cells_than_the_header_are_all_named(tmp_path):
    text = "date,visitors\n2024-02-01,1\n2024-02-02,1,9,9\n2024-02-03,x\n2024-02-04,1,9\n"
    msg = error(tmp_path, "shop_traffic", text)
    assert ("shop_traffic.csv, rows 3, 5: more cells than the header has; expected at most 2 "
            "cells per row") in msg
    assert "column visitors, row 4: found 'x'" in msg


def test_errors_list_the_first_rows_and_a_count(tmp_path):
    rows = "".join(f"2024-02-{d:02d},x\n" for d in range(1, 10))
    msg = error(tmp_path, "shop_traffic", "date,visitors\n" + rows)
    assert "rows 2, 3, 4, 5, 6 (+4 more)" in msg


def test_raw_file_is_byte_identical_after_loading(tmp_path):
    for encoding in ("utf-8-sig", "gbk"):
        path = write(tmp_path, "site_traffic", TRAFFIC_ZH, encoding)
        before = path.read_bytes()
        load(path, BY_NAME["site_traffic"], FEB)
        assert path.read_bytes() == before


@pytest.mark.parametrize("text", [
    "a,b,c\n1,2,3\n4,5,6\n",  # every row whole
    "a,b,c\n1,2,3\n4,5\n6\n",  # a line broken in two
    "a,b,c\r\n1,2,3\r\n4,5\r\n,6\r\n",  # the same with CRLF
    "a,b,c\r1,2,3\r4,5\r6,7,8",  # a carriage return alone ends a line
    "a,b,c\n1,2,3\n\n4,5,6",  # a blank line, no line end at the end
    "title,,,,,\nx\na,b,c\n1,2\n3,4,5\n",  # lines above the header, one with many commas
    "title,,,,,\na,b,c\n1,2,3\n",
])
def test_short_rows_found_alike_by_the_comma_count_and_line_by_line(text):
    """The whole-file comma count (taken when no row is longer than the header) never hides
    a short row that the line-by-line count finds."""
    utf8 = text.encode()
    at = next(i for i, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n")
                                          .split("\n")) if line == "a,b,c")
    header = ["a", "b", "c"]
    assert _short_rows(utf8, at, header, no_long=True) == \
        _short_rows(utf8, at, header, no_long=False)
