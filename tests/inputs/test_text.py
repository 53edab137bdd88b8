from __future__ import annotations

from pathlib import Path

import pytest

from sanctscreen.errors import InputError
from sanctscreen.inputs import read_input
from sanctscreen.inputs.text import detect_encoding, sniff_delimiter, text_rows

CHINESE = ("Name,Country\n北京旷视科技有限公司,中国\n深圳市大疆创新科技有限公司,中国\n"
           "曙光信息产业股份有限公司,中国\n")
WESTERN = "Name;Country\nSociété Générale;France\nMüller Straße GmbH;Germany\nCitroën;France\n"


def names(path: Path, **options: str) -> list[str | None]:
    [table] = read_input(path, **options)
    return [s.name for s in table.subjects]


@pytest.mark.parametrize(("encoding", "text", "detected"), [
    ("utf-8", CHINESE, "utf-8"),
    ("utf-8-sig", CHINESE, "utf-8-sig"),
    ("utf-16", CHINESE, "utf-16"),
    ("utf-16-le", "Name\nMegvii\nDJI\n", "utf-16-le"),
    ("gb18030", CHINESE, "gb18030"),
    ("gbk", CHINESE, "gb18030"),
    ("cp1252", WESTERN, "cp1252"),
])
def test_encodings_are_detected(tmp_path: Path, encoding: str, text: str, detected: str) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(text.encode(encoding))
    assert detect_encoding(path) == detected
    expected = [line.split(",")[0].split(";")[0] for line in text.splitlines()[1:]]
    assert names(path) == expected


@pytest.mark.parametrize(("tail", "detected"), [
    (b"", "utf-8"),  # ASCII: recognised without reading the file
    ("Société Générale\n".encode("cp1252"), "cp1252"),  # one byte deep in the file decides
    ("Société Générale\n".encode(), "utf-8"),
    ("曙光信息产业股份有限公司\n".encode("gb18030"), "gb18030"),
    (b"A\x00B\n", "utf-8"),  # a NUL byte: ASCII all the same, read as before
])
def test_large_files_are_judged_on_their_whole_sample(tmp_path: Path, tail: bytes,
                                                      detected: str) -> None:
    from sanctscreen.inputs import text

    rows = b"".join(b"Issuer %d,US\n" % n for n in range(text.ASCII_SCAN_BYTES // 10))
    path = tmp_path / "big.csv"
    path.write_bytes(b"Name,Country\n" + rows + tail + rows[:1000])
    assert path.stat().st_size > text.ASCII_SCAN_BYTES
    assert detect_encoding(path) == detected
    assert text._plain_ascii(path) is (detected == "utf-8" and b"\x00" not in tail
                                       and tail.isascii())


def test_forced_encoding(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes("Name\nCitroën\n".encode("latin-1"))
    assert names(path, encoding="latin-1") == ["Citroën"]
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_input(path, encoding="klingon")


def test_wrong_forced_encoding_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(CHINESE.encode("gb18030"))
    with pytest.raises(InputError) as caught:
        read_input(path, encoding="utf-8")
    assert str(caught.value) == (f"{path}: file is not valid utf-8 text "
                                 "(use --encoding, e.g. gb18030 or cp1252)")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(tmp_path: Path, delimiter: str) -> None:
    rows = [["Issuer Name", "ISIN", "Weight"], ["Megvii Technology Co., Ltd.", "", "1,5"],
            ["SZ DJI Technology Co., Ltd.", "", "2,5"]]
    quoted = [[f'"{c}"' if ("," in c and delimiter == ",") else c for c in r] for r in rows]
    path = tmp_path / "in.txt"
    path.write_text("\n".join(delimiter.join(r) for r in quoted) + "\n")
    assert sniff_delimiter(path, "utf-8", ".txt") == delimiter
    assert names(path) == ["Megvii Technology Co., Ltd.", "SZ DJI Technology Co., Ltd."]


def test_single_column_file_uses_the_suffix_default(tmp_path: Path) -> None:
    path = tmp_path / "in.tsv"
    path.write_text("Name\nMegvii\n")
    assert sniff_delimiter(path, "utf-8", ".tsv") == "\t"


def test_line_numbers_follow_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"Holdings as of 2025-12-31\r\n\r\nName,Note\r\nMegvii,\"two\r\nlines\"\r\n"
                     b"\r\nDJI,\"three\nline\ncell\"\nNetposa,x\n")
    [table] = read_input(path)
    assert table.header_row == 3
    assert [(s.row, s.name, s.skip_reason) for s in table.subjects] == [
        (4, "Megvii", None), (6, None, "empty row"), (7, "DJI", None), (10, "Netposa", None)]
    assert table.subjects[0].cells["Note"] == "two\r\nlines"


def test_text_rows_number_records_from_line_one(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text('a,b\n"x\ny",z\nq,r\n')
    assert list(text_rows(path, "utf-8", ",")) == [(1, ["a", "b"]), (2, ["x\ny", "z"]),
                                                   (4, ["q", "r"])]


def test_huge_cell_and_nul_bytes_are_read(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("Name,ISIN\n" + "A" * 200_000 + ",\nMei\x00ya Pico,\n")
    [table] = read_input(path)
    assert [len(s.name or "") for s in table.subjects] == [1000, 11]
    assert table.subjects[1].name == "Mei ya Pico"
    assert table.warnings == ("line 2: name of 200,000 characters truncated to 1,000 for matching",)


def test_excel_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("sep=|\nName|Note\nMegvii, Ltd.|a,b,c\n")
    assert sniff_delimiter(path, "utf-8", ".csv") == "|"
    [table] = read_input(path)
    assert (table.header_row, [(s.row, s.name) for s in table.subjects]) == (
        2, [(3, "Megvii, Ltd.")])


def test_multi_line_cells_do_not_fool_the_delimiter_sniffer(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text('Name,Note\n,";\n;a"\n,";\n;"\n')
    assert sniff_delimiter(path, "utf-8", ".csv") == ","


@pytest.mark.parametrize(("data", "encoding"), [
    ("Name\nÆØ Shipping AS\n".encode("cp1252"), "cp1252"),
    ("Name\n中兴\n".encode("gbk"), "gb18030"),
    (b"Name\nA\x81B\n", "gb18030"),  # 0x81 is undefined in Windows-1252
])
def test_short_legacy_samples(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    assert detect_encoding(path) == encoding


def test_old_mac_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"Name\rMegvii\r\rDJI\r")
    [table] = read_input(path)
    assert [(s.row, s.name, s.skip_reason) for s in table.subjects] == [
        (2, "Megvii", None), (3, None, "empty row"), (4, "DJI", None)]
