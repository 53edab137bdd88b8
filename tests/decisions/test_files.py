from datetime import date
from pathlib import Path

import pytest

from sanctscreen.decisions import (
    Decision,
    Decisions,
    Verdict,
    add_decisions,
    load_decisions,
    save_decisions,
)
from sanctscreen.errors import ConfigError

YAML = """\
decisions:
  - name: Megvi Tech
    entity_id: seed:megvii
    entity_version: 0123456789abcdef
    decision: clear
    by: ana
    on: 2026-01-10
    why: a toy shop in Lyon
    expires: 2026-07-10
  - row_key: "holdings.xlsx:Holdings:7"
    entity_id: seed:dji
    entity_version: fedcba9876543210
    decision: MATCH
    by: bo
    on: "2026-01-11"
"""

TOML = """\
[[decisions]]
name = "Megvi Tech"
entity_id = "seed:megvii"
entity_version = "0123456789abcdef"
decision = "clear"
by = "ana"
on = 2026-01-10
why = "a toy shop in Lyon"
"""


def _write(tmp_path: Path, text: str, name: str = "decisions.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_yaml(tmp_path: Path) -> None:
    decisions = load_decisions(_write(tmp_path, YAML))
    first, second = decisions.entries
    assert first == Decision(entity_id="seed:megvii", entity_version="0123456789abcdef",
                             decision=Verdict.CLEAR, by="ana", on=date(2026, 1, 10),
                             why="a toy shop in Lyon", name="Megvi Tech",
                             expires=date(2026, 7, 10))
    assert second.decision is Verdict.MATCH
    assert second.row_key == "holdings.xlsx:Holdings:7"
    assert second.on == date(2026, 1, 11)


def test_load_toml_and_a_bare_list(tmp_path: Path) -> None:
    from_yaml = load_decisions(_write(tmp_path, YAML)).entries[0]
    toml = load_decisions(_write(tmp_path, TOML, "d.toml")).entries[0]
    assert toml == Decision(**{**vars(from_yaml), "expires": None})  # TOML has no expiry
    bare_text = "\n".join(line[2:] for line in YAML.splitlines()[1:])
    bare = load_decisions(_write(tmp_path, bare_text, "bare.yml"))
    assert bare.entries == load_decisions(_write(tmp_path, YAML)).entries


def test_not_a_list(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="expected a list of decisions"):
        load_decisions(_write(tmp_path, "decisions: 3\n"))


def test_empty_file_has_no_decisions(tmp_path: Path) -> None:
    assert len(load_decisions(_write(tmp_path, ""))) == 0
    assert len(load_decisions(_write(tmp_path, "decisions:\n", "e.yaml"))) == 0


@pytest.mark.parametrize(("change", "message"), [
    (("decision: clear", "decision: maybe"), "decision 1: 'decision' must be 'clear' or 'match'"),
    (("    by: ana\n", ""), "decision 1: 'by' is required"),
    (("    entity_version: 0123456789abcdef\n", ""), "decision 1: 'entity_version' is required"),
    (("on: 2026-01-10", "on: last week"),
     "decision 1: 'on' must be a date like 2026-01-31, not 'last week'"),
    (("  - name: Megvi Tech\n    entity_id", "  - entity_id"),
     "decision 1: give the input 'name' or a 'row_key'"),
    (("    why: a toy shop in Lyon\n", ""), "decision 1: a 'clear' decision needs 'why'"),
    (("expires: 2026-07-10", "expires: 2025-07-10"),
     "decision 1: expires (2025-07-10) before it was made (2026-01-10)"),
    (("    by: bo\n", "    by: bo\n    reason: x\n"), "decision 2: unknown field 'reason'"),
    (("  - name", "  -- name: ["), "not valid YAML at line"),
    (("decision: clear", "decision: match\n    decision: clear"),
     "not valid YAML at line 6: key 'decision' appears twice in one mapping"),
    (("expires: 2026-07-10", "expires: 2027-02-30"),
     "decision 1: 'expires' must be a date like 2026-01-31, not '2027-02-30'"),
])
def test_invalid_entries_give_one_line_errors(tmp_path: Path, change: tuple[str, str],
                                              message: str) -> None:
    assert change[0] in YAML
    path = _write(tmp_path, YAML.replace(*change))
    with pytest.raises(ConfigError) as caught:
        load_decisions(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: {message}")
    assert "\n" not in text


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="decisions file not found"):
        load_decisions(tmp_path / "none.yaml")


def test_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_decisions(_write(tmp_path, "[[decisions]\n", "d.toml"))


@pytest.mark.parametrize("name", ["out.yaml", "out.toml"])
def test_save_round_trips(tmp_path: Path, name: str) -> None:
    original = load_decisions(_write(tmp_path, YAML))
    tricky = Decision(entity_id="seed:x", entity_version="v", decision=Verdict.CLEAR, by="ç'\"",
                      on=date(2026, 2, 2), why='line "one"\nline two: 旷视 # not a comment',
                      name="=HYPERLINK(1)")
    merged = original.merged([tricky])
    path = tmp_path / name
    save_decisions(merged, path)
    assert load_decisions(path).entries == merged.entries
    assert path.read_text(encoding="utf-8").startswith("# sanctscreen decisions")


def test_save_refuses_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        save_decisions(Decisions(), tmp_path / "no" / "d.yaml")


def test_saved_yaml_has_no_anchors_when_decisions_share_a_date(tmp_path: Path) -> None:
    day = date(2026, 11, 22)
    both = Decisions([
        Decision(entity_id=f"seed:{n}", entity_version="v", decision=Verdict.CLEAR, by="ana",
                 on=day, why="checked", name=f"Firm {n}")
        for n in ("a", "b")
    ])
    path = tmp_path / "d.yaml"
    save_decisions(both, path)
    text = path.read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text
    assert text.count("on: 2026-11-22") == 2
    assert load_decisions(path).entries == both.entries


NEW = [Decision(entity_id="seed:sugon", entity_version="v2", decision=Verdict.CLEAR, by="cy",
                on=date(2026, 3, 1), why='a bakery: "Sugon" # not a comment', name="Sugon Bakery"),
       Decision(entity_id="seed:x", entity_version="v", decision=Verdict.MATCH, by="cy",
                on=date(2026, 3, 1), row_key="vendors.csv::7")]
COMMENTED = "# Approved by the compliance committee, 2026-02.\n" + YAML.replace(
    "    why: a toy shop in Lyon\n", "    why: a toy shop in Lyon   # checked the registry\n")


@pytest.mark.parametrize(("name", "text"), [
    ("d.yaml", COMMENTED),
    ("d.yaml", COMMENTED.rstrip("\n")),  # no line end after the last entry
    ("d.yaml", COMMENTED.replace("\n  ", "\n")),  # items not indented under the key
    ("d.yaml", "# a bare list\n" + "".join(line[2:] + "\n" for line in YAML.splitlines()[1:])),
    ("d.yaml", "# nothing decided yet\n"),
    ("d.yaml", "decisions:\n"),
    ("d.toml", "# reviewed quarterly\n" + TOML + "# end\n"),
])
def test_adding_decisions_keeps_the_file_as_people_wrote_it(tmp_path: Path, name: str,
                                                            text: str) -> None:
    path = _write(tmp_path, text, name)
    before = load_decisions(path)
    assert add_decisions(NEW, path)
    assert path.read_text(encoding="utf-8").startswith(text)  # comments and layout unchanged
    assert load_decisions(path).entries == (*before.entries, *NEW)


def test_a_layout_that_cannot_be_extended_is_written_afresh(tmp_path: Path) -> None:
    path = _write(tmp_path, "# flow style\ndecisions: [{entity_id: a, entity_version: v, "
                            "decision: clear, by: ana, on: 2026-01-01, name: A, why: w}]\n")
    before = load_decisions(path)
    assert not add_decisions(NEW, path)
    assert load_decisions(path).entries == (*before.entries, *NEW)


def test_adding_keeps_entries_written_since_the_file_was_read(tmp_path: Path) -> None:
    path = _write(tmp_path, YAML)
    load_decisions(path)
    with path.open("a", encoding="utf-8") as handle:  # a colleague's decision meanwhile
        handle.write("  - name: Other\n    entity_id: seed:o\n    entity_version: v\n"
                     "    decision: match\n    by: di\n    on: 2026-02-01\n")
    assert add_decisions(NEW, path)
    assert [d.by for d in load_decisions(path).entries] == ["ana", "bo", "di", "cy", "cy"]
