"""Read a user's own ownership file (owners.csv / owners.xlsx) into graph nodes and links.

Format, one link per row, header names case-insensitive:

- `owner`, `owned` (required): party names. The columns alone decide the direction: `owner` holds
  `owned`. Names go through the caller's resolver (the matcher), so "Megvii Tech Ltd" lands on the
  listed Megvii entity; a name it does not resolve becomes an unlisted node `owners:<slug>`.
- `share` (optional): a percentage from 0 to 100. `51`, `51%`, `51 %` and `12,5` all read as
  percent; a plain number is always a percentage, so `0.51` means 0.51 %, not 51 %. In .xlsx a cell
  formatted as a percentage (shown as 51 %, stored as 0.51) reads as 51. Blank means unknown.
- `relation` (optional): `owns` (default; also `parent`, `subsidiary`, `shareholder`) or `controls`.
  `parent` and `subsidiary` only say the link is a group relationship; they never swap the
  columns. A row with `controls` and a share records both the stake and the control.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sanctscreen.errors import InputError
from sanctscreen.models import Entity, Link, Relation

USER_LIST_ID = "owners"

_COLUMNS = {
    "owner": "owner", "shareholder": "owner", "parent": "owner",
    "owned": "owned", "company": "owned", "subsidiary": "owned",
    "share": "share", "share %": "share", "share (%)": "share", "percent": "share",
    "ownership %": "share", "stake": "share",
    "relation": "relation", "relationship": "relation",
}
_RELATIONS = {
    "owns": Relation.OWNS, "own": Relation.OWNS, "owner": Relation.OWNS,
    "parent": Relation.OWNS, "subsidiary": Relation.OWNS, "shareholder": Relation.OWNS,
    "controls": Relation.CONTROLS, "control": Relation.CONTROLS, "controlled": Relation.CONTROLS,
}
_PERCENT_CELL = object()  # marks an .xlsx number whose cell format is a percentage

Row = tuple[int, dict[str, Any]]  # (row number as the user sees it, cells by canonical column)


def read_ownership_file(path: Path, resolve: Callable[[str], Entity | None], *,
                        source: str | None = None) -> tuple[list[Entity], list[Link]]:
    """The new unlisted nodes and the links stated by `path`.

    Resolved names are not returned as entities: they already are in the caller's lists.
    Raises InputError naming the file (and row) for anything it cannot read.
    """
    path = Path(path)
    label = source or path.name
    nodes: dict[str, Entity] = {}
    resolved: dict[str, str] = {}
    links: list[Link] = []
    for number, cells in _rows(path):
        owner = _node(cells.get("owner"), "owner", number, path, resolve, resolved, nodes)
        owned = _node(cells.get("owned"), "owned", number, path, resolve, resolved, nodes)
        share = parse_share(cells.get("share"), number, path)
        relation = _relation(cells.get("relation"), number, path)
        where = f"{label} row {number}"
        if relation is Relation.CONTROLS and share is not None:
            links.append(Link(owner, owned, Relation.OWNS, share, where))
        links.append(Link(owner, owned, relation, share if relation is Relation.OWNS else None,
                          where))
    return list(nodes.values()), links


def slug(name: str) -> str:
    """A stable id part for a name: case-folded words joined by hyphens (CJK kept as is)."""
    return re.sub(r"[\W_]+", "-", name.casefold()).strip("-")


def parse_share(raw: Any, row: int, path: Path) -> float | None:
    """A share cell as percent 0-100, None when blank; InputError naming the row otherwise."""
    value: float
    if isinstance(raw, tuple) and raw and raw[0] is _PERCENT_CELL:
        value = float(raw[1]) * 100.0
    elif raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    elif isinstance(raw, bool):
        raise InputError(f"row {row}: share {raw!r} is not a percentage", path=path)
    elif isinstance(raw, int | float):
        value = float(raw)
    else:
        text = str(raw).strip().rstrip("%").strip()
        if "," in text and "." not in text:
            text = text.replace(",", ".")  # a decimal comma, as European spreadsheets write it
        try:
            value = float(text)
        except ValueError:
            raise InputError(f"row {row}: share {str(raw).strip()!r} is not a percentage",
                             path=path, hint="write 51, 51 % or leave it blank") from None
    if math.isnan(value) or not 0.0 <= value <= 100.0:
        shown = raw[1] if isinstance(raw, tuple) else raw
        raise InputError(f"row {row}: share {shown!r} is outside 0-100 percent", path=path)
    return value


def _relation(raw: Any, row: int, path: Path) -> Relation:
    text = "" if raw is None else str(raw).strip().casefold()
    if not text:
        return Relation.OWNS
    relation = _RELATIONS.get(text)
    if relation is None:
        raise InputError(f"row {row}: relation {str(raw).strip()!r} is not one of owns, "
                         "controls, parent, subsidiary", path=path)
    return relation


def _node(raw: Any, column: str, row: int, path: Path, resolve: Callable[[str], Entity | None],
          resolved: dict[str, str], nodes: dict[str, Entity]) -> str:
    name = "" if raw is None else " ".join(str(raw).split())
    if not name:
        raise InputError(f"row {row}: the {column} name is blank", path=path)
    if name not in resolved:
        entity = resolve(name)
        if entity is None:
            node_id = f"{USER_LIST_ID}:{slug(name) or 'unnamed'}"
            nodes.setdefault(node_id, Entity(id=node_id, name=name, list_id=USER_LIST_ID))
            resolved[name] = node_id
        else:
            resolved[name] = entity.id
    return resolved[name]


def _rows(path: Path) -> Iterator[Row]:
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError("ownership file not found", path=path)
    if not path.is_file():  # a folder, or a device or pipe that may never end
        raise InputError("is not an ownership file (not a regular file)", path=path)
    if suffix in (".csv", ".txt", ".tsv"):
        yield from _with_header(_csv_rows(path), path)
    elif suffix in (".xlsx", ".xlsm"):
        yield from _with_header(_xlsx_rows(path), path)
    else:
        raise InputError(f"ownership files must be .csv or .xlsx, not {suffix or 'no suffix'!r}",
                         path=path)


def _with_header(rows: Iterator[tuple[int, list[Any]]], path: Path) -> Iterator[Row]:
    columns: list[str | None] | None = None
    for number, values in rows:
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if columns is None:
            columns = [_COLUMNS.get(" ".join(str(v).split()).casefold()) if v is not None
                       else None for v in values]
            missing = [c for c in ("owner", "owned") if c not in columns]
            if missing:
                found = ", ".join(str(v) for v in values if v is not None)
                raise InputError(f"row {number}: no {' or '.join(missing)} column "
                                 f"(found: {found})", path=path,
                                 hint="columns are owner, owned, share, relation")
            continue
        yield number, {col: val for col, val in zip(columns, values, strict=False) if col}
    if columns is None:
        raise InputError("the ownership file is empty", path=path)


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")  # Excel's "CSV" export on Western Windows
    except OSError as exc:
        raise InputError(f"cannot read the ownership file: {exc.strerror}", path=path) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    for values in reader:
        yield reader.line_num, list(values)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    import openpyxl  # imported here: most screens never read an ownership workbook

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a damaged workbook
        raise InputError(f"cannot read the ownership workbook: {exc}", path=path) from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(), start=1):
            values: list[Any] = []
            for cell in row:
                value = cell.value
                fmt = getattr(cell, "number_format", "") or ""
                if isinstance(value, int | float) and not isinstance(value, bool) and "%" in fmt:
                    values.append((_PERCENT_CELL, value))
                else:
                    values.append(value)
            yield number, values
    finally:
        book.close()
