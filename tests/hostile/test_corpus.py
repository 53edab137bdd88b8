"""Every file of the hostile input corpus is screened with all rows accounted for, or refused
with one line naming it: never a traceback, never a hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.corpus import BUILDERS, DATA, MEGVII, build
from tests.hostile.helpers import check_json, error_lines, invoke, run_program

# Which corpus files must be refused; every other one must be screened. (Each test also
# asserts the case agrees, so that this set and the corpus cannot drift apart.)
_REFUSED = frozenset({"no_name_column", "empty_file", "random_bytes_xlsx", "zip_of_garbage_xlsx",
                      "password_protected", "zip_bomb_ratio", "zip_bomb_declared",
                      "zip_bomb_lying", "zip_bomb_lying_sheet",
                      "column_past_xfd", "line_of_commas"})


def _names(refused: bool) -> list[str]:
    return [name for name in sorted(BUILDERS) if (name in _REFUSED) == refused]


@pytest.mark.parametrize("name", _names(refused=False))
def test_every_row_is_accounted_for(name: str, tmp_path: Path) -> None:
    case = build(tmp_path, name)
    assert not case.refused
    code, report = check_json(case.path, *case.options)
    results = report["results"]
    summary = report["summary"]
    screened = [r for r in results if r["status"] != "skipped"]
    skipped = [r for r in results if r["status"] == "skipped"]
    assert len(screened) + len(skipped) == summary["rows"] == len(results) == case.rows
    assert summary["skipped"] == len(skipped)
    rows = [r["row"] for r in results]
    assert len(set(rows)) == len(rows), "a row was reported twice"
    assert {r["row"] for r in skipped} == case.skipped
    assert all(r["reason"] for r in skipped), "a skipped row must say why"
    hits = {r["row"]: r for r in results if r["status"] == "hit"}
    assert set(hits) == set(case.hits)
    for row, expected in case.hits.items():
        assert any(expected in m["entity_name"].upper() for m in hits[row]["matches"]), row
    assert code == (1 if case.hits else 0)


@pytest.mark.parametrize("name", _names(refused=True))
def test_bad_file_is_refused_in_one_line_naming_it(name: str, tmp_path: Path) -> None:
    case = build(tmp_path, name)
    assert case.refused
    result = invoke("check", case.path, "--format", "json", "--no-progress", *case.options)
    assert result.exit_code == 2
    assert result.stdout == ""  # no half report
    [line] = error_lines(result.stderr)
    assert line.startswith(f"error: {case.path}: ")
    assert case.error in line
    assert "Traceback" not in result.stderr


def test_no_name_column_lists_the_columns_found(tmp_path: Path) -> None:
    case = build(tmp_path, "no_name_column")
    result = invoke("check", case.path, "--no-progress")
    [line] = error_lines(result.stderr)
    assert line == (f"error: {case.path}: no name column found; columns: Amount, Currency, "
                    "Booked (use --name-column)")
    fixed = invoke("check", case.path, "--name-column", "Currency", "--format", "json",
                   "--include-clear", "--no-progress")
    assert fixed.exit_code == 0 and '"rows": 2' in fixed.stdout


def test_hundred_thousand_character_name_is_screened_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    long_name = MEGVII + " " + "z" * 100_000
    path.write_text(f"Name\n{long_name}\nSiemens AG\n", encoding="utf-8")
    _, report = check_json(path)
    assert [r["row"] for r in report["results"]] == [2, 3]
    assert report["results"][0]["cells"]["Name"] == long_name  # the report keeps the cell


def test_undecodable_text_with_a_wrong_encoding_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes("Name\nMegvii\n".encode("utf-16"))
    result = invoke("check", path, "--encoding", "utf-8", "--no-progress")
    assert result.exit_code == 2
    [line] = error_lines(result.stderr)
    assert line.startswith(f"error: {path}: ") and "utf-8" in line
    unknown = invoke("check", path, "--encoding", "klingon", "--no-progress")
    assert error_lines(unknown.stderr) == [
        "error: --encoding must be an encoding Python knows, e.g. utf-8, gb18030, cp1252, "
        "utf-16, not 'klingon'"]


@pytest.mark.parametrize("name", ["zip_bomb_lying", "password_protected", "random_bytes_xlsx"])
def test_the_program_prints_no_traceback(name: str, tmp_path: Path) -> None:
    case = build(tmp_path, name)
    done = run_program("check", case.path, "--no-progress")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stdout == ""
    [line] = error_lines(done.stderr)
    assert line.startswith(f"error: {case.path}: ") and case.error in line
    if name != "zip_bomb_lying":  # refused from its bytes alone, before the lists are loaded
        assert done.stderr.splitlines() == [line]


def test_the_program_screens_a_corpus_file_to_a_json_report(tmp_path: Path) -> None:
    case = build(tmp_path, "gb18030")
    done = run_program("check", case.path, "--format", "json", "--no-progress")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert '"rows": 3' in done.stdout and "IFLYTEK" in done.stdout.upper()


def test_a_reader_panic_on_a_damaged_xls_prints_only_the_error_line(tmp_path: Path) -> None:
    # damaged.xls makes calamine panic inside its OLE reader; the panic's own report (which
    # Rust writes straight to stderr) must not reach the user around the one error line.
    path = tmp_path / "damaged.xls"
    path.write_bytes((DATA / "damaged.xls").read_bytes())
    done = run_program("check", path, "--no-progress", env={"RUST_BACKTRACE": "1"})
    assert done.returncode == 2
    assert "panicked" not in done.stderr and "backtrace" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if not line.startswith("warning:")
             and "lists update" not in line]
    assert lines == [f"error: {path}: workbook cannot be read (range end index 64 out of range "
                     "for slice of length 17)"]


def test_terminal_codes_and_markup_in_names_are_text_never_commands(tmp_path: Path) -> None:
    path = tmp_path / "console.csv"
    path.write_text("Name\n\x1b[2J\x1b[31mMegvii Technology Limited\x1b[0m\n"
                    "[bold red]Acme[/bold red] [/]\n", encoding="utf-8")
    result = invoke("check", path, "--include-clear", "--no-progress")
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout + result.stderr  # nothing reaches the terminal raw
    assert "[bold" in result.stdout and "red]Acme[/bold" in result.stdout  # shown, not applied
    _, report = check_json(path)
    rows = {r["row"]: r for r in report["results"]}
    assert rows[2]["name"] == MEGVII and rows[2]["status"] == "hit"
    assert rows[3]["name"] == "[bold red]Acme[/bold red] [/]"
