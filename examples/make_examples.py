"""Regenerate the example files in this folder: `python examples/make_examples.py`.

The holdings workbook looks like a custodian export: a title banner above the header, a cover
sheet, terminal-style security descriptions, ISINs and a row with an ISIN but no description.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).parent

HOLDINGS_HEADER = ["Security Description", "ISIN", "Ticker", "Country", "Shares",
                   "Market Value (USD)", "Weight %"]
HOLDINGS = [
    ["TENCENT HOLDINGS LTD", "KYG875721634", "700 HK", "CN", 120_000, 6_912_000, 4.61],
    ["TAIWAN SEMICONDUCTOR MANUFAC", "TW0002330008", "2330 TT", "TW", 310_000, 9_920_000, 6.62],
    ["HANGZHOU HIKVISION DIGITAL-A", "CNE100000PM8", "002415 CH", "CN", 450_000, 1_935_000, 1.29],
    ["SAMSUNG ELECTRONICS CO LTD", "KR7005930003", "005930 KS", "KR", 95_000, 5_890_000, 3.93],
    ["ALIBABA GROUP HOLDING LTD", "KYG017191142", "9988 HK", "CN", 210_000, 2_604_000, 1.74],
    ["", "CNE100001TW7", "", "CN", 180_000, 1_260_000, 0.84],
    ["MEGVII TECHNOLOGY LTD", "", "", "CN", 60_000, 420_000, 0.28],
    ["INFOSYS LTD", "INE009A01021", "INFO IN", "IN", 140_000, 2_674_000, 1.78],
    ["海康威视", "", "", "CN", 30_000, 129_000, 0.09],
    ["BYD CO LTD-H", "CNE100000296", "1211 HK", "CN", 88_000, 3_168_000, 2.11],
    ["BEIJING KUANGSHI TECHNOLOGY CO LTD", "", "", "CN", 12_000, 84_000, 0.06],
    ["PING AN INSURANCE GROUP CO-H", "CNE1000003X6", "2318 HK", "CN", 260_000, 1_534_000, 1.02],
    ["XIAMEN MEIYA PICO INFORMATI-A", "CNE100001120", "300188 CH", "CN", 75_000, 118_000, 0.08],
    ["RELIANCE INDUSTRIES LTD", "INE002A01018", "RELIANCE IN", "IN", 150_000, 4_800_000, 3.20],
    ["CONTEMPORARY AMPEREX TECHN-A", "CNE100003662", "300750 CH", "CN", 40_000, 1_480_000, 0.99],
    ["BEIJING SINOVEL WIND GROUP", "", "", "CN", 5_000, 2_000, 0.00],
    ["ALROSA PJSC", "RU0007252813", "ALRS RM", "RU", 0, 0, 0.00],
]

VENDORS_HEADER = ["Vendor ID", "Vendor Name", "Country", "City", "Category"]
VENDORS = [
    ["V-10001", "Siemens AG", "DE", "Munich", "Automation"],
    ["V-10002", "Shenzhen DJI Innovation Technology Co., Ltd.", "CN", "Shenzhen", "Drones"],
    ["V-10003", "Dell Technologies Inc.", "US", "Round Rock", "IT hardware"],
    ["V-10004", "科大讯飞股份有限公司", "CN", "Hefei", "Speech software"],
    ["V-10005", "Xinjiang Sugon Cloud Computing Co., Ltd.", "CN", "Urumqi", "Cloud services"],
    ["V-10006", "Kestrel Optics GmbH", "DE", "Jena", "Optics"],
    ["V-10007", "Hon Hai Precision Industry Co., Ltd.", "TW", "New Taipei",
     "Contract manufacturing"],
    ["V-10008", "Zhejiang Dahua Technology Co., Ltd.", "CN", "Hangzhou", "Cameras"],
    ["V-10009", "Bosch Rexroth AG", "DE", "Lohr am Main", "Hydraulics"],
    ["V-10010", "   ", "US", "", "Unknown"],
    ["V-10011", "Sugon Logistics (Shenzhen) Co., Ltd.", "CN", "Shenzhen", "Freight forwarding"],
    ["V-10012", "Rosoboronexport JSC", "RU", "Moscow", "Spare parts"],
]

OWNERS = [
    ["owner", "owned", "share", "relation"],
    ["Beijing Kuangshi Technology Co., Ltd.", "Harrow Imaging Pte Ltd", "100", "owns"],
    ["Harrow Imaging Pte Ltd", "Kestrel Optics GmbH", "51", "owns"],
]


def write_holdings(path: Path) -> None:
    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover["A1"] = "Global Emerging Markets Equity Fund"
    cover["A2"] = "Holdings report prepared by the fund administrator. Positions on sheet 2."
    sheet = book.create_sheet("Holdings")
    sheet["A1"] = "Global Emerging Markets Equity Fund — Holdings as of 31 Oct 2026"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = "Base currency USD. Source: custodian export."
    sheet.append([])
    sheet.append(HOLDINGS_HEADER)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in HOLDINGS:
        sheet.append([value if value != "" else None for value in row])
    sheet.column_dimensions["A"].width = 38
    sheet.column_dimensions["B"].width = 16
    book.save(path)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_decisions(path: Path) -> None:
    """Clear the look-alike "Sugon Logistics" against the list entries as they are today."""
    from datetime import date

    from sanctscreen.decisions import Decision, Decisions, Verdict, save_decisions
    from sanctscreen.inputs import read_input
    from sanctscreen.lists import load_lists
    from sanctscreen.screen import Screener

    screener = Screener(load_lists())
    subject = next(s for table in read_input(HERE / "vendors.csv") for s in table.subjects
                   if s.name == "Sugon Logistics (Shenzhen) Co., Ltd.")
    result = screener.screen_one(subject)
    why = ("Shenzhen freight forwarder (business licence on file), no relation to Dawning/Sugon; "
           "reviewed against the vendor's registry extract")
    decisions = [Decision.about(subject, match, Verdict.CLEAR, by="j.rivera",
                                on=date(2026, 11, 20), why=why, expires=date(2027, 11, 20))
                 for match in {m.entity_id: m for m in result.matches}.values()]
    save_decisions(Decisions(tuple(decisions)), path)


if __name__ == "__main__":
    write_holdings(HERE / "holdings.xlsx")
    write_csv(HERE / "vendors.csv", VENDORS_HEADER, VENDORS)
    write_csv(HERE / "owners.csv", OWNERS[0], OWNERS[1:])
    write_decisions(HERE / "decisions.yaml")
