"""Hostile and broken list files: refused in one line, nothing read from outside the file, and
the list in use before a failed import or update is the list in use after it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from sanctscreen.lists import store
from tests.hostile.corpus import build
from tests.hostile.helpers import check_json, error_lines, invoke
from tests.mirror import bundled_cons_files, serving

SECRET = "TOPSECRET-7f3a9c"
_OFAC_ENTRY = ("<sdnEntry><uid>1</uid><lastName>{name}</lastName><sdnType>Entity</sdnType>"
               "<programList><program>SDGT</program></programList></sdnEntry>")


def _sdn_xml(doctype: str, name: str) -> str:
    return (f'<?xml version="1.0"?>\n{doctype}\n<sdnList><publshInformation><Publish_Date>'
            f"01/02/2024</Publish_Date></publshInformation>{_OFAC_ENTRY.format(name=name)}"
            "</sdnList>\n")


def _hostile_lists(folder: Path) -> dict[str, tuple[Path, str]]:
    """file name -> (path, what the one error line must say)."""
    secret = folder / "secret.txt"
    secret.write_text(SECRET)
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(9))
    texts = {
        "external.xml": (_sdn_xml(f'<!DOCTYPE sdnList [<!ENTITY leak SYSTEM '
                                  f'"{secret.as_uri()}">]>', "&leak;"),
                         "declares a DTD or entities"),
        "parameter.xml": (_sdn_xml(f'<!DOCTYPE sdnList [<!ENTITY % p SYSTEM "{secret.as_uri()}">'
                                   "%p;]>", "Evil"), "declares a DTD or entities"),
        "laughs.xml": (_sdn_xml(f"<!DOCTYPE sdnList [{laughs}]>", "&l8;"),
                       "declares a DTD or entities"),
        "remote.xml": (_sdn_xml('<!DOCTYPE sdnList SYSTEM "http://127.0.0.1:9/evil.dtd">',
                                "Evil"), "declares a DTD or entities"),
        "zero.csv": ("name,country\n", "has no names"),
        "noname.csv": ("company,country\nEvil Corp,RU\n", "cannot tell which list format"),
        "truncated.csv": ('name,country\nEvil Corp,RU\n"Other Evil, Ltd,CN\nThird,CN\n',
                          "truncated"),
        "cut.xml": (_sdn_xml("", "Evil")[:-40], "not well-formed XML"),
        "nested.json": ('{"results": ' + "[" * 100_000, "nested too deeply"),
        "deep.json": ("[" * 100_000, "cannot tell which list format"),
        "deep.yaml": ("list: " + "[" * 100_000, "cannot tell which list format"),
    }
    cases: dict[str, tuple[Path, str]] = {}
    for name, (text, message) in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        cases[name] = (path, message)
    latin = folder / "mixed.csv"
    latin.write_bytes(b"name,country\nSoci\xe9t\xe9 G\x81n\x8drale,FR\n")  # neither UTF-8 nor 1252
    cases["mixed.csv"] = (latin, "cannot tell which list format")
    binary = folder / "binary.csv"
    binary.write_bytes(b"name\n\x00\x01\x02evil\x00\n")
    cases["binary.csv"] = (binary, "cannot tell which list format")
    return cases


_NAMES = ["external.xml", "parameter.xml", "laughs.xml", "remote.xml", "zero.csv", "noname.csv",
          "truncated.csv", "cut.xml", "nested.json", "deep.json", "deep.yaml", "mixed.csv",
          "binary.csv"]


@pytest.mark.parametrize("name", _NAMES)
def test_check_refuses_a_bad_list_file_in_one_line(name: str, tmp_path: Path) -> None:
    path, message = _hostile_lists(tmp_path)[name]
    holdings = build(tmp_path / "in", "header_below_banner").path
    result = invoke("check", holdings, "--list", path, "--format", "json", "--no-progress")
    assert result.exit_code == 2, result.stderr
    [line] = error_lines(result.stderr)
    assert line.startswith(f"error: {path}: ") and message in line, line
    assert SECRET not in result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("name", _NAMES)
def test_a_failed_import_keeps_the_list_in_use(name: str, tmp_path: Path) -> None:
    good = tmp_path / "blocked.csv"
    good.write_text("name,country\nAcme Trading Company,RU\nBeta Holdings,CN\n")
    assert invoke("lists", "import", good, "--id", "blocked").exit_code == 0
    before = store.current("blocked")
    path, message = _hostile_lists(tmp_path)[name]
    result = invoke("lists", "import", path, "--id", "blocked")
    assert result.exit_code == 2
    [line] = error_lines(result.stderr)
    assert message in line and SECRET not in result.stderr
    assert store.current("blocked") == before
    rows = {row["id"]: row for row in json.loads(invoke("lists", "--json").stdout)}
    assert rows["blocked"]["entries"] == 2
    screen = tmp_path / "screen.csv"
    screen.write_text("Name\nAcme Trading Company\n")
    _, report = check_json(screen, "--lists", "blocked")
    assert report["results"][0]["status"] == "hit"


@pytest.mark.parametrize(("name", "fmt", "message"), [
    ("deep.json", "sanctscreen", "nested too deeply"),
    ("deep.json", "csl-json", "nested too deeply"),
    ("deep.yaml", "sanctscreen", "nested too deeply"),
    ("nested.json", "csl-json", "nested too deeply"),
    ("mixed.csv", "custom", "is not UTF-8 or Windows-1252 (byte 0x81 at offset 22)"),
    ("mixed.csv", "ofac-csv", "is not UTF-8 or Windows-1252"),
    ("truncated.csv", "custom", "ends inside a quoted field; it looks truncated"),
])
def test_a_named_format_gets_the_precise_reason(name: str, fmt: str, message: str,
                                                tmp_path: Path) -> None:
    path, _ = _hostile_lists(tmp_path)[name]
    result = invoke("lists", "import", path, "--format", fmt, "--id", "mine")
    assert result.exit_code == 2
    [line] = error_lines(result.stderr)
    assert line.startswith(f"error: {path}: ") and message in line, line


def test_unknown_columns_are_ignored_and_the_names_still_match(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("name,colour,favourite_food\nAcme Trading Company,red,pizza\n")
    screen = tmp_path / "screen.csv"
    screen.write_text("Name\nAcme Trading Company\nSiemens AG\n")
    result = invoke("check", screen, "--list", path, "--format", "json", "--include-clear",
                    "--no-progress")
    assert "warning: custom-extra: columns not used: colour, favourite_food" in result.stderr
    statuses = {r["row"]: r["status"] for r in json.loads(result.stdout)["results"]}
    assert statuses[2] == "hit" and statuses[3] == "clear"


def test_a_windows_1252_list_is_read_as_such(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes("name\nSociété Générale Evil\n".encode("cp1252"))
    screen = tmp_path / "screen.csv"
    screen.write_text("Name\nSociété Générale Evil\n", encoding="utf-8")
    _, report = check_json(screen, "--list", path)
    assert report["results"][0]["status"] == "hit"
    assert report["results"][0]["matches"][0]["entity_name"] == "Société Générale Evil"


@pytest.mark.parametrize("corpus_name",
                         ["zip_bomb_ratio", "random_bytes_xlsx", "zip_bomb_lying_sheet"])
def test_a_hostile_spreadsheet_list_is_refused(corpus_name: str, tmp_path: Path) -> None:
    path = build(tmp_path, corpus_name).path
    result = invoke("lists", "import", path, "--format", "custom", "--id", "mine")
    assert result.exit_code == 2
    [line] = error_lines(result.stderr)
    assert line.startswith(f"error: {path}: ")
    assert store.current("mine") is None


@pytest.fixture
def mirror() -> Iterator[tuple[str, dict[str, bytes]]]:
    files = bundled_cons_files()
    with serving(files) as url:
        yield url, files


@pytest.mark.parametrize("damage", ["truncated", "binary", "halved"])
def test_a_failed_update_keeps_the_installed_version(
        damage: str, mirror: tuple[str, dict[str, bytes]], tmp_path: Path) -> None:
    url, files = mirror
    legacy = ("lists", "update", "ofac-cons", "--format", "ofac-csv", "--url", url)
    assert invoke(*legacy).exit_code == 0
    before = store.current("ofac-cons")
    assert before is not None and before.entries == 442
    prim = files["CONS_PRIM.CSV"]
    files["CONS_PRIM.CSV"] = {"truncated": prim[:200], "binary": b"\x00\xff" * 500,
                              "halved": prim[:len(prim) // 3]}[damage]
    result = invoke(*legacy)
    assert result.exit_code == 2
    [line] = error_lines(result.stderr)
    assert "the list in use is unchanged" in line
    assert store.current("ofac-cons") == before
    # The refused copy was staged in a hidden folder beside the versions; nothing is left.
    assert [p.name for p in (store.lists_dir() / "ofac-cons").iterdir()
            if p.name.startswith(".")] == []
    rows = {row["id"]: row for row in json.loads(invoke("lists", "--json").stdout)}
    assert rows["ofac-cons"]["entries"] == 442
    assert rows["ofac-cons"]["sha256"] == before.sha256
    screen = tmp_path / "screen.csv"
    screen.write_text("Name\nMegvii Technology Limited\n")
    _, report = check_json(screen, "--lists", "ofac-cons")
    assert report["results"][0]["matches"][0]["entity_id"] == "ofac-cons:33091"
