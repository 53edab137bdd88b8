"""`sanctscreen lists` end to end through the real CLI."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sanctscreen.cli.app import app
from sanctscreen.lists import store
from tests.mirror import bundled_cons_files, serving

runner = CliRunner()
DATA = Path(__file__).resolve().parent.parent / "data" / "lists"
CONS = DATA / "ofac_cons_2025-12-19"


def run(*args: str | Path) -> Any:
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def last_error_line(result: Any) -> str:
    return str(result.stderr).strip().splitlines()[-1]


def test_table_of_lists() -> None:
    result = run("lists", "--json")
    assert result.exit_code == 0
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert list(rows) == ["seed", "ofac-sdn", "ofac-cons", "ndaa-889", "fcc-covered", "uflpa"]
    assert rows["uflpa"]["entries"] == 144 and rows["uflpa"]["format"] == "sanctscreen"
    assert rows["ofac-cons"]["entries"] == 442 and rows["ofac-cons"]["as_of"] == "2026-01-08"
    assert rows["ofac-cons"]["format"] == "ofac-enhanced"
    assert rows["ofac-sdn"]["entries"] == 16_532 and rows["ofac-sdn"]["as_of"] == "2024-05-03"
    text = run("lists").stdout
    assert "ofac-cons" in text
    # What the bundled SDN set is made of is stated under the table.
    assert "1567 later entries screened by their aliases only" in " ".join(text.split())


def test_show_by_id_lists_identifiers_designations_and_links() -> None:
    result = run("lists", "show", "ofac-cons:32087")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "HUAWEI INVESTMENT & HOLDING CO., LTD." in text
    assert "ISIN CND10003D0F9" in text and "NS-CMIC CMIC-EO13959, listed 2021-06-03" in text
    # The enhanced XML states the relationship's type and direction ("Owns, controls, or
    # operates"); the legacy CSV's "Linked To" could only be read the other way round.
    assert ("link: HUAWEI INVESTMENT & HOLDING CO., LTD. controls HUAWEI TECHNOLOGIES CO., LTD."
            " (OFAC Consolidated Sanctions List (Non-SDN): Owns, controls, or operates)") in text
    assert "Address: Building 1, Area B, Bantian Huawei Base, Longgang District" in text


def test_show_by_name_within_one_list() -> None:
    result = run("lists", "show", "sugon", "--list", "ofac-cons")
    assert result.exit_code == 0
    assert "ofac-cons:33113" in result.stdout and "CNE100001TW7" in result.stdout
    assert "weak aliases: SUGON" in result.stdout


def test_show_unknown_name_exits_2() -> None:
    result = run("lists", "show", "Nobody At All", "--list", "ofac-cons")
    assert result.exit_code == 2
    assert last_error_line(result) == "error: no entry named or numbered 'Nobody At All' in " \
                                      "ofac-cons"


def test_import_then_use_by_id(tmp_path: Path) -> None:
    path = tmp_path / "blocklist.csv"
    path.write_text("name,aliases\nAcme Trading,Acme\n")
    result = run("lists", "import", path, "--id", "blocked", "--as-of", "2026-01-02")
    assert result.exit_code == 0, result.stderr
    assert "blocked: imported 1 entries" in result.stderr
    rows = {row["id"]: row for row in json.loads(run("lists", "--json").stdout)}
    assert rows["blocked"]["entries"] == 1 and rows["blocked"]["as_of"] == "2026-01-02"
    assert "Acme Trading" in run("lists", "show", "acme", "--list", "blocked").stdout


def test_import_of_an_ofac_folder_copies_only_the_set(tmp_path: Path) -> None:
    folder = tmp_path / "download"
    shutil.copytree(DATA / "ofac_sdn_small", folder)
    (folder / "notes.txt").write_text("not part of the list")
    result = run("lists", "import", folder)
    assert result.exit_code == 0
    current = store.current("ofac-sdn")
    assert current is not None and current.entries == 17 and current.entry == "."
    assert sorted(p.name for p in current.folder.iterdir()) == [
        "add.csv", "alt.csv", "meta.json", "sdn.csv", "sdn_comments.csv"]


def test_import_rejects_a_bad_file_and_a_bad_id(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    result = run("lists", "import", path)
    assert result.exit_code == 2 and "cannot tell which list format" in last_error_line(result)
    good = tmp_path / "l.csv"
    good.write_text("name\nA\n")
    result = run("lists", "import", good, "--id", "../x")
    assert result.exit_code == 2 and "cannot be a list id" in last_error_line(result)


def test_diff_json_between_a_file_and_an_id(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    lines = (CONS / "cons_prim.csv").read_bytes().splitlines(keepends=True)
    (folder / "cons_prim.csv").write_bytes(b"".join(lines[:-3]))  # drops the last 2 entries
    dropped = sorted(line.split(b",")[0].decode() for line in lines[-3:-1])
    result = run("lists", "diff", folder / "cons_prim.csv", "ofac-cons", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [e["id"] for e in data["added"]] == dropped == ["46072", "50476"]
    # Without the companion files the old copy has no aliases: those show as changes.
    assert data["removed"] == [] and data["changed"]


def test_diff_text_and_unknown_reference() -> None:
    result = run("lists", "diff", DATA / "ofac_sdn_small", DATA / "ofac_sdn_small")
    assert result.exit_code == 0
    assert result.stdout.startswith("ofac-sdn -> ofac-sdn: 0 added, 0 removed, 0 changed")
    result = run("lists", "diff", "nope", "ofac-cons")
    assert result.exit_code == 2 and "unknown list 'nope'" in last_error_line(result)


def test_diff_json_between_two_real_enhanced_xml_copies() -> None:
    """OFAC's enhanced XML of the Consolidated list as of 2024-07-03 and as of 2026-01-08."""
    old = DATA / "ofac_cons_enhanced_2024-07-03.xml"
    new = Path(__file__).resolve().parents[2] / "lists" / "ofac-consolidated-2026-01-08" / \
        "CONS_ENHANCED.XML"
    result = run("lists", "diff", old, new, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["old"], data["new"]) == ("ofac-cons", "ofac-cons")
    assert data["added"] == [{"id": "50476", "name": "MARTELLY, Michel Joseph",
                              "lists": ["NS-MBS"]}]
    assert data["removed"] == [{"id": "18293", "name": "PROMINVESTBANK", "lists": ["SDN", "SSI"]},
                               {"id": "26182", "name": "KAYAKIRAN, Evren", "lists": ["FSE"]}]
    changed = {entry["id"]: entry for entry in data["changed"]}
    assert len(changed) == 28
    gazprombank = changed["17016"]
    assert gazprombank["name"] == "GAZPROMBANK JOINT STOCK COMPANY"
    assert gazprombank["changes"]["programs"] == {"removed": ["NS-MBS RUSSIA-EO14024"],
                                                  "added": ["SDN RUSSIA-EO14024"]}
    assert changed["18284"]["changes"]["name"] == {"removed": ["RN-KOMSOMOLSKY REFINERY LLC"],
                                                   "added": ["RN KOMSOMOLSKIY REFINERY LLC"]}
    text = run("lists", "diff", old, new)
    assert text.stdout.startswith("ofac-cons -> ofac-cons: 1 added, 2 removed, 28 changed")


@pytest.fixture
def mirror() -> Iterator[tuple[str, dict[str, bytes]]]:
    files = bundled_cons_files()
    with serving(files) as url:
        yield url, files


def test_update_from_a_mirror_then_a_404(mirror: tuple[str, dict[str, bytes]]) -> None:
    url, files = mirror
    result = run("lists", "update", "ofac-cons", "--url", url)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("ofac-cons: 442 entries, as of 2026-01-08, ofac-enhanced")
    del files["CONS_ENHANCED.XML"]
    result = run("lists", "update", "ofac-cons", "--url", url)
    assert result.exit_code == 2
    assert "HTTP 404" in result.stderr and "the list in use is unchanged" in result.stderr
    assert store.current("ofac-cons") is not None
    rows = {row["id"]: row for row in json.loads(run("lists", "--json").stdout)}
    assert rows["ofac-cons"]["entries"] == 442


def test_update_refuses_an_empty_list_file(mirror: tuple[str, dict[str, bytes]]) -> None:
    url, files = mirror
    files["CONS_PRIM.CSV"] = b'"nothing here"\r\n'
    result = run("lists", "update", "ofac-cons", "--format", "ofac-csv", "--url", url)
    assert result.exit_code == 2 and "no OFAC entries found" in result.stderr
    assert store.current("ofac-cons") is None


def test_update_argument_errors() -> None:
    result = run("lists", "update", "nope")
    assert result.exit_code == 2 and "unknown source 'nope'" in last_error_line(result)
    result = run("lists", "update", "all", "--url", "http://127.0.0.1:9")
    assert result.exit_code == 2 and "--url needs one SOURCE" in last_error_line(result)
    result = run("lists", "update", "--format", "ofac-csv")
    assert result.exit_code == 2 and "--format needs one SOURCE" in last_error_line(result)
    result = run("lists", "update", "trade-csl", "--format", "ofac-enhanced")
    assert result.exit_code == 2
    assert "trade-csl is not published as 'ofac-enhanced'" in last_error_line(result)


def test_diff_against_the_previous_version_after_an_update(
        mirror: tuple[str, dict[str, bytes]]) -> None:
    url, files = mirror
    legacy = ("lists", "update", "ofac-cons", "--format", "ofac-csv", "--url", url)
    assert run(*legacy).exit_code == 0
    prim = files["CONS_PRIM.CSV"].decode()
    files["CONS_PRIM.CSV"] = prim.replace("a.k.a. 'SUGON'", "a.k.a. 'SUGON'; a.k.a. 'DAWN'") \
        .encode()
    assert run(*legacy).exit_code == 0
    result = run("lists", "diff", "ofac-cons@previous", "ofac-cons", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["added"] == [] and data["removed"] == []
    assert data["changed"] == [{"id": "33113", "name": "DAWNING INFORMATION INDUSTRY CO., LTD",
                                "changes": {"weak_aliases": {"removed": [], "added": ["DAWN"]}}}]
