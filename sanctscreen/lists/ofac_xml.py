"""OFAC's classic XML publications (sdn.xml, consolidated.xml), parsed without DTDs or entities."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import ClassVar

import defusedxml
import defusedxml.ElementTree as SafeElementTree

from sanctscreen.countries import country_code
from sanctscreen.errors import ListError
from sanctscreen.lists.common import clean, entity_type, parse_date, read_bytes
from sanctscreen.lists.interface import ListLoader
from sanctscreen.lists.ofac_records import Flavour, OfacRecord, build_list
from sanctscreen.models import ScreeningList

Element = ElementTree.Element


def _local(tag: str) -> str:
    """'{http://tempuri.org/sdnList.xsd}sdnEntry' -> 'sdnEntry'."""
    return tag.rsplit("}", 1)[-1]


def _child(element: Element, name: str) -> Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _children(element: Element, name: str) -> list[Element]:
    return [c for c in element if _local(c.tag) == name]


def _text(element: Element, name: str) -> str | None:
    child = _child(element, name)
    return clean(child.text) if child is not None else None


def _items(element: Element, container: str, item: str) -> list[Element]:
    holder = _child(element, container)
    return _children(holder, item) if holder is not None else []


def _full_name(element: Element) -> str | None:
    """OFAC's own form for people, 'LAST, First', and the plain name for everything else."""
    last, first = _text(element, "lastName"), _text(element, "firstName")
    if last and first:
        return f"{last}, {first}"
    return last or first


def _record(entry: Element) -> OfacRecord | None:
    uid, name = _text(entry, "uid"), _full_name(entry)
    if not uid or not name:
        return None
    record = OfacRecord(
        uid=uid, name=name, type=entity_type(_text(entry, "sdnType")),
        programs=[p for e in _items(entry, "programList", "program") if (p := clean(e.text))],
        remarks=_text(entry, "remarks"),
    )
    for aka in _items(entry, "akaList", "aka"):
        if alias := _full_name(aka):
            weak = (_text(aka, "category") or "").casefold() == "weak"
            (record.weak_aliases if weak else record.aliases).append(alias)
    record.countries = [c for e in _items(entry, "addressList", "address")
                        if (c := country_code(_text(e, "country")))]
    record.labelled = [(kind, number) for e in _items(entry, "idList", "id")
                       if (kind := _text(e, "idType")) and (number := _text(e, "idNumber"))]
    return record


class OfacXmlLoader(ListLoader):
    NAME: ClassVar[str] = "ofac-xml"
    DESCRIPTION: ClassVar[str] = "OFAC classic XML: sdn.xml or consolidated.xml"

    @classmethod
    def sniff(cls, path: Path) -> bool:
        if not path.is_file() or path.suffix.casefold() != ".xml":
            return False
        try:
            with path.open("rb") as handle:
                return b"<sdnList" in handle.read(4096)
        except OSError:
            return False

    def load(self, path: Path, *, list_id: str | None = None) -> ScreeningList:
        data = read_bytes(path)
        try:
            # No DTDs at all: list files never need one, and DTDs carry entity-expansion bombs
            # and external entities that would read local files or reach the network.
            root = SafeElementTree.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                              forbid_external=True)
        except defusedxml.DefusedXmlException:
            raise ListError("the XML declares a DTD or entities, which list files never need; "
                            "refused", path=path) from None
        except ElementTree.ParseError as exc:
            raise ListError(f"not well-formed XML ({exc})", path=path) from None
        if _local(root.tag) != "sdnList":
            raise ListError(f"not an OFAC sdnList document (root <{_local(root.tag)}>)", path=path)
        name = path.name.casefold()
        flavour = Flavour.CONS if name.startswith("cons") or "consolidated" in name else Flavour.SDN
        warnings: list[str] = []
        records: dict[str, OfacRecord] = {}
        for entry in _children(root, "sdnEntry"):
            record = _record(entry)
            if record is None:
                warnings.append("an sdnEntry without uid or name was skipped")
            elif record.uid in records:
                warnings.append(f"entry {record.uid} repeated, kept the first")
            else:
                records[record.uid] = record
        if not records:
            raise ListError("no sdnEntry elements found", path=path)
        publish = _child(root, "publshInformation")  # sic: OFAC's spelling
        as_of = parse_date(_text(publish, "Publish_Date")) if publish is not None else None
        return build_list(records.values(), flavour, list_id=list_id,
                          sha256=hashlib.sha256(data).hexdigest(), source=str(path),
                          as_of=as_of, fmt=self.NAME, warnings=warnings)
