"""Country names and codes, as lists and as users' files write them, to ISO alpha-2."""

from __future__ import annotations

import pytest

from sanctscreen.countries import cell_country, country_code


@pytest.mark.parametrize(("name", "code"), [
    ("China", "CN"), ("Cayman Islands", "KY"), ("Korea, North", "KP"), ("Burma", "MM"),
    ("Hong Kong", "HK"), ("Russia", "RU"), ("Iran", "IR"), ("Congo, Democratic Republic of the",
                                                            "CD"),
    ("Virgin Islands, British", "VG"), ("Region: Crimea", "UA"), ("cn", "CN"), ("DEU", "DE"),
    ("Region: Kafia Kingi", None), ("undetermined", None), ("", None), (None, None), ("ZZ", None),
])
def test_list_country_names(name: str | None, code: str | None) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize(("cell", "code"), [
    ("cn", "CN"), (" CN ", "CN"), ("China", "CN"), ("People's Republic of China", "CN"),
    ("CHN", "CN"), ("中国", "CN"), ("Hong Kong SAR", "HK"), ("United States", "US"),
    ("U.S.A.", "US"), ("UK", "GB"), ("Iran, Islamic Republic of", "IR"),
    # Unknown names stay as written, so nothing in the user's cell is lost.
    ("Atlantis", "Atlantis"), ("zz", "ZZ"),
    # Any ISO country name is recognised, not only the common ones.
    ("  New   Zealand ", "NZ"),
    (None, None), ("", None), ("  ", None), (float("nan"), None),
])
def test_cell_country(cell: object, code: str | None) -> None:
    assert cell_country(cell) == code
