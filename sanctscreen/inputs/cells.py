"""Turn one row of cells into a Subject: cleaned name, parsed identifiers, country, skip reason."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from sanctscreen.countries import cell_country
from sanctscreen.inputs.columns import Layout
from sanctscreen.inputs.fastid import identifier
from sanctscreen.inputs.row import Cells
from sanctscreen.models import Identifier, Subject

# Names are truncated to this for matching: no listed name comes close, and a 100 000-character
# cell would otherwise cost the matcher seconds. The full text stays in Subject.cells.
MAX_NAME = 1000
MAX_WARNINGS = 20  # per sheet

# Control characters separate words (a tab or NUL between two words); invisible formatting
# characters do not ("Meg\u200bvii" is Megvii), and bidi overrides can make a name display as
# something it is not. Zero-width (non-)joiners stay: Persian names need them.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# Terminal colour and cursor codes ("\x1b[31m") in text copied from a console: removed whole,
# or their printable tail ("[31m") would stick to the name and keep it from matching.
_TERMINAL_CODES = re.compile("\x1b\\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]")
# What Excel writes for a formula that failed when it saves text (CSV). calamine itself reads
# an error cell of a workbook as empty, so there it is a blank name.
_EXCEL_ERRORS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})


def clean_text(text: str) -> str:
    """Whitespace collapsed and invisible characters removed."""
    if text.isprintable():
        # isprintable() is False for every space but " ": a text with no runs of spaces
        # and no space at either end is already clean, and is kept rather than copied.
        if "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text
    else:
        text = _INVISIBLE.sub("", _CONTROLS.sub(" ", _TERMINAL_CODES.sub("", text)))
    return " ".join(text.split())


def name_of(value: Any) -> tuple[str | None, str | None]:
    """(name text, reason it cannot be screened by name) for one name cell."""
    if value is None:
        return None, "blank name"
    if isinstance(value, str):
        text = clean_text(value)
        if not text:
            return None, "blank name"
        if text in _EXCEL_ERRORS:
            return None, f"name cell unreadable ({text})"
        return text, None
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
        return text, f"name is not text: boolean {text}"
    if isinstance(value, int):
        return str(value), None  # "360" (Qihoo 360) is a name Excel stores as a number
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, "blank name"
        return (str(int(value)) if value.is_integer() else repr(value)), None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(), f"name is not text: date {value.isoformat()}"
    if isinstance(value, dt.time | dt.timedelta):
        text = str(value) if isinstance(value, dt.timedelta) else value.isoformat()
        return text, f"name is not text: time {text}"
    if isinstance(value, bytes | bytearray):
        return None, "name cell unreadable (binary data)"
    return name_of(str(value))


def id_text(scheme: str, value: Any) -> Any:
    """An identifier cell as text; a ticker typed as 700 arrives from Excel as 700.0."""
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        return None  # TRUE or a date in an identifier column identifies nothing
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        # A CUSIP is nine characters; Excel drops the leading zeros of an all-digit one
        # (037833100 becomes 37833100). Tickers are left alone: 700 is HK, 000063 is Shenzhen.
        return str(value).zfill(9) if scheme == "cusip" else str(value)
    return value


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


# Why a name cell that is empty in a workbook is: a formula Excel never computed. Said in the
# reason of each such row and, once per sheet, in a warning.
UNCOMPUTED = "blank name: a formula whose value was never computed"
UNCOMPUTED_HINT = "open the file in Excel and save it, then screen it again"


class Formulas(Protocol):
    """Which cells of a sheet hold a formula with no saved value (inputs.workbook)."""

    def uncomputed(self, row: int, index: int) -> bool: ...


class RowBuilder:
    """Builds the Subjects of one sheet; collects warnings about rows it had to alter."""

    def __init__(self, file: str, sheet: str | None, layout: Layout, *,
                 formulas: Formulas | None = None):
        self.file = file
        self.sheet = sheet
        self.layout = layout
        self.formulas = formulas
        self._uncomputed_said = False
        self.warnings: list[str] = []
        self._width = len(layout.columns)
        self._index = {column: i for i, column in enumerate(layout.columns)}
        self._countries: dict[str, str | None] = {}
        self._warned = 0
        self._counted = 0  # warnings beyond MAX_WARNINGS already reported as a count
        # The recognised columns and their header texts, to spot the header repeated in the data
        # (reports exported page by page repeat it on every page).
        roles = [layout.name_index, layout.country_index, *(i for _, i in layout.id_indexes)]
        self._header = [(i, layout.columns[i].casefold()) for i in roles if i is not None]

    def build(self, rows: Iterable[tuple[int, Sequence[Any]]]) -> Iterator[Subject]:
        index, width, file, sheet = self._index, self._width, self.file, self.sheet
        for number, raw in rows:
            values = [None if v == "" else v for v in raw]
            cells = Cells(index, values) if len(values) == width else self._ragged(values)
            if all(map(is_blank, values)):
                yield Subject(file, sheet, number, None, (), None, cells, "empty row")
            elif self._repeats_header(values):
                yield Subject(file, sheet, number, None, (), None, cells, "repeated header row")
            else:
                yield self._subject(number, values, cells)

    def _repeats_header(self, values: list[Any]) -> bool:
        first, text = self._header[0]
        value = values[first]
        if not isinstance(value, str) or value.strip().casefold() != text:
            return False  # the common case, decided by one comparison
        return all(isinstance(values[i], str) and values[i].strip().casefold() == header
                   for i, header in self._header)

    def _ragged(self, values: list[Any]) -> Cells:
        """Cells of a row shorter or longer than the header; extra cells are kept, not lost."""
        width = self._width
        if len(values) < width:
            values.extend([None] * (width - len(values)))
            return Cells(self._index, values)
        index = dict(self._index)
        for position in range(width, len(values)):
            index.setdefault(f"Column {position + 1}", position)
        return Cells(index, values)

    def _subject(self, number: int, values: list[Any], cells: Cells) -> Subject:
        name_index, country_index = self.layout.name_index, self.layout.country_index
        name, problem = (None, None) if name_index is None else name_of(values[name_index])
        ids = self._identifiers(values, self.layout.id_indexes)
        country = None if country_index is None else self._country(values[country_index])
        if name is not None and len(name) > MAX_NAME:
            self._warn(number, f"name of {len(name):,} characters truncated to {MAX_NAME:,} "
                       "for matching")
            name = name[:MAX_NAME]
        reason = None
        if ids:
            if problem is not None:
                name = None  # screened by its identifiers; a date or TRUE is not a name to match
        elif problem is not None or name is None:
            if problem == "blank name" and self._uncomputed(number, name_index):
                problem = UNCOMPUTED
            reason = self._reason(problem, values, self.layout.id_indexes)
        return Subject(self.file, self.sheet, number, name, ids, country, cells, reason)

    def _uncomputed(self, number: int, index: int | None) -> bool:
        """Whether the name cell is a formula never computed; warns once per sheet if so."""
        if self.formulas is None or index is None or not self.formulas.uncomputed(number, index):
            return False
        if not self._uncomputed_said:
            self._uncomputed_said = True
            where = f"sheet {self.sheet!r}" if self.sheet else "the file"
            self.warnings.append(f"{self.file}: {where}: name cells hold formulas whose values "
                                 f"were never computed (row {number} first): the file was saved "
                                 f"by a program that does not calculate; {UNCOMPUTED_HINT}")
        return True

    def _country(self, value: Any) -> str | None:
        # A file holds few distinct countries; remembering them saves a lookup per row.
        if not isinstance(value, str):
            return cell_country(value)
        if value not in self._countries:
            self._countries[value] = cell_country(value)
        return self._countries[value]

    @staticmethod
    def _identifiers(values: list[Any], id_indexes: tuple[tuple[str, int], ...]
                     ) -> tuple[Identifier, ...]:
        found = []
        for scheme, index in id_indexes:
            value = values[index]
            if value is not None:
                found_id = identifier(scheme, id_text(scheme, value))
                if found_id is not None:
                    found.append(found_id)
        return tuple(found)

    def _reason(self, problem: str | None, values: list[Any],
                id_indexes: tuple[tuple[str, int], ...]) -> str:
        reason = problem or "no name and no valid identifier"
        invalid = [f"{scheme.upper()} {_shown(values[i])} is not valid"
                   for scheme, i in id_indexes if not is_blank(values[i])]
        return "; ".join([reason, *invalid])

    def _warn(self, number: int, text: str) -> None:
        # A hostile file could earn a warning on each of a million rows; a few name the rows,
        # the rest are counted.
        self._warned += 1
        if self._warned <= MAX_WARNINGS:
            where = f"{self.sheet}!row {number}" if self.sheet else f"line {number}"
            self.warnings.append(f"{where}: {text}")

    def take_warnings(self) -> tuple[str, ...]:
        """The warnings since the last call, with a count of those not listed."""
        taken = tuple(self.warnings)
        self.warnings = []
        unlisted = max(0, self._warned - MAX_WARNINGS) - self._counted
        if unlisted:
            self._counted += unlisted
            taken += (f"{unlisted:,} more rows had their names truncated",)
        return taken


def _shown(value: Any) -> str:
    text = repr(str(value).strip())
    return text if len(text) <= 40 else text[:37] + "...'"
