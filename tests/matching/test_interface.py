"""Thresholds turn scores into statuses at their two cut points."""

from __future__ import annotations

import pytest

from sanctscreen.matching import Thresholds
from sanctscreen.models import Status


@pytest.mark.parametrize(("score", "status"), [
    (1.0, Status.HIT), (0.9, Status.HIT), (0.8999, Status.REVIEW), (0.75, Status.REVIEW),
    (0.7499, Status.CLEAR), (0.0, Status.CLEAR),
])
def test_default_thresholds(score: float, status: Status) -> None:
    assert Thresholds().status(score) is status


def test_custom_thresholds() -> None:
    assert Thresholds(hit=0.95, review=0.5).status(0.9) is Status.REVIEW
