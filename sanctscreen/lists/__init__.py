"""List loading: the registry of list formats, and the bundled, installed and ad-hoc lists."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sanctscreen.errors import ListError
from sanctscreen.lists import store
from sanctscreen.lists.catalog import CatalogEntry, bundled
from sanctscreen.lists.common import with_info
from sanctscreen.lists.interface import ListLoader
from sanctscreen.models import ListInfo, ScreeningList

__all__ = [
    "FORMATS",
    "LOADERS",
    "ListLoader",
    "check_list_path",
    "default_ids",
    "known_ids",
    "load_id",
    "load_list",
    "load_lists",
    "stale_lists",
]


# Every format: its --format name and the module and class of its loader. Sniffing tries them in
# this order: the specific ones before the generic custom CSV, which accepts any table with a
# `name` column. A loader's module is imported when the format is first used, so that a
# command reading only compiled lists from the cache (`lookup`, a repeat `check`) imports none.
_REGISTRY: tuple[tuple[str, str, str], ...] = (
    ("sanctscreen", "seed", "SeedLoader"),
    ("ofac-csv", "ofac_csv", "OfacCsvLoader"),
    ("ofac-enhanced", "ofac_enhanced", "OfacEnhancedLoader"),
    ("ofac-advanced", "ofac_advanced", "OfacAdvancedLoader"),
    ("ofac-xml", "ofac_xml", "OfacXmlLoader"),
    ("csl-csv", "csl", "CslCsvLoader"),
    ("csl-json", "csl", "CslJsonLoader"),
    ("bis-dpl", "dpl", "DplLoader"),
    ("ftm", "ftm", "FtmLoader"),
    ("custom", "custom", "CustomLoader"),
)
FORMATS: tuple[str, ...] = tuple(name for name, _, _ in _REGISTRY)


class _Loaders(Mapping[str, type[ListLoader]]):
    """The loader class of each format, by name, imported on first use."""

    def __getitem__(self, name: str) -> type[ListLoader]:
        found = next(((module, cls) for fmt, module, cls in _REGISTRY if fmt == name), None)
        if found is None:
            raise KeyError(name)
        loader: type[ListLoader] = getattr(
            importlib.import_module(f"sanctscreen.lists.{found[0]}"), found[1])
        return loader

    def __iter__(self) -> Iterator[str]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)


LOADERS: Mapping[str, type[ListLoader]] = _Loaders()


def _formats() -> str:
    return ", ".join(FORMATS)


def load_list(path: Path, fmt: str | None = None, *, list_id: str | None = None,
              options: Mapping[str, Any] | None = None) -> ScreeningList:
    """Load one list file (or multi-file folder); sniff its format when `fmt` is None.

    `options` are keyword arguments for the loader (a bundled list's catalog entry gives them).
    """
    path = Path(path)
    check_list_path(path)
    if fmt is not None:
        loader = LOADERS.get(fmt)
        if loader is None:
            raise ListError(f"unknown list format {fmt!r}", path=path,
                            hint=f"known formats: {_formats()}")
    else:
        loader = next((cls for cls in LOADERS.values() if cls.sniff(path)), None)
        if loader is None:
            raise ListError("cannot tell which list format this is", path=path,
                            hint=f"pass --format, one of: {_formats()}")
    try:
        instance = loader(**(options or {}))
    except TypeError:
        raise ListError(f"the {loader.NAME} loader takes no options "
                        f"{', '.join(sorted(options or {}))}", path=path) from None
    return instance.load(path, list_id=list_id)


def check_list_path(path: Path) -> None:
    """ListError for a missing list file, or one that is neither a file nor a folder of files:
    a device or pipe (/dev/zero, a FIFO) may never end, and is never read."""
    if not path.exists():
        raise ListError("list file not found", path=path)
    if not path.is_file() and not path.is_dir():
        raise ListError("is not a list file (not a regular file or folder)", path=path)


def _load_bundled(entry: CatalogEntry) -> ScreeningList:
    loaded = load_list(entry.path, entry.format, list_id=entry.id, options=dict(entry.options))
    changes = {key: value for key, value in
               (("name", entry.name), ("as_of", entry.as_of), ("source", entry.source))
               if value is not None}
    return with_info(loaded, **changes) if changes else loaded


def _load_installed(item: store.Installed) -> ScreeningList:
    loaded = load_list(item.path, item.format, list_id=item.id)
    return with_info(loaded, as_of=item.as_of, source=item.source)


def default_ids(purpose: str | None = None) -> list[str]:
    """The lists screened when none are named: the default lists, and those the catalog marks
    for `purpose` (a procurement screen also takes the procurement lists)."""
    return [entry.id for entry in bundled()
            if entry.default or (purpose is not None and purpose in entry.purposes)]


def known_ids() -> list[str]:
    """Every list id that `load_lists` accepts: bundled and installed."""
    ids = [entry.id for entry in bundled()]
    return ids + [item.id for item in store.installed() if item.id not in ids]


def load_id(list_id: str) -> ScreeningList:
    """The list `list_id`: the installed copy when there is one, else the bundled one.

    `ID@previous` loads the installed version before the current one (for `lists diff`).
    """
    base, _, which = list_id.partition("@")
    if which:
        if which != "previous":
            raise ListError(f"unknown version {which!r} of {base}", hint="use ID@previous")
        older = store.previous(base)
        if older is None:
            raise ListError(f"no previous version of {base} is installed")
        return _load_installed(older)
    installed = store.current(list_id)
    if installed is not None:
        return _load_installed(installed)
    entry = next((e for e in bundled() if e.id == list_id), None)
    if entry is None:
        raise ListError(f"unknown list {list_id!r}", hint=f"known lists: {', '.join(known_ids())}")
    return _load_bundled(entry)


def load_lists(ids: Sequence[str] | None = None, extra: Sequence[Path] = ()) -> list[ScreeningList]:
    """The lists `ids` (None: the default lists) followed by the ad-hoc list files `extra`."""
    chosen = default_ids() if ids is None else list(ids)
    unknown = [i for i in chosen if i.partition("@")[0] not in known_ids()]
    if unknown:
        raise ListError(f"unknown list {', '.join(map(repr, unknown))}",
                        hint=f"known lists: {', '.join(known_ids())}")
    loaded = [load_id(list_id) for list_id in chosen]
    loaded.extend(load_list(Path(path)) for path in extra)
    return loaded


def stale_lists(lists: Sequence[ScreeningList], today: date,
                max_age_days: int = 90) -> list[ListInfo]:
    """The dated lists, oldest first, when even the newest of them is older than `max_age_days`.

    Judged on the newest list because some lists never change (the seed list records listings
    of 2021): once `lists update` has fetched a current official copy there is nothing left to
    fix, and the warning must stop. Lists without a date (ad-hoc files) are not judged.
    """
    dated = [sl.info for sl in lists if sl.info.as_of is not None]
    cutoff = today - timedelta(days=max_age_days)
    if not dated or max(info.as_of for info in dated if info.as_of) >= cutoff:
        return []
    return sorted(dated, key=lambda info: (info.as_of or today, info.id))
