"""The list registry and public API: load_list, load_lists, stale_lists."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from sanctscreen.errors import ListError
from sanctscreen.lists import (
    LOADERS,
    default_ids,
    known_ids,
    load_id,
    load_list,
    load_lists,
    stale_lists,
    store,
)
from sanctscreen.models import EntityType
from tests.factory import entity, screening_list

DATA = Path(__file__).resolve().parent.parent / "data" / "lists"
CONS = DATA / "ofac_cons_2025-12-19"


def test_registry_is_keyed_by_name() -> None:
    formats = {"ofac-csv", "ofac-xml", "csl-csv", "csl-json", "bis-dpl", "ftm", "custom"}
    assert formats <= set(LOADERS)
    assert all(name == loader.NAME for name, loader in LOADERS.items())


@pytest.mark.parametrize(("name", "fmt"), [
    ("ofac_sdn_small", "ofac-csv"),
    ("ofac_sdn_2014.xml", "ofac-xml"),
    ("csl_2025-06_fixture.csv", "csl-csv"),
    ("csl_2019-12_sample.csv", "csl-csv"),
    ("dpl_2022-09.txt", "bis-dpl"),
])
def test_format_is_sniffed(data: Path, name: str, fmt: str) -> None:
    assert load_list(data / name).info.format == fmt


def test_json_formats_are_told_apart(tmp_path: Path) -> None:
    csl = tmp_path / "consolidated.json"
    csl.write_text(json.dumps({"results": [{"source": "Entity List (EL)", "name": "A"}]},
                              indent=2))
    assert load_list(csl).info.format == "csl-json"
    ftm = tmp_path / "entities.ftm.json"
    ftm.write_text(json.dumps({"id": "a", "schema": "Company", "properties": {"name": ["A"]}}))
    assert load_list(ftm).info.format == "ftm"


def test_custom_csv_is_sniffed_after_the_specific_formats(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("name\nAcme\n")
    assert load_list(path).info.format == "custom"


def test_unknown_format_and_unrecognised_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    with pytest.raises(ListError, match="cannot tell which list format") as caught:
        load_list(path)
    assert "ofac-csv" in str(caught.value)
    with pytest.raises(ListError, match="unknown list format 'pdf'"):
        load_list(path, "pdf")
    with pytest.raises(ListError, match="not found"):
        load_list(tmp_path / "missing.csv")


def test_defaults_are_seed_the_sdn_list_and_the_consolidated_list() -> None:
    assert default_ids() == ["seed", "ofac-sdn", "ofac-cons"]
    seed, sdn, cons = load_lists()
    assert seed.info.id == "seed"
    assert cons.info.id == "ofac-cons" and cons.info.entries == 442
    assert cons.info.as_of == date(2026, 1, 8) and cons.info.format == "ofac-enhanced"
    assert sdn.info.id == "ofac-sdn" and sdn.info.as_of == date(2024, 5, 3)
    # The primary file's 14 965 entries and the 1 567 later ones its alias file names.
    assert sdn.info.entries == 14_965 + 1_567 and sdn.info.format == "ofac-csv"
    assert all("sanctionslistservice.ofac.treas.gov" in sl.info.source for sl in (sdn, cons))


def test_the_bundled_sdn_set_states_what_its_later_companion_files_add() -> None:
    sdn = load_id("ofac-sdn")
    (warning,) = sdn.warnings
    assert warning.startswith("primary file of 2024-05-03 with the alias and address files of "
                              "2025-12-24: ")
    assert "1567 later entries screened by their aliases only" in warning
    assert "2686 not screened (no name in this copy)" in warning
    assert "724 probably removed since but still screened" in warning
    entities = {e.id: e for e in sdn.entities}
    bank = entities["ofac-sdn:25578"]  # in the 2024 primary file and the 2025 files
    assert bank.name == "BANK MELLI IRAN" and bank.type is EntityType.ORGANIZATION
    assert not any(f.label == "Bundled copy" for f in bank.features)
    later = entities["ofac-sdn:56589"]  # published after 2024-05-03: its alias file row only
    assert later.name == "SINO MARINE SERVICES LTD" and later.type is EntityType.UNKNOWN
    assert later.list_codes == ("SDN",)
    assert any("published after 2024-05-03" in f.value for f in later.features)
    absent = [e for e in sdn.entities
              if any("probably removed" in f.value for f in e.features)]
    assert len(absent) == 724 and all(e.listed for e in absent)


def test_ids_pick_lists_and_extra_files_are_added(data: Path) -> None:
    loaded = load_lists(["ofac-cons"], [data / "ofac_sdn_small"])
    assert [sl.info.id for sl in loaded] == ["ofac-cons", "ofac-sdn"]


def test_unknown_id_names_the_known_ones() -> None:
    with pytest.raises(ListError, match="unknown list 'nope'") as caught:
        load_lists(["nope"])
    assert "ofac-cons" in str(caught.value)


def test_an_installed_copy_replaces_the_bundled_one(tmp_path: Path) -> None:
    folder = tmp_path / "cons"
    shutil.copytree(CONS, folder, ignore=shutil.ignore_patterns("*.md"))
    prim = folder / "cons_prim.csv"
    prim.write_bytes(b"\n".join(prim.read_bytes().splitlines()[:300]) + b"\n")
    store.install("ofac-cons", {p.name: p.read_bytes() for p in folder.iterdir()},
                  fmt="ofac-csv", entry=".", source="test copy", as_of=date(2026, 11, 1),
                  verify=lambda p: load_list(p, "ofac-csv", list_id="ofac-cons"))
    cons = load_id("ofac-cons")
    assert cons.info.entries == 300 and cons.info.as_of == date(2026, 11, 1)
    assert cons.info.source == "test copy"
    assert "ofac-cons" in known_ids()


def test_installed_list_with_a_new_id_is_known(data: Path) -> None:
    store.install("dpl", {"dpl.txt": (data / "dpl_2022-09.txt").read_bytes()}, fmt="bis-dpl",
                  entry="dpl.txt", source="x", as_of=None,
                  verify=lambda p: load_list(p, "bis-dpl", list_id="dpl"))
    assert "dpl" in known_ids() and "dpl" not in default_ids()
    assert load_lists(["dpl"])[0].info.entries == 461


def test_previous_version_needs_one(data: Path) -> None:
    with pytest.raises(ListError, match="no previous version of ofac-cons"):
        load_id("ofac-cons@previous")
    with pytest.raises(ListError, match="unknown version"):
        load_id("ofac-cons@yesterday")


def test_stale_lists() -> None:
    old = screening_list([entity("a", "A")], list_id="old", as_of=date(2025, 1, 1))
    new = screening_list([entity("b", "B")], list_id="new", as_of=date(2025, 6, 1))
    undated = screening_list([entity("c", "C")], list_id="undated", as_of=None)
    # One current list is enough: the old one cannot be made newer by an update.
    assert stale_lists([new, old, undated], date(2025, 6, 30)) == []
    assert [i.id for i in stale_lists([new, old, undated], date(2025, 9, 1))] == ["old", "new"]
    assert stale_lists([new], date(2025, 6, 30), max_age_days=28) == [new.info]  # 29 days old
    assert stale_lists([new], date(2025, 8, 30)) == []  # exactly 90 days old is not stale
    assert stale_lists([undated], date(2030, 1, 1)) == []
