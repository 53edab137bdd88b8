"""Re-screen deltas: new, changed and resolved flags between two screens."""

from __future__ import annotations

from dataclasses import replace

from sanctscreen.delta import Change, delta, party_key
from sanctscreen.models import Match, MatchType, Result, Status
from sanctscreen.screen import build_report
from tests.factory import subject


def flagged(name: str, row: int, entity: str = "e1", version: str = "v1") -> Result:
    match = Match(entity, entity.upper(), ("SDN",), 0.97, name, MatchType.NAME, Status.HIT,
                  "test", entity_version=version)
    return Result(subject(name, row), Status.HIT, (match,))


def report_of(*results: Result):  # type: ignore[no-untyped-def]
    return build_report(results, [], ["in.csv"], {})


def test_unchanged_flags_are_left_out_even_when_the_row_moved() -> None:
    previous = report_of(flagged("Megvii", 2))
    assert delta(previous, [flagged("Megvii", 9)]).results == ()


def test_new_flag_and_resolved_flag() -> None:
    previous = report_of(flagged("Megvii", 2))
    changes = delta(previous, [flagged("Netposa", 3, entity="e2")])
    by_change = {r.change: r for r in changes.results}
    assert by_change[Change.NEW].subject.name == "Netposa"
    resolved = by_change[Change.RESOLVED]
    assert resolved.subject.name == "Megvii" and resolved.status is Status.CLEAR


def test_changed_list_entry_is_reported_as_changed() -> None:
    previous = report_of(flagged("Megvii", 2, version="v1"))
    changes = delta(previous, [flagged("Megvii", 2, version="v2")])
    assert [r.change for r in changes.results] == [Change.CHANGED]


def test_flag_against_another_entity_is_new() -> None:
    previous = report_of(flagged("Megvii", 2, entity="e1"))
    changes = delta(previous, [flagged("Megvii", 2, entity="e3")])
    assert [r.change for r in changes.results] == [Change.NEW]


def test_party_key_ignores_case_spacing_and_folders() -> None:
    a = replace(subject("MEGVII  Technology", file="/a/b/holdings.csv"))
    b = replace(subject("megvii technology", file="holdings.csv"))
    assert party_key(a) == party_key(b)
