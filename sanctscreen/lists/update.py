"""Downloading official list files from their publication URLs into the list store."""

from __future__ import annotations

import http.client
import os
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from sanctscreen.errors import ListError
from sanctscreen.lists import store
from sanctscreen.models import ScreeningList

OFAC_EXPORTS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports"
TRADE_CSL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1"
TIMEOUT_SECONDS = 120.0
USER_AGENT = "sanctscreen (restricted-party screening; list update)"


@dataclass(frozen=True, slots=True)
class Source:
    """An official publication: the list id it installs as, its loader, and its files."""

    id: str
    title: str
    format: str
    base_url: str
    files: tuple[str, ...]
    entry: str  # what the loader reads, relative to the downloaded folder

    @property
    def env(self) -> str:
        """The variable that overrides the base URL, e.g. SANCTSCREEN_URL_OFAC_CONS."""
        return "SANCTSCREEN_URL_" + self.id.upper().replace("-", "_")

    def base(self, override: str | None = None) -> str:
        return (override or os.environ.get(self.env) or self.base_url).rstrip("/")


SOURCES: dict[str, Source] = {s.id: s for s in (
    Source("ofac-cons", "OFAC Consolidated (Non-SDN) List, legacy CSV", "ofac-csv",
           OFAC_EXPORTS, ("CONS_PRIM.CSV", "CONS_ADD.CSV", "CONS_ALT.CSV", "CONS_COMMENTS.CSV"),
           "."),
    Source("ofac-sdn", "OFAC SDN List, legacy CSV", "ofac-csv",
           OFAC_EXPORTS, ("SDN.CSV", "ADD.CSV", "ALT.CSV", "SDN_COMMENTS.CSV"), "."),
    Source("trade-csl", "trade.gov Consolidated Screening List, CSV", "csl-csv",
           TRADE_CSL, ("consolidated.csv",), "consolidated.csv"),
)}
DEFAULT_SOURCES = ("ofac-cons",)


def fetch(url: str, timeout: float = TIMEOUT_SECONDS) -> tuple[bytes, date | None]:
    """The body of `url` and its Last-Modified date; ListError on any failure or short read."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read()
            expected = response.headers.get("Content-Length")
            modified = response.headers.get("Last-Modified")
    except urllib.error.HTTPError as exc:
        raise ListError(f"download failed: HTTP {exc.code} {exc.reason}", path=url) from None
    except http.client.IncompleteRead as exc:
        raise ListError(f"download cut off after {len(exc.partial)} bytes", path=url) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        raise ListError(f"download failed ({reason})", path=url) from None
    if expected is not None and expected.isdigit() and int(expected) != len(body):
        raise ListError(f"download cut off: {len(body)} of {expected} bytes", path=url)
    if not body.strip():
        raise ListError("the download is empty", path=url)
    try:
        as_of = parsedate_to_datetime(modified).date() if modified else None
    except (TypeError, ValueError):
        as_of = None
    return body, as_of


def update(source: Source, verify: Callable[[Path], ScreeningList], *,
           base_url: str | None = None, max_drop: float = store.DEFAULT_MAX_DROP,
           timeout: float = TIMEOUT_SECONDS) -> store.Installed:
    """Download every file of `source`, verify the set, and install it as the current version.

    Nothing is installed unless every file arrived whole and the set loads with a plausible
    number of entries; the previously installed version stays in use otherwise.
    """
    base = source.base(base_url)
    files: dict[str, bytes] = {}
    dates: list[date] = []
    for name in source.files:
        body, modified = fetch(f"{base}/{name}", timeout)
        files[name] = body
        dates.extend([modified] if modified else [])
    as_of = max(dates) if dates else datetime.now(UTC).date()
    return store.install(source.id, files, fmt=source.format, entry=source.entry,
                         source=f"{source.title}, {base}/{source.files[0]}", as_of=as_of,
                         verify=verify, max_drop=max_drop)
