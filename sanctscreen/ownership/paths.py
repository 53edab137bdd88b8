"""How ownership chains and shares read in explanations, reports and the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from sanctscreen.models import PathStep, Relation


def format_share(share: float | None) -> str:
    """`51 %`, `12.5 %`, or `share unknown`."""
    if share is None:
        return "share unknown"
    return f"{share:.4g} %"


def format_holding(relation: str, share: float | None) -> str:
    """How one node holds the next: `51 %`, `share unknown`, or `controls`."""
    if relation == Relation.CONTROLS.value:
        return "controls"
    return format_share(share)


def format_step(step: PathStep) -> str:
    lists = f" [{', '.join(step.lists)}]" if step.lists else ""
    return f"{step.entity_name}{lists}"


def format_path(path: Sequence[PathStep]) -> str:
    """The chain read upward from the screened node.

    `Kestrel Optics GmbH ← 51 % Harrow Imaging Pte Ltd ← 100 % Beijing Kuangshi Technology
    ← share unknown Megvii Technology Limited [NS-CMIC]`
    """
    if not path:
        return ""
    parts = [format_step(path[0])]
    for step in path[1:]:
        parts.append(f"{format_holding(step.relation, step.share)} {format_step(step)}")
    return " ← ".join(parts)
