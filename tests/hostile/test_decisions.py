"""Decisions files that would clear a hit silently or crash the run, and review sessions that
would lose an analyst's answers: each refused in one line, before it can do harm."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sanctscreen.reports import render
from tests.hostile.helpers import assert_refused, forbid_screening, invoke, snapshot
from tests.reports import sample

VENDORS = "Vendor\nMegvii Technology Limited\n"

ENTRY = """decisions:
- name: Megvii Technology Limited
  entity_id: seed:megvii
  entity_version: {version}
  decision: match
  by: ana
  on: 2026-11-20
  why: confirmed against the listing
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "vendors.csv").write_text(VENDORS, encoding="utf-8")
    return tmp_path


def _version(folder: Path) -> str:
    report = json.loads(invoke("check", folder / "vendors.csv", "--lists", "seed",
                               "--format", "json").stdout)
    [match] = [m for r in report["results"] for m in r["matches"]
               if m["entity_id"] == "seed:megvii"]
    return str(match["entity_version"])


def test_a_clear_written_after_a_match_in_one_entry_is_refused(folder: Path) -> None:
    decisions = folder / "decisions.yaml"
    # A duplicate key is not valid YAML; PyYAML alone would keep the last one and clear the hit.
    decisions.write_text(ENTRY.format(version=_version(folder)) + "  decision: clear\n",
                         encoding="utf-8")
    before = snapshot(folder)
    result = invoke("check", folder / "vendors.csv", "--lists", "seed", "--allow", decisions,
                    "-o", folder / "report.json")
    assert_refused(result, f"error: {decisions}: not valid YAML at line 9: key 'decision' "
                           "appears twice in one mapping")
    assert snapshot(folder) == before


def test_the_same_entry_without_the_duplicate_confirms_the_hit(folder: Path) -> None:
    decisions = folder / "decisions.yaml"
    decisions.write_text(ENTRY.format(version=_version(folder)), encoding="utf-8")
    result = invoke("check", folder / "vendors.csv", "--lists", "seed", "--allow", decisions,
                    "--format", "json")
    assert result.exit_code == 1
    [row] = json.loads(result.stdout)["results"]
    assert row["status"] == "hit" and "confirmed as a match by ana" in row["matches"][0]["decision"]


@pytest.mark.parametrize(("change", "message"), [
    (("  why:", "  expires: 2027-02-30\n  why:"),
     "decision 1: 'expires' must be a date like 2026-01-31, not '2027-02-30'"),
    (("on: 2026-11-20", "on: 2026-02-29"),
     "decision 1: 'on' must be a date like 2026-01-31, not '2026-02-29'"),
    (("on: 2026-11-20", "on: 2026-13-01"),
     "decision 1: 'on' must be a date like 2026-01-31, not '2026-13-01'"),
    (("decision: match", "decision: sometimes"),
     "decision 1: 'decision' must be 'clear' or 'match', not 'sometimes'"),
    (("decisions:\n", "decisions: []\ndecisions:\n"),
     "not valid YAML at line 2: key 'decisions' appears twice in one mapping"),
])
def test_an_impossible_date_or_a_bad_field_is_one_line(folder: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       change: tuple[str, str],
                                                       message: str) -> None:
    decisions = folder / "decisions.yaml"
    text = ENTRY.format(version="0123456789abcdef")
    assert change[0] in text
    decisions.write_text(text.replace(*change, 1), encoding="utf-8")
    before = snapshot(folder)
    forbid_screening(monkeypatch)  # decisions are read before the lists
    result = invoke("check", folder / "vendors.csv", "--allow", decisions,
                    "-o", folder / "report.json")
    assert_refused(result, f"error: {decisions}: {message}")
    assert snapshot(folder) == before


def test_an_impossible_date_in_a_toml_decisions_file_is_one_line(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    decisions = folder / "decisions.toml"
    decisions.write_text('[[decisions]]\nname = "x"\nentity_id = "seed:megvii"\n'
                         'entity_version = "0123456789abcdef"\ndecision = "clear"\nby = "ana"\n'
                         'on = 2026-11-20\nwhy = "w"\nexpires = 2027-02-30\n', encoding="utf-8")
    forbid_screening(monkeypatch)
    assert_refused(invoke("check", folder / "vendors.csv", "--allow", decisions),
                   f"error: {decisions}: not valid TOML (Invalid date or datetime (at line 9, "
                   "column 11))")


def test_merge_keys_that_an_entry_overrides_are_not_duplicates(folder: Path) -> None:
    decisions = folder / "decisions.yaml"
    version = _version(folder)
    decisions.write_text(
        "defaults: &reviewed\n  by: ana\n  on: 2026-11-20\n  why: checked\n"
        "decisions:\n- <<: *reviewed\n  by: bo\n  name: Megvii Technology Limited\n"
        f"  entity_id: seed:megvii\n  entity_version: {version}\n  decision: match\n",
        encoding="utf-8")
    result = invoke("check", folder / "vendors.csv", "--lists", "seed", "--allow", decisions,
                    "--format", "json")
    assert result.exit_code == 1, result.stderr
    [row] = json.loads(result.stdout)["results"]
    assert "confirmed as a match by bo" in row["matches"][0]["decision"]


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    path = tmp_path / "report.json"
    path.write_bytes(render(sample.report(), "json"))
    return path


def _review(report: Path, decisions: Path | str) -> tuple[int, str, str]:
    result = invoke("review", report, "-d", decisions, "--by", "ana")
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("where", ["missing folder", "a folder", "a device"])
def test_review_refuses_a_decisions_file_it_cannot_write_before_the_first_question(
        report_file: Path, tmp_path: Path, where: str) -> None:
    target = {"missing folder": tmp_path / "nowhere" / "decisions.yaml",
              "a folder": tmp_path, "a device": Path("/dev/null")}[where]
    before = snapshot(tmp_path)
    code, stdout, stderr = _review(report_file, target)
    assert code == 2 and "Flag 1 of" not in stdout  # not one question asked
    message = {"missing folder": f"directory {target.parent} does not exist",
               "a folder": "is not a decisions file (not a regular file)",
               "a device": "is not a decisions file (not a regular file)"}[where]
    assert stderr.strip().splitlines() == [f"error: {target}: {message}"]
    assert snapshot(tmp_path) == before


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="permissions do not bind root")
def test_review_refuses_a_read_only_folder_before_the_first_question(
        report_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, stdout, stderr = _review(report_file, folder / "decisions.yaml")
    finally:
        folder.chmod(0o755)
    assert code == 2 and "Flag 1 of" not in stdout
    assert stderr.strip().splitlines()[-1].startswith(
        f"error: {folder / 'decisions.yaml'}: cannot write the decisions file")


def test_review_refuses_when_the_folder_takes_no_new_file(
        report_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As a read-only folder or a full disk would, for any user (root included).
    import sanctscreen.decisions.files as files

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    target = tmp_path / "decisions.yaml"
    code, stdout, stderr = _review(report_file, target)
    assert code == 2 and "Flag 1 of" not in stdout
    assert stderr.strip().splitlines() == [
        f"error: {target}: cannot write the decisions file (Permission denied)"]
    assert not target.exists()
