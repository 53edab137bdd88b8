"""The official publications `lists update` can fetch: their list ids, formats, URLs and files."""

from __future__ import annotations

import os
from dataclasses import dataclass

from sanctscreen.errors import ListError

OFAC_EXPORTS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports"
TRADE_CSL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1"


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


def _ofac(list_id: str, name: str, files: dict[str, tuple[str, ...]]) -> list[Source]:
    """One Source per format: {format: (title, file, ...)}; a lone file is the loader's entry."""
    return [Source(list_id, f"{name}, {title}", fmt, OFAC_EXPORTS, tuple(names),
                   names[0] if len(names) == 1 else ".")
            for fmt, (title, *names) in files.items()]


# Every publication `lists update` can fetch; the first of each id is its default. OFAC's
# enhanced XML carries what the legacy CSV packs into free-text remarks (identifiers, dates,
# relationships) and the names in other scripts; the CSV and advanced XML stay a choice.
PUBLICATIONS: tuple[Source, ...] = (
    *_ofac("ofac-sdn", "OFAC SDN List", {
        "ofac-enhanced": ("enhanced XML", "SDN_ENHANCED.XML"),
        "ofac-advanced": ("advanced XML", "SDN_ADVANCED.XML"),
        "ofac-csv": ("legacy CSV", "SDN.CSV", "ADD.CSV", "ALT.CSV", "SDN_COMMENTS.CSV"),
    }),
    *_ofac("ofac-cons", "OFAC Consolidated (Non-SDN) List", {
        "ofac-enhanced": ("enhanced XML", "CONS_ENHANCED.XML"),
        "ofac-advanced": ("advanced XML", "CONS_ADVANCED.XML"),
        "ofac-csv": ("legacy CSV", "CONS_PRIM.CSV", "CONS_ADD.CSV", "CONS_ALT.CSV",
                     "CONS_COMMENTS.CSV"),
    }),
    Source("trade-csl", "trade.gov Consolidated Screening List, CSV", "csl-csv",
           TRADE_CSL, ("consolidated.csv",), "consolidated.csv"),
)
SOURCES: dict[str, Source] = {}
for _source in PUBLICATIONS:
    SOURCES.setdefault(_source.id, _source)
DEFAULT_SOURCES = ("ofac-sdn", "ofac-cons")


def source(list_id: str, fmt: str | None = None) -> Source:
    """The publication of `list_id` in `fmt` (None: its default format)."""
    if list_id not in SOURCES:
        raise ListError(f"unknown source {list_id!r}", hint=f"known: {', '.join(SOURCES)}, all")
    if fmt is None:
        return SOURCES[list_id]
    found = next((s for s in PUBLICATIONS if s.id == list_id and s.format == fmt), None)
    if found is None:
        formats = ", ".join(s.format for s in PUBLICATIONS if s.id == list_id)
        raise ListError(f"{list_id} is not published as {fmt!r}", hint=f"formats: {formats}")
    return found
