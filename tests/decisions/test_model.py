from dataclasses import replace
from datetime import date

from sanctscreen.decisions import Decision, Decisions, Verdict, entity_fingerprint, normalise_name
from sanctscreen.models import Entity, Match, MatchType, Result, Status, Subject
from tests.factory import entity, link, subject

MEGVII = entity("megvii", "Megvii Technology Limited")
KUANGSHI = entity("kuangshi", "Beijing Kuangshi Technology Co., Ltd.", lists=())
DJI = entity("dji", "SZ DJI Technology Co., Ltd.")
TODAY = date(2026, 3, 1)


def _match(target: Entity, status: Status = Status.REVIEW, version: str | None = None) -> Match:
    return Match(entity_id=target.id, entity_name=target.name, lists=target.list_codes,
                 score=0.88, matched_name=target.name, match_type=MatchType.NAME, status=status,
                 explanation="name is close.",
                 entity_version=version if version is not None else entity_fingerprint(target))


def _clear(target: Entity, *, name: str | None = "Megvi Tech", version: str | None = None,
           **kw: object) -> Decision:
    fields: dict[str, object] = {
        "entity_id": target.id, "decision": Verdict.CLEAR, "by": "ana", "on": date(2026, 1, 10),
        "why": "a toy shop in Lyon", "name": name,
        "entity_version": version if version is not None else entity_fingerprint(target),
    }
    fields.update(kw)
    return Decision(**fields)  # type: ignore[arg-type]


def _row(*matches: Match, name: str = "Megvi Tech", status: Status = Status.REVIEW,
         row: int = 2) -> Result:
    return Result(subject(name, row=row), status, matches)


def test_clear_decision_clears_the_match_and_the_row() -> None:
    decisions = Decisions([_clear(MEGVII)])
    [result] = decisions.apply([_row(_match(MEGVII))], TODAY)
    assert result.status is Status.CLEARED
    assert result.matches[0].status is Status.CLEARED
    assert result.matches[0].decision == "cleared by ana on 2026-01-10: a toy shop in Lyon"
    assert decisions.stale == ()


def test_names_compare_normalised() -> None:
    assert normalise_name("  MEGVI-tech. ") == normalise_name("Megvi Tech") == "megvi tech"
    full_width = "\uff2d\uff25\uff27\uff36\uff29 Tech"
    assert normalise_name(full_width) == "megvi tech"
    [result] = Decisions([_clear(MEGVII, name="MEGVI  TECH.")]).apply([_row(_match(MEGVII))],
                                                                       TODAY)
    assert result.status is Status.CLEARED


def test_a_row_keeps_its_other_open_matches() -> None:
    row = _row(_match(MEGVII, Status.REVIEW), _match(DJI, Status.HIT), status=Status.HIT)
    [result] = Decisions([_clear(DJI)]).apply([row], TODAY)
    assert result.status is Status.REVIEW
    assert [m.status for m in result.matches] == [Status.REVIEW, Status.CLEARED]


def test_decision_about_another_row_or_entity_does_not_apply() -> None:
    decisions = Decisions([_clear(MEGVII, name="Someone Else"), _clear(DJI)])
    row = _row(_match(MEGVII))
    assert decisions.apply([row], TODAY) == [row]
    assert len(decisions.stale) == 2


def _reraised(decision_entity: Entity, current: Entity, links: list = [],  # noqa: B006
              ) -> Result:
    decision = _clear(decision_entity, version=entity_fingerprint(decision_entity))
    current_match = _match(current, version=entity_fingerprint(current, links))
    [result] = Decisions([decision]).apply([_row(current_match)], TODAY)
    return result


def test_changed_entry_re_raises_the_decision() -> None:
    changes = {
        "new alias": replace(MEGVII, aliases=("Face++",)),
        "new program": replace(MEGVII, designations=(
            *MEGVII.designations, replace(MEGVII.designations[0], list_code="EL"))),
    }
    for label, changed in changes.items():
        result = _reraised(MEGVII, changed)
        assert result.status is Status.REVIEW, label
        match = result.matches[0]
        assert match.status is Status.REVIEW
        assert match.decision is None
        assert match.explanation == (
            "name is close; decision of 2026-01-10 re-raised: list entry changed"), label


def test_new_ownership_link_re_raises_the_decision() -> None:
    result = _reraised(MEGVII, MEGVII, [link(MEGVII, KUANGSHI, 100.0)])
    assert result.status is Status.REVIEW
    assert "re-raised: list entry changed" in result.matches[0].explanation


def test_expired_decision_is_re_raised_and_the_last_day_still_counts() -> None:
    decision = _clear(MEGVII, expires=date(2026, 2, 28))
    row = _row(_match(MEGVII))
    [on_last_day] = Decisions([decision]).apply([row], date(2026, 2, 28))
    assert on_last_day.status is Status.CLEARED
    [after] = Decisions([decision]).apply([row], TODAY)
    assert after.status is Status.REVIEW
    assert after.matches[0].explanation.endswith(
        "decision of 2026-01-10 re-raised: expired on 2026-02-28")


def test_match_decision_confirms_a_hit() -> None:
    confirm = _clear(MEGVII, decision=Verdict.MATCH, why="same company, ISIN checked")
    [result] = Decisions([confirm]).apply([_row(_match(MEGVII, Status.REVIEW))], TODAY)
    assert result.status is Status.HIT
    assert result.matches[0].decision == (
        "confirmed as a match by ana on 2026-01-10: same company, ISIN checked")


def test_newest_decision_wins() -> None:
    old = _clear(MEGVII, on=date(2025, 5, 1))
    newer = _clear(MEGVII, decision=Verdict.MATCH, on=date(2026, 2, 1))
    for order in ([old, newer], [newer, old]):
        [result] = Decisions(order).apply([_row(_match(MEGVII))], TODAY)
        assert result.status is Status.HIT


def test_row_key_and_key_column() -> None:
    by_position = _clear(MEGVII, name=None, row_key="input.csv:7")
    row7, row8 = _row(_match(MEGVII), row=7), _row(_match(MEGVII), row=8)
    assert [r.status for r in Decisions([by_position]).apply([row7, row8], TODAY)] == [
        Status.CLEARED, Status.REVIEW]
    keyed = _clear(MEGVII, name=None, row_key="V-1001", key_column="Vendor ID")
    vendor = Result(Subject("v.xlsx", "S", 3, "Megvi Tech", cells={"Vendor ID": " V-1001"}),
                    Status.REVIEW, (_match(MEGVII),))
    [result] = Decisions([keyed]).apply([vendor], TODAY)
    assert result.status is Status.CLEARED
    sheet_key = _clear(MEGVII, name=None, row_key="v.xlsx:S:3")
    assert Decisions([sheet_key]).apply([vendor], TODAY)[0].status is Status.CLEARED


def test_rows_without_matches_pass_through() -> None:
    clear = Result(subject("Acme"), Status.CLEAR)
    assert Decisions([_clear(MEGVII)]).apply([clear], TODAY) == [clear]


def test_re_raising_twice_does_not_repeat_the_note() -> None:
    decision = _clear(MEGVII, version="old")
    decisions = Decisions([decision])
    once = decisions.apply([_row(_match(MEGVII))], TODAY)
    twice = decisions.apply(once, TODAY)
    assert twice[0].matches[0].explanation.count("re-raised") == 1
