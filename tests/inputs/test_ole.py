from __future__ import annotations

import struct
from pathlib import Path

import pytest

from sanctscreen.errors import InputError
from sanctscreen.inputs import read_input
from sanctscreen.inputs.ole import OleError, stream_names
from tests.inputs.files import write_encrypted_office

XLS = Path(__file__).parent.parent / "data" / "inputs" / "vendors.xls"


def damaged(tmp_path: Path, offset: int, value: bytes) -> Path:
    data = bytearray(XLS.read_bytes())
    data[offset:offset + len(value)] = value
    path = tmp_path / "damaged.xls"
    path.write_bytes(bytes(data))
    return path


def _workbook_entry(data: bytes) -> int:
    """The file offset of the "Workbook" directory entry of vendors.xls."""
    return data.index("Workbook".encode("utf-16-le"))


def test_names_of_a_real_xls_and_of_an_encrypted_package(tmp_path: Path) -> None:
    assert stream_names(XLS) == ["Root Entry", "Workbook"]
    assert "EncryptedPackage" in stream_names(write_encrypted_office(tmp_path / "e.xlsx"))


def test_stream_declaring_more_bytes_than_the_file_is_refused(tmp_path: Path) -> None:
    entry = _workbook_entry(XLS.read_bytes())
    path = damaged(tmp_path, entry + 120, struct.pack("<I", 0xFFFFFFFF))
    with pytest.raises(OleError, match="a stream declares 4,294,967,295 bytes in a file of 5,632"):
        stream_names(path)
    with pytest.raises(InputError) as caught:
        read_input(path)  # calamine would try to allocate 4 GiB and abort
    assert str(caught.value) == (f"{path}: workbook is damaged (a stream declares "
                                 "4,294,967,295 bytes in a file of 5,632)")


@pytest.mark.parametrize(("offset", "value", "message"), [
    (48, struct.pack("<I", 10_000), "broken sector chain"),  # directory beyond the end
    (44, struct.pack("<I", 10_000), "allocation table larger than the file"),
    (30, struct.pack("<H", 7), "not a valid compound file header"),
])
def test_damaged_headers(tmp_path: Path, offset: int, value: bytes, message: str) -> None:
    with pytest.raises(OleError, match=message):
        stream_names(damaged(tmp_path, offset, value))


def test_truncated_file(tmp_path: Path) -> None:
    path = tmp_path / "cut.xls"
    path.write_bytes(XLS.read_bytes()[:300])
    with pytest.raises(OleError, match="truncated header"):
        stream_names(path)
    path.write_bytes(XLS.read_bytes()[:1024])
    with pytest.raises(OleError):
        stream_names(path)


def test_sector_chain_loop(tmp_path: Path) -> None:
    data = XLS.read_bytes()
    first_dir, = struct.unpack_from("<I", data, 48)
    fat_sector, = struct.unpack_from("<I", data, 76)
    # Point the directory's sector at itself in the FAT: a loop, not an endless read.
    path = damaged(tmp_path, (fat_sector + 1) * 512 + 4 * first_dir, struct.pack("<I", first_dir))
    with pytest.raises(OleError, match="broken sector chain"):
        stream_names(path)
