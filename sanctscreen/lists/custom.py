"""An organisation's own blocklist as CSV or XLSX: name, aliases, id, type, country, program."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

from sanctscreen.countries import country_code
from sanctscreen.errors import ListError
from sanctscreen.lists.common import clean, decode, entity_type, read_bytes, slug, unique
from sanctscreen.lists.interface import ListLoader
from sanctscreen.models import Designation, Entity, ListInfo, ScreeningList

COLUMNS = ("name", "aliases", "id", "type", "country", "program")
_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm"}


def _header(cells: Sequence[object]) -> list[str]:
    return [str(c or "").strip().casefold() for c in cells]


def _csv_table(path: Path) -> Iterator[Sequence[object]]:
    text = decode(read_bytes(path), path)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    if _ends_inside_quotes(text, dialect):
        # A lenient reader would take everything after the open quote as one name.
        raise ListError("the file ends inside a quoted field; it looks truncated", path=path)
    yield from csv.reader(io.StringIO(text, newline=""), dialect)


def _ends_inside_quotes(text: str, dialect: type[csv.Dialect] | csv.Dialect) -> bool:
    """Whether a quote opened in `text` is never closed (a download cut short, say).

    Only the strict reader reports it; its other complaint (text after a closing quote) is
    common in hand-made files and read leniently as before.
    """
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), dialect, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _xlsx_table(path: Path) -> Iterator[Sequence[object]]:
    import openpyxl  # imported here: only spreadsheet lists pay for it

    from sanctscreen.errors import InputError
    from sanctscreen.inputs import detect

    try:
        detect(path)  # the ZIP-bomb and encryption checks the files users screen get
    except InputError as exc:
        raise ListError(f"cannot open the workbook: {exc.args[0]}", path=path,
                        hint=exc.hint) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise ListError(f"cannot open the workbook ({exc.__class__.__name__})", path=path) from None
    try:
        # Parts are inflated as rows are read, so a damaged part fails here, not above.
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    except Exception as exc:
        raise ListError(f"cannot read the workbook ({exc.__class__.__name__})",
                        path=path) from None
    finally:
        book.close()


def _table(path: Path) -> Iterator[Sequence[object]]:
    if path.suffix.casefold() in {".xlsx", ".xlsm"}:
        yield from _xlsx_table(path)
    else:
        yield from _csv_table(path)


class CustomLoader(ListLoader):
    NAME: ClassVar[str] = "custom"
    DESCRIPTION: ClassVar[str] = (
        "your own blocklist, CSV or XLSX with a `name` column (optional: aliases, id, type, "
        "country, program)"
    )

    @classmethod
    def sniff(cls, path: Path) -> bool:
        if not path.is_file() or path.suffix.casefold() not in _SUFFIXES:
            return False
        try:
            first = next(iter(_table(path)), [])
        except ListError:
            return False
        return "name" in _header(first)

    def load(self, path: Path, *, list_id: str | None = None) -> ScreeningList:
        rows = iter(_table(path))
        header = _header(next(rows, []))
        if "name" not in header:
            raise ListError("a custom list needs a `name` column", path=path,
                            hint=f"columns: {', '.join(COLUMNS)}")
        list_id = list_id or f"custom-{slug(path.stem)}"
        entities: list[Entity] = []
        unused = [column for column in header if column and column not in COLUMNS]
        warnings = [f"columns not used: {', '.join(unused)}"] if unused else []
        seen: set[str] = set()
        for number, cells in enumerate(rows, start=2):
            row = {key: clean(cells[i]) if i < len(cells) else None for i, key in enumerate(header)}
            name = row.get("name")
            if not name:
                continue
            local = row.get("id") or str(number)
            if local in seen:
                warnings.append(f"row {number}: id {local!r} repeated, kept the first")
                continue
            seen.add(local)
            country = country_code(row.get("country"))
            entities.append(Entity(
                id=f"{list_id}:{local}", name=name, type=entity_type(row.get("type")),
                list_id=list_id,
                aliases=unique((row.get("aliases") or "").split(";"), exclude=[name]),
                designations=(Designation("CUSTOM", row.get("program")),),
                countries=(country,) if country else (),
            ))
        if not entities:
            raise ListError("the custom list has no names", path=path)
        digest = hashlib.sha256(read_bytes(path)).hexdigest()
        info = ListInfo(list_id, f"Internal list {path.name}", str(path), None, len(entities),
                        digest, self.NAME)
        return ScreeningList(info, tuple(entities), (), tuple(warnings))
