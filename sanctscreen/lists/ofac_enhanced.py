"""OFAC's enhanced XML (SDN_ENHANCED.XML, CONS_ENHANCED.XML), read as a stream of entries."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from sanctscreen.errors import ListError
from sanctscreen.lists.common import entity_type, file_sha256, head, parse_date
from sanctscreen.lists.interface import ListLoader
from sanctscreen.lists.ofac_records import OfacRecord, Related, build_list
from sanctscreen.lists.ofac_structured import Entry, flavour_of, period
from sanctscreen.lists.xmlstream import Element, Tags, items, local, namespace, records, text
from sanctscreen.models import Feature, ScreeningList

NAMESPACE = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML"
T = Tags(NAMESPACE)
_RECORDS = frozenset({"publicationInfo", "referenceValue", "entity"})


class _Reference:
    """The document's reference values: country ISO codes by refId, read before the entries."""

    def __init__(self) -> None:
        self.iso: dict[str, str] = {}

    def add(self, element: Element) -> None:
        if (text(element, T.type) or "").casefold() == "country":
            code, ref = text(element, T.isoCode), element.get("refId")
            if code and ref:
                self.iso[ref] = code.upper()

    def country(self, element: Element | None) -> str | None:
        """The ISO code of a <country refId=…> (or any element naming a country by refId)."""
        return None if element is None else self.iso.get(element.get("refId") or "")


def _name(translation: Element, person: bool) -> str | None:
    """OFAC's own form for people, 'LAST, First', and the full name for everything else."""
    last, first = text(translation, T.formattedLastName), text(translation, T.formattedFirstName)
    if person and last and first:
        return f"{last}, {first}"
    return text(translation, T.formattedFullName) or last or first


def _names(entity: Element, record: OfacRecord, person: bool) -> None:
    """The primary name, every other name and every script translation of each (Chinese,
    Cyrillic …): other translations are aliases; OFAC's low-quality names are weak aliases."""
    for name in items(entity, T.names, T.name):
        primary = text(name, T.isPrimary) == "true"
        weak = text(name, T.isLowQuality) == "true"
        for translation in items(name, T.translations, T.translation):
            written = _name(translation, person)
            if not written:
                continue
            if primary and not record.name and text(translation, T.isPrimary) == "true":
                record.name = written
            elif weak:
                record.weak_aliases.append(written)
            else:
                record.aliases.append(written)


def _address(address: Element, reference: _Reference, record: OfacRecord) -> None:
    country = address.find(T.country)
    code = reference.country(country)
    if code:
        record.countries.append(code)
    for translation in items(address, T.translations, T.translation):
        parts = [value for part in items(translation, T.addressParts, T.addressPart)
                 if (value := text(part, T.value))]
        if country is not None and text(country):
            parts.append(text(country) or "")
        if parts:
            record.features.append(Feature("Address", ", ".join(parts)))


def _day(element: Element, tag: str) -> date | None:
    try:
        return date.fromisoformat((element.findtext(tag) or "")[:10])
    except ValueError:
        return None


def _when(feature: Element) -> str | None:
    """The date of a feature's <valueDate>: a birth year is the period 1 Jan to 31 Dec, which
    must not read as a birth on 1 January."""
    value = feature.find(T.valueDate)
    if value is None:
        return None
    return period(_day(value, T.fromDateBegin), _day(value, T.toDateEnd))


def _features(entity: Element, reference: _Reference, entry: Entry) -> None:
    for feature in items(entity, T.features, T.feature):
        label = text(feature, T.type)
        if label:
            entry.feature(label, text(feature, T.value), _when(feature),
                          reference.iso.get(feature.findtext(T.valueRefId) or ""))


def _documents(entity: Element, reference: _Reference, entry: Entry) -> None:
    for document in items(entity, T.identityDocuments, T.identityDocument):
        label, number = text(document, T.type), text(document, T.documentNumber)
        if label and number:
            entry.document(label, number, reference.country(document.find(T.issuingCountry)))


def _relationships(entity: Element, record: OfacRecord) -> None:
    for relationship in items(entity, T.relationships, T.relationship):
        other = relationship.find(T.relatedEntity)
        kind = text(relationship, T.type)
        uid = other.get("entityId") if other is not None else None
        if kind and uid:
            record.related.append(Related(uid, kind, text(other)))


def _record(entity: Element, reference: _Reference, problems: list[str]) -> OfacRecord | None:
    uid = entity.get("id")
    general = entity.find(T.generalInfo)
    kind = entity_type(text(general, T.entityType))
    if not uid:
        return None
    programs = [p for e in items(entity, T.sanctionsPrograms, T.sanctionsProgram)
                if (p := text(e))]
    record = OfacRecord(uid, "", kind, programs, remarks=text(general, T.remarks))
    _names(entity, record, person=kind.value == "person")
    if not record.name:
        return None
    for listing in items(entity, T.sanctionsLists, T.sanctionsList):
        if name := text(listing):
            record.lists.append((name, parse_date(listing.get("datePublished"))))
    record.authorities = [a for e in items(entity, T.legalAuthorities, T.legalAuthority)
                          if (a := text(e))]
    for address in items(entity, T.addresses, T.address):
        _address(address, reference, record)
    entry = Entry(record, problems)
    _features(entity, reference, entry)
    _documents(entity, reference, entry)
    _relationships(entity, record)
    return record


class _Document:
    """One enhanced XML file, read entry by entry."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reference = _Reference()
        self.as_of: date | None = None
        self.lists: list[str] = []  # the lists the publication says it holds
        self.records: dict[str, OfacRecord] = {}
        self.warnings: list[str] = []

    def read(self) -> None:
        elements = records(self.path, _RECORDS)
        root = next(elements, None)
        if root is None:
            raise ListError("the XML has no root element", path=self.path)
        _check_root(root, self.path)
        for element in elements:
            if element.tag == T.referenceValue:
                self.reference.add(element)
            elif element.tag == T.publicationInfo:
                self._published(element)
            else:
                self._entity(element)

    def _published(self, info: Element) -> None:
        self.as_of = parse_date((text(info, T.dataAsOf) or "")[:10])
        self.lists = [name for e in items(info.find(T.filters), T.sanctionsLists,
                                          T.sanctionsList) if (name := text(e))]

    def _entity(self, element: Element) -> None:
        record = _record(element, self.reference, self.warnings)
        if record is None:
            self.warnings.append(f"an entity without id or name (id {element.get('id')}) "
                                 "was skipped")
        elif record.uid in self.records:
            self.warnings.append(f"entry {record.uid} repeated, kept the first")
        else:
            self.records[record.uid] = record


def _check_root(root: Element, path: Path) -> None:
    if local(root.tag) != "sanctionsData":
        raise ListError(f"not an OFAC enhanced XML document (root <{local(root.tag)}>)",
                        path=path)
    if namespace(root.tag) != NAMESPACE:
        raise ListError(f"not an OFAC enhanced XML document (namespace "
                        f"{namespace(root.tag) or 'none'!r})", path=path)


class OfacEnhancedLoader(ListLoader):
    NAME: ClassVar[str] = "ofac-enhanced"
    DESCRIPTION: ClassVar[str] = "OFAC enhanced XML: SDN_ENHANCED.XML or CONS_ENHANCED.XML"

    @classmethod
    def sniff(cls, path: Path) -> bool:
        if not path.is_file():
            return False
        start = head(path)
        return "<sanctionsData" in start and NAMESPACE in start

    def load(self, path: Path, *, list_id: str | None = None) -> ScreeningList:
        path = Path(path)
        if path.is_dir():
            raise ListError("give the XML file, not its folder", path=path)
        document = _Document(path)
        document.read()
        if not document.records:
            raise ListError("no <entity> elements found", path=path)
        return build_list(document.records.values(), flavour_of(document.lists, path),
                          list_id=list_id, sha256=file_sha256(path), source=str(path),
                          as_of=document.as_of, fmt=self.NAME, warnings=document.warnings)
