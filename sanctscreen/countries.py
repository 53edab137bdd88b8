"""Country names and codes — as the US lists and as users' spreadsheets write them — to ISO
3166-1 alpha-2 codes."""

from __future__ import annotations

import functools
import re

import pycountry

# Names OFAC and BIS use that ISO does not (or that pycountry's lookup would get wrong).
_OVERRIDES = {
    "burma": "MM",
    "korea, north": "KP",
    "north korea": "KP",
    "korea, south": "KR",
    "south korea": "KR",
    "russia": "RU",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "vietnam": "VN",
    "taiwan": "TW",
    "macau": "MO",
    "macao": "MO",
    "hong kong": "HK",
    "brunei": "BN",
    "moldova": "MD",
    "tanzania": "TZ",
    "bolivia": "BO",
    "venezuela": "VE",
    "turkey": "TR",
    "the gambia": "GM",
    "gambia, the": "GM",
    "bahamas, the": "BS",
    "cote d ivoire": "CI",
    "cote d'ivoire": "CI",
    "congo, democratic republic of the": "CD",
    "congo, republic of the": "CG",
    "czech republic": "CZ",
    "man, isle of": "IM",
    "virgin islands, british": "VG",
    "north macedonia, the republic of": "MK",
    "netherlands antilles": "AN",  # dissolved in 2010 but still on old OFAC addresses
    "kosovo": "XK",  # user-assigned code used by the EU and OFAC
    "palestinian": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "region: gaza": "PS",
    "region: north gaza": "PS",
    "region: northern gaza": "PS",
    "region: west bank": "PS",
    "region: crimea": "UA",
    "region: northern mali": "ML",
    "region: russia": "RU",
    "united kingdom": "GB",
    "united states": "US",
    "uk": "GB",
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "great britain": "GB",
    "uae": "AE",
    # Spellings portfolio and vendor systems export.
    "prc": "CN",
    "people's republic of china": "CN",
    "mainland china": "CN",
    "china mainland": "CN",
    "中国": "CN",
    "中华人民共和国": "CN",
    "中国大陆": "CN",
    "hong kong sar": "HK",
    "香港": "HK",
    "iran, islamic republic of": "IR",
    "korea, democratic people's republic of": "KP",
    "democratic people's republic of korea": "KP",
    "korea, republic of": "KR",
    "republic of korea": "KR",
}

_PUNCTUATION = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    """Case, spacing and punctuation folded: "Korea, North" and "korea north" are one key."""
    return _PUNCTUATION.sub(" ", text.casefold()).strip()


_BY_KEY = {_key(name): code for name, code in _OVERRIDES.items()}


@functools.lru_cache(maxsize=1024)
def country_code(name: str | None) -> str | None:
    """The ISO alpha-2 code for a country name or code; None for blanks, regions and unknowns."""
    if not name:
        return None
    text = " ".join(name.split()).strip(" .")
    code = _BY_KEY.get(_key(text))
    if code is not None:
        return code
    if len(text) == 2 and text.isalpha():
        found = pycountry.countries.get(alpha_2=text.upper())
        return text.upper() if found or text.upper() == "XK" else None
    for attribute in ("name", "common_name", "official_name", "alpha_3"):
        try:
            found = pycountry.countries.get(**{attribute: text})  # type: ignore[arg-type]
        except (KeyError, LookupError):
            found = None
        if found is not None:
            return str(found.alpha_2)
    return None


def cell_country(value: object) -> str | None:
    """A country cell of a user's file: its ISO code when known, else the cell's text as written
    (upper-cased when it is two letters), so that nothing the user wrote is lost."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text or text.casefold() == "nan":
        return None
    code = country_code(text)
    if code is not None:
        return code
    return text.upper() if len(text) == 2 and text.isascii() and text.isalpha() else text
