"""Turn one row of cells into a Subject: cleaned name, parsed identifiers, country, skip reason."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sanctscreen.inputs.columns import Layout
from sanctscreen.inputs.countries import country_code
from sanctscreen.inputs.fastid import identifier
from sanctscreen.models import Identifier, Subject

# Names are truncated to this for matching: no listed name comes close, and a 100 000-character
# cell would otherwise cost the matcher seconds. The full text stays in Subject.cells.
MAX_NAME = 1000

# Control characters separate words (a tab or NUL between two words); invisible formatting
# characters do not ("Meg\u200bvii" is Megvii), and bidi overrides can make a name display as
# something it is not. Zero-width (non-)joiners stay: Persian names need them.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# What Excel writes for a formula that failed when it saves text (CSV). calamine itself reads
# an error cell of a workbook as empty, so there it is a blank name.
_EXCEL_ERRORS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})


def clean_text(text: str) -> str:
    """Whitespace collapsed and invisible characters removed."""
    if not text.isprintable():
        text = _INVISIBLE.sub("", _CONTROLS.sub(" ", text))
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


def id_text(value: Any) -> Any:
    """An identifier cell as text; a ticker typed as 700 arrives from Excel as 700.0."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return value


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


_UNSEEN = object()


class RowBuilder:
    """Builds the Subjects of one sheet; collects warnings about rows it had to alter."""

    def __init__(self, file: str, sheet: str | None, layout: Layout):
        self.file = file
        self.sheet = sheet
        self.layout = layout
        self.warnings: list[str] = []
        self._width = len(layout.columns)
        self._countries: dict[str, str | None] = {}
        # The recognised columns and their header texts, to spot the header repeated in the data
        # (reports exported page by page repeat it on every page).
        roles = [layout.name_index, layout.country_index, *(i for _, i in layout.id_indexes)]
        self._header = [(i, layout.columns[i].casefold()) for i in roles if i is not None]

    def build(self, rows: Iterable[tuple[int, Sequence[Any]]]) -> Iterator[Subject]:
        columns, width, file, sheet = self.layout.columns, self._width, self.file, self.sheet
        for number, raw in rows:
            values = [None if v == "" else v for v in raw]
            if len(values) == width:
                cells = dict(zip(columns, values, strict=True))
            else:
                cells = self._ragged(values)
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
        return all(isinstance(values[i], str) and values[i].strip().casefold() == text
                   for i, text in self._header)

    def _ragged(self, values: list[Any]) -> dict[str, Any]:
        """Cells of a row shorter or longer than the header; extra cells are kept, not lost."""
        width = self._width
        values.extend([None] * (width - len(values)))
        cells = dict(zip(self.layout.columns, values, strict=False))
        for position, value in enumerate(values[width:], start=width + 1):
            cells.setdefault(f"Column {position}", value)
        return cells

    def _subject(self, number: int, values: list[Any], cells: dict[str, Any]) -> Subject:
        name_index, country_index = self.layout.name_index, self.layout.country_index
        name, problem = (None, None) if name_index is None else name_of(values[name_index])
        ids = self._identifiers(values, self.layout.id_indexes)
        country = None if country_index is None else self._country(values[country_index])
        if name is not None and len(name) > MAX_NAME:
            self.warnings.append(self._where(number) + f"name of {len(name):,} characters "
                                 f"truncated to {MAX_NAME:,} for matching")
            name = name[:MAX_NAME]
        reason = None
        if ids:
            if problem is not None:
                name = None  # screened by its identifiers; a date or TRUE is not a name to match
        elif problem is not None or name is None:
            reason = self._reason(problem, values, self.layout.id_indexes)
        return Subject(self.file, self.sheet, number, name, ids, country, cells, reason)

    def _country(self, value: Any) -> str | None:
        # A file holds few distinct countries; remembering them saves a lookup per row.
        if not isinstance(value, str):
            return country_code(value)
        code = self._countries.get(value, _UNSEEN)
        if code is _UNSEEN:
            code = self._countries[value] = country_code(value)
        return code  # type: ignore[return-value]

    @staticmethod
    def _identifiers(values: list[Any], id_indexes: tuple[tuple[str, int], ...]
                     ) -> tuple[Identifier, ...]:
        found = []
        for scheme, index in id_indexes:
            value = values[index]
            if value is not None:
                found_id = identifier(scheme, id_text(value))
                if found_id is not None:
                    found.append(found_id)
        return tuple(found)

    def _reason(self, problem: str | None, values: list[Any],
                id_indexes: tuple[tuple[str, int], ...]) -> str:
        reason = problem or "no name and no valid identifier"
        invalid = [f"{scheme.upper()} {str(values[i]).strip()!r} is not valid"
                   for scheme, i in id_indexes if not is_blank(values[i])]
        return "; ".join([reason, *invalid])

    def _where(self, number: int) -> str:
        return f"{self.sheet}!row {number}: " if self.sheet else f"line {number}: "
