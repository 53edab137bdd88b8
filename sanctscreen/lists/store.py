"""The user's list store: versions of lists installed by `lists update` / `lists import`.

Layout: `<data dir>/lists/<id>/<version>/` holds the files and `meta.json`; `<id>/CURRENT`
names the version in use. A new version is staged beside the others, verified, and made
current by rewriting CURRENT atomically, so a failed update never disturbs the working one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import platformdirs

from sanctscreen.atomic import atomic_write
from sanctscreen.errors import ListError
from sanctscreen.models import ScreeningList

DATA_DIR_ENV = "SANCTSCREEN_DATA_DIR"
# A new version with less than half the entries of the one it replaces is far more likely a
# broken download or a publisher glitch than a real mass delisting.
DEFAULT_MAX_DROP = 0.5
KEEP_VERSIONS = 2  # the current version and the one before it, for `lists diff ID@previous`


# List ids name folders: letters, digits, ".", "_" and "-", starting with a letter or digit.
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def check_id(list_id: str) -> str:
    """`list_id` if it can name a list folder, else a ListError."""
    if not _ID.match(list_id):
        raise ListError(f"{list_id!r} cannot be a list id",
                        hint="use letters, digits, '.', '_' and '-'")
    return list_id


def data_dir() -> Path:
    """The user data folder (SANCTSCREEN_DATA_DIR overrides the platform default)."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir("sanctscreen"))


def lists_dir() -> Path:
    return data_dir() / "lists"


@dataclass(frozen=True, slots=True)
class Installed:
    """One installed version of a list and what is known about it."""

    id: str
    format: str
    name: str
    source: str
    as_of: date | None
    installed_at: str
    entries: int
    sha256: str
    entry: str  # what to hand the loader, relative to the version folder ("." = the folder)
    version: str
    folder: Path
    # What the publisher's server said of each file (URL, bytes, ETag, Last-Modified), and
    # the date the data itself states; empty for imports and versions installed before.
    publication: Mapping[str, object] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.folder if self.entry == "." else self.folder / self.entry


def _read_meta(folder: Path) -> Installed | None:
    """The version in `folder`, or None when it is incomplete; PermissionError propagates."""
    try:
        raw = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        raw["as_of"] = date.fromisoformat(raw["as_of"]) if raw.get("as_of") else None
        return Installed(**raw, version=folder.name, folder=folder)
    except PermissionError:
        raise
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _unreadable(folder: Path, exc: OSError) -> ListError:
    # A store that cannot be read must not pass for an empty one: `check` would then screen
    # the bundled copies (or refuse an imported id as unknown) without saying why.
    return ListError(f"cannot read the list store ({exc.strerror or exc})", path=folder,
                     hint=f"check its permissions, or set {DATA_DIR_ENV} to a readable folder")


def _versions(list_id: str) -> list[Path]:
    folder = lists_dir() / list_id
    try:
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError as exc:
        raise _unreadable(folder, exc) from None


def current(list_id: str) -> Installed | None:
    """The version of `list_id` in use, or None when none is installed; ListError when the
    store holds it but cannot be read."""
    if not _ID.match(list_id):
        return None
    pointer = lists_dir() / list_id / "CURRENT"
    try:
        version = pointer.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise _unreadable(pointer.parent, exc) from None
    if not version:
        return None
    try:
        return _read_meta(lists_dir() / list_id / version)
    except PermissionError as exc:
        raise _unreadable(lists_dir() / list_id / version, exc) from None


def previous(list_id: str) -> Installed | None:
    """The version installed before the current one, if still kept."""
    now = current(list_id)
    older = [v for v in _versions(list_id) if now is None or v.name < now.version]
    try:
        return _read_meta(older[-1]) if older else None
    except PermissionError as exc:
        raise _unreadable(older[-1], exc) from None


def installed() -> list[Installed]:
    """The current version of every installed list, by id."""
    root = lists_dir()
    try:
        if not root.is_dir():
            return []
        folders = [p for p in sorted(root.iterdir()) if p.is_dir()]
    except OSError as exc:
        raise _unreadable(root, exc) from None
    found = (current(p.name) for p in folders)
    return [item for item in found if item is not None]


Verify = Callable[[Path], ScreeningList]


@contextlib.contextmanager
def staging(list_id: str) -> Iterator[Path]:
    """A new hidden folder beside the versions of `list_id`, removed unless `commit` took it."""
    home = lists_dir() / check_id(list_id)
    try:
        home.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=".staged.", dir=home))
    except OSError as exc:
        raise ListError(f"cannot write to the list store ({exc.strerror})", path=home,
                        hint=f"set {DATA_DIR_ENV} to a writable folder") from None
    try:
        yield staged
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def install(list_id: str, files: Mapping[str, bytes], *, fmt: str, entry: str, source: str,
            as_of: date | None, verify: Verify, max_drop: float = DEFAULT_MAX_DROP) -> Installed:
    """Stage `files` as a new version of `list_id`, verify it, and only then make it current."""
    with staging(list_id) as folder:
        try:
            for name, data in files.items():
                (folder / name).write_bytes(data)
        except OSError as exc:  # a full disk or a quota, once the folder could be made
            raise ListError(f"cannot write to the list store ({exc.strerror or exc})",
                            path=folder.parent,
                            hint=f"set {DATA_DIR_ENV} to a writable folder") from None
        return commit(list_id, folder, fmt=fmt, entry=entry, source=source, as_of=as_of,
                      verify=verify, max_drop=max_drop)


def commit(list_id: str, staged: Path, *, fmt: str, entry: str, source: str,
           as_of: date | None, verify: Verify, max_drop: float = DEFAULT_MAX_DROP,
           details: Mapping[str, object] | None = None,
           prefer_stated_date: bool = False) -> Installed:
    """Verify the files in `staged` and make them the current version of `list_id`.

    `verify` loads the staged path (and raises ListError when it cannot); a list that parses
    to nothing, or shrinks by more than `max_drop` against the current version, is refused.
    With `prefer_stated_date`, the date the data states (an enhanced XML's data-as-of) wins
    over `as_of`. The version folder is complete before the CURRENT pointer is switched.
    """
    home = lists_dir() / check_id(list_id)
    version = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    loaded = verify(staged if entry == "." else staged / entry)
    _check_size(list_id, loaded.info.entries, max_drop)
    stated = loaded.info.as_of
    dated = stated if prefer_stated_date and stated else as_of
    meta = {"id": list_id, "format": fmt, "name": loaded.info.name, "source": source,
            "as_of": dated.isoformat() if dated else None,
            "installed_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "entries": loaded.info.entries, "sha256": loaded.info.sha256, "entry": entry,
            "publication": {**(details or {}),
                            "data_as_of": stated.isoformat() if stated else None}}
    try:
        (staged / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        final = home / version
        staged.rename(final)
        staged.mkdir()  # the staging context removes this empty stand-in
        with atomic_write(home / "CURRENT") as handle:
            handle.write(version.encode())
    except OSError as exc:
        raise ListError(f"cannot write to the list store ({exc.strerror})", path=home,
                        hint=f"set {DATA_DIR_ENV} to a writable folder") from None
    _prune(list_id)
    result = current(list_id)
    assert result is not None  # just written
    return result


def _check_size(list_id: str, entries: int, max_drop: float) -> None:
    if entries == 0:
        raise ListError(f"the new copy of {list_id} has no entries; kept the installed version")
    before = current(list_id)
    if before is not None and entries < before.entries * (1 - max_drop):
        raise ListError(
            f"the new copy of {list_id} has {entries} entries against {before.entries} before "
            f"(more than {max_drop:.0%} fewer); kept the installed version",
            hint="a truncated download or a publisher glitch is likely; pass --max-drop 1 to "
                 "accept it anyway",
        )


def _prune(list_id: str) -> None:
    """Remove versions beyond the last KEEP_VERSIONS; a store that cannot be listed keeps them
    (the new version is already current)."""
    try:
        now = current(list_id)
        versions = _versions(list_id)
    except ListError:
        return
    keep = {now.version} if now else set()
    keep.update(v.name for v in versions if now is None or v.name <= now.version)
    ordered = sorted(keep)[-KEEP_VERSIONS:]
    for folder in versions:
        if folder.name not in ordered:
            shutil.rmtree(folder, ignore_errors=True)


def describe(item: Installed) -> dict[str, object]:
    """`item` as plain data (for `lists --json` and tests)."""
    data = asdict(item)
    data["folder"] = str(item.folder)
    data["publication"] = dict(item.publication)
    data["as_of"] = item.as_of.isoformat() if item.as_of else None
    return data
