"""The on-disk cache of compiled screening data, verified by a sha256 before it is trusted."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from sanctscreen import __version__, collector
from sanctscreen.atomic import atomic_write
from sanctscreen.models import ScreeningList

ENV_DIR = "SANCTSCREEN_CACHE_DIR"
# First line of every cache file; the format number changes when the layout below does.
MAGIC = b"sanctscreen-cache 1\n"
SUFFIX = ".cache"

T = TypeVar("T")


def cache_dir() -> Path:
    """The user cache folder (`SANCTSCREEN_CACHE_DIR` overrides it, e.g. for tests)."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    import platformdirs  # only when the cache is used: it is not needed to start up

    return Path(platformdirs.user_cache_dir("sanctscreen"))


def make_key(*parts: object) -> str:
    """A key from the sanctscreen version and `parts`; any change gives another key."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(b"\0" + repr(part).encode())
    return digest.hexdigest()


def files_digest(paths: Sequence[Path]) -> str:
    """The sha256 of files and folders (every file under them, by relative name and content)."""
    digest = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        digest.update(b"\0path\0" + str(path.resolve()).encode())
        for file in files:
            digest.update(b"\0file\0" + file.name.encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


@functools.cache
def code_digest(paths: Sequence[Path], libraries: Sequence[str] = ()) -> str:
    """The sha256 of the Python files under `paths` and the installed versions of
    `libraries`: part of the key of cached answers, so that changed code computes afresh."""
    digest = hashlib.sha256()
    for path in paths:
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            with contextlib.suppress(OSError):
                digest.update(file.name.encode() + b"\0" + file.read_bytes())
    for library in libraries:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"\0{library} {version}".encode())
    return digest.hexdigest()


def load(kind: str, key: str) -> Any | None:
    """The cached value of `kind` under `key`, or None when absent, stale, corrupt or truncated.

    The payload's sha256 is checked before unpickling: pickle runs code, so only bytes this
    program wrote whole are ever read. A file that fails the check is removed.
    """
    path = _path(kind, key)
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    payload = _verified(blob)
    if payload is None:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    # (Un)pickling an index makes a million objects and no cycles.
    with collector.paused(keep=True):
        try:
            return pickle.loads(payload)
        except Exception:  # written by an incompatible build despite the key: rebuild
            return None


def store(kind: str, key: str, value: object) -> None:
    """Write `value` under `key` and drop older entries of `kind`; a cache that cannot be
    written (read-only home, full disk) only costs the next run its speed."""
    with collector.paused():
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    header = MAGIC + f"{hashlib.sha256(payload).hexdigest()} {len(payload)}\n".encode()
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_write(_path(kind, key)) as handle:
            handle.write(header)
            handle.write(payload)
        for old in folder.glob(f"{kind}-*{SUFFIX}"):
            if old.name != _path(kind, key).name:
                old.unlink(missing_ok=True)
    except OSError:
        return


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    """The value under `key`, built and stored on a miss."""
    found = load(kind, key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = build()
    store(kind, key, value)
    return value


def load_lists_cached(ids: Sequence[str] | None = None, extra: Sequence[Path] = ()
                      ) -> list[ScreeningList]:
    """`sanctscreen.lists.load_lists`, served from the cache while the list files are unchanged.

    The key is the sha256 of every source file (bundled or installed copy, and the catalog),
    so an update, an edit or a newly installed version loads afresh.
    """
    from sanctscreen.lists import check_list_path, default_ids, load_lists

    for path in extra:  # before they are hashed: a device or pipe may never end
        check_list_path(Path(path))
    chosen = default_ids() if ids is None else list(ids)
    sources = [_sources(list_id) for list_id in chosen]
    if any(found is None for found in sources):  # unknown ids, @previous: no shortcut
        return load_lists(ids, extra)
    paths = [path for found in sources for path in found or ()]
    try:
        digest = files_digest([*paths, *(Path(p) for p in extra)])
    except OSError:
        return load_lists(ids, extra)  # a missing file: let the loader say which
    # The model, the loaders and the merge decide what the loaded lists and their parties are:
    # their code is part of the key.
    package = Path(__file__).parent
    code = code_digest((package / "models.py", package / "lists", package / "parties.py"), ())
    key = make_key("lists", chosen, [str(p) for p in extra], digest, code)
    from sanctscreen.parties import merge, remember

    def build() -> tuple[list[ScreeningList], object]:
        lists = load_lists(ids, extra)
        return lists, merge(lists)

    # The parties are stored with the lists they merge, in one payload, so that they share
    # its entries; the screen that follows finds them merged already.
    lists, parties = cached("lists", key, build)
    remember(lists, parties)  # type: ignore[arg-type]
    return lists


def _sources(list_id: str) -> list[Path] | None:
    """The files `load_id` reads for `list_id`, or None when it cannot be told up front."""
    from sanctscreen.lists import store
    from sanctscreen.lists.catalog import CATALOG_FILE, bundled, bundled_dir

    if "@" in list_id:
        return None
    installed = store.current(list_id)
    if installed is not None:
        return [installed.folder]
    entry = next((e for e in bundled() if e.id == list_id), None)
    return None if entry is None else [bundled_dir() / CATALOG_FILE, entry.path]


def _path(kind: str, key: str) -> Path:
    return cache_dir() / f"{kind}-{key[:32]}{SUFFIX}"


def _verified(blob: bytes) -> bytes | None:
    if not blob.startswith(MAGIC):
        return None
    end = blob.find(b"\n", len(MAGIC))
    if end < 0:
        return None
    try:
        digest, length = blob[len(MAGIC):end].decode("ascii").split(" ")
        size = int(length)
    except ValueError:
        return None
    payload = blob[end + 1:]
    if len(payload) != size or hashlib.sha256(payload).hexdigest() != digest:
        return None
    return payload
