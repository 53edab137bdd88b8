from __future__ import annotations

from sanctscreen.inputs.table import InputTable
from sanctscreen.models import Subject


def test_screened_and_skipped_counts() -> None:
    subjects = [Subject("f.csv", None, 2, "Megvii"), Subject("f.csv", None, 3, None,
                                                             skip_reason="blank name")]
    table = InputTable("f.csv", None, 1, ("Name",), "Name", {}, None, subjects)
    assert (table.screened, table.skipped, table.warnings) == (1, 1, ())
