"""The records: frozen, equal by value, and pickled as they were built."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from sanctscreen.inputs import Cells
from sanctscreen.models import (
    Designation,
    Entity,
    EntityType,
    Identifier,
    Link,
    Match,
    MatchType,
    Relation,
    Result,
    Status,
    Subject,
)


def test_a_result_is_frozen_and_equal_by_value() -> None:
    cells = Cells({"Name": 0, "ISIN": 1}, ["Megvii", "CNE100003Y54"])
    ids = (Identifier("isin", "CNE100003Y54"),)
    subject = Subject("h.csv", "Sheet1", 7, "Megvii", ids, "CN", cells, "why")
    match = Match("e1", "MEGVII", ("NS-CMIC",), 1.0, "MEGVII", MatchType.NAME, Status.HIT,
                  "exact name")
    result = Result(subject, Status.HIT, (match,), "reason", "new")
    again = Result(Subject("h.csv", "Sheet1", 7, "Megvii", ids, "CN", {}, "why"), Status.HIT,
                   (match,), "reason", "new")
    assert result == again and hash(result) == hash(again)  # cells are not compared
    with pytest.raises(FrozenInstanceError):
        result.status = Status.CLEAR  # type: ignore[misc]


def test_list_records_survive_pickling() -> None:
    entity = Entity("x:1", "Acme", EntityType.ORGANIZATION, "x", ("Acme Ltd",),
                    (Designation("SDN", "CMIC-EO13959", date(2021, 12, 16), "FR", "https://x"),),
                    (Identifier("isin", "CNE100001TW7"),), ("CN",), "remarks", ("ACME",))
    link = Link("x:2", "x:1", Relation.OWNS, 51.5, "file.csv")
    for record in (entity, link, entity.designations[0], entity.identifiers[0]):
        copy = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
        assert copy == record and type(copy) is type(record)
    assert pickle.loads(pickle.dumps(entity)).weak_aliases == ("ACME",)
