"""How chains and shares are written."""

from __future__ import annotations

from sanctscreen.models import PathStep
from sanctscreen.ownership.paths import format_path, format_share


def test_format_share() -> None:
    assert format_share(51) == "51 %"
    assert format_share(12.5) == "12.5 %"
    assert format_share(100.0) == "100 %"
    assert format_share(None) == "share unknown"


def test_format_path_reads_upward_with_shares_relations_and_lists() -> None:
    path = (
        PathStep("t:k", "Kestrel Optics GmbH", "", None),
        PathStep("t:h", "Harrow Imaging Pte Ltd", "owns", 51),
        PathStep("t:b", "Beijing Kuangshi Technology", "owns", 100),
        PathStep("t:m", "Megvii Technology Limited", "owns", None, ("NS-CMIC",)),
    )
    assert format_path(path) == (
        "Kestrel Optics GmbH ← 51 % Harrow Imaging Pte Ltd ← 100 % Beijing Kuangshi Technology "
        "← share unknown Megvii Technology Limited [NS-CMIC]")


def test_format_path_controls_and_empty() -> None:
    path = (PathStep("t:a", "A", "", None), PathStep("t:x", "X", "controls", None, ("EL", "SDN")))
    assert format_path(path) == "A ← controls X [EL, SDN]"
    assert format_path(()) == ""
