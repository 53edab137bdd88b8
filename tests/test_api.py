"""The Python API: the command line's twin, for DataFrames, Arrow tables and files."""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from typer.testing import CliRunner

import sanctscreen
from sanctscreen.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
AS_OF = "2026-11-22"
PUBLIC = {"ConfigError", "InputError", "ListError", "Match", "MatchType", "PathStep",
          "ReportError", "Result", "SanctscreenError", "Screener", "Screening", "Status",
          "Subject", "Summary", "__version__", "lookup"}


@pytest.fixture(scope="module")
def screener() -> sanctscreen.Screener:
    return sanctscreen.Screener.from_lists(["seed", "ofac-cons"], as_of=AS_OF)


def holdings(index: pd.Index[Any]) -> pd.DataFrame:
    return pd.DataFrame({
        "Security Description": ["APPLE INC", "MEGVII TECHNOLOGY LTD", None,
                                 "HANGZHOU HIKVISION DIGITAL-A", "Acme Widgets"],
        "ISIN": [None, None, None, "CNE100000PM8", None],
        "Weight": [0.5, 0.2, 0.1, 0.1, 0.1],
    }, index=index)


def test_the_public_names_are_exactly_all_and_each_resolves() -> None:
    assert set(sanctscreen.__all__) == PUBLIC
    for name in sanctscreen.__all__:
        assert getattr(sanctscreen, name) is not None
    with pytest.raises(AttributeError):
        sanctscreen.screen_dataframe  # noqa: B018


def test_importing_the_package_loads_no_screening_code() -> None:
    code = ("import sys, sanctscreen; print(sorted(m for m in sys.modules "
            "if m.startswith('sanctscreen')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    assert loaded.strip() == "['sanctscreen', 'sanctscreen.errors']"


@pytest.mark.parametrize("index", [
    pd.Index(["H-9", "H-3", "H-7", "H-1", "H-5"], name="holding"),
    pd.RangeIndex(100, 105),
    pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 1), ("b", 2), ("c", 1)]),
], ids=["labels", "range", "multi"])
def test_a_dataframe_in_comes_back_on_its_own_index(screener: sanctscreen.Screener,
                                                    index: pd.Index[Any]) -> None:
    frame = holdings(index)
    before = frame.copy()
    findings = screener.screen(frame).to_pandas()
    assert findings.index.equals(frame.index) and len(findings) == len(frame)
    assert list(findings["status"]) == ["clear", "hit", "skipped", "hit", "clear"]
    assert findings["party"].iloc[1] == "Megvii Technology Limited"
    assert findings["lists"].iloc[1] == "EL, NS-CMIC"
    assert findings["reason"].iloc[2] == "empty row" or findings["reason"].iloc[2]
    assert findings["score"].dtype == "float64"
    joined = frame.join(findings)
    assert list(joined["status"]) == list(findings["status"])
    pd.testing.assert_frame_equal(frame, before)  # the input is never modified


def test_an_arrow_table_reads_as_the_dataframe_does(screener: sanctscreen.Screener) -> None:
    frame = holdings(pd.RangeIndex(5))
    table = pa.Table.from_pandas(frame, preserve_index=False)
    from_frame = screener.screen(frame)
    from_table = screener.screen(table)
    assert [r.status for r in from_table.results] == [r.status for r in from_frame.results]
    assert from_table.report.inputs == ("Table",) and from_frame.report.inputs == ("DataFrame",)
    assert list(from_table.to_pandas()["status"]) == list(from_frame.to_pandas()["status"])


def test_records_are_numbered_as_in_a_csv_and_clear_rows_kept_on_request(
        screener: sanctscreen.Screener) -> None:
    screening = screener.screen(holdings(pd.RangeIndex(5)), include_clear=True, label="fund")
    assert [r.subject.row for r in screening.results] == [2, 3, 4, 5, 6]
    assert {r.subject.file for r in screening.results} == {"fund"}
    assert screening.summary.rows == 5 and screening.summary.hits == 2


def test_the_name_column_can_be_named_and_a_frame_without_one_is_refused(
        screener: sanctscreen.Screener) -> None:
    frame = pd.DataFrame({"Label": ["Megvii Technology Limited"], "Other": ["x"]})
    with pytest.raises(sanctscreen.InputError) as caught:
        screener.screen(frame)
    assert str(caught.value) == ("DataFrame: no name column found; columns: Label, Other "
                                 "(pass name_column=)")
    assert screener.screen(frame, name_column="Label").summary.hits == 1
    with pytest.raises(sanctscreen.InputError, match="column 'Nope' not found"):
        screener.screen(frame, name_column="Nope")


def test_bad_arguments_are_refused_with_the_command_lines_words(tmp_path: Path) -> None:
    with pytest.raises(sanctscreen.ConfigError) as caught:
        sanctscreen.Screener.from_lists(hit_threshold=2)
    assert str(caught.value) == "hit_threshold must be a number from 0 to 1, not 2"
    with pytest.raises(sanctscreen.ConfigError, match="purpose must be one of"):
        sanctscreen.Screener.from_lists(purpose="investing")  # type: ignore[arg-type]
    with pytest.raises(sanctscreen.ConfigError, match=r"review threshold 0\.95 is above"):
        sanctscreen.Screener.from_lists(review_threshold=0.95)
    with pytest.raises(sanctscreen.ListError):
        sanctscreen.Screener.from_lists(["no-such-list"])


def test_bad_data_is_refused_without_a_traceback_worth_of_text(
        screener: sanctscreen.Screener, tmp_path: Path) -> None:
    with pytest.raises(sanctscreen.InputError) as caught:
        screener.screen(tmp_path / "missing.csv")
    assert str(caught.value) == f"{tmp_path / 'missing.csv'}: no such file"
    with pytest.raises(sanctscreen.ConfigError, match="not dict"):
        screener.screen({"Name": ["x"]})
    with pytest.raises(sanctscreen.ConfigError, match="not no files"):
        screener.screen([])
    with pytest.raises(sanctscreen.InputError, match="no columns"):
        screener.screen(pd.DataFrame())
    with pytest.raises(sanctscreen.ConfigError, match="chunk_rows"):
        screener.screen(holdings(pd.RangeIndex(5)), chunk_rows=0)


def test_files_screen_as_check_reads_them(screener: sanctscreen.Screener,
                                          examples: Path) -> None:
    screening = screener.screen(examples / "vendors.csv")
    frame = screening.to_pandas()
    assert list(frame.columns[:4]) == ["file", "sheet", "row", "name"]
    assert len(frame) == len(screening.results) > 0
    assert set(frame["status"]) <= {"hit", "review", "noted", "cleared", "skipped"}
    both = screener.screen([examples / "vendors.csv", examples / "holdings.xlsx"])
    assert both.summary.rows == screening.summary.rows + screener.screen(
        examples / "holdings.xlsx").summary.rows


def test_the_library_never_prints(screener: sanctscreen.Screener, examples: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        screener.screen(examples / "holdings.xlsx")
        screener.screen(holdings(pd.RangeIndex(5)))
        screener.lookup("Megvii")
    assert out.getvalue() == "" and err.getvalue() == ""


def test_the_gate_write_and_render(screener: sanctscreen.Screener, tmp_path: Path) -> None:
    screening = screener.screen(holdings(pd.RangeIndex(5)))
    assert screening.failed() and screening.failed("review")
    assert not screening.failed("never")
    clean = screener.screen(pd.DataFrame({"Name": ["Acme Widgets"]}))
    assert not clean.failed("review")
    assert screener.screen(pd.DataFrame({"Name": [None, "Acme"]})).failed(strict=True)
    path = screening.write(tmp_path / "report.xlsx")
    assert path.read_bytes()[:2] == b"PK"
    report = json.loads(screening.render("json"))
    assert report["summary"]["hits"] == 2
    with pytest.raises(sanctscreen.ConfigError, match="fail_on must be"):
        screening.failed("sometimes")  # type: ignore[arg-type]


def test_lookup_gives_the_result_a_row_would_get(screener: sanctscreen.Screener) -> None:
    result = screener.lookup("Megvii")
    assert result.status is sanctscreen.Status.HIT
    assert result.matches[0].entity_name == "Megvii Technology Limited"
    assert screener.lookup(isin="CNE100000PM8").status is sanctscreen.Status.HIT
    with pytest.raises(sanctscreen.ConfigError, match="not a valid ISIN"):
        screener.lookup(isin="CNE100000PM9")
    with pytest.raises(sanctscreen.ConfigError, match="give a name or an identifier"):
        screener.lookup("  ")
    assert sanctscreen.lookup("Megvii", lists=["seed"]).status is sanctscreen.Status.HIT


def test_the_notebook_view_shows_the_counts_and_the_flags_in_colour(
        screener: sanctscreen.Screener) -> None:
    frame = holdings(pd.RangeIndex(5))
    frame.iloc[4, 0] = "Megvii Technology Limited & <Co>"
    html = screener.screen(frame)._repr_html_()
    assert "5 rows screened: 3 hits" in html
    assert "Megvii Technology Limited" in html and "#fee4e2" in html  # a hit's red
    assert "<Co>" not in html and "Megvii Technology Limited &amp; &lt;Co&gt;" in html
    assert html.index("hit") < html.index("skipped")


def normalised(report: dict[str, Any]) -> dict[str, Any]:
    report.pop("generated_at")
    return report


@pytest.mark.parametrize(("file", "args", "kwargs"), [
    ("holdings.xlsx", [], {}),
    ("vendors.csv", ["--purpose", "procurement"], {"purpose": "procurement"}),
    ("vendors.csv", ["--allow", "decisions.yaml", "--ownership", "owners.csv"],
     {"decisions": "decisions.yaml", "ownership": ["owners.csv"]}),
])
def test_the_command_line_and_the_library_give_the_same_report(
        examples: Path, file: str, args: list[str], kwargs: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(examples)
    empty = tmp_path / "sanctscreen.toml"  # not the examples' settings file
    empty.write_text("", encoding="utf-8")
    cli = CliRunner().invoke(app, ["check", file, "--format", "json", "--as-of", AS_OF,
                                   "--config", str(empty), *args])
    assert cli.exit_code in (0, 1), cli.stderr
    screening = sanctscreen.Screener.from_lists(as_of=AS_OF, **kwargs).screen(file)
    assert normalised(json.loads(cli.stdout)) == normalised(json.loads(screening.render()))
    assert cli.exit_code == int(screening.failed())


def test_the_readme_example_runs_and_prints_what_the_readme_shows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## From Python"):]
    code, shown = re.search(r"```python\n(.*?)```\n\nprints\n\n```text\n(.*?)```", section,
                            re.S).groups()  # type: ignore[union-attr]
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    assert printed.getvalue() == shown
    assert (tmp_path / "holdings-report.xlsx").is_file()
