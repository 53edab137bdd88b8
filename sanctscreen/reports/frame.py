"""The findings of a report as a pandas DataFrame, for a caller that screened from Python."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sanctscreen.inputs import FIRST_ROW
from sanctscreen.models import Report, Result, Status
from sanctscreen.reports.common import (
    best_match,
    display_name,
    lists_text,
    path_text,
    score_of,
)

if TYPE_CHECKING:
    import pandas as pd

# One column per fact of a row's best match (the match that decides how the row reads).
COLUMNS = ("status", "score", "party", "party_id", "lists", "consequence", "match_type",
           "matched_name", "ownership_path", "explanation", "decision", "reason",
           "other_parties")
LEAD = ("file", "sheet", "row", "name")


def findings_frame(report: Report, index: pd.Index[Any] | None = None) -> pd.DataFrame:
    """One row per input row on `index` (the screened table's; rows the report does not list
    are clear), or, without an index, one row per row the report lists, led by where it is."""
    import pandas as pd

    if index is None:
        rows = [(r.subject.file, r.subject.sheet, r.subject.row, display_name(r.subject),
                 *_cells(r)) for r in report.reported]
        frame = pd.DataFrame(rows, columns=[*LEAD, *COLUMNS])
    else:
        # Column by column: a million clear rows cost a few arrays, not a million tuples.
        import numpy as np

        size = len(index)
        columns = {name: np.full(size, None, dtype=object) for name in COLUMNS}
        columns["status"][:] = Status.CLEAR.value
        for result in report.results:
            position = result.subject.row - FIRST_ROW
            if 0 <= position < size:
                for name, value in zip(COLUMNS, _cells(result), strict=True):
                    columns[name][position] = value
        frame = pd.DataFrame(columns, index=index)
    frame["score"] = frame["score"].astype("float64")
    return frame


def _cells(result: Result) -> tuple[Any, ...]:
    best = best_match(result)
    others = list(dict.fromkeys(m.entity_name for m in result.matches
                                if best is not None and m.entity_id != best.entity_id))
    if best is None:
        return (result.status.value, None, None, None, None, None, None, None, None, None,
                None, result.reason, None)
    return (
        result.status.value,
        score_of(best),
        best.entity_name,
        best.entity_id,
        lists_text(best.lists),
        best.consequence or None,
        best.match_type.value,
        best.matched_name,
        path_text(best.path) or None,
        best.explanation,
        best.decision,
        result.reason,
        "; ".join(others) or None,
    )
