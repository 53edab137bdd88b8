"""OFAC's advanced XML (SDN_ADVANCED.XML, CONS_ADVANCED.XML: the `Sanctions` schema), read as
a stream: reference values, locations and documents first, then parties, then their listings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import ClassVar

from sanctscreen.errors import ListError
from sanctscreen.lists.common import entity_type, file_sha256, head
from sanctscreen.lists.interface import ListLoader
from sanctscreen.lists.ofac_records import OfacRecord, Related, build_list
from sanctscreen.lists.ofac_structured import Entry, flavour_of, period
from sanctscreen.lists.xmlstream import Element, Tags, local, namespace, records, text
from sanctscreen.models import EntityType, Feature, ScreeningList

# The namespace of the publications since OFAC's Sanctions List Service, and the UN-derived
# one that earlier publications (to 2023) declared: the schema is the same.
NAMESPACES = (
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML",
    "http://www.un.org/sanctions/1.0",
)
_RECORDS = frozenset({"DateOfIssue", "ReferenceValueSets", "Location", "IDRegDocument",
                      "DistinctParty", "ProfileRelationship", "SanctionsEntry"})


def _date(element: Element | None, t: Tags) -> date | None:
    """A <Year>/<Month>/<Day> date (of a Date or a DatePeriod's Start/From), or None."""
    if element is None:
        return None
    try:
        return date(int(element.findtext(t.Year) or ""), int(element.findtext(t.Month) or ""),
                    int(element.findtext(t.Day) or ""))
    except ValueError:
        return None


def _period(element: Element | None, t: Tags) -> str | None:
    """A DatePeriod from the earliest start to the latest end: a birth year is the period
    1 Jan to 31 Dec, which must not read as a birth on 1 January."""
    if element is None:
        return None
    return period(_date(element.find(f"{t.Start}/{t.From}"), t),
                  _date(element.find(f"{t.End}/{t.To}"), t))


@dataclass
class _Reference:
    """The document's ReferenceValueSets: every id the parties refer to, by kind, as text."""

    values: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    iso: dict[str, str] = field(default_factory=dict)  # CountryID / AreaCodeID -> ISO code
    person_types: set[str] = field(default_factory=set)  # PartySubType ids of individuals
    subtypes: dict[str, str] = field(default_factory=dict)  # PartySubType id -> our type word

    def read(self, sets: Element, t: Tags) -> None:
        for group in sets:
            for value in group:
                kind, ref = local(value.tag), value.get("ID")
                if ref is None:
                    continue
                self.values[kind][ref] = " ".join((value.text or "").split())
                if kind == "Country" and value.get("ISO2"):
                    self.iso[ref] = str(value.get("ISO2")).upper()
                elif kind == "AreaCode" and value.text and value.text.strip():
                    self.iso.setdefault(ref, value.text.strip().upper())
        party = self.values["PartyType"]
        for element in sets.iter(t.PartySubType):
            ref, main = element.get("ID") or "", party.get(element.get("PartyTypeID") or "", "")
            sub = " ".join((element.text or "").split())
            self.subtypes[ref] = sub if sub.casefold() in {"vessel", "aircraft"} else main

    def name(self, kind: str, ref: str | None) -> str:
        return self.values[kind].get(ref or "", "")


def _written(name: Element, groups: dict[str, str], person: bool, t: Tags) -> str | None:
    """A DocumentedName as one string: 'LAST, First Middle' for people, in order otherwise."""
    last: list[str] = []
    rest: list[str] = []
    for value in name.iter(t.NamePartValue):
        word = text(value)
        if word:
            kind = groups.get(value.get("NamePartGroupID") or "", "")
            (last if person and kind == "Last Name" else rest).append(word)
    if last and rest:
        return f"{' '.join(last)}, {' '.join(rest)}"
    return " ".join(last or rest) or None


def _names(identity: Element, record: OfacRecord, document: _Document) -> None:
    t, ref = document.t, document.reference
    person = record.type is EntityType.PERSON
    groups = {g.get("ID") or "": ref.name("NamePartType", g.get("NamePartTypeID"))
              for g in identity.iter(t.NamePartGroup)}
    for alias in identity.findall(t.Alias):
        primary, weak = alias.get("Primary") == "true", alias.get("LowQuality") == "true"
        for name in alias.findall(t.DocumentedName):
            written = _written(name, groups, person, t)
            if not written:
                continue
            status = ref.name("DocNameStatus", name.get("DocNameStatusID"))
            if primary and not record.name and status in ("Primary Latin", ""):
                record.name = written
            elif weak:
                record.weak_aliases.append(written)
            else:
                record.aliases.append(written)


def _features(profile: Element, entry: Entry, document: _Document) -> None:
    t, ref = document.t, document.reference
    for feature in profile.findall(t.Feature):
        label = ref.name("FeatureType", feature.get("FeatureTypeID"))
        for version in feature.findall(t.FeatureVersion):
            detail, where = version.find(t.VersionDetail), version.find(t.VersionLocation)
            if where is not None:
                code, place = document.places.get(where.get("LocationID") or "", (None, ""))
                if label == "Location":  # an address
                    entry.record.countries.extend([code] if code else [])
                    if place:
                        entry.record.features.append(Feature("Address", place))
                else:
                    entry.feature(label, place or None, None, code)
                continue
            value = text(detail) if detail is not None else None
            if detail is not None and not value:
                value = ref.name("DetailReference", detail.get("DetailReferenceID")) or None
            when = _period(version.find(t.DatePeriod), t)
            entry.feature(label, value or when, when, None)


def _party(element: Element, document: _Document) -> OfacRecord | None:
    t, ref = document.t, document.reference
    profile = element.find(t.Profile)
    uid = (profile.get("ID") if profile is not None else None) or element.get("FixedRef")
    if profile is None or not uid:
        return None
    kind = entity_type(ref.subtypes.get(profile.get("PartySubTypeID") or ""))
    record = OfacRecord(uid, "", kind, [], remarks=text(element, t.Comment))
    identities = profile.findall(t.Identity)
    for identity in identities:
        _names(identity, record, document)
    if not record.name:
        return None
    entry = Entry(record, document.warnings)
    _features(profile, entry, document)
    for identity in identities:
        for label, number, country in document.documents.pop(identity.get("ID") or "", []):
            entry.document(label, number, country)
    return record


class _Document:
    """One advanced XML file. Parties come before the entries that list them, so each party
    is kept as a record until the end, when its lists, programs and relationships are known."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.t = Tags("")
        self.reference = _Reference()
        self.as_of: date | None = None
        self.places: dict[str, tuple[str | None, str]] = {}  # LocationID -> (ISO code, text)
        self.documents: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
        self.records: dict[str, OfacRecord] = {}
        self.lists: list[str] = []
        self.warnings: list[str] = []

    def read(self) -> None:
        elements = records(self.path, _RECORDS)
        root = next(elements, None)
        if root is None:
            raise ListError("the XML has no root element", path=self.path)
        self._check_root(root)
        handlers = {self.t.DateOfIssue: self._issued, self.t.Location: self._location,
                    self.t.ReferenceValueSets: self._reference, self.t.SanctionsEntry: self._entry,
                    self.t.IDRegDocument: self._document, self.t.DistinctParty: self._party,
                    self.t.ProfileRelationship: self._relationship}
        for element in elements:
            handlers[element.tag](element)

    def _check_root(self, root: Element) -> None:
        if local(root.tag) != "Sanctions":
            raise ListError(f"not an OFAC advanced XML document (root <{local(root.tag)}>)",
                            path=self.path)
        if namespace(root.tag) not in NAMESPACES:
            raise ListError(f"not an OFAC advanced XML document (namespace "
                            f"{namespace(root.tag) or 'none'!r})", path=self.path)
        self.t = Tags(namespace(root.tag))

    def _issued(self, element: Element) -> None:
        self.as_of = _date(element, self.t)

    def _reference(self, element: Element) -> None:
        self.reference.read(element, self.t)

    def _location(self, element: Element) -> None:
        t, ref = self.t, self.reference
        country = element.find(t.LocationCountry)
        area = element.find(t.LocationAreaCode)
        code = ref.iso.get(country.get("CountryID") or "") if country is not None else None
        code = code or (ref.iso.get(area.get("AreaCodeID") or "") if area is not None else None)
        parts = [value for part in element.iter(t.LocationPartValue)
                 if (value := text(part, t.Value))]
        if country is not None and (named := ref.name("Country", country.get("CountryID"))):
            parts.append(named)
        self.places[element.get("ID") or ""] = (code, ", ".join(parts))

    def _document(self, element: Element) -> None:
        label = self.reference.name("IDRegDocType", element.get("IDRegDocTypeID"))
        number = text(element, self.t.IDRegistrationNo)
        if label and number:
            country = self.reference.iso.get(element.get("IssuedBy-CountryID") or "")
            self.documents[element.get("IdentityID") or ""].append((label, number, country))

    def _party(self, element: Element) -> None:
        record = _party(element, self)
        if record is None:
            self.warnings.append(f"a DistinctParty without id or name (FixedRef "
                                 f"{element.get('FixedRef')}) was skipped")
        elif record.uid in self.records:
            self.warnings.append(f"entry {record.uid} repeated, kept the first")
        else:
            self.records[record.uid] = record

    def _relationship(self, element: Element) -> None:
        kind = self.reference.name("RelationType", element.get("RelationTypeID"))
        source, target = element.get("From-ProfileID"), element.get("To-ProfileID")
        record = self.records.get(source or "")
        if record is None or not kind or not target:
            self.warnings.append(f"relationship {element.get('ID')} from profile {source}, "
                                 "which is not in the file, was ignored")
            return
        record.related.append(Related(target, kind))

    def _entry(self, element: Element) -> None:
        t, ref = self.t, self.reference
        record = self.records.get(element.get("ProfileID") or "")
        list_name = ref.name("List", element.get("ListID"))
        if record is None or not list_name:
            self.warnings.append(f"sanctions entry {element.get('ID')} for profile "
                                 f"{element.get('ProfileID')}, which is not in the file, "
                                 "was ignored")
            return
        if list_name not in self.lists:
            self.lists.append(list_name)
        event = element.find(t.EntryEvent)
        listed = _date(event.find(t.Date), t) if event is not None else None
        record.lists.append((list_name, listed))
        basis = ref.name("LegalBasis", event.get("LegalBasisID")) if event is not None else ""
        if basis and basis.casefold() != "unknown" and basis not in record.authorities:
            record.authorities.append(basis)
        for measure in element.iter(t.SanctionsMeasure):
            if ref.name("SanctionsType", measure.get("SanctionsTypeID")) == "Program":
                program = text(measure, t.Comment)
                if program and program not in record.programs:
                    record.programs.append(program)

    def finish(self) -> None:
        """Relationships point at profiles: name those on this list for the fact texts."""
        for record in self.records.values():
            record.related = [Related(r.uid, r.kind, self.records[r.uid].name
                                      if r.uid in self.records else None)
                              for r in record.related]


class OfacAdvancedLoader(ListLoader):
    NAME: ClassVar[str] = "ofac-advanced"
    DESCRIPTION: ClassVar[str] = "OFAC advanced XML: SDN_ADVANCED.XML or CONS_ADVANCED.XML"

    @classmethod
    def sniff(cls, path: Path) -> bool:
        if not path.is_file():
            return False
        start = head(path)
        return "<Sanctions" in start and any(uri in start for uri in NAMESPACES)

    def load(self, path: Path, *, list_id: str | None = None) -> ScreeningList:
        path = Path(path)
        if path.is_dir():
            raise ListError("give the XML file, not its folder", path=path)
        document = _Document(path)
        document.read()
        if not document.records:
            raise ListError("no <DistinctParty> elements found", path=path)
        document.finish()
        unlisted = [uid for uid, record in document.records.items() if not record.lists]
        if unlisted:
            document.warnings.append(f"{len(unlisted)} parties have no sanctions entry in the "
                                     f"file (profile {', '.join(unlisted[:5])}); screened as "
                                     "listed on the file's list")
        return build_list(document.records.values(), flavour_of(document.lists, path),
                          list_id=list_id, sha256=file_sha256(path), source=str(path),
                          as_of=document.as_of, fmt=self.NAME, warnings=document.warnings)


