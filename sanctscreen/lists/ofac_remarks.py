"""Structured facts in OFAC remarks and ID lists: aliases, Linked To, ISIN, USCC, listing dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sanctscreen.countries import country_code
from sanctscreen.identifiers import normalise
from sanctscreen.lists.common import clean, parse_date
from sanctscreen.models import Identifier

# Labels OFAC writes before a value, as in "ISIN CNE100001TW7" or <idType>ISIN</idType>,
# mapped to our identifier schemes. "Legal Entity Number" is how OFAC labels an LEI.
_ID_LABELS = {
    "isin": "isin",
    "equity ticker": "ticker",
    "unified social credit code (uscc)": "uscc",
    "legal entity number": "lei",
    "lei": "lei",
    "cusip": "cusip",
}
_ALIAS_LABELS = {"issuer name", "a.k.a.", "f.k.a.", "n.k.a."}
_LABEL = re.compile(
    r"^(?:alt\.\s+)?(?P<label>a\.k\.a\.|f\.k\.a\.|n\.k\.a\.|Linked To:|ISIN|Equity Ticker"
    r"|Issuer Name|Unified Social Credit Code \(USCC\)|Legal Entity Number|LEI|CUSIP"
    r"|Listing Date \([^)]*\):?|nationality|citizen|Nationality of Registration)\s*(?P<value>.+)$",
    re.IGNORECASE,
)
# "91120000783342508F (China)": the issuing country follows the number.
_TRAILING_COUNTRY = re.compile(r"\s*\([^)]*\)\s*$")


@dataclass
class Facts:
    """What the remarks of one entry state beyond its name and programs."""

    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)  # a.k.a. 'QUOTED' (OFAC FAQ 123)
    linked_to: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    listed_on: date | None = None
    countries: list[str] = field(default_factory=list)  # nationality, citizenship, flag
    problems: list[str] = field(default_factory=list)

    def add(self, label: str, raw_value: str) -> None:
        """Record one labelled value; unknown labels (Tax ID, SWIFT/BIC, ...) are ignored."""
        key = re.sub(r"^alt\.\s+", "", label.strip(), flags=re.IGNORECASE).casefold().rstrip(":")
        value = clean(raw_value)
        if not value:
            return
        if key in _ALIAS_LABELS:
            # OFAC writes its weak a.k.a.s in quotes (single in the CSV remarks, double in the
            # text list); the strong ones stand unquoted or in the alias files.
            alias = value.strip("'\"\u201c\u201d").strip()
            quoted = len(value) > 1 and value[0] in "'\"\u201c" and value[-1] in "'\"\u201d"
            if alias:
                (self.weak_aliases if quoted and key != "issuer name" else self.aliases).append(
                    alias)
        elif key == "linked to":
            self.linked_to.append(value)
        elif key in _ID_LABELS:
            self._identifier(_ID_LABELS[key], value)
        elif key in {"nationality", "citizen", "nationality of registration"}:
            code = country_code(value)
            if code and code not in self.countries:
                self.countries.append(code)
        elif key.startswith("listing date"):
            listed = parse_date(value.lstrip(": "))
            if listed and (self.listed_on is None or listed < self.listed_on):
                self.listed_on = listed

    def _identifier(self, scheme: str, value: str) -> None:
        if scheme != "ticker":
            value = _TRAILING_COUNTRY.sub("", value)
        identifier = normalise(scheme, value)
        if identifier is None:
            if scheme == "lei":
                # OFAC also labels national register numbers "Legal Entity Number".
                return
            # The list is authoritative even where its check digit is wrong (OFAC publishes
            # e.g. CND10002K094): keep the value as published so an exact match still finds it.
            identifier = Identifier(scheme, re.sub(r"[\s\-.]+", "", value.upper()))
            self.problems.append(f"{scheme.upper()} {identifier.value}")
        if identifier not in self.identifiers:
            self.identifiers.append(identifier)


def split_remarks(remarks: str) -> list[str]:
    """The '; '-separated items of an OFAC remarks field, without the closing full stop."""
    text = remarks.strip()
    if text.endswith(".") and not text.endswith("..."):
        text = text[:-1]
    return [item.strip() for item in re.split(r";\s+", text) if item.strip()]


def parse_remarks(remarks: str | None, facts: Facts | None = None) -> Facts:
    """The facts stated in an OFAC remarks text (added to `facts` when given)."""
    facts = facts if facts is not None else Facts()
    for item in split_remarks(remarks or ""):
        match = _LABEL.match(item)
        if match:
            facts.add(match.group("label"), match.group("value"))
    return facts
