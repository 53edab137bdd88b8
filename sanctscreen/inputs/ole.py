"""Structural checks of an OLE compound file (legacy .xls, encrypted Office files) before calamine.

calamine trusts the sizes an OLE directory declares and allocates them up front, so a damaged
.xls declaring a 4 GiB stream aborts the process (a Rust allocation failure cannot be caught),
and a broken sector chain panics. The header, the FAT, the directory chain and each declared
stream size are checked here against the file itself; the directory's names are returned.
"""

from __future__ import annotations

import struct
from array import array
from pathlib import Path
from typing import BinaryIO

_END = 0xFFFFFFFE  # end of a sector chain
_HEADER = 512
_HEADER_DIFAT = 109  # FAT sector numbers held in the header itself
_STREAM, _ROOT = 2, 5
_ENTRY_TYPES = {0, 1, _STREAM, _ROOT}


class OleError(ValueError):
    """The compound file is inconsistent; the message says where."""


def stream_names(path: Path) -> list[str]:
    """The names in the directory of the OLE file at `path`, or OleError when it is damaged."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        header = handle.read(_HEADER)
        if len(header) < _HEADER:
            raise OleError("truncated header")
        _, major, order, shift, mini_shift = struct.unpack_from("<HHHHH", header, 24)
        if order != 0xFFFE or (major, shift) not in {(3, 9), (4, 12)} or mini_shift != 6:
            raise OleError("not a valid compound file header")
        sector = 1 << shift
        count = (size + sector - 1) // sector - 1  # sectors after the header
        fat = _fat(handle, header, sector, count)
        return _directory(handle, header, fat, sector, size, major)


def _fat(handle: BinaryIO, header: bytes, sector: int, count: int) -> array[int]:
    n_fat, = struct.unpack_from("<I", header, 44)
    first_difat, n_difat = struct.unpack_from("<II", header, 68)
    if n_fat > count or n_difat > count:
        raise OleError("allocation table larger than the file")
    places = list(struct.unpack_from(f"<{_HEADER_DIFAT}I", header, 76))[:n_fat]
    per_block = sector // 4 - 1  # a DIFAT sector ends with the number of the next one
    following = first_difat
    for _ in range(n_difat):
        if len(places) >= n_fat:
            break
        block = array("I", _sector(handle, following, sector, count))
        places.extend(block[:per_block])
        following = block[per_block]
    places = places[:n_fat]
    if len(places) < n_fat:
        raise OleError("allocation table is incomplete")
    fat = array("I")
    for place in places:
        fat.frombytes(_sector(handle, place, sector, count))
    return fat


def _directory(handle: BinaryIO, header: bytes, fat: array[int], sector: int, size: int,
               major: int) -> list[str]:
    first, = struct.unpack_from("<I", header, 48)
    names = []
    for place in _chain(fat, first, (size + sector - 1) // sector - 1):
        block = _sector(handle, place, sector, len(fat))
        for at in range(0, sector, 128):
            entry = block[at:at + 128]
            length, kind = struct.unpack_from("<HB", entry, 64)
            if kind == 0:
                continue  # an unused slot
            if kind not in _ENTRY_TYPES or length > 64 or length % 2:
                raise OleError("damaged directory entry")
            declared, = struct.unpack_from("<Q" if major == 4 else "<I", entry, 120)
            if kind in (_STREAM, _ROOT) and declared > size:
                raise OleError(f"a stream declares {declared:,} bytes in a file of {size:,}")
            names.append(entry[:max(length - 2, 0)].decode("utf-16-le", "replace"))
    return names


def _chain(fat: array[int], start: int, count: int) -> list[int]:
    """The sectors of a chain from `start`; OleError on a loop or a pointer out of the file."""
    chain: list[int] = []
    seen: set[int] = set()
    place = start
    while place != _END:
        if place >= min(count, len(fat)) or place in seen:
            raise OleError("broken sector chain")
        seen.add(place)
        chain.append(place)
        place = fat[place]
    return chain


def _sector(handle: BinaryIO, place: int, sector: int, count: int) -> bytes:
    if place >= count:
        raise OleError("sector pointer beyond the end of the file")
    handle.seek((place + 1) * sector)
    data = handle.read(sector)
    return data.ljust(sector, b"\0")  # a short last sector reads as zeros, as calamine does
