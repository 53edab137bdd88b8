"""Helpers every list importer shares: reading files, hashing, dates, names, list metadata."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

from sanctscreen.errors import ListError
from sanctscreen.models import EntityType, ScreeningList

# json and yaml recurse once per level of nesting; a hostile file nests deeper than the stack.
TOO_DEEP = "the document is nested too deeply to be a list file"

# Dates as the publishers write them: OFAC "16 Dec 2021", trade.gov "2021-12-16",
# BIS "06/19/2003" and "3/20/1992".
_DATE_FORMATS = ("%d %b %Y", "%Y-%m-%d", "%m/%d/%Y", "%d %B %Y", "%Y/%m/%d")


def read_bytes(path: Path) -> bytes:
    """The bytes of `path`, or a ListError naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ListError("file not found", path=path) from None
    except OSError as exc:
        raise ListError(f"cannot read the file ({exc.strerror})", path=path) from None


def decode(data: bytes, path: Path) -> str:
    """Text of a list file: UTF-8 (with or without BOM), else Windows-1252, minus DOS EOF bytes."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older BIS and State files were exported from Windows tools. Bytes that Windows-1252
        # leaves undefined mean some third encoding (GBK, say): reading on would turn names
        # into replacement characters that match nothing, so the file is refused instead.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ListError(f"text is not UTF-8 or Windows-1252 (byte {data[exc.start]:#04x} at "
                            f"offset {exc.start})", path=path, hint="save it as UTF-8") from None
    if "\x00" in text:
        raise ListError("this is a binary file, not a text list", path=path)
    # OFAC ends its legacy files with a lone 0x1A (DOS end-of-file) line.
    return text.replace("\x1a", "")


def sha256_of(paths: Iterable[Path]) -> str:
    """One digest over the bytes of `paths`, in order, so a multi-file set has one fingerprint."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(read_bytes(path))
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    """The sha256 of one file, read in blocks (an SDN XML is 120 MB)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise ListError(f"cannot read the file ({exc.strerror})", path=path) from None
    return digest.hexdigest()


def parse_date(text: str | None) -> date | None:
    """A date in any of the publishers' formats, or None."""
    if not text:
        return None
    text = text.strip().rstrip(".")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def clean(value: object) -> str | None:
    """A stripped cell value, with the publishers' null markers ('-0-', blank) as None."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text or text == "-0-":
        return None
    return text


def unique(values: Iterable[str | None], exclude: Sequence[str] = ()) -> tuple[str, ...]:
    """`values` without blanks and without case-insensitive repeats (or repeats of `exclude`)."""
    seen = {v.casefold() for v in exclude}
    kept: list[str] = []
    for value in values:
        text = clean(value)
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(text)
    return tuple(kept)


def slug(text: str) -> str:
    """A lower-case ASCII token for ids: 'Sugon Co., Ltd.' -> 'sugon-co-ltd'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    token = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return token or hashlib.sha1(text.encode()).hexdigest()[:10]


def entity_type(raw: str | None) -> EntityType:
    """The EntityType for a publisher's type column ('individual', 'Vessel', '-0-', 'Entity')."""
    text = (raw or "").strip().lower()
    if text in {"individual", "person"}:
        return EntityType.PERSON
    if text == "vessel":
        return EntityType.VESSEL
    if text == "aircraft":
        return EntityType.AIRCRAFT
    return EntityType.ORGANIZATION


def with_info(screening_list: ScreeningList, **changes: object) -> ScreeningList:
    """`screening_list` with some ListInfo fields replaced (as_of, source, name from a catalog)."""
    info = dataclasses.replace(screening_list.info, **changes)  # type: ignore[arg-type]
    return dataclasses.replace(screening_list, info=info)


def head(path: Path, limit: int = 4096) -> str:
    """The first `limit` bytes of a file as text, for sniffing; '' when unreadable."""
    try:
        with path.open("rb") as handle:
            return handle.read(limit).decode("utf-8-sig", errors="replace")
    except OSError:
        return ""


def first_line(path: Path, limit: int = 4096) -> str:
    """The first line of a file, for sniffing; '' when unreadable."""
    text = head(path, limit)
    return text.splitlines()[0] if text.strip() else ""
