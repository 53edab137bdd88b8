"""Shared builders for ownership tests: a graph from entities and links under a dated policy."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sanctscreen.models import Entity, Link
from sanctscreen.ownership import OwnershipGraph, OwnershipPolicy

DEFAULT_DAY = date(2026, 1, 15)


def make_graph(entities: Sequence[Entity], links: Sequence[Link], **policy: Any) -> OwnershipGraph:
    policy.setdefault("as_of", DEFAULT_DAY)
    return OwnershipGraph(entities, links, OwnershipPolicy(**policy))
