"""Excel against CSV: what reading a platform's workbook costs beside the same data as CSV.

    .venv/bin/python bench/excel.py            # measure, print, write bench/excel.json

Goal (issue 12): loading an Excel export costs at most 3x loading the same rows as CSV, on a
100,000-row order report (淘宝/天猫 订单报表: the CSV as the platform writes it, GBK with every
cell quoted and `="…"` guards; the xlsx as its newer export, once with its times as text and
once as Excel date cells, as such an export holds them) and on a 生意参谋 店铺整体 workbook
(4 description lines, a month of days). Both go through `opsreview.ingest.loader.load`, so the
typed parsing, cleaning and validation are in both figures; the ratio is what the workbook
reader adds.
bench.py (EXTRA_SECTIONS) runs `measure` and puts `readme_section` into bench/README.md.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOAL = 3.0
ORDER_ROWS = 100_000
HEADER = ["订单编号", "买家会员名", "买家应付货款", "总金额", "买家实际支付金额", "订单状态",
          "收货地址 ", "订单创建时间", "订单付款时间 ", "宝贝标题 ", "宝贝总数量", "店铺名称",
          "退款金额"]


def _orders(n: int) -> list[list]:
    rows = []
    for i in range(n):
        status = "交易关闭" if i % 10 == 9 else "交易成功"
        at = f"2024-04-{1 + i % 30:02d} {8 + i % 14:02d}:{i % 60:02d}:00"
        rows.append([f'="{3000000000000 + i}"', f"buyer{i % 5000}", "128.00", "158.00",
                     f"{100 + i % 50}.00", status, "山东省临沂市", at, at, "童装 连衣裙",
                     str(1 + i % 3), "童装旗舰店", "30.00" if i % 20 == 3 else "0.00"])
    return rows


def _sycm(days: int = 30) -> list[list]:
    rows = [["【生意参谋平台】店铺整体"], ["店铺名称：童装旗舰店"],
            ["统计时间：2024-04-01 ~ 2024-04-30"], [""],
            ["统计日期", "访客数", "浏览量", "支付金额", "支付买家数", "支付转化率"]]
    rows += [[f"2024-04-{d:02d}", str(1000 + d), str(3000 + d), f"1.{d:02d}万", str(20 + d),
              "2.00%"] for d in range(1, days + 1)]
    return rows


def _write_csv(path: Path, rows: list[list], quote_all: bool) -> None:
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerows(rows)
    path.write_bytes(out.getvalue().encode("gbk"))


def _write_xlsx(path: Path, rows: list[list], dates: tuple[int, ...] = ()) -> None:
    """The rows as a workbook; the columns in DATES (their text YYYY-MM-DD HH:MM:SS) as
    Excel date cells, as a platform's own xlsx export holds its times."""
    import datetime as dt

    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))  # shared strings, as Excel and the platforms write
    sheet = book.add_worksheet()
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell == "":
                continue
            if r and c in dates:
                sheet.write_datetime(r, c, dt.datetime.strptime(cell, "%Y-%m-%d %H:%M:%S"),
                                     stamp)
                continue
            try:  # figures are numbers in a workbook, text in a CSV
                sheet.write_number(r, c, float(cell))
            except ValueError:
                sheet.write_string(r, c, cell)
    book.close()


def _times(paths: tuple[Path, Path], dataset: str, repeats: int) -> tuple[float, float]:
    """The least disturbed load of each file (the machine is shared); the two are loaded in
    turn, so a busy spell slows both alike instead of one."""
    from opsreview.contract.catalog import BY_NAME
    from opsreview.ingest.context import Source
    from opsreview.ingest.loader import load
    from opsreview.month.months import Month

    source = Source(fill=(("shop", "童装旗舰店"),))
    best = [float("inf"), float("inf")]
    for _ in range(repeats):
        for i, path in enumerate(paths):
            started = time.perf_counter()
            load(path, BY_NAME[dataset], Month.parse("2024-04"), source)
            best[i] = min(best[i], time.perf_counter() - started)
    return best[0], best[1]


def measure(log=print, repeats: int = 7) -> dict:
    """Seconds to load each case as CSV and as xlsx, and their ratio."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="opsreview-excel-") as tmp:
        orders = [HEADER] + _orders(ORDER_ROWS)
        times = (HEADER.index("订单创建时间"), HEADER.index("订单付款时间 "))
        cases = {"order report, 100,000 rows": ("orders", orders, True, (), repeats),
                 "order report, its times as date cells": ("orders", orders, True, times,
                                                           repeats),
                 "生意参谋 店铺整体, 30 days": ("shop_traffic", _sycm(), False, (), repeats * 10)}
        for name, (dataset, rows, quote_all, dates, n) in cases.items():
            csv_path, book = Path(tmp) / f"{dataset}.csv", Path(tmp) / f"{dataset}.xlsx"
            _write_csv(csv_path, rows, quote_all)
            _write_xlsx(book, rows, dates)
            csv_s, xlsx_s = _times((csv_path, book), dataset, n)
            out[name] = {"csv_seconds": round(csv_s, 4), "xlsx_seconds": round(xlsx_s, 4),
                         "ratio": round(xlsx_s / csv_s, 2), "goal": GOAL,
                         "met": xlsx_s / csv_s <= GOAL}
            log(f"excel: {name}: csv {csv_s:.3f} s, xlsx {xlsx_s:.3f} s, "
                f"ratio {xlsx_s / csv_s:.2f} (goal <= {GOAL})")
    return out


TITLE = "Excel against CSV (issue 12)"



def readme_section(figures: dict | None) -> str:
    """The bench/README.md text for these figures ('' when there are none)."""
    if not figures:
        return ""
    lines = [f"Loading a platform's workbook (python-calamine) against the same rows as CSV, both "
             f"through `loader.load` (typed parsing and validation included). Goal: ≤ {GOAL:g}×.",
             "", "| export | CSV s | xlsx s | ratio | goal met |", "|---|---|---|---|---|"]
    for name, f in figures.items():
        lines.append(f"| {name} | {f['csv_seconds']:.3f} | {f['xlsx_seconds']:.3f} | "
                     f"{f['ratio']:.2f} | {'yes' if f['met'] else 'no'} |")
    lines += ["", WHY]
    return "\n".join(lines) + "\n"


# Written by hand after looking at the figures (profiled with cProfile on the 100,000 rows).
WHY = ("Each figure is the fastest of seven loads, the CSV and the workbook loaded in turn "
       "(loaded one after the other, the workbook's best came out about 0.15 s faster and the "
       "ratio flattered it). On the order report python-calamine opens the workbook and parses "
       "the sheet in 0.57-0.6 s (the sheet's XML is 44 MB against the CSV's 10), turns it "
       "into Python cells in 0.09 s and frees its own copy in 0.015 s: 0.7 s in all, twice "
       "the CSV's whole load, which nothing on our side can shorten (it releases the GIL, "
       "but a single load has nothing else to do meanwhile). Session 9 took the rest from "
       "about the CSV path's cost plus half to about the CSV path's cost: the cycle collector "
       "stays paused until the row lists are gone (turned on with them alive, it scanned "
       "1.3 M cells once more), the rows become the cell array through numpy.fromiter, only "
       "columns that may hold text are searched for empty cells, a column the dataset does "
       "not read keeps its numbers or dates as such instead of being made text one cell at "
       "a time, and a text column whose cells repeat holds one str object per value as the "
       "CSV reader's do (calamine makes one per cell, and every later pass over 100,000 "
       "scattered objects was slower). On this machine the two order-report cases measured "
       "2.6-2.9x during session 9 (3.0-3.1x before). Since session 7: enum, yes/no and day "
       "columns of text become categoricals as the CSV reader gives them, a workbook's date "
       "cells go to the date parser as datetime64, and text columns are cleaned in place. "
       "fastexcel (Arrow, over the same Rust library, ~0.38 s to parse the sheet) was tried "
       "and not taken: its text for a time-of-day cell is 1899-12-31 00:03:12 and for a "
       "[h]:mm:ss duration 1900-01-02 01:30:00, a typed column refuses text beside durations "
       "(description lines above the header), and each load_sheet parses the sheet again, "
       "so the header cannot be found before the types are chosen. A workbook is read once "
       "per change: the parquet cache serves every later build.")


def main() -> int:
    sys.path.insert(0, str(HERE.parent / "lib"))
    figures = measure()
    (HERE / "excel.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n",
                                     encoding="utf-8")
    print(f"## {TITLE}\n\n{readme_section(figures)}")
    return 0 if all(f["met"] for f in figures.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
