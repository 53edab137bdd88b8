"""What the structured OFAC formats (enhanced and advanced XML) share: filing each labelled
feature and identity document of an entry where screening uses it."""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

from sanctscreen.countries import country_code
from sanctscreen.identifiers import normalise
from sanctscreen.lists.common import parse_date
from sanctscreen.lists.ofac_records import Flavour, OfacRecord
from sanctscreen.models import Feature

# Labels the remarks parser (ofac_remarks.Facts) turns into identifiers, aliases and the
# listing date, exactly as it does for the legacy CSV's remarks.
_IDENTIFIERS = frozenset({"isin", "equity ticker", "unified social credit code (uscc)",
                          "cusip", "lei"})
_ALIASES = frozenset({"issuer name"})
# Features whose value names a country: they add to the entry's countries.
_COUNTRIES = frozenset({"nationality of registration", "nationality country",
                        "citizenship country", "vessel flag"})


def _key(label: str) -> str:
    return " ".join(label.casefold().split()).rstrip(" :-")


def _label(label: str) -> str:
    """OFAC writes some labels with a trailing ':' or ' -' ("Target Type", "Organization Type:")."""
    return " ".join(label.split()).rstrip(" :-")


class Entry:
    """Files the features and documents of one entry into its record."""

    def __init__(self, record: OfacRecord, problems: list[str]) -> None:
        self.record = record
        self.problems = problems

    def feature(self, label: str, value: str | None, parsed: str | None,
                country: str | None) -> None:
        """One feature: `value` as published, `parsed` its date as `period` writes it where the
        format gives one, `country` the ISO code of the country it refers to."""
        key = _key(label)
        if key in _IDENTIFIERS or key in _ALIASES:
            if value:
                self.record.labelled.append((label, value))
            return
        if key in _COUNTRIES:
            code = country or country_code(value)
            if code:
                self.record.countries.append(code)
        if key.startswith("listing date") and (parsed or value):
            self.record.labelled.append((label, parsed or value or ""))
        shown = parsed or value
        if "date" in key and not parsed and value and parse_date(value) is None:
            self.problems.append(f"{self.record.uid}: {_label(label)} {value!r} is not a date; "
                                 "kept as published")
        elif "date" in key and not parsed and value:
            shown = str(parse_date(value))
        if shown:
            self.record.features.append(Feature(_label(label), shown))

    def document(self, label: str, number: str, country: str | None) -> None:
        """One identity document: a USCC or LEI becomes an identifier; anything else (a tax
        number, a registration number, a passport) is kept as a fact of the entry."""
        key = _key(label)
        if key in _IDENTIFIERS or (key == "legal entity number" and normalise("lei", number)):
            self.record.labelled.append((label, number))
            return
        where = f" ({country})" if country else ""
        self.record.features.append(Feature(_label(label), f"{number}{where}"))


def period(start: date | None, end: date | None) -> str | None:
    """A dated value as precise as the publisher states it: a day 'YYYY-MM-DD', a whole year
    'YYYY' (OFAC gives a birth year as the period 1 Jan to 31 Dec), a whole month 'YYYY-MM',
    or 'FIRST to LAST'. None without a start."""
    if start is None:
        return None
    if end is None or end == start:
        return start.isoformat()
    if start.day == 1 and end.year == start.year:
        if start.month == 1 and (end.month, end.day) == (12, 31):
            return str(start.year)
        if end.month == start.month and end.day == calendar.monthrange(end.year, end.month)[1]:
            return f"{start.year}-{start.month:02d}"
    return f"{start.isoformat()} to {end.isoformat()}"


def flavour_of(lists: list[str], path: Path) -> Flavour:
    """SDN or Consolidated, from the lists the publication says it holds (else its file name)."""
    named = {" ".join(name.casefold().split()) for name in lists}
    if "consolidated list" in named:
        return Flavour.CONS
    if "sdn list" in named:
        return Flavour.SDN
    name = path.name.casefold()
    return Flavour.CONS if name.startswith("cons") or "consolidated" in name else Flavour.SDN
