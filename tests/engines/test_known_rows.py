"""Rows found clear whatever the policy are kept for later runs; nothing else is."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from sanctscreen.engines import Source, verdicts
from sanctscreen.engines.local import LocalEngine
from sanctscreen.engines.verdicts import load_rows, save_rows
from sanctscreen.lists import load_lists
from sanctscreen.matching.interface import Thresholds
from sanctscreen.models import Status
from sanctscreen.screen import Screener
from tests.engines.holdings import LISTS, POLICY
from tests.factory import entity, link, screening_list

# The bundled lists without the 16 500-entry SDN list, which these tests do not need.
SMALL = ["seed", "ofac-cons"]

# An unlisted company: its rows have a candidate, and are clear only while nothing listed
# owns it. Such rows must never be remembered as clear.
SUBSIDIARY = entity("acme", "Zorblax Optical Instruments Co Ltd", lists=())
OWNER = entity("owner", "Quuxcorp Surveillance Group", lists=("NS-CMIC",))
EXTRA = screening_list([SUBSIDIARY, OWNER], list_id="extra")
ROWS = ["Issuer Name,ISIN,Country",
        "Apple Inc,US0378331005,US", "Nestle SA,,CH", "MEGVII TECHNOLOGY LTD,,CN",
        "Zorblax Optical Instruments Co Ltd,,CN", "Siemens AG,DE0007236101,DE", ",,",
        "Toyota Motor Corp,,JP", "Apple Inc,US0378331005,US"]


def _files(tmp_path: Path) -> list[Path]:
    csv_path = tmp_path / "holdings.csv"
    csv_path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    book = Workbook()
    for line in ROWS:
        book.active.append([cell or None for cell in line.split(",")])
    xlsx_path = tmp_path / "holdings.xlsx"
    book.save(xlsx_path)
    return [csv_path, xlsx_path]


def _screener(**options: Any) -> Screener:
    return Screener([*load_lists(SMALL), *LISTS, EXTRA], policy=POLICY, **options)


def _results(screener: Screener, path: Path) -> list[tuple[int, Status, tuple[str, ...]]]:
    batches = LocalEngine(3).run(screener, [Source(path)])
    return [(r.subject.row, r.status, tuple(m.entity_id for m in r.matches))
            for b in batches for r in b.results]


def _judged(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    seen: list[Any] = []
    real = verdicts.Judge.judge

    def spy(self: verdicts.Judge, keys: Any) -> None:
        seen.extend(key for key, _ in keys)
        real(self, keys)

    monkeypatch.setattr(verdicts.Judge, "judge", spy)
    return seen


def test_a_later_run_judges_only_what_was_not_clear(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for path in _files(tmp_path):
        first = _screener()
        expected = _results(first, path)
        save_rows(first)
        later = _screener()
        assert load_rows(later) >= 4  # Apple, Nestle, Siemens, Toyota
        judged = _judged(monkeypatch)
        assert _results(later, path) == expected
        names = [str(key) for key in judged]
        assert not any("Apple" in n or "Nestle" in n or "Toyota" in n for n in names)
        assert any("Zorblax" in n for n in names)  # a candidate: judged again every run
        assert any("MEGVII" in n for n in names)
        monkeypatch.undo()


def test_an_owner_known_only_to_a_later_run_still_flags_the_row(tmp_path: Path) -> None:
    path = _files(tmp_path)[0]
    first = _screener()
    assert all(status is not Status.HIT or "Zorblax" not in str(ids)
               for _, status, ids in _results(first, path))
    save_rows(first)
    # The same lists and matcher; an ownership link supplied later (an --ownership file).
    later = _screener(extra_links=(link(OWNER, SUBSIDIARY, share=100.0),))
    load_rows(later)
    flagged = {row: ids for row, _, ids in _results(later, path)}
    assert flagged[5] == ("test:owner",)


def test_other_lists_or_thresholds_start_afresh(tmp_path: Path) -> None:
    path = _files(tmp_path)[0]
    first = _screener()
    _results(first, path)
    save_rows(first)
    assert len(list(Path(os.environ["SANCTSCREEN_CACHE_DIR"]).glob("rows-*"))) == 1
    assert load_rows(_screener(thresholds=Thresholds(hit=0.95, review=0.8))) == 0
    assert load_rows(Screener([*load_lists(SMALL), *LISTS], policy=POLICY)) == 0
    assert load_rows(_screener()) >= 4


def test_known_keys_are_looked_up_by_arrow_as_the_table_says() -> None:
    import pyarrow as pa

    from sanctscreen.models import Result, Subject

    flagged = (True, Result(Subject("h.csv", None, 0, "MEGVII"), Status.HIT))
    table: dict[Any, Any] = {"apple\x00US": None, "megvii\x00CN": flagged,
                             ("typed", 1): flagged}  # a grouped-path key: not text, left out
    known = verdicts.Known(table)
    assert known.keys.to_pylist() == ["apple\x00US", "megvii\x00CN"]
    unknown, listed, found = known.look_up(
        pa.array(["megvii\x00CN", "nestle\x00CH", "apple\x00US", "typed"]))
    assert unknown.tolist() == [False, True, False, True]
    assert listed.tolist() == [True, False, False, False]
    assert found == {0: flagged}
    unknown, listed, found = verdicts.Known({}).look_up(pa.array(["apple\x00US"]))
    assert unknown.tolist() == [True] and listed.tolist() == [False] and found == {}


def test_a_judge_takes_the_known_keys_again_once_its_table_has_grown(tmp_path: Path) -> None:
    csv_path = _files(tmp_path)[0]
    screener = _screener()
    judge = verdicts.Judge(screener, None, "holdings.csv", _layout(csv_path))
    empty = judge.known()
    assert judge.known() is empty and not len(empty.keys)
    _results(screener, csv_path)  # judges the file's rows into the same table
    grown = judge.known()
    assert grown is not empty and len(grown.keys) == len(judge.verdicts) > 0
    assert judge.known() is grown
    judge.verdicts.clear()  # as trim() does past MAX_VERDICTS
    assert not len(judge.known().keys)


def _layout(path: Path) -> Any:
    from sanctscreen.engines.columnar import plan_for

    plan = plan_for(Source(path))
    assert plan is not None
    return plan.layout
