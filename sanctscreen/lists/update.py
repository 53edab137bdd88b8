"""Downloading official list files from their publication URLs into the list store."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from sanctscreen.errors import ListError
from sanctscreen.lists import store
from sanctscreen.lists.publications import (
    DEFAULT_SOURCES,
    OFAC_EXPORTS,
    PUBLICATIONS,
    SOURCES,
    TRADE_CSL,
    Source,
    source,
)
from sanctscreen.models import ScreeningList

TIMEOUT_SECONDS = 120.0
# OFAC's host refuses clients that do not say who they are; the SDN XML is 120 MB, read in
# blocks straight to disk.
USER_AGENT = "sanctscreen (restricted-party screening; list update)"
BLOCK_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Fetched:
    """What the server said about one downloaded file."""

    url: str  # the official URL asked for (not the short-lived signed link it redirected to)
    size: int
    last_modified: date | None
    etag: str | None


def fetch(url: str, target: Path, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    """Download `url` into `target`, following redirects; ListError on any failure or short read.

    OFAC answers its export URLs with a redirect to a signed link of a few minutes; urllib
    follows it with the same headers. The signed link is never recorded.
    """
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    size = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, \
                target.open("wb") as handle:
            expected = response.headers.get("Content-Length")
            modified = response.headers.get("Last-Modified")
            etag = response.headers.get("ETag")
            for block in iter(lambda: response.read(BLOCK_BYTES), b""):
                handle.write(block)
                size += len(block)
    except urllib.error.HTTPError as exc:
        raise ListError(f"download failed: HTTP {exc.code} {exc.reason}", path=url) from None
    except http.client.IncompleteRead as exc:
        raise ListError(f"download cut off after {size + len(exc.partial)} bytes",
                        path=url) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc
        raise ListError(f"download failed ({reason})", path=url) from None
    if expected is not None and expected.isdigit() and int(expected) != size:
        raise ListError(f"download cut off: {size} of {expected} bytes", path=url)
    if size == 0:
        raise ListError("the download is empty", path=url)
    return Fetched(url, size, _date(modified), etag.strip() if etag else None)


def _date(header: str | None) -> date | None:
    try:
        return parsedate_to_datetime(header).date() if header else None
    except (TypeError, ValueError):
        return None


def update(publication: Source, verify: Callable[[Path], ScreeningList], *,
           base_url: str | None = None, max_drop: float = store.DEFAULT_MAX_DROP,
           timeout: float = TIMEOUT_SECONDS) -> store.Installed:
    """Download every file of `publication`, verify the set, and install it as current.

    Nothing is installed unless every file arrived whole and the set loads with a plausible
    number of entries; the previously installed version stays in use otherwise. The list's
    date is the one the file states (the enhanced XML's data-as-of), else the server's
    Last-Modified, else today.
    """
    base = publication.base(base_url)
    with store.staging(publication.id) as folder:
        fetched = [fetch(f"{base}/{name}", folder / name, timeout) for name in publication.files]
        details = {"files": [{"name": name, "url": item.url, "bytes": item.size,
                              "etag": item.etag,
                              "last_modified": item.last_modified.isoformat()
                              if item.last_modified else None}
                             for name, item in zip(publication.files, fetched, strict=True)]}
        served = max((f.last_modified for f in fetched if f.last_modified), default=None)
        return store.commit(
            publication.id, folder, fmt=publication.format, entry=publication.entry,
            source=_source_text(publication, base, fetched),
            as_of=served or datetime.now(UTC).date(), verify=verify, max_drop=max_drop,
            details=details, prefer_stated_date=True)


def _source_text(publication: Source, base: str, fetched: list[Fetched]) -> str:
    """'OFAC SDN List, enhanced XML, https://…/SDN_ENHANCED.XML (ETag "…")'."""
    tag = next((f.etag for f in fetched if f.etag), None)
    return (f"{publication.title}, {base}/{publication.files[0]}"
            + (f" (ETag {tag})" if tag else ""))


__all__ = ["DEFAULT_SOURCES", "OFAC_EXPORTS", "PUBLICATIONS", "SOURCES", "TRADE_CSL", "Fetched",
           "Source", "fetch", "source", "update"]
