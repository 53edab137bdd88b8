"""Country names as the lists write them, to ISO alpha-2."""

from __future__ import annotations

import pytest

from sanctscreen.lists.countries import country_code


@pytest.mark.parametrize(("name", "code"), [
    ("China", "CN"), ("Cayman Islands", "KY"), ("Korea, North", "KP"), ("Burma", "MM"),
    ("Hong Kong", "HK"), ("Russia", "RU"), ("Iran", "IR"), ("Congo, Democratic Republic of the",
                                                            "CD"),
    ("Virgin Islands, British", "VG"), ("Region: Crimea", "UA"), ("cn", "CN"), ("DEU", "DE"),
    ("Region: Kafia Kingi", None), ("undetermined", None), ("", None), (None, None), ("ZZ", None),
])
def test_country_code(name: str | None, code: str | None) -> None:
    assert country_code(name) == code
