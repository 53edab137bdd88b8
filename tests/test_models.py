"""The records' direct constructors build what the dataclass constructors build."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields

import pytest

from sanctscreen.inputs.row import Cells
from sanctscreen.models import (
    Identifier,
    Match,
    MatchType,
    Result,
    Status,
    Subject,
    new_result,
    new_subject,
)


def test_new_subject_and_new_result_equal_the_constructed_ones() -> None:
    cells = Cells({"Name": 0, "ISIN": 1}, ["Megvii", "CNE100003Y54"])
    ids = (Identifier("isin", "CNE100003Y54"),)
    subject = Subject("h.csv", "Sheet1", 7, "Megvii", ids, "CN", cells, "why")
    direct = new_subject("h.csv", "Sheet1", 7, "Megvii", ids, "CN", cells, "why")
    assert direct == subject and hash(direct) == hash(subject)
    assert [getattr(direct, f.name) for f in fields(Subject)] == [
        getattr(subject, f.name) for f in fields(Subject)]
    match = Match("e1", "MEGVII", ("NS-CMIC",), 1.0, "MEGVII", MatchType.NAME, Status.HIT,
                  "exact name")
    result = Result(subject, Status.HIT, (match,), "reason", "new")
    built = new_result(direct, Status.HIT, (match,), "reason", "new")
    assert built == result
    assert type(built) is Result and type(direct) is Subject
    with pytest.raises(FrozenInstanceError):
        built.status = Status.CLEAR  # type: ignore[misc]


def test_the_direct_constructors_take_every_field_in_order() -> None:
    # A field added to Subject or Result must be added where these are called, too.
    with pytest.raises(TypeError):
        new_subject("h.csv", None, 1, "X", (), None, {})  # type: ignore[call-arg]
    assert new_subject.__code__.co_varnames[:8] == tuple(f.name for f in fields(Subject))
    assert new_result.__code__.co_varnames[:5] == tuple(f.name for f in fields(Result))
