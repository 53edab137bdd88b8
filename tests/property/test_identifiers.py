"""Properties of identifier normalisation (sanctscreen.identifiers.normalise)."""

from __future__ import annotations

import string

from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum import isin

from sanctscreen.identifiers import SCHEMES, normalise
from tests.property.strategies import any_text

schemes = st.sampled_from(SCHEMES)


@given(schemes, st.one_of(any_text, st.integers(), st.floats(), st.none(), st.booleans()))
def test_any_value_normalises_or_is_refused_without_raising(scheme: str, raw: object) -> None:
    found = normalise(scheme, raw)
    if found is not None:
        assert found.scheme == scheme
        assert found.value and found.value == found.value.upper()
        assert not any(c.isspace() for c in found.value) or scheme == "ticker"


@given(schemes, st.one_of(any_text, st.text(string.ascii_uppercase + string.digits + " -.",
                                            min_size=1, max_size=24)))
def test_normalising_twice_changes_nothing(scheme: str, raw: str) -> None:
    if scheme == "ticker":  # blanks can join into a glued exchange code: "12 34CN" -> 1234CN
        assume(len(raw.split()) <= 1)
    found = normalise(scheme, raw)
    if found is not None:
        assert normalise(scheme, found.value) == found


_ISIN_BODY = st.tuples(st.sampled_from(["US", "CN", "KY", "HK", "DE"]),
                       st.text(string.ascii_uppercase + string.digits, min_size=9, max_size=9))


@given(_ISIN_BODY, st.sampled_from(["{}", " {} ", "\t{}\n", "ISIN {}"[5:]]), st.booleans())
def test_a_valid_isin_is_found_however_it_is_typed(body: tuple[str, str], shape: str,
                                                   lower: bool) -> None:
    code = body[0] + body[1]
    code += isin.calc_check_digit(code)
    typed = shape.format(code.lower() if lower else code)
    found = normalise("isin", typed)
    assert found is not None and found.value == code
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert normalise("isin", wrong) is None  # a mistyped check digit identifies nothing


def test_a_ticker_normalises_to_itself() -> None:
    found = normalise("ticker", "U S")
    assert found is None or normalise("ticker", found.value) == found
