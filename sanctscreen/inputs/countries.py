"""Country cells as ISO 3166-1 alpha-2 codes where that is cheap to know, the text otherwise."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from sanctscreen.inputs.columns import header_key

# The countries that matter most to US restricted-party screening, under the spellings and
# alpha-3 codes portfolio systems export. Anything else is kept as written.
_NAMES: Mapping[str, str] = MappingProxyType({header_key(k): v for k, v in {
    "china": "CN", "people's republic of china": "CN", "prc": "CN", "mainland china": "CN",
    "china mainland": "CN", "chn": "CN", "中国": "CN", "中华人民共和国": "CN", "中国大陆": "CN",
    "hong kong": "HK", "hong kong sar": "HK", "hkg": "HK", "香港": "HK", "macau": "MO",
    "macao": "MO", "mac": "MO", "taiwan": "TW", "twn": "TW",
    "united states": "US", "united states of america": "US", "usa": "US", "u.s.": "US",
    "u.s.a.": "US", "united kingdom": "GB", "great britain": "GB", "gbr": "GB", "uk": "GB",
    "russia": "RU", "russian federation": "RU", "rus": "RU", "iran": "IR", "irn": "IR",
    "iran, islamic republic of": "IR", "north korea": "KP", "prk": "KP",
    "democratic people's republic of korea": "KP", "korea, democratic people's republic of": "KP",
    "south korea": "KR", "republic of korea": "KR", "korea, republic of": "KR", "kor": "KR",
    "syria": "SY", "syrian arab republic": "SY", "syr": "SY", "cuba": "CU", "cub": "CU",
    "venezuela": "VE", "ven": "VE", "belarus": "BY", "blr": "BY", "myanmar": "MM",
    "burma": "MM", "mmr": "MM", "japan": "JP", "jpn": "JP", "germany": "DE", "deu": "DE",
    "france": "FR", "fra": "FR", "singapore": "SG", "sgp": "SG", "india": "IN", "ind": "IN",
    "cayman islands": "KY", "cym": "KY", "british virgin islands": "VG", "vgb": "VG",
    "bermuda": "BM", "bmu": "BM", "canada": "CA", "can": "CA", "netherlands": "NL",
    "nld": "NL", "switzerland": "CH", "che": "CH", "luxembourg": "LU", "lux": "LU",
    "ireland": "IE", "irl": "IE", "united arab emirates": "AE", "uae": "AE", "are": "AE",
}.items()})


def country_code(value: Any) -> str | None:
    """Upper-case ISO-2 for a 2-letter code or a known name; the cleaned text otherwise."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text or text.casefold() == "nan":
        return None
    if len(text) == 2 and text.isascii() and text.isalpha():
        return "GB" if text.upper() == "UK" else text.upper()  # UK is not ISO but is common
    return _NAMES.get(header_key(text), text)
