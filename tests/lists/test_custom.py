"""An organisation's own blocklist from CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from sanctscreen.errors import ListError
from sanctscreen.lists.custom import CustomLoader
from sanctscreen.models import EntityType


def test_csv_with_every_column(tmp_path: Path) -> None:
    path = tmp_path / "Blocked Vendors.csv"
    path.write_text("Name,Aliases,ID,Type,Country,Program\n"
                    "Acme Trading,Acme; ACME TRADING LLC,V-1,company,China,vendor ban\n"
                    "John Doe,,,person,,\n"
                    ",,,,,\n")
    assert CustomLoader.sniff(path)
    loaded = CustomLoader().load(path)
    assert loaded.info.id == "custom-blocked-vendors"
    acme, doe = loaded.entities
    assert acme.id == "custom-blocked-vendors:V-1"
    assert acme.aliases == ("Acme", "ACME TRADING LLC") and acme.countries == ("CN",)
    assert acme.designations[0].list_code == "CUSTOM"
    assert acme.designations[0].program == "vendor ban"
    assert doe.id == "custom-blocked-vendors:3" and doe.type is EntityType.PERSON


def test_semicolon_separated_csv_and_list_id(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("name;country\nAcme;DE\n")
    (acme,) = CustomLoader().load(path, list_id="mine").entities
    assert acme.id == "mine:2" and acme.countries == ("DE",)


def test_xlsx(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "aliases", "id"])
    sheet.append(["Beta Corp", "Beta", 7])
    path = tmp_path / "blocklist.xlsx"
    book.save(path)
    assert CustomLoader.sniff(path)
    (beta,) = CustomLoader().load(path).entities
    assert (beta.id, beta.aliases) == ("custom-blocklist:7", ("Beta",))


def test_repeated_id_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("name,id\nA,1\nB,1\n")
    loaded = CustomLoader().load(path)
    assert [e.name for e in loaded.entities] == ["A"]
    assert loaded.warnings == ("row 3: id '1' repeated, kept the first",)


def test_missing_name_column_and_empty_list(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("company,country\nA,CN\n")
    assert not CustomLoader.sniff(path)
    with pytest.raises(ListError, match="needs a `name` column"):
        CustomLoader().load(path)
    path.write_text("name\n\n")
    with pytest.raises(ListError, match="has no names"):
        CustomLoader().load(path)


def test_damaged_workbook(tmp_path: Path) -> None:
    path = tmp_path / "l.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ListError, match="cannot open the workbook"):
        CustomLoader().load(path)
