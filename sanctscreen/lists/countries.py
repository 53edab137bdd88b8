"""Country names as the US lists write them, mapped to ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

import functools

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
}


@functools.lru_cache(maxsize=1024)
def country_code(name: str | None) -> str | None:
    """The ISO alpha-2 code for a country name or code; None for blanks, regions and unknowns."""
    if not name:
        return None
    text = " ".join(name.split()).strip(" .")
    key = text.lower()
    if key in _OVERRIDES:
        return _OVERRIDES[key]
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
