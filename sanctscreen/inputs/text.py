"""Delimited text files: their encoding, their delimiter, and their records with line numbers.

The standard library's C csv reader is used rather than pandas: it reports the physical line on
which each record ends (so a quoted cell spanning lines does not shift later row numbers), keeps
ragged rows instead of failing on them, and streams with flat memory.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from sanctscreen.errors import InputError

# Detection reads this much; a file smaller than this is judged on every byte.
SAMPLE_BYTES = 16 << 20
# From this size on, an ASCII sample is recognised without reading it (see `_plain_ascii`).
ASCII_SCAN_BYTES = 1 << 20
DELIMITERS = (",", ";", "\t", "|")
# Excel's last column is the 16 384th. A wider record is no table anyone made, and every one
# of its cells would be named, classified and kept: a line of commas would take minutes.
MAX_COLUMNS = 16_384
_SNIFF_LINES = 50
# A hostile or merely odd file can hold a 100 000-character name; the default limit is 131 072.
csv.field_size_limit(1 << 28)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes Windows-1252 leaves undefined; their presence rules it out.
_NOT_CP1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_HIGH_RUNS = re.compile(rb"[\x80-\xff]+")
_SEP_LINE = re.compile(r"sep=([,;\t|])", re.IGNORECASE)


def detect_encoding(path: Path) -> str:
    """BOM, then strict UTF-8, then UTF-16 without BOM, then GB18030 or Windows-1252."""
    if _plain_ascii(path):
        return "utf-8"  # as below: no BOM, no NUL, ASCII
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    # Before UTF-8: NUL bytes are valid UTF-8 too. (A search first: most files hold none.)
    if b"\x00" in sample and sample.count(0) > len(sample) // 4:
        return "utf-16-be" if sample[0::2].count(0) > sample[1::2].count(0) else "utf-16-le"
    if sample.isascii():
        return "utf-8"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    return _legacy_encoding(sample)


def _plain_ascii(path: Path) -> bool:
    """Whether the sample of a large file is ASCII without a NUL byte, found by numpy over the
    file mapped into memory (reading 10 MB to check it took three times as long); False for
    a small or unmappable file, which `detect_encoding` reads as before."""
    import mmap

    try:
        if path.stat().st_size < ASCII_SCAN_BYTES:
            return False
        import numpy as np

        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0,
                                                  access=mmap.ACCESS_READ) as mapped:
            data = np.frombuffer(mapped, dtype=np.uint8, count=min(len(mapped), SAMPLE_BYTES))
            try:
                return bool(data.max() < 0x80 and data.min() > 0)
            finally:
                del data  # the mapping cannot close while numpy holds it
    except (OSError, ValueError):
        return False


def _legacy_encoding(sample: bytes) -> str:
    """GB18030 when the non-ASCII bytes come in pairs that decode; Windows-1252 otherwise.

    Chinese text in GBK/GB18030 is runs of two-byte characters; Western text in Windows-1252
    is mostly lone accented letters ("Société"), so the shape of the high-byte runs decides.
    """
    try:
        sample.decode("gb18030")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not merely a character cut at the end of the sample
            return "cp1252"
    if _NOT_CP1252.search(sample):
        return "gb18030"
    runs = [len(run) for run in _HIGH_RUNS.findall(sample)]
    paired = sum(n for n in runs if n % 2 == 0)
    # A Chinese name is several characters (8+ bytes); two adjacent accented letters ("ÆØ")
    # are not enough to call a file Chinese.
    chinese = runs and max(runs) >= 4 and paired >= 0.9 * sum(runs)
    return "gb18030" if chinese else "cp1252"


def sniff_delimiter(path: Path, encoding: str, suffix: str) -> str:
    """The candidate that splits most of the first records into one same width (>1)."""
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        lines = [line for _, line in zip(range(_SNIFF_LINES), handle, strict=False)]
    # Excel writes and honours a first line "sep=;" naming the delimiter.
    stated = _SEP_LINE.fullmatch(lines[0].lstrip("\ufeff").rstrip("\r\n")) if lines else None
    if stated:
        return stated.group(1)
    best, best_score = "\t" if suffix == ".tsv" else ",", (0.0, 0)
    for delimiter in DELIMITERS:
        records = [r for r in csv.reader(lines, delimiter=delimiter) if any(map(str.strip, r))]
        wide = [len(r) for r in records if len(r) > 1]
        if not wide:
            continue
        modal = max(set(wide), key=wide.count)
        # The share of records, not of lines, that agree: a wrong delimiter can split the
        # lines of a quoted multi-line cell into more pieces than there are records.
        score = (wide.count(modal) / len(records), wide.count(modal))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def text_rows(path: Path, encoding: str, delimiter: str, *, start: int = 0, line: int = 1
              ) -> Iterator[tuple[int, list[str]]]:
    """Each record with the physical line it starts on (the header line is line 1).

    `start`: a byte offset at the beginning of physical line `line`, to read from there on.
    """
    handle = path.open("rb")
    decoding = encoding
    if start:
        handle.seek(start)
        # A byte order mark belongs to the start of the file; within it, U+FEFF is a character.
        decoding = "utf-8" if codecs.lookup(encoding).name == "utf-8-sig" else encoding
    text = io.TextIOWrapper(handle, encoding=decoding, errors="strict", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    before = line - 1  # physical lines above the first record read
    try:
        for record in reader:
            if len(record) > MAX_COLUMNS:
                raise InputError(f"line {line} has {len(record):,} fields, more than a "
                                 f"spreadsheet's {MAX_COLUMNS:,} columns", path=path)
            yield line, record
            line = before + reader.line_num + 1
    except UnicodeDecodeError:
        # Decoding runs ahead of the parser in 8 KiB blocks, so no exact line can be named.
        raise InputError(f"file is not valid {encoding} text", path=path,
                         hint="use --encoding, e.g. gb18030 or cp1252") from None
    except csv.Error as exc:
        raise InputError(f"line {before + reader.line_num}: malformed delimited text ({exc})",
                         path=path) from None
    finally:
        text.close()


def check_encoding(path: Path, encoding: str) -> str:
    """`encoding` as Python names it, or InputError for a name Python does not know."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=path,
                         hint="e.g. utf-8, gb18030, cp1252, utf-16") from None
