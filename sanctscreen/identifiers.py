"""Normalise and validate security and company identifiers (ISIN, LEI, USCC, CUSIP, ticker).

Check digits are verified with python-stdnum, so a mistyped ISIN never matches a listed one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from stdnum import cusip, isin, lei
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

from sanctscreen.models import Identifier

# Schemes whose values carry a check digit; a value failing it is not an identifier at all.
_VALIDATORS: dict[str, Callable[[str], str]] = {
    "isin": isin.validate,
    "lei": lei.validate,
    "uscc": uscc.validate,
    "cusip": cusip.validate,
}

SCHEMES = ("isin", "lei", "uscc", "cusip", "ticker")

_BLANKS = re.compile(r"[\s\-.]+")
# Exchange suffixes as OFAC writes them ("603019CN", "300367 CN") and as terminals do
# ("603019 CH Equity", "2382 HK"): the symbol is what identifies the security.
# A suffix is only a suffix after a blank: "US" alone is a symbol, not an exchange code.
_TICKER_SUFFIX = re.compile(r"\s+(EQUITY|CH|CN|C1|C2|HK|US|UN|UW|UQ|LN|SS|SZ)$")


def normalise(scheme: str, raw: object) -> Identifier | None:
    """The Identifier for `raw`, or None when it is blank or fails its check digit."""
    if raw is None:
        return None
    text = str(raw).strip().upper()
    if not text or text in {"NAN", "NONE", "-0-", "N/A"}:
        return None
    scheme = scheme.lower()
    if scheme == "ticker":
        return _ticker(text)
    compact = _BLANKS.sub("", text)
    validator = _VALIDATORS.get(scheme)
    if validator is not None:
        try:
            compact = validator(compact)
        except ValidationError:
            return None
    return Identifier(scheme, compact)


def is_valid(scheme: str, raw: object) -> bool:
    return normalise(scheme, raw) is not None


def _ticker(text: str) -> Identifier | None:
    text = re.sub(r"\s+", " ", text)
    previous = None
    while previous != text:
        previous = text
        text = _TICKER_SUFFIX.sub("", text).strip()
    # OFAC glues the market code to numeric tickers: "603019CN" is 603019 on a China exchange.
    match = re.fullmatch(r"(\d{4,6})(CN|CH|HK)", text)
    if match:
        text = match.group(1)
    text = text.replace(" ", "")
    return Identifier("ticker", text) if text else None
