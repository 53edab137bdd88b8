"""The columnar fast path gives the exact reader's reports, and is taken only when it can."""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sanctscreen.engines import Source, columnar
from sanctscreen.engines.columnar import plan_for
from sanctscreen.engines.local import LocalEngine
from sanctscreen.errors import InputError
from sanctscreen.inputs import delimited
from sanctscreen.inputs.delimited import plain_lines
from tests.engines.compare import assert_same, run, screener

WHEN = datetime(2026, 11, 22, tzinfo=UTC)
HEADER = "Issuer Name,ISIN,Country,Quantity"
LISTED = ["MEGVII TECHNOLOGY LTD", "Megvii Technology Limited", "旷视科技有限公司", "Sugon",
          "HANGZHOU HIKVISION DIGITAL TEC", "Beijing Kuangshi Technology Co Ltd",
          "Dawning Information Industry", "SZ DJI Technology Co Ltd", "Cloudwalk Technology",
          "Xinjiang Public Security Bureau"]
CLEAR = ["Apple Inc", "Siemens AG", "Toyota Motor Corp", "Nestle SA", "Dahua Securities Co Ltd",
         "Société Générale", "Müller GmbH", "360 Security", "Shell plc"]
ISINS = ["CNE100001TW7", "US0378331005", "DE0007236101", "US0378331006", "XX123", "JP3633400001"]


@pytest.fixture(autouse=True, params=["whole blocks", "blocks in pieces"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test reads each block whole, and again cut into three pieces read in threads."""
    if request.param == "blocks in pieces":
        monkeypatch.setattr(columnar, "PIECE_BYTES", 1)
        monkeypatch.setattr(columnar, "resolve_workers", lambda workers: 3)
    return str(request.param)


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _table(rows: list[list[str]], delimiter: str = ",", header: str = HEADER) -> str:
    out = io.StringIO()
    out.write(header.replace(",", delimiter) + "\n")
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


MIXED = [
    ["MEGVII TECHNOLOGY LTD", "", "CN", "1"],
    ["", "", "", ""],  # an empty row
    ["   ", "", "CN", "2"],  # a whitespace name
    ["", "CNE100001TW7", "CN", "3"],  # screened by ISIN alone
    ["", "XX123", "", "4"],  # an invalid ISIN and nothing else
    ["Apple Inc", "US0378331006", "US", "5"],  # a bad check digit beside a clear name
    ["Issuer Name", "ISIN", "Country", "Quantity"],  # the header repeated
    ["MEGVII TECHNOLOGY LTD", "", "CN", "6"],  # a duplicate, other cells differ
    ["Sugon", "", "HK", "7"],
    ["#N/A", "", "", "8"],
    ["Apple Inc", "US0378331005", "US", "9"],
    ["Beijing Kuangshi Technology Co Ltd", "", "CN", "10"],
    ["Siemens AG", "DE0007236101", "DE"],  # a short row
    ["", "", "", "11"],  # blank roles, a filled cell: not an empty row
]


def test_the_example_vendors_file(examples: Path) -> None:
    report = assert_same(examples / "vendors.csv")
    assert {r["name"] for r in report["results"]} >= {
        "Shenzhen DJI Innovation Technology Co., Ltd."}


def test_blanks_identifiers_duplicates_and_repeated_headers(tmp_path: Path) -> None:
    report = assert_same(_write(tmp_path / "mixed.csv", _table(MIXED)))
    rows = {r["row"]: (r["status"], r["reason"]) for r in report["results"]}
    assert rows[3] == ("skipped", "empty row")
    assert rows[4] == ("skipped", "blank name")
    assert rows[5][0] == "hit"  # the ISIN of a listed company
    assert rows[8] == ("skipped", "repeated header row")
    assert rows[2][0] == rows[9][0] == "hit"
    assert report["summary"]["rows"] == len(MIXED)


def test_banner_lines_above_the_header(tmp_path: Path) -> None:
    text = "Holdings report\n\nAs of 2026-11-01,,\n" + _table(MIXED)
    report = assert_same(_write(tmp_path / "banner.csv", text))
    assert report["results"][0]["row"] == 5  # physical lines, header on line 4


@pytest.mark.parametrize(("suffix", "delimiter"), [(".csv", ";"), (".tsv", "\t"),
                                                   (".txt", "\t"), (".csv", "|")])
def test_other_delimiters(tmp_path: Path, suffix: str, delimiter: str) -> None:
    assert_same(_write(tmp_path / f"holdings{suffix}", _table(MIXED, delimiter)))


def test_excel_sep_line(tmp_path: Path) -> None:
    assert_same(_write(tmp_path / "sep.csv", "sep=;\n" + _table(MIXED, ";")))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "gb18030"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    rows = [*MIXED, ["Société Générale", "", "FR", "1"], ["Müller GmbH", "", "DE", "2"]]
    if encoding == "gb18030":
        rows = [*MIXED, ["旷视科技有限公司", "", "CN", "1"], ["北京字节跳动", "", "CN", "2"]] * 3
    report = assert_same(_write(tmp_path / "coded.csv", _table(rows), encoding))
    assert report["summary"]["rows"] == len(rows)


def test_quoted_fields_with_commas_and_quotes(tmp_path: Path) -> None:
    rows = [["Megvii Technology, Limited", "", "CN", "1"], ['The "Apple" Inc', "", "US", "2"],
            ["Sugon", "", "HK", "3,000"], *MIXED]
    assert_same(_write(tmp_path / "quoted.csv", _table(rows)))


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_line_ends_and_blank_lines(tmp_path: Path, end: str) -> None:
    text = _table(MIXED[:4]) + "\n\n" + _table(MIXED[4:], header="") + "\n \n\n"
    report = assert_same(_write(tmp_path / "lines.csv", text.replace("\n", end)))
    assert [r["row"] for r in report["results"] if r["reason"] == "empty row"] == [
        3, 6, 7, 8, 19, 20, 21]


@pytest.mark.parametrize(("label", "text"), [
    ("multi-line cell", _table(MIXED) + '"Megvii\nTechnology",,CN,1\nSugon,,HK,2\n'),
    ("bare carriage return", _table(MIXED).replace("\n", "\r")),
    ("row wider than the header", _table([*MIXED, ["Sugon", "", "HK", "1", "extra"]])),
    # pandas would drop a first row's extra cells (with a warning, taken as a refusal)
    ("first row wider than the header", _table([["Sugon", "", "HK", "1", ""], *MIXED])),
    ("quote inside a field", _table(MIXED) + 'Sugon "x" Ltd,,HK,"1"2\n'),
    ("NUL byte", _table(MIXED) + "Sug\x00on,,HK,1\n"),
])
def test_unusual_files_fall_back_to_the_exact_reader(tmp_path: Path, label: str,
                                                     text: str) -> None:
    assert_same(_write(tmp_path / "odd.csv", text), columnar=False)


def test_huge_names_are_truncated_with_the_same_warnings(tmp_path: Path) -> None:
    rows = [["Megvii " + "x" * 100_000, "", "CN", str(n)] for n in range(25)]
    rows += [["y" * 100_000, "", "", "1"], *MIXED]
    report = assert_same(_write(tmp_path / "huge.csv", _table(rows)))
    assert report["summary"]["rows"] == len(rows)
    _, warnings, _ = run(tmp_path / "huge.csv", fast=True)
    assert warnings[0] == "line 2: name of 100,007 characters truncated to 1,000 for matching"
    named = [w for w in warnings if w.startswith("line ")]
    counted = sum(int(w.split()[0]) for w in warnings if w.endswith("names truncated"))
    assert (len(named), counted) == (20, 6)  # 26 long names: 20 named, the rest counted


def test_identifier_only_file_and_a_chosen_name_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "ids.csv", "ISIN,Weight\n" + "\n".join(
        f"{isin},{n}" for n, isin in enumerate(ISINS * 3)) + "\n")
    report = assert_same(path)
    assert [r["row"] for r in report["results"] if r["status"] == "hit"] == [2, 8, 14]
    chosen = _write(tmp_path / "chosen.csv", "Code,Label,Country\n" + "\n".join(
        f"C{n},{name},CN" for n, name in enumerate(LISTED + CLEAR)) + "\n")
    assert_same(chosen, name_column="Label")


def test_header_only_and_keep_clear(tmp_path: Path) -> None:
    report = assert_same(_write(tmp_path / "empty.csv", HEADER + "\n"))
    assert report["summary"]["rows"] == 0
    path = _write(tmp_path / "mixed.csv", _table(MIXED))
    assert_same(path, columnar=False, keep_clear=True)  # every row becomes a result anyway


def test_invalid_text_fails_with_the_exact_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(_table(MIXED * 20).encode() + b"Soci\xe9t\xe9,,FR,1\n")
    messages = []
    for fast in (False, True):
        with pytest.raises(InputError) as caught:
            run(path, fast=fast, encoding="utf-8")
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert "not valid utf-8 text" in messages[0]


def test_missing_file_fails_before_any_row(tmp_path: Path) -> None:
    good = _write(tmp_path / "a.csv", _table(MIXED))
    with pytest.raises(InputError, match="file not found"):
        next(LocalEngine().run(screener(), [Source(good), Source(tmp_path / "none.csv")]))


def test_fast_and_exact_files_follow_each_other(tmp_path: Path) -> None:
    fast = _write(tmp_path / "a.csv", _table(MIXED))
    odd = _write(tmp_path / "b.csv", _table(MIXED).replace("\n", "\r"))
    sources = [Source(fast), Source(odd), Source(fast)]
    engine = LocalEngine(5)
    batches = list(engine.run(screener(), sources))
    expected = list(LocalEngine(5, fast=False).run(screener(), sources))
    assert engine.fast_files == [str(fast), str(fast)]
    assert sum(b.rows for b in batches) == sum(b.rows for b in expected) == 3 * len(MIXED)
    got = [(r.subject.file, r.subject.row, r.status) for b in batches for r in b.results]
    assert got == [(r.subject.file, r.subject.row, r.status) for b in expected for r in b.results]
    assert [f for f, _, _ in got].count(str(odd)) == len(got) // 3


def _random_rows(rng: random.Random, count: int) -> list[list[str]]:
    rows = []
    for n in range(count):
        pick = rng.random()
        if pick < 0.1:
            name = rng.choice(LISTED)
        elif pick < 0.15:
            name = rng.choice(["", " ", "  \t ", "#REF!", "Issuer Name"])
        elif pick < 0.6:
            name = rng.choice(CLEAR)
        else:
            name = f"{rng.choice(CLEAR)} Fund {rng.randrange(2000)}"
        isin = rng.choice(ISINS) if rng.random() < 0.2 else ""
        country = rng.choice(["CN", "US", "", "China", "HK"])
        row = [name, isin, country, str(n)]
        if rng.random() < 0.02:
            row = row[:rng.randrange(1, 4)]
        rows.append(row)
    return rows


@pytest.mark.parametrize("seed", [1, 2])
def test_randomized_files(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    rows = _random_rows(rng, 3000)
    delimiter = rng.choice([",", ";", "\t"])
    text = ("Portfolio holdings\n\n" if seed == 2 else "") + _table(rows, delimiter)
    report = assert_same(_write(tmp_path / "random.csv", text), chunk_rows=700)
    assert report["summary"]["rows"] == len(rows) and report["summary"]["hits"] > 100


def test_worker_processes_give_the_same_results(tmp_path: Path) -> None:
    rows = [[f"{CLEAR[n % len(CLEAR)]} Holding {n}", "", "US", str(n)] for n in range(700)]
    rows += [[name, "", "CN", "1"] for name in LISTED]
    path = _write(tmp_path / "many.csv", _table(rows))
    exact, _, _ = run(path, fast=False, chunk_rows=1000)
    quick, _, taken = run(path, fast=True, chunk_rows=1000, workers=2)
    assert quick == exact and taken == [str(path)]


@pytest.mark.parametrize(("data", "lines"), [
    (b'a,b\n"x,y",2\n', 2),
    (b'a,b\n"x,y",2\n"x""y",3\n', 3),  # a doubled quote: the regular expression decides
    (b'"a","b"\r\n"x",""\r\n', 2),
    (b'a,"b"\n"x,2\n', None),  # a quote left open
    (b'a,"b\nc",d\n', 2),  # a field running on: pandas will read one row, not two
    (b'a,"b\nc"",d"\n', None),  # with a doubled quote the expression sees it itself
    (b'a,b"c",d\n', None),  # a quote inside a field
    (b'a,"b"c,d\n', None),  # a quoted field that does not end at the delimiter
    (b'a,"b""c"d\n', None),
    (b'a;"b",c\n', None),  # opened after another delimiter than the file's
    (b'"a"\n', 1),
    (b'"a', None),
    (b'"a"', 1),
    (b'a,b\rc,d\n', None),
    (b'a,b\r', None),
    (b"a,b\x00\n", None),
    (b"\n\nx", 3),
    (b"", 0),
])
def test_plain_lines(data: bytes, lines: int | None) -> None:
    assert plain_lines(data, ",") == lines


UNUSUAL = [  # (what, lines, how many records they are)
    ("multi-line cell", '"Megvii\nTechnology",,CN,1\nSugon,,HK,2\n', 2),
    ("row wider than the header", "Sugon,,HK,1,extra\nMegvii,,CN,2\n", 2),
    ("a trailing delimiter", "Sugon,,HK,1,\n", 1),
    ("quote inside a field", 'Sugon "x" Ltd,,HK,"1"2\n', 1),
    ("NUL byte", "Sug\x00on,,HK,1\n", 1),
    ("bare carriage return", "Sugon,,HK,1\rMegvii,,CN,2\n", 2),
]


@pytest.mark.parametrize(("label", "tail", "records"), UNUSUAL)
@pytest.mark.parametrize("where", ["first", "later"])
def test_the_row_reader_reads_on_from_the_first_unusual_block(
        reading: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, label: str, tail: str,
        records: int, where: str) -> None:
    # Blocks of a few lines, so that the unusual lines come in a later block than the first.
    monkeypatch.setattr(delimited, "BLOCK_BYTES", 100 if where == "later" else 1 << 20)
    rows = _table(MIXED * 3)
    path = _write(tmp_path / "odd.csv", rows + tail + _table(MIXED, header="").lstrip("\n"))
    engine = LocalEngine(5)
    list(engine.run(screener(), [Source(path)]))
    line = engine.exact_from[str(path)]
    unusual = len(MIXED) * 3 + 2  # the physical line of the tail's first line
    if where == "first" and reading == "whole blocks":
        assert line == 2  # the unusual line is in the first block: all of it
    else:  # from the start of the block, or of the block's piece, holding the unusual line
        assert 2 < line <= unusual
    report = assert_same(path, columnar=False, chunk_rows=5)
    assert report["summary"]["rows"] == len(MIXED) * 4 + records


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
@pytest.mark.parametrize("block", [1 << 20, 60])
def test_a_zero_width_no_break_space_starting_a_block_is_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str, block: int) -> None:
    # U+FEFF is a byte order mark only at the start of the file; pandas would drop it at the
    # start of any block it reads, and the row reader keeps it.
    monkeypatch.setattr(delimited, "BLOCK_BYTES", block)
    rows = [["\ufeffMegvii Technology", "", "CN", str(n)] for n in range(12)]
    path = _write(tmp_path / "feff.csv", _table([*rows, *MIXED]), encoding)
    report = assert_same(path, encoding=encoding)  # (four bytes in GB18030, no Chinese)
    assert report["results"][0]["cells"]["Issuer Name"] == "\ufeffMegvii Technology"


def test_a_header_line_without_a_line_end(tmp_path: Path) -> None:
    assert assert_same(_write(tmp_path / "header.csv", HEADER))["summary"]["rows"] == 0
    last = _write(tmp_path / "last.csv", HEADER + "\nMegvii Technology,,CN,1")
    assert assert_same(last)["summary"]["hits"] == 1


@pytest.mark.parametrize("size", [1, 13, 100])
def test_any_block_size_gives_the_same_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              size: int) -> None:
    monkeypatch.setattr(delimited, "BLOCK_BYTES", size)  # a block is then a line or a few
    text = _table(MIXED[:4]) + "\n\n" + _table(MIXED[4:], header="") + "\n \n\n"
    for end in ("\n", "\r\n"):
        assert_same(_write(tmp_path / "lines.csv", text.replace("\n", end)), chunk_rows=3)


def test_a_line_longer_than_any_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(delimited, "BLOCK_BYTES", 64)
    monkeypatch.setattr(delimited, "LONGEST_LINE", 256)
    text = _table(MIXED) + "Megvii " + "x" * 1000 + ",,CN,1\n" + _table(MIXED, header="")
    path = _write(tmp_path / "long.csv", text.replace("\n\n", "\n"))
    assert_same(path, columnar=False, chunk_rows=3)
    monkeypatch.setattr(delimited, "LONGEST_LINE", 4096)  # read on until the line ends
    assert_same(path, chunk_rows=3)


def test_blocks_of_whole_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(delimited, "BLOCK_BYTES", 10)
    path = _write(tmp_path / "lines.csv", "abc\ndefghijklmnop\nq\n\nrs")
    blocks = list(delimited._blocks(path, 4))
    assert [offset for offset, _ in blocks] == [4, 21]  # the long line read on into one
    assert b"".join(block for _, block in blocks) == path.read_bytes()[4:]
    assert all(block.endswith(b"\n") for _, block in blocks[:-1])


def test_a_short_rest_of_the_file_joins_the_last_block(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(delimited, "BLOCK_BYTES", 100)
    lines = b"".join(b"line %03d\n" % n for n in range(30))  # 9 bytes a line
    for size, blocks in ((90, 1), (135, 1), (153, 2), (270, 3)):  # 0.9 to 2.7 blocks
        path = tmp_path / "lines.csv"
        path.write_bytes(lines[:size])
        found = list(delimited._blocks(path, 0))
        assert len(found) == blocks, size
        assert b"".join(block for _, block in found) == lines[:size]


def test_workbooks_and_sheet_options_are_not_planned(tmp_path: Path, examples: Path) -> None:
    assert plan_for(Source(examples / "holdings.xlsx")) is None
    assert plan_for(Source(examples / "vendors.csv"), keep_clear=True) is None
    plan = plan_for(Source(examples / "vendors.csv"))
    assert plan is not None and plan.layout.name_column == "Vendor Name"
    assert plan.delimiter == "," and plan.encoding == "utf-8"


def test_without_pyarrow_the_exact_path_reads_the_file(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from sanctscreen.engines import columnar
    from sanctscreen.engines.interface import Source

    path = tmp_path / "vendors.csv"
    path.write_text("Vendor\nMegvii Technology Limited\nNestle SA\n", encoding="utf-8")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pyarrow" else real(name, *a))
    assert columnar.plan_for(Source(path, None, None, None)) is None
