"""A small hand-built report covering every status, an ownership path and hostile cell text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sanctscreen.models import (
    ListInfo,
    Match,
    MatchType,
    PathStep,
    Report,
    Result,
    Status,
    Subject,
    Summary,
)

FORMULA_NAME = '=HYPERLINK("http://evil","x")'
FORMULA_ENTITY = "@SUM(1+1)"
SCRIPT_NAME = "DJI <script>alert(1)</script> | & Co"
FILE = "holdings.xlsx"
SHEET = "Holdings"


def _subject(row: int, name: str | None, **cells: Any) -> Subject:
    return Subject(file=FILE, sheet=SHEET, row=row, name=name,
                   cells={"Vendor": name, "Country": "CN", **cells})


def _match(entity: str, name: str, status: Status, score: float, **kw: Any) -> Match:
    defaults: dict[str, Any] = {
        "lists": ("NS-CMIC",), "matched_name": name, "match_type": MatchType.NAME,
        "explanation": f"name matches {name}", "entity_version": f"v-{entity}",
    }
    defaults.update(kw)
    return Match(entity_id=f"seed:{entity}", entity_name=name, status=status, score=score,
                 **defaults)


MEGVII = _match("megvii", "Megvii Technology Limited", Status.HIT, 0.971234,
                explanation="name matches alias 'Megvii Technology Ltd' (token set 0.97)")
KUANGSHI = _match(
    "megvii", "Megvii Technology Limited", Status.REVIEW, 0.85, match_type=MatchType.OWNERSHIP,
    matched_name="Beijing Kuangshi Technology Co., Ltd.",
    explanation="owned by a listed company; NS-CMIC covers listed entities only",
    path=(PathStep("seed:kuangshi", "Beijing Kuangshi Technology Co., Ltd.", "", None),
          PathStep("seed:megvii", "Megvii Technology Limited", "owns", 100.0, ("NS-CMIC",))),
)
EVIL = _match("evil", FORMULA_ENTITY, Status.REVIEW, 0.8, lists=("EL",),
              explanation="-1+1 looks like =A1")
DJI = _match("dji", "SZ DJI Technology Co., Ltd.", Status.CLEARED, 0.9,
             decision="cleared by ana on 2026-01-10: different company, a toy shop")


def report(include_clear: bool = False, **options: Any) -> Report:
    results = (
        Result(_subject(2, "Megvii Technology Ltd", Amount=1234.5, Note="旷视科技"),
               Status.HIT, (MEGVII,)),
        Result(_subject(3, "Beijing Kuangshi Technology", Amount=-5), Status.REVIEW, (KUANGSHI,)),
        Result(_subject(4, FORMULA_NAME, Amount=None, Note="+cmd|' /C calc'!A0"),
               Status.REVIEW, (EVIL,)),
        Result(_subject(5, "Acme Corp", Amount=10), Status.CLEAR),
        Result(_subject(6, None, Amount=3), Status.SKIPPED, reason="no name or identifier"),
        Result(_subject(7, SCRIPT_NAME, Note="a\x07bell"), Status.CLEARED, (DJI,)),
    )
    lists = (ListInfo("seed", "Bundled seed list", "Treasury press release 16 Dec 2021",
                      date(2021, 12, 16), 36, "ab" * 32, "seed"),)
    opts: dict[str, Any] = {"fail_on": "hit", "threshold_hit": 0.92, "as_of": date(2026, 1, 12)}
    opts.update(options)
    return Report(version="0.1.0", generated_at="2026-01-12T09:30:00Z", lists=lists,
                  inputs=(FILE,), options=opts, results=results,
                  summary=Summary.of(list(results)), include_clear=include_clear)


def empty_report() -> Report:
    base = report()
    clear = tuple(r for r in base.results if r.status is Status.CLEAR)
    return replace(base, results=clear, summary=Summary.of(list(clear)))


# The run's warnings as the sources word them; one names a hostile sheet, as a reader warning
# does ("<sheet>!row <n>: ..."), so each format must keep it inert.
WARNINGS = (
    "the lists screened are older than 90 days (newest as of 2021-12-16); run "
    "`sanctscreen lists update`",
    "sheet 'Cover' not screened: no name or identifier column",
    '=HYPERLINK("http://evil","x")!row 5: name of 5,000 characters truncated to 1,000 for '
    "matching",
    "seed: entity 'seed:x' <script>alert(1)</script> | has *no* designation",
)


def warned(include_clear: bool = False) -> Report:
    """The sample report of a run that warned."""
    return replace(report(include_clear), warnings=WARNINGS)
