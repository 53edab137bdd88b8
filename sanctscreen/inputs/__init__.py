"""Reading what users screen: spreadsheets, delimited text, Parquet and in-memory tables
(pandas DataFrames, pyarrow Tables) into Subject rows."""

from sanctscreen.inputs.frame import FIRST_ROW, frame_length, is_frame
from sanctscreen.inputs.reader import (
    SUPPORTED_SUFFIXES,
    frame_sheets,
    iter_input,
    read_input,
    sheet_tables,
)
from sanctscreen.inputs.table import InputTable

__all__ = ["FIRST_ROW", "SUPPORTED_SUFFIXES", "InputTable", "frame_length", "frame_sheets",
           "is_frame", "iter_input", "read_input", "sheet_tables"]
