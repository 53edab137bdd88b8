from __future__ import annotations

import random
import string

import pytest
from stdnum import isin

from sanctscreen.identifiers import normalise
from sanctscreen.inputs.fastid import identifier
from sanctscreen.models import Identifier


def _isins(count: int) -> list[str]:
    rng = random.Random(7)
    values = []
    for _ in range(count):
        prefix = rng.choice(["US", "CN", "KY", "HK", "XS", "ZZ", "QQ", "EU"])
        body = prefix + "".join(rng.choices(string.digits + string.ascii_uppercase, k=9))
        values.append(body + isin.calc_check_digit(body))  # valid unless the prefix is not
        values.append(body + rng.choice(string.digits))  # valid one time in ten
    return values


def test_isin_fast_path_agrees_with_normalise() -> None:
    values = _isins(3000)
    assert [identifier("isin", v) for v in values] == [normalise("isin", v) for v in values]
    valid = sum(identifier("isin", v) is not None for v in values)
    assert 1000 < valid < 5000  # both valid and invalid values were compared


@pytest.mark.parametrize(("scheme", "value"), [
    ("isin", " us0378331005 "), ("isin", "US-0378331005"), ("isin", "US0378331006"),
    ("isin", "N/A"), ("isin", 12345), ("lei", "HWUPKR0MPOU8FGXBT394"), ("lei", "HWUPKR0MPOU8"),
    ("ticker", "300367 CH Equity"), ("cusip", "037833100"), ("uscc", "91110108MA01BY0T3N"),
    ("isin", "X" * 200),
])
def test_other_values_agree_with_normalise(scheme: str, value: object) -> None:
    assert identifier(scheme, value) == normalise(scheme, value)


def test_valid_isin() -> None:
    assert identifier("isin", "US0378331005") == Identifier("isin", "US0378331005")
