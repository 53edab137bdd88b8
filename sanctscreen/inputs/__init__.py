"""Reading what users screen: spreadsheets, delimited text, Parquet and in-memory tables
(pandas DataFrames, pyarrow Tables) into Subject rows.

This is the package's one face; callers outside it import from here, never its modules. A
source is read in one of two ways: as whole rows (`read_input`, `iter_input`, or
`iter_sheets` / `frame_sheets` for each sheet's layout and raw rows, built by the sheet's
`RowBuilder`), or, for delimited text on the columnar fast path, in blocks of Arrow columns
(`plan_delimited`).
"""

from sanctscreen.inputs.cells import MAX_NAME, RowBuilder
from sanctscreen.inputs.columns import Layout
from sanctscreen.inputs.delimited import DelimitedPlan, plan_delimited
from sanctscreen.inputs.frame import FIRST_ROW, frame_length, is_frame
from sanctscreen.inputs.reader import (
    SUPPORTED_SUFFIXES,
    RawSheet,
    frame_sheets,
    iter_input,
    iter_sheets,
    read_input,
    sheet_tables,
)
from sanctscreen.inputs.row import Cells
from sanctscreen.inputs.sniff import Kind, LockFileError, detect
from sanctscreen.inputs.table import InputTable

__all__ = ["FIRST_ROW", "MAX_NAME", "SUPPORTED_SUFFIXES", "Cells", "DelimitedPlan",
           "InputTable", "Kind", "Layout", "LockFileError", "RawSheet", "RowBuilder", "detect",
           "frame_length", "frame_sheets", "is_frame", "iter_input", "iter_sheets",
           "plan_delimited", "read_input", "sheet_tables"]
