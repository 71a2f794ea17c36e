"""Every rule of the contract's 'What every loader accepts' and every error kind."""

import pandas as pd
import pytest

from opsreview.catalog import BY_NAME
from opsreview.errors import DataError
from opsreview.loader import load
from opsreview.months import Month
from opsreview.store import load_cached

FEB = Month.parse("2024-02")


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(text.encode(encoding))
    return path


def run(tmp_path, name, text, encoding="utf-8"):
    return load(write(tmp_path, name, text, encoding), BY_NAME[name], FEB)


def error(tmp_path, name, text, encoding="utf-8") -> str:
    with pytest.raises(DataError) as info:
        run(tmp_path, name, text, encoding)
    message = str(info.value)
    assert message.startswith(f"{name}.csv, ")
    assert "Traceback" not in message
    return message


TRAFFIC_ZH = ("日期,站点,浏览量(PV),访客数(UV),跳出率,平均访问时长\n"
              "2024/2/20,tcyyxxw.com,\"1,234\",320,45.2%,00:03:12\n"
              "2024年2月21日,tcyyxxw.com,９００,３１０,0.5,02:05\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_encodings_and_chinese_headers_and_export_forms(tmp_path, encoding):
    got = run(tmp_path, "site_traffic", TRAFFIC_ZH, encoding)
    frame = got.frame
    assert list(frame.columns[:4]) == ["date", "site", "pv", "uv"]
    assert frame["date"].tolist() == [pd.Timestamp("2024-02-20"), pd.Timestamp("2024-02-21")]
    assert frame["pv"].tolist() == [1234, 900] and str(frame["pv"].dtype) == "Int64"
    assert frame["bounce_rate"].tolist() == pytest.approx([0.452, 0.5])
    assert frame["avg_visit_seconds"].tolist() == [192.0, 125.0]
    assert frame["ip"].isna().all(), "absent optional columns are there, all missing"


def test_headers_ignore_spaces_fullwidth_parentheses_and_case(tmp_path):
    got = run(tmp_path, "site_traffic", " DATE , Site ,浏览量（PV）, uv \n2024-02-20,a,1,1\n")
    assert got.frame["pv"].tolist() == [1]


def test_unknown_extra_columns_are_kept_but_ignored(tmp_path):
    got = run(tmp_path, "shop_traffic", "date,visitors,备注\n2024-02-01,10,x\n")
    assert "备注" in got.frame.columns and got.frame["visitors"].tolist() == [10]


def test_dates_times_and_missing_markers(tmp_path):
    text = ("站点,开始时间,恢复时间,类型\n"
            "s,20240222 14:03,2024-02-22 15:03:05,响应超时\n"
            "s,2024-02-23T01:00,--,timeout\n"
            "s,2024年2月24日 08:00,-,CC攻击\n")
    frame = run(tmp_path, "site_incidents", text).frame
    assert frame["started_at"].tolist()[0] == pd.Timestamp("2024-02-22 14:03")
    assert frame["resolved_at"].tolist()[0] == pd.Timestamp("2024-02-22 15:03:05")
    assert frame["resolved_at"].isna().tolist() == [False, True, True]
    assert frame["kind"].tolist() == ["timeout", "timeout", "cc_attack"]


def test_title_line_and_totals_row_are_skipped_with_a_notice(tmp_path):
    text = "百度统计 趋势分析\n日期,站点,浏览量,访客数\n2024-02-20,s,10,5\n合计,,10,5\n"
    got = run(tmp_path, "site_traffic", text)
    assert got.rows == 1
    assert any("title line" in n for n in got.notices)
    assert any("totals row 4" in n and "合计" in n for n in got.notices)


def test_bools_ranks_and_enum_defaults(tmp_path):
    text = "date,site,keyword,rank\n2024-02-05,s,a,3\n2024-02-05,s,b,>100\n2024-02-05,s,c,\n"
    frame = run(tmp_path, "seo_rankings", text).frame
    assert frame["rank"].tolist()[0] == 3 and frame["rank"].isna().tolist() == [False, True, True]
    assert frame["engine"].tolist() == ["baidu"] * 3
    plan = run(tmp_path, "site_topic_plan", "站点,栏目,主题,核心栏目\ns,a,x,是\ns,a,y,N\n").frame
    assert plan["core"].tolist() == [True, False] and str(plan["core"].dtype) == "boolean"


def test_empty_file(tmp_path):
    msg = error(tmp_path, "orders", "")
    assert "empty" in msg and "order_id" in msg


def test_header_only_file_is_valid_with_no_rows(tmp_path):
    got = run(tmp_path, "site_incidents", "site,started_at,kind\n")
    assert got.rows == 0 and any("no data rows" in n for n in got.notices)


def test_missing_required_column_names_it_and_its_aliases(tmp_path):
    msg = error(tmp_path, "contracts", "contract_id,branch,client,signed_on,received\n")
    assert "column amount" in msg and "合同金额" in msg


def test_bad_number_names_column_rows_values_and_expectation(tmp_path):
    text = ("合同编号,分支机构,客户,签订日期,合同金额,已到账\n"
            "C1,临沂分公司,甲,2024-02-01,abc,1\nC2,济宁分公司,乙,2024-02-02,5,1\n")
    msg = error(tmp_path, "contracts", text)
    assert "column amount (合同金额), row 2: found 'abc'; expected a number ≥ 0" in msg


def test_unknown_enum_label(tmp_path):
    msg = error(tmp_path, "client_visits", "日期,客户,城市,意向\n2024-02-01,a,b,也许\n")
    assert "column intent (意向), row 2: found '也许'" in msg and "single (单项合作)" in msg


def test_negative_count(tmp_path):
    msg = error(tmp_path, "shop_traffic", "date,visitors\n2024-02-01,-5\n2024-02-02,3\n")
    assert "column visitors, row 2: found '-5'" in msg


def test_rate_out_of_range(tmp_path):
    text = "date,site,pv,uv,bounce_rate\n2024-02-20,s,1,1,145%\n"
    msg = error(tmp_path, "site_traffic", text)
    assert "bounce_rate" in msg and "'145%'" in msg and "between 0 and 1" in msg


def test_duplicate_keys_name_every_duplicate_row(tmp_path):
    msg = error(tmp_path, "shop_traffic", "date,visitors\n2024-02-01,1\n2024-02-01,2\n")
    assert "rows 2, 3" in msg and "unique" in msg


def test_dates_outside_the_month(tmp_path):
    text = "date,visitors\n2024-02-01,1\n2024-03-01,2\n2024-01-31,3\n"
    msg = error(tmp_path, "shop_traffic", text)
    assert "rows 3, 4" in msg and "2024-02-01 .. 2024-02-29" in msg


def test_dates_before_the_month_allowed_where_the_dataset_says(tmp_path):
    text = "branch,kind,city,tier,opened_on\n临沂分公司,分公司,临沂,核心城市,2023-05-01\n"
    assert run(tmp_path, "branches", text).rows == 1
    later = text.replace("2023-05-01", "2024-03-02")
    assert "on or before 2024-02-29" in error(tmp_path, "branches", later)


def test_later_dates_never_before_the_event(tmp_path):
    text = "site,started_at,resolved_at,kind\ns,2024-02-22 10:00,2024-02-22 09:00,timeout\n"
    assert "not before started_at" in error(tmp_path, "site_incidents", text)


def test_invalid_calendar_date(tmp_path):
    msg = error(tmp_path, "shop_traffic", "date,visitors\n2024-02-30,1\n")
    assert "'2024-02-30'" in msg


def test_row_numbers_count_title_lines(tmp_path):
    msg = error(tmp_path, "shop_traffic", "生意参谋 流量总览\ndate,visitors\n2024-02-01,x\n")
    assert "row 3" in msg


def test_truncated_last_line(tmp_path):
    msg = error(tmp_path, "shop_traffic", "date,visitors,pv\n2024-02-01,1,2\n2024-02-02")
    assert "column visitors, row 3" in msg


def test_too_many_cells_in_a_row(tmp_path):
    msg = error(tmp_path, "shop_traffic", "date,visitors\n2024-02-01,1\n2024-02-02,1,9,9\n")
    assert "row 3" in msg


def test_binary_file_named_csv(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(DataError, match="binary"):
        load(path, BY_NAME["orders"], FEB)


def test_errors_list_the_first_rows_and_a_count(tmp_path):
    rows = "".join(f"2024-02-{d:02d},x\n" for d in range(1, 10))
    msg = error(tmp_path, "shop_traffic", "date,visitors\n" + rows)
    assert "rows 2, 3, 4, 5, 6 (+4 more)" in msg


def test_cache_reuses_parquet_until_the_raw_bytes_change(tmp_path):
    raw = write(tmp_path, "shop_traffic", "date,visitors\n2024-02-01,1\n")
    before = raw.read_bytes()
    proc = tmp_path / "processed"
    first = load_cached(raw, BY_NAME["shop_traffic"], FEB, proc)
    assert (proc / "shop_traffic.parquet").exists()
    second = load_cached(raw, BY_NAME["shop_traffic"], FEB, proc)
    pd.testing.assert_frame_equal(first.frame, second.frame)
    raw.write_text("date,visitors\n2024-02-01,7\n")
    assert load_cached(raw, BY_NAME["shop_traffic"], FEB, proc).frame["visitors"].tolist() == [7]
    assert raw.read_bytes() != before  # (we changed it ourselves above)


def test_raw_files_are_never_written(tmp_path):
    raw = write(tmp_path, "site_traffic", TRAFFIC_ZH, "gbk")
    before = raw.read_bytes()
    load_cached(raw, BY_NAME["site_traffic"], FEB, tmp_path / "p")
    assert raw.read_bytes() == before
