from __future__ import annotations

import pytest

from sanctscreen.inputs.countries import country_code


@pytest.mark.parametrize(("cell", "code"), [
    ("cn", "CN"), (" CN ", "CN"), ("China", "CN"), ("People's Republic of China", "CN"),
    ("CHN", "CN"), ("中国", "CN"), ("Hong Kong SAR", "HK"), ("United States", "US"),
    ("U.S.A.", "US"), ("UK", "GB"), ("Iran, Islamic Republic of", "IR"),
    ("Atlantis", "Atlantis"), ("  New   Zealand ", "New Zealand"),
    (None, None), ("", None), ("  ", None), (float("nan"), None),
])
def test_country_code(cell: object, code: str | None) -> None:
    assert country_code(cell) == code
