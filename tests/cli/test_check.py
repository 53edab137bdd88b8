"""`sanctscreen check` end to end through the real CLI, on the example files and made fixtures."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from sanctscreen.cli import app

runner = CliRunner()


def run(*args: str | Path) -> Any:
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def check_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = run("check", *args, "--format", "json", "--no-progress")
    return result.exit_code, json.loads(result.stdout)


def by_row(report: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {r["row"]: r for r in report["results"]}


def test_holdings_example_flags_direct_identifier_script_and_ownership_rows(examples: Path) -> None:
    code, report = check_json(examples / "holdings.xlsx")
    assert code == 1  # there are hits
    rows = by_row(report)
    # Header on spreadsheet row 4 of the second sheet; data starts at row 5.
    assert {r["sheet"] for r in report["results"]} == {"Holdings"}
    hik = rows[7]
    assert hik["status"] == "hit"
    assert "HIKVISION" in hik["matches"][0]["entity_name"].upper()
    isin_only = rows[10]  # no description, only ISIN CNE100001TW7
    assert isin_only["status"] == "hit"
    assert isin_only["matches"][0]["match_type"] == "identifier"
    assert "DAWNING" in isin_only["matches"][0]["entity_name"].upper()
    assert rows[11]["status"] == "hit" and "MEGVII" in rows[11]["matches"][0]["entity_name"].upper()
    chinese = rows[13]  # 海康威视
    assert chinese["status"] == "hit"
    assert "HIKVISION" in chinese["matches"][0]["entity_name"].upper()
    kuangshi = rows[15]  # owned by Megvii, which is listed
    assert kuangshi["status"] in {"hit", "review"}
    ownership = [m for m in kuangshi["matches"] if m["match_type"] == "ownership"]
    assert ownership and "MEGVII" in ownership[0]["entity_name"].upper()
    first_step = ownership[0]["path"][0]["entity_name"]
    assert first_step.upper().startswith("BEIJING KUANGSHI")
    assert rows[17]["status"] == "hit"  # Meiya Pico, by name and ISIN
    alrosa = rows[21]  # on the SDN list only: screened by default
    assert alrosa["status"] == "hit" and alrosa["matches"][0]["lists"] == ["SDN"]
    assert alrosa["matches"][0]["entity_id"] == "ofac-sdn:34644"
    clean = {5, 6, 8, 9, 12, 14, 16, 18, 19, 20}
    assert not clean & set(rows), f"clean rows flagged: {sorted(clean & set(rows))}"
    summary = report["summary"]
    assert summary["rows"] == 17
    counted = summary["hits"] + summary["reviews"] + summary["clear"] + summary["skipped"]
    assert summary["rows"] == counted


def test_vendor_csv_rows_are_line_numbers_and_blank_names_are_skipped(examples: Path) -> None:
    code, report = check_json(examples / "vendors.csv")
    assert code == 1
    rows = by_row(report)
    assert rows[3]["status"] == "hit"  # Shenzhen DJI Innovation Technology
    assert "DJI" in rows[3]["matches"][0]["entity_name"].upper()
    assert rows[5]["status"] == "hit"  # 科大讯飞股份有限公司 = iFlytek
    assert rows[6]["matches"][0]["match_type"] == "ownership"  # Xinjiang Sugon ← Dawning
    assert rows[11]["status"] == "skipped" and rows[11]["reason"]
    assert 2 not in rows and 4 not in rows and 8 not in rows  # Siemens, Dell, Hon Hai
    assert report["summary"]["skipped"] == 1


def test_ownership_file_extends_the_chain(examples: Path) -> None:
    _, report = check_json(examples / "vendors.csv", "--ownership", examples / "owners.csv")
    kestrel = by_row(report)[7]
    match = next(m for m in kestrel["matches"] if m["match_type"] == "ownership")
    names = [step["entity_name"] for step in match["path"]]
    assert names[0] == "Kestrel Optics GmbH"
    assert names[1] == "Harrow Imaging Pte Ltd"
    assert "MEGVII" in names[-1].upper()
    assert [step["share"] for step in match["path"]][1:3] == [51.0, 100.0]


def test_include_clear_reports_every_row(examples: Path) -> None:
    _, report = check_json(examples / "vendors.csv", "--include-clear")
    assert len(report["results"]) == report["summary"]["rows"] == 12
    assert [r["row"] for r in report["results"]] == list(range(2, 14))


def test_json_report_records_lists_and_options(examples: Path) -> None:
    _, report = check_json(examples / "vendors.csv")
    assert report["sanctscreen"]
    assert report["generated_at"].endswith("Z")
    ids = {lst["id"] for lst in report["lists"]}
    assert {"seed", "ofac-cons"} <= ids
    for lst in report["lists"]:
        assert len(lst["sha256"]) == 64 and lst["entries"] > 0 and lst["as_of"]
    assert report["options"]["hit_threshold"] > report["options"]["review_threshold"]


@pytest.mark.parametrize("fail_on, expected", [("hit", 1), ("review", 1), ("never", 0)])
def test_fail_on_sets_the_exit_code(examples: Path, fail_on: str, expected: int) -> None:
    result = run("check", examples / "vendors.csv", "--fail-on", fail_on, "--quiet")
    assert result.exit_code == expected


def test_clean_file_exits_zero_and_review_gate_fails_on_reviews(tmp_path: Path) -> None:
    clean = tmp_path / "clean.csv"
    clean.write_text("Company\nSiemens AG\nNestle SA\nToyota Motor Corp\n", encoding="utf-8")
    result = run("check", clean)
    assert result.exit_code == 0
    assert "3 rows" in result.stderr and "0 hits" in result.stderr


def test_xlsx_report_keeps_original_columns_and_never_overwrites_input(examples: Path,
                                                                         tmp_path: Path) -> None:
    source = examples / "holdings.xlsx"
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "report.xlsx"
    result = run("check", source, "-o", out, "--quiet")
    assert result.exit_code == 1
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    book = load_workbook(out, read_only=True)
    flagged = book["Flagged"] if "Flagged" in book.sheetnames else book.worksheets[0]
    header = [c.value for c in next(flagged.iter_rows(max_row=1))]
    for column in ("Security Description", "ISIN", "Market Value (USD)"):
        assert column in header
    refused = run("check", source, "-o", source)
    assert refused.exit_code == 2
    assert "input" in refused.stderr
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


def test_report_into_missing_folder_is_refused_before_screening(examples: Path,
                                                                tmp_path: Path) -> None:
    result = run("check", examples / "vendors.csv", "-o", tmp_path / "nope" / "r.json")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("check", tmp_path / "absent.xlsx")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "absent.xlsx" in lines[0] and "no such file" in lines[0]


def test_no_name_column_hints_at_the_option(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["Quantity", "Price"])
    book.active.append([10, 2.5])
    path = tmp_path / "numbers.xlsx"
    book.save(path)
    result = run("check", path)
    assert result.exit_code == 2
    assert "--name-column" in result.stderr and "Quantity" in result.stderr


def test_name_column_option_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Ref,Payee\n1,Megvii Technology Limited\n2,Nestle SA\n", encoding="utf-8")
    _, report = check_json(path, "--name-column", "Payee")
    assert [r["row"] for r in report["results"]] == [2]


def test_table_output_explains_each_flag(examples: Path, terminal: Callable[[int], None]
                                         ) -> None:
    terminal(160)
    result = run("check", examples / "vendors.csv", "--no-progress")
    assert "DJI" in result.stdout.upper()
    assert "hit" in result.stdout
    assert "12 rows" in result.stderr
    assert "Rosoboronexport JSC" in result.stdout  # an SDN, screened by default


def test_console_script_prints_no_traceback_for_user_errors(tmp_path: Path) -> None:
    bad = tmp_path / "random.xlsx"
    bad.write_bytes(b"\x00\x01\x02 not a workbook \xff" * 20)
    proc = subprocess.run([sys.executable, "-m", "sanctscreen", "check", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "random.xlsx" in proc.stderr


def test_lookup_explains_candidates() -> None:
    result = run("lookup", "Sugon")
    assert result.exit_code == 0
    assert "DAWNING" in result.stdout.upper()


def test_lookup_by_isin_finds_dawning() -> None:
    result = run("lookup", "--isin", "CNE100001TW7")
    assert result.exit_code == 0
    assert "DAWNING" in result.stdout.upper()


def test_lookup_rejects_an_invalid_isin() -> None:
    result = run("lookup", "--isin", "CNE100001TW8")
    assert result.exit_code == 2
    assert "not a valid ISIN" in result.stderr


def test_github_actions_annotations_point_at_file_and_row(examples: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run("check", examples / "vendors.csv", "--quiet")
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert any("line=3" in line and "vendors.csv" in line for line in errors)
    json_run = run("check", examples / "vendors.csv", "--format", "json")
    json.loads(json_run.stdout)  # stdout stays a clean JSON document
    assert "::error " in json_run.stderr


def test_since_reports_only_new_changed_and_resolved_flags(tmp_path: Path) -> None:
    blocklist = tmp_path / "internal.csv"
    blocklist.write_text("id,name,aliases,type,country,program\n"
                         "B1,Harrow Imaging Pte Ltd,,organization,SG,INTERNAL\n"
                         "B2,Kestrel Optics GmbH,,organization,DE,INTERNAL\n", encoding="utf-8")
    vendors = tmp_path / "vendors.csv"
    vendors.write_text("Vendor\nHarrow Imaging Pte Ltd\nKestrel Optics GmbH\nNestle SA\n",
                       encoding="utf-8")
    first = tmp_path / "week1.json"
    assert run("check", vendors, "--list", blocklist, "-o", first, "--quiet").exit_code == 1

    unchanged = run("check", vendors, "--list", blocklist, "--since", first, "--format", "json")
    assert unchanged.exit_code == 0  # nothing new: the gate sees only changes
    assert json.loads(unchanged.stdout)["results"] == []

    # Week 2: the list entry for Harrow gains an alias, Kestrel leaves the vendor file,
    # and a new listed vendor appears.
    blocklist.write_text("id,name,aliases,type,country,program\n"
                         "B1,Harrow Imaging Pte Ltd,Harrow Imaging,organization,SG,INTERNAL\n"
                         "B2,Kestrel Optics GmbH,,organization,DE,INTERNAL\n"
                         "B3,Osprey Lenses Ltd,,organization,GB,INTERNAL\n", encoding="utf-8")
    vendors.write_text("Vendor\nHarrow Imaging Pte Ltd\nNestle SA\nOsprey Lenses Ltd\n",
                       encoding="utf-8")
    result = run("check", vendors, "--list", blocklist, "--since", first, "--format", "json")
    report = json.loads(result.stdout)
    changes = {r["name"]: r["change"] for r in report["results"]}
    assert changes == {"Harrow Imaging Pte Ltd": "changed", "Kestrel Optics GmbH": "resolved",
                       "Osprey Lenses Ltd": "new"}
    assert report["options"]["since"]["new"] == 1
    assert result.exit_code == 1


def test_reviewed_false_positive_no_longer_fails_the_gate(examples: Path, tmp_path: Path) -> None:
    vendors = tmp_path / "vendors.csv"
    vendors.write_text('Vendor Name,Country\n"Sugon Logistics (Shenzhen) Co., Ltd.",CN\n'
                       "Nestle SA,CH\n", encoding="utf-8")
    flagged = run("check", vendors, "--fail-on", "review", "--format", "json")
    assert flagged.exit_code == 1
    assert json.loads(flagged.stdout)["results"][0]["status"] == "review"
    allowed = run("check", vendors, "--fail-on", "review", "--format", "json",
                  "--allow", examples / "decisions.yaml")
    assert allowed.exit_code == 0
    row = json.loads(allowed.stdout)["results"][0]
    assert row["status"] == "cleared"
    assert all("j.rivera" in m["decision"] for m in row["matches"])


def test_settings_file_configures_the_gate(examples: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    vendors = tmp_path / "vendors.csv"
    vendors.write_text('Supplier\n"Sugon Logistics (Shenzhen) Co., Ltd."\n', encoding="utf-8")
    (tmp_path / "sanctscreen.toml").write_text(
        f'fail_on = "review"\nallow = "{(examples / "decisions.yaml").as_posix()}"\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("check", vendors, "--quiet").exit_code == 0  # cleared by the configured allow file
    (tmp_path / "sanctscreen.toml").write_text('fail_on = "review"\n', encoding="utf-8")
    assert run("check", vendors, "--quiet").exit_code == 1
    (tmp_path / "sanctscreen.toml").write_text('fail_on = 3\n', encoding="utf-8")
    bad = run("check", vendors, "--quiet")
    assert bad.exit_code == 2 and "fail_on" in bad.stderr


def test_reader_warnings_reach_stderr_once(examples: Path) -> None:
    result = run("check", examples / "holdings.xlsx", "--quiet")
    cover = [line for line in result.stderr.splitlines() if "Cover" in line]
    assert len(cover) == 1 and cover[0].startswith("warning:")


def test_weak_aliases_option_and_setting(tmp_path: Path) -> None:
    # "SMIC" is an OFAC weak a.k.a. of Semiconductor Manufacturing International Corporation.
    path = tmp_path / "holdings.csv"
    path.write_text("Issuer\nSMIC\nSemiconductor Manufacturing International Corp\n",
                    encoding="utf-8")
    code, report = check_json(path, "--lists", "ofac-cons")
    assert code == 1 and report["options"]["weak_aliases"] == "review"
    rows = by_row(report)
    assert rows[2]["status"] == "review" and "weak alias" in rows[2]["matches"][0]["explanation"]
    assert rows[3]["status"] == "hit"
    _, ignored = check_json(path, "--lists", "ofac-cons", "--weak-aliases", "ignore")
    assert set(by_row(ignored)) == {3}
    settings = tmp_path / "sanctscreen.toml"
    settings.write_text('weak_aliases = "screen"\n', encoding="utf-8")
    _, screened = check_json(path, "--lists", "ofac-cons", "--config", settings)
    assert by_row(screened)[2]["status"] == "hit"
    settings.write_text('weak_aliases = "sometimes"\n', encoding="utf-8")
    result = run("check", path, "--lists", "ofac-cons", "--config", settings)
    assert result.exit_code == 2 and "setting 'weak_aliases' must be one of" in result.stderr
