"""The legal-form table is rigour's org-type database as canonical words can meet it."""

from __future__ import annotations

import re

import pytest

from sanctscreen.matching.org_types import ORG_TYPES

_PLAIN = re.compile(r"[0-9a-z]+(?: [0-9a-z]+)*")


def test_aliases_and_forms_are_plain_words_each_alias_once() -> None:
    aliases = [alias for group in ORG_TYPES.values() for alias in group]
    assert len(aliases) == len(set(aliases))
    assert all(_PLAIN.fullmatch(alias) for alias in aliases)
    assert all(form == "" or _PLAIN.fullmatch(form) for form in ORG_TYPES)


def test_the_table_agrees_with_rigour() -> None:
    # rigour is not a dependency (it needs ICU); the bench extra brings it in.
    names = pytest.importorskip("rigour.names")
    for form, aliases in ORG_TYPES.items():
        for alias in aliases:
            [(matched, target)] = names.extract_org_types(alias)
            assert matched == alias
            assert (target if _PLAIN.fullmatch(target) else "") == form, alias
