"""What a file really is, judged by its bytes, and refusing the ones that must not be opened."""

from __future__ import annotations

import re
import zipfile
from enum import StrEnum
from pathlib import Path

from sanctscreen.errors import InputError
from sanctscreen.inputs.ole import OleError, stream_names


class Kind(StrEnum):
    WORKBOOK = "workbook"  # xlsx, xlsm, xlsb, ods, xls: read with calamine
    TEXT = "text"  # csv, tsv, txt
    PARQUET = "parquet"


_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARQUET = b"PAR1"

# ZIP-bomb limits, checked on the declared sizes before anything is inflated. A real sheet's
# XML compresses 5-30x and rarely beyond 150x; a bomb reaches 1000x and more.
MAX_INFLATED = 4 << 30
MAX_RATIO = 400
RATIO_FLOOR = 32 << 20  # small members may compress absurdly well (an empty styles.xml)
MAX_MEMBERS = 10_000

_FOREIGN = {
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"SQLite format 3": "an SQLite database",
}
_SAVE_AS = "save it as .xlsx or .csv"
# A document that opens with a tag or markup declaration (<?xml, <!DOCTYPE, <!--, <html,
# <table, <Workbook ...). A table's first cell never starts so.
_MARKUP = re.compile(rb"<[a-z!?]")
_BRACKETED_HEADER = re.compile(rb"<[^<>\r\n]*>[,;\t|]")  # <Name>,<Country>: a table
# JSON: an object, or an array of values ([{ ... }, ["a", ...], [1, ...], []); a table whose
# first cell is "[Name]" (bracketed headers) is not one.
_JSON = re.compile(rb'\{\s*(?:"[^"\r\n]*"\s*:|\})|'
                   rb'\[\s*(?:[\[{\]]|(?:"[^"\r\n]*"|-?[0-9.]+|true|false|null)\s*[,\]])')
_BLANK_BYTES = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
# C0 control bytes that text does not hold; tab, line ends, form feed and the DOS end-of-file
# mark (0x1A, which ends OFAC's CSV files) are left out.
_CONTROL_BYTES = [bytes([b]) for b in range(32) if b not in (9, 10, 12, 13, 26)]


# An office lock file: Excel writes ~$book.xlsx (a byte count, the user's name, padding: about
# 165 bytes) and LibreOffice .~lock.book.xlsx# (a line of text) while a document is open.
# Both are small; a real workbook or table that happens to be named so is read as usual.
LOCK_FILE_BYTES = 4096


class LockFileError(InputError):
    """The file is an office program's lock file beside an open document, not data."""

    def __init__(self, path: Path, what: str) -> None:
        self.what = what
        super().__init__(f"is {what}, not a spreadsheet", path=path)


def lock_file(path: Path, head: bytes) -> str | None:
    """What lock file `path` is (with the document it locks), or None."""
    name = path.name
    if name.startswith("~$") and len(name) > 2:
        owner, document = "Excel", name[2:]
    elif name.startswith(".~lock.") and name.endswith("#") and len(name) > 8:
        owner, document = "LibreOffice", name[len(".~lock."):-1]
    else:
        return None
    if head.startswith((*_ZIP, _OLE)) or path.stat().st_size > LOCK_FILE_BYTES:
        return None
    article = "an" if owner == "Excel" else "a"
    return f"{article} {owner} lock file ({owner} keeps it while {document} is open)"


def detect(path: Path) -> Kind:
    """The kind of `path`, or InputError when it is missing, empty, encrypted, a bomb or foreign."""
    head = _head(path)
    locked = lock_file(path, head)
    if locked is not None:
        raise LockFileError(path, locked)
    if head.startswith(_ZIP):
        _check_zip(path)
        return Kind.WORKBOOK
    if head.startswith(_OLE):
        _check_ole(path)
        return Kind.WORKBOOK
    if head.startswith(_PARQUET):
        return Kind.PARQUET
    for magic, what in _FOREIGN.items():
        if head.startswith(magic):
            raise InputError(f"file is {what}, not a spreadsheet", path=path, hint=_SAVE_AS)
    if not head.strip(_BLANK_BYTES) and _all_blank(path):
        raise InputError("file is empty", path=path)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:64].lower()
    if _MARKUP.match(start) and not _BRACKETED_HEADER.match(start):
        # Many "Excel exports" are HTML tables or 2003 XML with an .xls suffix.
        raise InputError("file is an HTML or XML document, not a spreadsheet", path=path,
                         hint=_SAVE_AS)
    if start.startswith(b"{\\rtf"):
        raise InputError("file is an RTF document, not a spreadsheet", path=path, hint=_SAVE_AS)
    if _JSON.match(head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512]):
        # Read as text, its lines would pass for rows: `}` and `]` screened as names, and
        # the names inside the records never screened.
        raise InputError("file is JSON, not a table", path=path, hint=_SAVE_AS)
    if _looks_binary(head) and not _looks_utf16(head):
        raise InputError("file is not a spreadsheet or a text table (binary content)",
                         path=path, hint=_SAVE_AS)
    return Kind.TEXT


def _head(path: Path) -> bytes:
    if path.exists() and not path.is_dir() and not path.is_file():
        # A device or pipe (/dev/zero, /dev/stdin) may never end; only files are screened.
        raise InputError("is not a regular file", path=path)
    try:
        with path.open("rb") as handle:
            return handle.read(4096)
    except FileNotFoundError:
        raise InputError("file not found", path=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=path) from None
    except PermissionError:
        raise InputError("cannot be read: permission denied", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", path=path) from None


def _all_blank(path: Path) -> bool:
    """Whether the file holds only whitespace, BOMs and NULs; stops at the first other byte."""
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            if block.strip(_BLANK_BYTES):
                return False
    return True


def _looks_binary(head: bytes) -> bool:
    """Many control bytes: a stray NUL in a text file is hostile input, not a binary file."""
    controls = sum(head.count(b) for b in _CONTROL_BYTES)
    return controls > 0.05 * len(head)


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 text, with or without a BOM: every other byte of ASCII text is zero."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4:
        return False
    zero_even = sample[0::2].count(0) / (len(sample) // 2)
    zero_odd = sample[1::2].count(0) / (len(sample) // 2)
    return max(zero_even, zero_odd) > 0.3 and min(zero_even, zero_odd) < 0.05


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise InputError(f"file is a damaged ZIP archive, not a readable workbook ({exc})",
                         path=path) from None
    if len(members) > MAX_MEMBERS:
        raise InputError(f"refusing a workbook of {len(members):,} parts (possible ZIP bomb)",
                         path=path)
    inflated = sum(m.file_size for m in members)
    if inflated > MAX_INFLATED:
        raise InputError(f"refusing a workbook that inflates to {inflated / (1 << 30):,.1f} GiB "
                         "(possible ZIP bomb)", path=path)
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(
                member.compress_size, 1):
            raise InputError(f"refusing a workbook whose part {member.filename} inflates "
                             f"{member.file_size // max(member.compress_size, 1):,}x "
                             "(possible ZIP bomb)", path=path)
        if member.flag_bits & 0x1:
            raise InputError("workbook is password-protected", path=path,
                             hint="remove the password and save it again")
    names = {m.filename for m in members}
    if not names & {"xl/workbook.xml", "xl/workbook.bin", "content.xml"}:
        what = "a Word document" if "word/document.xml" in names else "a ZIP archive"
        raise InputError(f"file is {what}, not a workbook", path=path, hint=_SAVE_AS)


def _check_ole(path: Path) -> None:
    """Refuse a damaged OLE file, and an encrypted Office file (an EncryptedPackage stream)."""
    try:
        names = stream_names(path)
    except OleError as exc:
        raise InputError(f"workbook is damaged ({exc})", path=path) from None
    if "EncryptedPackage" in names:
        raise InputError("workbook is password-protected", path=path,
                         hint="remove the password and save it again")
