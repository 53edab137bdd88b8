"""What a row says beyond its name (its country, its kind) and how much one name match
proves on its own: each qualifier only lowers a score, and says why in an analyst's words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sanctscreen.countries import country_code
from sanctscreen.matching import tables
from sanctscreen.matching.index import Alias
from sanctscreen.matching.normalise import Kind, tokens
from sanctscreen.matching.score import NameScore
from sanctscreen.models import Entity, EntityType, Identifier

# A company is registered in one country: a row's country that differs from every country of
# a listed organisation, vessel or aircraft names a namesake (a Chinese "Industrial Bank" is
# not Syria's), so it takes an exact name to a review and a look-alike below it. A person's
# listed countries (nationality, residence) and those of an entry spanning several countries
# say little, and count little.
COUNTRY_PENALTY = 0.2
WEAK_COUNTRY_PENALTY = 0.05
SPANNING = 3  # an entry listed in this many countries or more operates across borders
# Jurisdictions one issuer spans: mainland groups list in Hong Kong and Macau, and through
# holding companies in Cayman, Bermuda and the British Virgin Islands.
COUNTRY_GROUPS = ({"CN", "HK", "MO", "KY", "BM", "VG"},)
# A row that carries a legal form ("CAP SA", "Dover Corporation") or a line of business
# ("Devon Energy") names a company, which is neither a vessel, an aircraft nor a person: at
# most a look for a person of that name (a company may bear its founder's), a clear for a
# ship or a registration mark.
KIND_PENALTY = {EntityType.VESSEL: 0.3, EntityType.AIRCRAFT: 0.3, EntityType.PERSON: 0.2}
# One word of three letters or fewer is an acronym many parties share ("ITC Ltd" and a
# Russian "Limited Liability Company ITC"): alone, without another word or an identifier
# agreeing, it asks for a look at most; unless the party is listed under that acronym alone
# ("DJI", "ZTE Corporation"), which is then the name it is known by.
SHORT_TOKEN = 3
# One misspelt short word and nothing else agreeing ("Argan" for the vessel YARAN, "Halma"
# for HAMAS) is how two unrelated names look alike; a misspelling that other words confirm
# ("Mgevii Technology"), or of a long word ("Hikvsion"), is not lowered further.
LONE_TYPO_PENALTY = 0.1
LONG_WORD = 8
# A name made only of common words ("Industrial Bank", "Digital Technology Co Ltd") is borne
# by parties in many countries: without the row's country agreeing, it asks for a look.
COMMON_ONLY_PENALTY = 0.1
# National domains that businesses anywhere use ("co", "io", "tv", "me").
GENERIC_DOMAINS = frozenset({"CO", "IO", "TV", "ME", "AI", "CC", "WS", "FM", "LY", "TO", "GG"})
_WEBSITE = re.compile(r"www\.[\w.-]+\.([a-z]{2})\b", re.IGNORECASE)
_REGISTERED = re.compile(r"(?:Registration|Tax ID|Company Number|Business Number)[^;()]*"
                         r"\(([A-Z][A-Za-z .'-]+)\)")

Adjustment = tuple[float, str]  # (new score, the reason in an analyst's words)


@dataclass(frozen=True, slots=True)
class Row:
    """What a screened row says besides its name."""

    identifiers: Sequence[Identifier]
    country: str | None
    form: str | None  # what says the row names a company ("SA", "ENERGY"), as written


def row_form(name: str | None) -> str | None:
    """What says a row names a company: a legal form ("SA" in "CAP SA") or a line of
    business ("ENERGY" in "Devon Energy"), as written; else None."""
    if not name:
        return None
    for token in tokens(name):
        if token.kind is Kind.LEGAL or token.text in tables.INDUSTRY:
            return token.source
    return None


def country(entity: Entity, *, row: Row, score: float,
            weak_alias: bool = False) -> Adjustment | None:
    """A row's country that contradicts every country of the entity.

    An entry spanning several countries is lowered little, unless the match is on one of its
    weak aliases: a broad or generic alias that OFAC expects only to confirm a hit arising
    from other information (FAQ 124), and here the other information disagrees.
    """
    listed = listed_countries(entity)
    if not _contradicts(row.country, listed):
        return None
    person = entity.type is EntityType.PERSON
    weak = person or (len(listed) >= SPANNING and not weak_alias)
    why = (" (a person's countries say little)" if person
           else " (listed in several countries)" if weak else "")
    code = (row.country or "").strip().upper()
    return (score - (WEAK_COUNTRY_PENALTY if weak else COUNTRY_PENALTY),
            f"country differs: row {code}, listed {'/'.join(listed)}{why}")


def kind(entity: Entity, *, row: Row, score: float) -> Adjustment | None:
    """A row naming a company, against a vessel, an aircraft or a person."""
    penalty = KIND_PENALTY.get(entity.type, 0.0) if row.form else 0.0
    if not penalty:
        return None
    article = "an" if entity.type is EntityType.AIRCRAFT else "a"
    return (score - penalty, f"kind differs: the row names a company ({row.form}), "
                             f"listed as {article} {entity.type.value}")


def corroboration(entity: Entity, *, alias: Alias, scored: NameScore, row: Row, score: float,
                  ceiling: float) -> Adjustment | None:
    """One word carrying the match alone: a short one is a review at most, a misspelt short
    one is lowered; a name of common words only needs the row's country."""
    informative = [p for p in scored.pairs if p.listed.kind is not Kind.LEGAL]
    if not informative or set(row.identifiers) & set(entity.identifiers):
        return None
    if len(informative) == 1:
        only = informative[0]
        alone = all(t.kind is Kind.LEGAL or t.text == only.listed.text for t in alias.tokens)
        if len(only.listed.text) <= SHORT_TOKEN and not alone:
            if score <= ceiling:
                return None
            return ceiling, (f"one short word ({only.label()}) and nothing else agrees: "
                             "review at most")
        if only.similarity < 1.0 and len(only.listed.text) < LONG_WORD:
            return (score - LONE_TYPO_PENALTY,
                    f"one misspelt word ({only.label()}) and nothing else agrees")
    if all(p.listed.kind is Kind.GENERIC for p in informative) and not _agrees(
            row.country, listed_countries(entity)):
        return score - COMMON_ONLY_PENALTY, "common words only, and no country to confirm them"
    return None


def listed_countries(entity: Entity) -> tuple[str, ...]:
    return entity.countries or remarks_countries(entity.remarks)


@lru_cache(maxsize=4096)
def remarks_countries(remarks: str | None) -> tuple[str, ...]:
    """Where the remarks of an entry that states no country place it: the country of a
    registration number ("Registration ID HE 319556 (Cyprus)": CY) or of a website's national
    domain ("www.industrialbank.gov.sy": SY)."""
    if not remarks:
        return ()
    found: list[str] = []
    for registered in _REGISTERED.finditer(remarks):
        code = country_code(registered.group(1))
        if code:
            found.append(code)
    for website in _WEBSITE.finditer(remarks):
        if website.group(1).upper() not in GENERIC_DOMAINS:
            found.append(website.group(1).upper())
    return tuple(dict.fromkeys(found))


def _contradicts(country: str | None, countries: Sequence[str]) -> bool:
    """Whether a row's ISO country code contradicts every country of the entity.

    Anything but a two-letter code (a blank, "China") says nothing, rather than lowering
    every entity's score.
    """
    code = (country or "").strip().upper()
    if len(code) != 2 or not code.isalpha() or not countries:
        return False
    return not _agrees(code, countries)


def _agrees(country: str | None, countries: Sequence[str]) -> bool:
    """Whether a row's ISO country code is one of the entity's (or of the same group)."""
    code = (country or "").strip().upper()
    if len(code) != 2 or not countries:
        return False
    listed = {c.upper() for c in countries}
    return code in listed or any(code in group and listed & group for group in COUNTRY_GROUPS)
