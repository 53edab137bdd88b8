"""The age of lists: the staleness warning without a limit, the --max-list-age limit with one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sanctscreen.errors import ListError
from sanctscreen.lists.freshness import COMPILATION_FORMAT, STALE_AFTER_DAYS, age_warnings
from sanctscreen.models import ScreeningList
from tests.factory import entity, screening_list

TODAY = date(2026, 6, 30)


def dated(list_id: str, as_of: date | None, fmt: str = "test") -> ScreeningList:
    lst = screening_list([entity(list_id, list_id.title())], list_id=list_id, as_of=as_of)
    return replace(lst, info=replace(lst.info, format=fmt))


def test_without_a_limit_only_the_staleness_warning() -> None:
    old = dated("old", date(2025, 1, 1))
    assert age_warnings([old], TODAY, None) == [
        f"the lists screened are older than {STALE_AFTER_DAYS} days (newest as of 2025-01-01); "
        "use a current copy of old"]
    assert age_warnings([old, dated("new", date(2026, 6, 1))], TODAY, None) == []
    sdn = dated("ofac-sdn", date(2025, 2, 1))
    assert age_warnings([old, sdn], TODAY, None) == [
        f"the lists screened are older than {STALE_AFTER_DAYS} days (newest as of 2025-02-01); "
        "run `sanctscreen lists update`"]


def test_compilations_are_never_stale() -> None:
    """The seed list and the statutory lists (section 889) record listings that have no newer
    copy to fetch: alone, or beside a current publication, they warn of nothing."""
    seed = dated("seed", date(2021, 12, 17), fmt="sanctscreen")
    assert age_warnings([seed], TODAY, None) == []
    assert age_warnings([seed, dated("ofac-sdn", date(2026, 6, 1))], TODAY, None) == []


def test_a_list_older_than_the_limit_is_refused_naming_it_and_its_date() -> None:
    lists = [dated("ofac-sdn", date(2024, 5, 3)), dated("fresh", date(2026, 11, 29))]
    with pytest.raises(ListError) as caught:
        age_warnings(lists, date(2026, 12, 3), 30)
    assert str(caught.value) == ("list ofac-sdn is as of 2024-05-03, 944 days old "
                                 "(--max-list-age 30); run `sanctscreen lists update`")


def test_several_lists_too_old_are_named_oldest_first_with_the_fix_for_each() -> None:
    lists = [dated("ofac-cons", date(2026, 1, 1)), dated("internal", date(2025, 1, 1))]
    with pytest.raises(ListError) as caught:
        age_warnings(lists, TODAY, 90, limit="max_list_age = 90 in sanctscreen.toml")
    assert str(caught.value) == (
        "lists internal (as of 2025-01-01, 545 days old), ofac-cons (as of 2026-01-01, 180 days "
        "old) are too old (max_list_age = 90 in sanctscreen.toml); run `sanctscreen lists "
        "update` and use a current copy of internal")


def test_a_list_exactly_the_limit_old_passes_and_a_limit_of_0_means_today() -> None:
    assert age_warnings([dated("a", date(2026, 5, 31))], TODAY, 30) == []
    assert age_warnings([dated("a", TODAY)], TODAY, 0) == []
    with pytest.raises(ListError, match="1 days old"):
        age_warnings([dated("a", date(2026, 6, 29))], TODAY, 0)


def test_compilations_are_not_judged_and_the_limit_replaces_the_staleness_warning() -> None:
    seed = dated("seed", date(2021, 12, 17), COMPILATION_FORMAT)
    assert age_warnings([seed], TODAY, 0) == []
    assert age_warnings([seed, dated("b", date(2026, 1, 1))], TODAY, 365) == []


def test_undated_lists_are_named_as_not_judged() -> None:
    undated = dated("custom-block", None)
    assert age_warnings([undated, dated("b", TODAY)], TODAY, 30) == [
        "list custom-block (tests) has no as-of date: --max-list-age 30 cannot judge its age"]
    assert age_warnings([dated("seed", None, COMPILATION_FORMAT)], TODAY, 30) == []
    assert age_warnings([undated], TODAY, None) == []  # without a limit nothing is judged
