"""The hostile input corpus: files users really send, and files built to break a reader.

Each builder writes one file into a folder and returns a Case: what the file is and what
`sanctscreen check` must make of it — screen a known number of rows (some flagged, some
skipped), or refuse it with one line naming the file.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook

DATA = Path(__file__).resolve().parent.parent / "data" / "hostile"

# Names the bundled default lists flag (Treasury's NS-CMIC identifications and the Entity List).
MEGVII = "Megvii Technology Limited"
IFLYTEK_ZH = "科大讯飞股份有限公司"  # iFlytek, in Chinese script
HIKVISION = "Hangzhou Hikvision Digital Technology Co., Ltd."
CLEAN = ("Siemens AG", "Apple Inc.", "Nestlé S.A.", "Société Générale")


@dataclass(frozen=True)
class Case:
    """One corpus file and the outcome `check` must reach on it."""

    path: Path
    rows: int | None = None  # data rows it must account for; None: it must be refused
    error: str = ""  # text the one stderr line must contain when it is refused
    hits: dict[int, str] = field(default_factory=dict)  # row -> entity name (upper-case part)
    skipped: frozenset[int] = frozenset()  # rows that must be reported as skipped
    options: tuple[str, ...] = ()

    @property
    def refused(self) -> bool:
        return self.rows is None


Builder = Callable[[Path], Case]
BUILDERS: dict[str, Builder] = {}


def builder(func: Builder) -> Builder:
    BUILDERS[func.__name__] = func
    return func


def workbook(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    """An xlsx written by openpyxl, one sheet per entry, rows from row 1."""
    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def rewrite_part(path: Path, member: str, edit: Callable[[bytes], bytes]) -> Path:
    """Rewrite one part of a ZIP package in place, every other part kept as it was."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(info, edit(data) if info.filename == member else data)
    return path


@builder
def header_below_banner(folder: Path) -> Case:
    path = workbook(folder / "banner.xlsx", {"Holdings": [
        ["Quarterly holdings report"], ["Prepared for the risk committee"], [],
        ["Issuer", "Country", "Weight"],
        [MEGVII, "CN", 0.5], [CLEAN[0], "DE", 0.3], [CLEAN[1], "US", 0.2]]})
    return Case(path, rows=3, hits={5: "MEGVII"})


@builder
def names_on_second_sheet(folder: Path) -> Case:
    path = workbook(folder / "sheets.xlsx", {
        "Cover": [["Vendor master extract"], ["Do not distribute"]],
        "Vendors": [["Vendor Name", "Country"], [CLEAN[1], "US"], [HIKVISION, "CN"]]})
    return Case(path, rows=2, hits={3: "HIKVISION"})


@builder
def merged_cells(folder: Path) -> Case:
    path = folder / "merged.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Holdings"
    sheet.append(["Holdings as of 30 June", None, None])
    sheet.merge_cells("A1:C1")  # a banner across the header
    sheet.append(["Company", "Country", "Notes"])
    sheet.append([MEGVII, "CN", "two lots"])
    sheet.append([None, "CN", "second lot"])  # A3:A4 merged: only A3 holds the name
    sheet.merge_cells("A3:A4")
    sheet.append([CLEAN[0], "DE", None])
    book.save(path)
    return Case(path, rows=3, hits={3: "MEGVII"}, skipped=frozenset({4}))


@builder
def formulas_with_cached_values(folder: Path) -> Case:
    path = workbook(folder / "formulas.xlsx", {"Sheet": [
        ["Name", "Country"],
        ['=UPPER("megvii technology limited")', "CN"],
        ['=CONCAT("Siemens", " AG")', "DE"],
        ["=1/0", "CN"]]})
    cached = {"A2": ("str", "MEGVII TECHNOLOGY LIMITED"), "A3": ("str", "Siemens AG"),
              "A4": ("e", "#DIV/0!")}

    def with_cached(xml: bytes) -> bytes:
        # openpyxl writes formulas without a result; Excel saves the result in <v>.
        text = xml.decode()
        for ref, (kind, value) in cached.items():
            text = re.sub(rf'<c r="{ref}"><f>(.*?)</f><v\s*/?>(</v>)?',
                          rf'<c r="{ref}" t="{kind}"><f>\1</f><v>{value}</v>', text)
        return text.encode()

    rewrite_part(path, "xl/worksheets/sheet1.xml", with_cached)
    return Case(path, rows=3, hits={2: "MEGVII"}, skipped=frozenset({4}))


@builder
def odd_values_in_name_column(folder: Path) -> Case:
    long_name = "Acme " + "x" * 100_000
    path = workbook(folder / "values.xlsx", {"Sheet": [
        ["Company Name", "Country"],
        [360, "CN"], [3.5, "US"], [dt.datetime(2021, 12, 16), "US"], [True, "US"],
        ["🐉 Dragon Capital 🚀", "VN"], [long_name, "US"], [MEGVII + " 😀", "CN"]]})
    return Case(path, rows=7, hits={8: "MEGVII"}, skipped=frozenset({4, 5}))


@builder
def blank_and_whitespace_names(folder: Path) -> Case:
    path = folder / "blanks.csv"
    path.write_text("Name,Country\n,US\n   ,US\n\t \u00a0,US\nSiemens AG,DE\n\u200b,CN\n"
                    f"{MEGVII},CN\n", encoding="utf-8")
    return Case(path, rows=6, hits={7: "MEGVII"}, skipped=frozenset({2, 3, 4, 6}))


@builder
def duplicate_and_empty_headers(folder: Path) -> Case:
    path = folder / "dupes.csv"
    path.write_text(f"Name,Name,,Country,\n{MEGVII},Other,x,CN,\n{CLEAN[0]},,y,DE,\n",
                    encoding="utf-8")
    return Case(path, rows=2, hits={2: "MEGVII"})


@builder
def no_name_column(folder: Path) -> Case:
    path = folder / "amounts.csv"
    path.write_text("Amount,Currency,Booked\n100,USD,2024-01-01\n200,EUR,2024-01-02\n",
                    encoding="utf-8")
    return Case(path, error="no name column found; columns: Amount, Currency, Booked "
                            "(use --name-column)")


@builder
def empty_file(folder: Path) -> Case:
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return Case(path, error="file is empty")


@builder
def header_only(folder: Path) -> Case:
    path = folder / "header.csv"
    path.write_text("Name,Country\n", encoding="utf-8")
    return Case(path, rows=0)


@builder
def csv_named_xlsx(folder: Path) -> Case:
    path = folder / "export.xlsx"
    path.write_text(f"Name,Country\n{CLEAN[1]},US\n{MEGVII},CN\n", encoding="utf-8")
    return Case(path, rows=2, hits={3: "MEGVII"})


@builder
def random_bytes_xlsx(folder: Path) -> Case:
    path = folder / "noise.xlsx"
    path.write_bytes(random.Random(7).randbytes(20_000))
    return Case(path, error="not a spreadsheet")


@builder
def zip_of_garbage_xlsx(folder: Path) -> Case:
    path = folder / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet name=")
    return Case(path, error="workbook cannot be read")


@builder
def password_protected(folder: Path) -> Case:
    path = shutil.copy(DATA / "protected.xlsx", folder / "protected.xlsx")
    return Case(Path(path), error="workbook is password-protected")


@builder
def legacy_xls(folder: Path) -> Case:
    path = shutil.copy(DATA / "holdings.xls", folder / "holdings.xls")
    return Case(Path(path), rows=4, hits={4: "MEGVII", 6: "DAWNING"})


@builder
def opendocument(folder: Path) -> Case:
    path = shutil.copy(DATA / "holdings.ods", folder / "holdings.ods")
    return Case(Path(path), rows=4, hits={4: "MEGVII", 6: "DAWNING"})


def _text_table(rows: Sequence[Sequence[str]], delimiter: str) -> str:
    return "".join(delimiter.join(row) + "\r\n" for row in rows)


_PEOPLE = [["Name", "Country"], [CLEAN[2], "CH"], [CLEAN[3], "FR"], [MEGVII, "CN"]]


@builder
def utf8_bom_semicolon(folder: Path) -> Case:
    path = folder / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + _text_table(_PEOPLE, ";").encode())
    return Case(path, rows=3, hits={4: "MEGVII"})


@builder
def utf16_tab(folder: Path) -> Case:
    # What Excel's "Unicode text" export writes: UTF-16 LE with BOM, tab-delimited.
    path = folder / "unicode.txt"
    rows = [*_PEOPLE, [IFLYTEK_ZH, "CN"]]
    path.write_bytes(_text_table(rows, "\t").encode("utf-16"))
    return Case(path, rows=4, hits={4: "MEGVII", 5: "IFLYTEK"})


@builder
def gb18030(folder: Path) -> Case:
    path = folder / "gbk.csv"
    rows = [["名称", "国家"], ["北京字节跳动科技有限公司", "CN"], [IFLYTEK_ZH, "CN"],
            ["上海浦东发展银行股份有限公司", "CN"]]
    path.write_bytes(_text_table(rows, ",").encode("gb18030"))
    return Case(path, rows=3, hits={3: "IFLYTEK"})


@builder
def windows_1252_semicolon(folder: Path) -> Case:
    path = folder / "cp1252.csv"
    path.write_bytes(_text_table(_PEOPLE, ";").encode("cp1252"))
    return Case(path, rows=3, hits={4: "MEGVII"})


@builder
def windows_1252_named(folder: Path) -> Case:
    # Too little non-ASCII text to detect reliably: the user names the encoding.
    path = folder / "named.csv"
    path.write_bytes(_text_table([["Name"], ["Caf\xe9 Ren\xe9"], [MEGVII]], ",").encode("cp1252"))
    return Case(path, rows=2, hits={3: "MEGVII"}, options=("--encoding", "cp1252"))


@builder
def line_of_commas(folder: Path) -> Case:
    """A header followed by two million empty fields: wider than any spreadsheet."""
    path = folder / "commas.csv"
    path.write_text("Name" + "," * 2_000_000 + f"\n{MEGVII}\n", encoding="utf-8")
    return Case(path, error="line 1 has 2,000,001 fields, more than a spreadsheet's 16,384")


@builder
def column_past_xfd(folder: Path) -> Case:
    """A cell in column ZZZZ, past Excel's last column: calamine would allocate every column."""
    path = workbook(folder / "wide.xlsx", {"Sheet": [["Name", "Amount"], [MEGVII, 1]]})
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'r="B2"',
                                                                           b'r="ZZZZ2"'))
    return Case(path, error="past Excel's last column XFD")


def _skeleton(path: Path) -> dict[str, bytes]:
    workbook(path, {"Sheet": [["Name"], [MEGVII]]})
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@builder
def zip_bomb_ratio(folder: Path) -> Case:
    """A sheet part that really inflates 1000x to 64 MiB, beside a normal workbook."""
    path = folder / "bomb.xlsx"
    parts = _skeleton(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b" " * (1 << 20)
            for _ in range(64):
                part.write(block)
    return Case(path, error="possible ZIP bomb")


@builder
def zip_bomb_declared(folder: Path) -> Case:
    """Members whose central directory declares sizes of nearly 4 GiB each."""
    path = folder / "declared.xlsx"
    workbook(path, {"Sheet": [["Name"], [MEGVII]]})
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        struct.pack_into("<I", data, at + 24, 0xFFFF_FFF0)  # uncompressed size
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return Case(path, error="possible ZIP bomb")


@builder
def zip_bomb_lying(folder: Path) -> Case:
    """A shared-strings part that declares 2 KiB but whose data inflates to 64 MiB."""
    path = folder / "lying.xlsx"
    shared = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main"><si><t>')
    _lying_part(path, "xl/sharedStrings.xml", [shared, *[b"A" * (1 << 20)] * 64])
    return Case(path, error="workbook")


@builder
def zip_bomb_lying_sheet(folder: Path) -> Case:
    """The worksheet itself declares 2 KiB but inflates to 16 MiB of rows."""
    path = folder / "lying-sheet.xlsx"
    sheet = _skeleton(path)["xl/worksheets/sheet1.xml"]
    body = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i)
                    for i in range(3, 300_000))
    _lying_part(path, "xl/worksheets/sheet1.xml",
                [sheet.replace(b"</sheetData>", body + b"</sheetData>")])
    return Case(path, error="workbook is damaged")


def _lying_part(path: Path, member: str, blocks: Sequence[bytes]) -> None:
    """A small workbook at `path` whose part `member` holds `blocks`, deflated, but declares
    an uncompressed size of 2 KiB: zipfile refuses to write such a lie, so it is patched in."""
    parts = _skeleton(path)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = b"".join(compressor.compress(block) for block in blocks) + compressor.flush()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != member:
                archive.writestr(name, data)
        archive.writestr(zipfile.ZipInfo(member), b"\0" * len(stream))  # stored placeholder
    raw = bytearray(path.read_bytes())
    at = raw.find(b"\0" * len(stream))
    raw[at:at + len(stream)] = stream
    _patch_member(raw, member, method=zipfile.ZIP_DEFLATED, declared=2048)
    path.write_bytes(bytes(raw))


def _patch_member(raw: bytearray, name: str, *, method: int, declared: int) -> None:
    """Set the compression method and declared size of `name` in both of its ZIP headers."""
    encoded = name.encode()
    # (signature, offset of: method, uncompressed size, name length, name) in each header
    for signature, method_at, size_at, length_at, name_at in (
            (b"PK\x03\x04", 8, 22, 26, 30), (b"PK\x01\x02", 10, 24, 28, 46)):
        at = raw.find(signature)
        while at != -1:
            length = struct.unpack_from("<H", raw, at + length_at)[0]
            if bytes(raw[at + name_at:at + name_at + length]) == encoded:
                struct.pack_into("<H", raw, at + method_at, method)
                struct.pack_into("<I", raw, at + size_at, declared)
            at = raw.find(signature, at + 4)


def build(folder: Path, name: str) -> Case:
    """Write the corpus file `name` into `folder` and return its case."""
    folder.mkdir(parents=True, exist_ok=True)
    return BUILDERS[name](folder)


def build_all(folder: Path) -> dict[str, Case]:
    return {name: build(folder, name) for name in BUILDERS}


if __name__ == "__main__":  # write the corpus to a folder to try it by hand
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for case_name, case in build_all(target).items():
        print(f"{case_name:32} {os.fspath(case.path)}")
