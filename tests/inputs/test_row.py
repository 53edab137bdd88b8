from __future__ import annotations

import pytest

from sanctscreen.inputs.row import Cells


def test_cells_behave_as_a_read_only_mapping_in_column_order() -> None:
    index = {"Name": 0, "ISIN": 1, "Weight": 2}
    cells = Cells(index, ["Megvii", None, 1.5])
    assert list(cells) == ["Name", "ISIN", "Weight"]
    assert cells == {"Name": "Megvii", "ISIN": None, "Weight": 1.5}
    assert (cells["Name"], cells.get("Missing"), len(cells)) == ("Megvii", None, 3)
    assert repr(cells) == "{'Name': 'Megvii', 'ISIN': None, 'Weight': 1.5}"
    with pytest.raises(KeyError):
        cells["Missing"]
    with pytest.raises(TypeError):
        cells["Name"] = "x"  # type: ignore[index]


def test_rows_share_one_index() -> None:
    index = {"Name": 0}
    first, second = Cells(index, ["a"]), Cells(index, ["b"])
    assert (dict(first), dict(second)) == ({"Name": "a"}, {"Name": "b"})
