"""Which lists exist: those bundled with the package (lists/catalog.yaml) and their metadata."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

import sanctscreen
from sanctscreen.errors import ListError

CATALOG_FILE = "catalog.yaml"


def bundled_dir() -> Path:
    """The folder of bundled list data: inside the installed wheel, else the source checkout."""
    packaged = Path(sanctscreen.__file__).resolve().parent / "_bundled_lists"
    if packaged.is_dir():
        return packaged
    return Path(sanctscreen.__file__).resolve().parent.parent / "lists"


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One bundled list: its id, loader, file or folder, and the facts the files do not carry."""

    id: str
    format: str
    path: Path
    default: bool = False
    name: str | None = None
    as_of: date | None = None
    source: str | None = None
    # Keyword arguments for the loader: what the files of a bundled set do not say themselves
    # (the bundled SDN set's companion files are of a later date than its primary file).
    options: tuple[tuple[str, Any], ...] = ()
    # Purposes for which the list is screened by default besides the default lists (the
    # procurement lists in a `--purpose procurement` screen).
    purposes: tuple[str, ...] = ()


def _entry(raw: Any, base: Path, catalog: Path) -> CatalogEntry:
    if not isinstance(raw, dict) or not {"id", "format", "path"} <= raw.keys():
        raise ListError("every list needs an id, a format and a path", path=catalog)
    as_of = raw.get("as_of")
    if as_of is not None and not isinstance(as_of, date):
        raise ListError(f"list {raw['id']}: as_of {as_of!r} is not a date", path=catalog)
    options = raw.get("options") or {}
    if not isinstance(options, dict):
        raise ListError(f"list {raw['id']}: options must be a mapping", path=catalog)
    purposes = raw.get("purposes") or []
    if not isinstance(purposes, list) or not all(isinstance(p, str) for p in purposes):
        raise ListError(f"list {raw['id']}: purposes must be a list of names", path=catalog)
    return CatalogEntry(
        id=str(raw["id"]),
        format=str(raw["format"]),
        path=base / str(raw["path"]),
        default=bool(raw.get("default", False)),
        name=raw.get("name"),
        as_of=as_of,
        source=raw.get("source"),
        options=tuple(sorted(options.items())),
        purposes=tuple(purposes),
    )


@functools.lru_cache(maxsize=4)
def _read(base: Path) -> tuple[CatalogEntry, ...]:
    catalog = base / CATALOG_FILE
    try:
        data = yaml.safe_load(catalog.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ListError("the bundled list catalog is missing", path=catalog) from None
    except yaml.YAMLError as exc:
        raise ListError(f"the bundled list catalog is not valid YAML ({exc})",
                        path=catalog) from None
    lists = data.get("lists") if isinstance(data, dict) else None
    if not isinstance(lists, list):
        raise ListError("expected a `lists:` sequence", path=catalog)
    return tuple(_entry(raw, base, catalog) for raw in lists)


def bundled() -> tuple[CatalogEntry, ...]:
    """Every bundled list, in catalog order."""
    return _read(bundled_dir())
