from __future__ import annotations

import csv
import gc
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanctscreen.errors import InputError
from sanctscreen.inputs import SUPPORTED_SUFFIXES, InputTable, iter_input, read_input
from sanctscreen.inputs.cells import clean_text
from tests.inputs.files import write_xlsx

APPLE_ISIN = "US0378331005"


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_supported_suffixes() -> None:
    assert set(SUPPORTED_SUFFIXES) == {
        ".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt", ".parquet"}


def test_csv_table_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "Counterparty,LEI,ISIN,Domicile\nNetposa Technologies,,,CN\n")
    [table] = read_input(path)
    assert table == InputTable(
        file=str(path), sheet=None, header_row=1,
        columns=("Counterparty", "LEI", "ISIN", "Domicile"), name_column="Counterparty",
        id_columns={"lei": "LEI", "isin": "ISIN"}, country_column="Domicile",
        subjects=table.subjects)
    [subject] = table.subjects
    assert (subject.file, subject.sheet, subject.row, subject.name, subject.country) == (
        str(path), None, 2, "Netposa Technologies", "CN")


def test_isin_only_rows(tmp_path: Path) -> None:
    path = write(tmp_path, f"ISIN,Weight\n{APPLE_ISIN},1\nUS0378331006,2\n,3\n")
    [table] = read_input(path)
    assert table.name_column is None
    assert [(s.row, [str(i) for i in s.identifiers], s.skip_reason) for s in table.subjects] == [
        (2, [f"ISIN {APPLE_ISIN}"], None),
        (3, [], "no name and no valid identifier; ISIN 'US0378331006' is not valid"),
        (4, [], "no name and no valid identifier")]
    assert (table.screened, table.skipped) == (1, 2)


def test_name_column_override(tmp_path: Path) -> None:
    path = write(tmp_path, "Report\nRef,Legal Entity,Name\n1,Megvii,Fund A\n")
    [table] = read_input(path, name_column="legal entity")
    assert (table.header_row, table.name_column) == (2, "Legal Entity")
    assert [s.name for s in table.subjects] == ["Megvii"]
    with pytest.raises(InputError) as caught:
        read_input(path, name_column="Issuer")
    assert str(caught.value) == f"{path}: column 'Issuer' not found; columns: Report"


def test_no_name_column(tmp_path: Path) -> None:
    path = write(tmp_path, "Ref,Amount,Currency\n1,2,USD\n")
    with pytest.raises(InputError) as caught:
        read_input(path)
    assert str(caught.value) == (f"{path}: no name column found; columns: Ref, Amount, Currency "
                                 "(use --name-column)")


def test_no_name_column_in_any_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", {"Cover": [["Title"]], "Data": [["Ref", "Amount"]],
                                            "Blank": []})
    with pytest.raises(InputError) as caught:
        read_input(path)
    assert str(caught.value) == (f"{path}: no name column found; columns: Cover: Title; "
                                 "Data: Ref, Amount; Blank: (empty) (use --name-column)")


def test_header_only_file_has_no_rows(tmp_path: Path) -> None:
    [table] = read_input(write(tmp_path, "Name,ISIN\n"))
    assert (table.columns, list(table.subjects)) == (("Name", "ISIN"), [])
    [chunk] = list(iter_input(write(tmp_path, "Name\n", "b.csv"), chunk_rows=10))
    assert list(chunk.subjects) == []


def test_sheet_option_on_text_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file has no sheets to choose from"):
        read_input(write(tmp_path, "Name\nx\n"), sheet="Data")


def test_iter_input_streams_chunks_with_row_numbers(tmp_path: Path) -> None:
    lines = ["Holdings", "", "Name,Weight"] + [f"Company {i},{i}" for i in range(25)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    chunks = list(iter_input(path, chunk_rows=10))
    assert [len(c.subjects) for c in chunks] == [10, 10, 5]
    assert all(c.header_row == 3 and c.name_column == "Name" for c in chunks)
    rows = [s.row for c in chunks for s in c.subjects]
    assert rows == list(range(4, 29))
    assert chunks[2].subjects[-1].name == "Company 24"
    [whole] = read_input(path)
    assert [s.row for s in whole.subjects] == rows


def test_exact_chunk_multiple_yields_no_empty_tail(tmp_path: Path) -> None:
    path = write(tmp_path, "Name\n" + "".join(f"c{i}\n" for i in range(20)))
    assert [len(c.subjects) for c in iter_input(path, chunk_rows=10)] == [10, 10]


def test_screened_plus_skipped_is_every_data_row(tmp_path: Path) -> None:
    path = write(tmp_path, "Name,ISIN\nMegvii,\n,\n  ,x\nDJI,\n\n")
    [table] = read_input(path)
    assert table.screened + table.skipped == len(table.subjects) == 5
    assert [s.skip_reason for s in table.subjects] == [
        None, "empty row", "blank name; ISIN 'x' is not valid", None, "empty row"]


def test_input_file_is_not_modified(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", {"S": [["Name"], ["Megvii"]]})
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_input(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


_CELL = st.text(alphabet='ab xy,;"\n\t|北京😀\u200b', max_size=12)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(st.tuples(_CELL, _CELL), max_size=15),
       delimiter=st.sampled_from([",", ";", "\t", "|"]))
def test_every_csv_record_comes_back_on_its_own_line(
        tmp_path: Path, records: list[tuple[str, str]], delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["Name", "Note"])
    starts = []
    for record in records:
        starts.append(buffer.getvalue().count("\n") + 1)
        writer.writerow(record)
    path = tmp_path / "prop.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    [table] = read_input(path)
    assert [s.row for s in table.subjects] == starts
    assert [s.name for s in table.subjects] == [clean_text(name) or None for name, _ in records]
    assert [dict(s.cells) for s in table.subjects] == [
        {"Name": name or None, "Note": note or None} for name, note in records]
    for subject in table.subjects:
        assert (subject.skip_reason is None) == (subject.name is not None)


def test_unreadable_files_fail_when_iter_input_is_called(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        iter_input(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="unknown encoding"):
        iter_input(write(tmp_path, "Name\nx\n"), encoding="nope")


def test_skipped_sheet_note_names_the_wanted_column(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", {"A": [["Vendor"], ["x"]], "B": [["Payee"], ["y"]]})
    [table] = read_input(path, name_column="payee")
    assert (table.sheet, table.warnings) == ("B", ("sheet 'A' not screened: no column 'payee'",))


def test_blank_rows_above_the_header_do_not_count_towards_the_scan(tmp_path: Path) -> None:
    path = write(tmp_path, "\n" * 200 + "Title\n" * 29 + "Name\nMegvii\n")
    [table] = read_input(path)
    assert (table.header_row, [(s.row, s.name) for s in table.subjects]) == (
        230, [(231, "Megvii")])


def test_header_below_thirty_filled_rows_is_not_found(tmp_path: Path) -> None:
    path = write(tmp_path, "Title\n" * 30 + "Name\nMegvii\n")
    with pytest.raises(InputError, match="no name column found; columns: Title"):
        read_input(path)


def test_chunk_rows_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="chunk_rows must be at least 1"):
        iter_input(write(tmp_path, "Name\nx\n"), chunk_rows=0)


def test_garbage_collector_runs_between_chunks_and_is_restored(tmp_path: Path) -> None:
    path = write(tmp_path, "Name\n" + "".join(f"c{i}\n" for i in range(5)))
    states = [gc.isenabled() for _ in iter_input(path, chunk_rows=2)]
    assert states == [True, True, True]
    gc.disable()
    try:
        read_input(path)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_file_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "Name\nMegvii\n")
    monkeypatch.chdir(tmp_path)
    [table] = read_input("./in.csv")
    assert (table.file, table.subjects[0].file) == ("./in.csv", "./in.csv")


def test_a_fund_holdings_export_end_to_end(tmp_path: Path) -> None:
    """A report as portfolio systems export it: banner, key-value lines, a two-line header,
    the header repeated at a page break, a total line and a few hostile cells."""
    path = write_xlsx(tmp_path / "holdings.xlsx", {
        "Cover": [["Global Emerging Markets Fund"], ["Confidential"]],
        "Holdings": [
            ["Holdings report", None, None, None],
            ["Portfolio:", "GEM-01", None, None],
            ["As of:", "2025-12-31", None, None],
            [],
            ["Security\nDescription", "ISIN", "Country of\nRisk", "Weight %"],
            ["MEGVII TECHNOLOGY LTD", None, "CN", 1.25],
            ["Netposa Technologies Ltd.", "CNE000001NB6", "China", 0.5],
            [None, APPLE_ISIN, "US", 2.0],
            ["Security Description", "ISIN", "Country of Risk", "Weight %"],
            ["\u202eIWALKDUOLC\u202c", None, "CN", 0.1],
            [None, None, None, None],
            ["Total", None, None, 3.85],
        ],
    })
    [table] = read_input(path)
    assert (table.sheet, table.header_row, table.columns) == (
        "Holdings", 5, ("Security Description", "ISIN", "Country of Risk", "Weight %"))
    assert (table.name_column, dict(table.id_columns), table.country_column) == (
        "Security Description", {"isin": "ISIN"}, "Country of Risk")
    assert [(s.row, s.name, [str(i) for i in s.identifiers], s.country, s.skip_reason)
            for s in table.subjects] == [
        (6, "MEGVII TECHNOLOGY LTD", [], "CN", None),
        (7, "Netposa Technologies Ltd.", [], "CN",
         None),  # CNE000001NB6 fails its check digit: kept in cells, not an identifier
        (8, None, [f"ISIN {APPLE_ISIN}"], "US", None),
        (9, None, [], None, "repeated header row"),
        (10, "IWALKDUOLC", [], "CN", None),
        (11, None, [], None, "empty row"),
        (12, "Total", [], None, None),
    ]
    assert table.subjects[1].cells["ISIN"] == "CNE000001NB6"
    assert table.warnings == ("sheet 'Cover' not screened: no name or identifier column",)


def test_files_are_read_as_what_they_are_whatever_their_suffix(tmp_path: Path) -> None:
    text = write(tmp_path, "Name;Country\nSZ DJI;CN\n", name="export.xlsx")
    book = write_xlsx(tmp_path / "export.csv", {"S": [["Name"], ["Yitu"]]})
    assert [s.name for t in read_input(text) for s in t.subjects] == ["SZ DJI"]
    assert [(t.sheet, s.name) for t in read_input(book) for s in t.subjects] == [("S", "Yitu")]


def _seed_bytes(kind: str, folder: Path) -> bytes:
    if kind == "xls":
        return (Path(__file__).parent.parent / "data" / "inputs" / "vendors.xls").read_bytes()
    if kind == "xlsx":
        return write_xlsx(folder / "seed.xlsx", {"S": [["Name", "ISIN"], ["Megvii", APPLE_ISIN],
                                                       [1.5, True]]}).read_bytes()
    return 'Name;ISIN\n"Meg\nvii";US0378331005\n北京旷视;\n'.encode("gb18030")


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["xls", "xlsx", "csv"]),
       edits=st.lists(st.tuples(st.integers(0, 1 << 16), st.binary(min_size=1, max_size=8)),
                      min_size=1, max_size=6),
       keep=st.integers(1, 1 << 16), suffix=st.sampled_from([".xlsx", ".xls", ".csv"]))
def test_damaged_files_are_read_or_refused_with_an_input_error(
        tmp_path: Path, kind: str, edits: list[tuple[int, bytes]], keep: int,
        suffix: str) -> None:
    data = bytearray(_seed_bytes(kind, tmp_path))
    for position, replacement in edits:
        at = position % len(data)
        data[at:at + len(replacement)] = replacement
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(bytes(data[:keep]))
    try:
        tables = read_input(path)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(f"{path}: ")
    else:
        assert all(s.row > t.header_row for t in tables for s in t.subjects)
