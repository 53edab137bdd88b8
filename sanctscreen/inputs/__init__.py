"""Reading the files users screen: spreadsheets and delimited text into Subject rows."""

from sanctscreen.inputs.reader import SUPPORTED_SUFFIXES, iter_input, read_input
from sanctscreen.inputs.table import InputTable

__all__ = ["SUPPORTED_SUFFIXES", "InputTable", "iter_input", "read_input"]
