"""Files that imitate the platforms' exports as downloaded (data-contract "From the platforms").

Real header strings, the description lines above the header, GBK and every-cell-quoted CSV,
.xlsx written with XlsxWriter (merged title cells) and .xls written with xlwt (dev
dependencies: no binary fixture is checked in). Each writer returns the path it wrote and the
figures a test expects the loader to find.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

DAYS = [f"2024-04-{d:02d}" for d in range(1, 31)]


def _csv(rows: list[list], quote_all: bool = False) -> str:
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
               lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def xlsx(path: Path, rows: list[list], title_width: int = 0, sheet: str = "Sheet1") -> Path:
    """A workbook whose first row is a title merged over `title_width` cells (when > 1),
    with two formatted but empty rows below the data, as platforms leave them."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        if r == 0 and title_width > 1:
            ws.merge_range(0, 0, 0, title_width - 1, row[0])
            continue
        for c, cell in enumerate(row):
            if cell is not None and cell != "":
                ws.write(r, c, cell)
    border = book.add_format({"border": 1})
    for r in range(len(rows), len(rows) + 2):
        for c in range(len(rows[-1])):
            ws.write_blank(r, c, None, border)
    book.close()
    return path


def xls(path: Path, rows: list[list], sheet: str = "Sheet1") -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is not None and cell != "":
                ws.write(r, c, cell)
    book.save(str(path))
    return path


# --- 百度统计 趋势分析 (CSV, GBK, title lines) -------------------------------------------------
def baidu_tongji(folder: Path, days=DAYS) -> tuple[Path, dict]:
    rows = [["郯城渔业信息网(tcyyxxw.com)"], ["趋势分析"], [f"时间范围：{days[0]} 至 {days[-1]}"],
            ["日期", "浏览量(PV)", "访客数(UV)", "IP数", "跳出率", "平均访问时长",
             "平均加载时长(秒)"]]
    for i, day in enumerate(days):
        rows.append([day.replace("-", "/"), f"{1200 + i:,}", 300 + i, 280 + i, "45.20%",
                     "00:03:12", "1.5"])
    rows.append(["汇总", f"{sum(1200 + i for i in range(len(days))):,}", "", "", "", "", ""])
    span = f"{days[0].replace('-', '')}-{days[-1].replace('-', '')}"
    path = folder / f"tcyyxxw.com_趋势分析_{span}.csv"
    path.write_bytes(_csv(rows).encode("gbk"))
    return path, {"rows": len(days), "pv": sum(1200 + i for i in range(len(days))),
                  "site": "tcyyxxw.com"}


# --- 百度搜索资源平台 索引量 ----------------------------------------------------------
def baidu_index(folder: Path) -> tuple[Path, dict]:
    rows = [["站点：tcyyxxw.com"], ["日期", "索引量"]]
    rows += [[day, 5000 + 10 * i] for i, day in enumerate(DAYS)]
    path = folder / "索引量_20240401-20240430.csv"
    path.write_bytes(("\ufeff" + _csv(rows)).encode("utf-8"))
    return path, {"rows": len(DAYS), "last": 5000 + 10 * (len(DAYS) - 1)}


# --- 5118 / 爱站 keyword ranks (xlsx, no date: from the file name) -------------------------
def keyword_ranks(folder: Path) -> tuple[Path, dict]:
    rows = [["关键词", "排名", "指数", "排名网址"],
            ["郯城渔业", 3, 120, "https://tcyyxxw.com/"],
            ["赤皮病 用药", "-", 45, ""],
            ["烂鳃病", ">100", 80, ""],
            ["鱼苗价格", 12, "暂无数据", "https://tcyyxxw.com/price"]]
    path = xlsx(folder / "tcyyxxw.com_关键词排名_20240430.xlsx", rows)
    return path, {"rows": 4, "date": "2024-04-30", "ranked": 2}


# --- 生意参谋 店铺整体 (4 description lines, xlsx and xls) -------------------------------------
def _sycm_rows(shop: str, scale: int) -> list[list]:
    rows = [["【生意参谋平台】店铺整体", "", "", "", "", ""], [f"店铺名称：{shop}"],
            [f"统计时间：{DAYS[0]} ~ {DAYS[-1]}"], [""],
            ["统计日期", "访客数", "浏览量", "支付金额", "支付买家数", "支付转化率"]]
    for i, day in enumerate(DAYS):
        rows.append([day, 1000 * scale + i, 3000 * scale + i, f"{1.5 * scale + i / 100:.2f}万",
                     20 + i, "2.00%"])
    return rows


def sycm_xlsx(folder: Path, shop: str = "童装旗舰店") -> tuple[Path, dict]:
    name = f"【生意参谋平台】店铺整体_{shop}_{DAYS[0]}_{DAYS[-1]}.xlsx"
    path = xlsx(folder / name, _sycm_rows(shop, 1), title_width=6)
    return path, {"rows": len(DAYS), "shop": shop, "first_paid": 15000.0}


def sycm_xls(folder: Path, shop: str = "渔具专营店") -> tuple[Path, dict]:
    name = f"【生意参谋平台】店铺整体_{shop}_{DAYS[0]}_{DAYS[-1]}.xls"
    path = xls(folder / name, _sycm_rows(shop, 2))
    return path, {"rows": len(DAYS), "shop": shop, "first_paid": 30000.0}


# --- 淘宝/天猫 订单报表 (GBK, every cell quoted, ="…" guards) ------------------------
ORDER_HEADER = ["订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费",
                "总金额", "买家实际支付金额", "订单状态", "买家留言", "收货人姓名", "收货地址 ",
                "联系手机", "订单创建时间", "订单付款时间 ", "宝贝标题 ", "宝贝种类 ",
                "宝贝总数量", "店铺Id", "店铺名称", "订单关闭原因", "退款金额"]


def order_rows(n: int, shop: str = "童装旗舰店", start: int = 0) -> list[list[str]]:
    """n orders: every 10th closed, every 15th waiting for payment (both skipped)."""
    rows = []
    for i in range(start, start + n):
        closed, waiting = i % 10 == 9, i % 15 == 14 and i % 10 != 9
        status = "交易关闭" if closed else "等待买家付款" if waiting else "交易成功"
        paid = "" if waiting else f"2024-04-{1 + i % 30:02d} {10 + i % 12}:{i % 60:02d}:00"
        rows.append([f'="{3000000000000 + i}"', f"buyer{i}", f"'1380000{i:04d}", "128.00",
                     "0.00", "158.00", "128.00元", status, "", f"收货人{i}", "山东省临沂市",
                     f"'1390000{i:04d}", paid or f"2024-04-{1 + i % 30:02d} 09:00:00", paid,
                     "童装 连衣裙", "1", "2", "123456", shop, "买家取消" if closed else "",
                     "30.00" if i % 20 == 3 else "0.00"])
    return rows


def order_report(folder: Path, n: int = 120, name: str = "ExportOrderList202405011030.csv",
                 start: int = 0) -> tuple[Path, dict]:
    rows = order_rows(n, start=start)
    path = folder / name
    path.write_bytes(_csv([ORDER_HEADER] + rows, quote_all=True).encode("gbk"))
    paid = [r for r in rows if r[7] == "交易成功"]
    return path, {"rows": len(paid), "skipped": n - len(paid),
                  "gmv": 128.0 * len(paid), "refunded": sum(float(r[20]) for r in paid)}


# --- 千牛 / 赤兔 客服绩效 自定义报表 (xlsx; 汇总 and 均值 rows at the bottom) ----------
AGENT_HEADER = ["客服昵称", "咨询人数", "接待人数", "询单人数", "询单->最终付款人数",
                "询单->最终付款成功率", "首次响应(秒)", "平均响应(秒)", "平均接待时长",
                "客户满意率", "销售额", "上班天数"]


def cs_agents(folder: Path, shop: str = "童装旗舰店") -> tuple[Path, dict]:
    agents = [(f"{shop}:小王", 300, 290, 120, 60, "50.00%", "35.2", "48", "00:05:12", "95.50%",
               "1.2万", 22),
              (f"{shop}:小李", 250, 240, 100, 40, "40.00%", "58", "62", "00:04:00", "延迟统计",
               "8,500.00元", 21)]
    rows = [["客服绩效 自定义报表"] + [""] * 11, [f"统计时间：{DAYS[0]}至{DAYS[-1]}"], AGENT_HEADER]
    rows += [list(a) for a in agents]
    rows.append(["汇总", 550, 530, 220, 100, "45.45%", "", "", "", "", "2.05万", ""])
    rows.append(["均值", 275, 265, 110, 50, "45.45%", "46.6", "55", "", "", "", ""])
    path = xlsx(folder / f"自定义报表_客服绩效_{DAYS[0]}至{DAYS[-1]}.xlsx", rows, title_width=12)
    return path, {"rows": 2, "shop": shop, "sales": [12000.0, 8500.0],
                  "first_response": [35.2, 58.0]}


EVERY_EXPORT = (baidu_tongji, baidu_index, keyword_ranks, sycm_xlsx, sycm_xls, order_report,
                cs_agents)


def downloads_month(folder: Path) -> dict[str, tuple[Path, dict]]:
    """A month folder as a user's downloads leave it: every export above, under its own name."""
    folder.mkdir(parents=True, exist_ok=True)
    return {f.__name__: f(folder) for f in EVERY_EXPORT}
