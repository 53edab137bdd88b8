"""The BIS Denied Persons List importer on the real 2022 file and on broken variants."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sanctscreen.errors import ListError
from sanctscreen.lists.dpl import DplLoader
from sanctscreen.models import EntityType


def test_real_file(data: Path) -> None:
    loaded = DplLoader().load(data / "dpl_2022-09.txt")
    assert loaded.info.id == "bis-dpl"
    # 581 rows; an order listing several addresses is one entry.
    assert loaded.info.entries == 461
    # The newest plausible Last_Update (the file also holds a mistyped "3017-08-22").
    assert loaded.info.as_of == date(2022, 9, 2)
    villa = next(e for e in loaded.entities if e.name == "AARON ABRAHAM VILLA")
    assert villa.type is EntityType.PERSON and villa.list_codes == ("DPL",)
    assert villa.designations[0].listed_on == date(2022, 8, 24)
    assert villa.designations[0].legal_basis == "87 F.R. 52741 8/29/2022"


def test_firms_are_organizations(tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    header = ("Name\tStreet_Address\tCity\tState\tCountry\tPostal_Code\tEffective_Date\t"
              "Expiration_Date\tStandard_Order\tLast_Update\tAction\tFR_Citation\n")
    row = "ACME TRADING LLC\t1 Main St\tDubai\t\tAE\t\t01/02/2020\t\tY\t2020-01-05\t\t85 F.R. 1\n"
    blank = "\t".join(['""'] * 12) + "\n"  # the real file has a row of empty quotes
    path.write_text(header + row + blank)
    assert DplLoader.sniff(path)
    (acme,) = DplLoader().load(path).entities
    assert acme.type is EntityType.ORGANIZATION and acme.countries == ("AE",)


def test_wrong_columns_and_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    path.write_text("a\tb\n1\t2\n")
    with pytest.raises(ListError, match="not a Denied Persons List"):
        DplLoader().load(path)
    path.write_text("Name\tStreet_Address\tCity\tCountry\tEffective_Date\tFR_Citation\n")
    with pytest.raises(ListError, match="no entries"):
        DplLoader().load(path)
