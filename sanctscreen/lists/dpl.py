"""The BIS Denied Persons List as published: a tab-separated file with a header row."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import ClassVar

from sanctscreen.countries import country_code
from sanctscreen.errors import ListError
from sanctscreen.lists.common import clean, decode, first_line, parse_date, read_bytes
from sanctscreen.lists.interface import ListLoader
from sanctscreen.models import Designation, Entity, EntityType, ListInfo, ScreeningList

DEFAULT_ID = "bis-dpl"
TITLE = "BIS Denied Persons List"
SOURCE_URL = ("https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/"
              "denied-persons-list")
_COLUMNS = {"name", "street_address", "city", "country", "effective_date", "fr_citation"}
# The list mixes people and firms without a type column; these words mark a firm.
_ORGANIZATION = re.compile(
    r"\b(INC|LLC|L\.L\.C|LTD|LIMITED|CO|CORP|CORPORATION|COMPANY|GMBH|S\.?A|AG|BV|B\.V|PLC"
    r"|INTERNATIONAL|INTL|TRADING|INDUSTRIES|ENTERPRISES?|GROUP|TECHNOLOG(Y|IES)|SYSTEMS"
    r"|AIRLINES?|AVIATION|ELECTRONICS|LOGISTICS|SERVICES|HOLDINGS?|LABS?|LABORATOR(Y|IES))\b\.?",
    re.IGNORECASE,
)


def _type(name: str) -> EntityType:
    return EntityType.ORGANIZATION if _ORGANIZATION.search(name) else EntityType.PERSON


class DplLoader(ListLoader):
    NAME: ClassVar[str] = "bis-dpl"
    DESCRIPTION: ClassVar[str] = "BIS Denied Persons List, tab-separated dpl.txt"

    @classmethod
    def sniff(cls, path: Path) -> bool:
        header = first_line(path).replace('"', "").casefold().split("\t")
        return path.is_file() and {h.strip() for h in header} >= _COLUMNS

    def load(self, path: Path, *, list_id: str | None = None) -> ScreeningList:
        data = read_bytes(path)
        reader = csv.DictReader(io.StringIO(decode(data, path), newline=""), delimiter="\t")
        fields = {(f or "").strip().casefold() for f in reader.fieldnames or []}
        if not fields >= _COLUMNS:
            raise ListError("not a Denied Persons List file (expected the tab-separated "
                            "columns Name, Street_Address, ..., FR_Citation)", path=path)
        list_id = list_id or DEFAULT_ID
        entities: dict[str, Entity] = {}
        newest = None
        today = date.today()
        for raw in reader:
            row = {(k or "").strip().casefold(): clean(v) for k, v in raw.items()}
            name = row.get("name")
            if not name:
                continue
            listed_on = parse_date(row.get("effective_date"))
            updated = parse_date(row.get("last_update"))
            if updated is not None and updated <= today:  # the 2022 file has a "3017-08-22"
                newest = max(filter(None, (newest, updated)), default=None)
            # No ids in the file: name and order date identify a denial across editions.
            key = hashlib.sha1(f"{name.casefold()}|{listed_on}".encode()).hexdigest()[:12]
            entity_id = f"{list_id}:{key}"
            country = country_code(row.get("country"))
            designation = Designation("DPL", None, listed_on, row.get("fr_citation"), SOURCE_URL)
            if entity_id in entities:  # one denial order with several addresses
                old = entities[entity_id]
                extra = (country,) if country and country not in old.countries else ()
                entities[entity_id] = replace(old, identifiers=(),
                                              countries=old.countries + extra)
                continue
            entities[entity_id] = Entity(entity_id, name, _type(name), list_id,
                                         designations=(designation,),
                                         countries=(country,) if country else ())
        if not entities:
            raise ListError("the Denied Persons List file has no entries", path=path)
        info = ListInfo(list_id, TITLE, str(path), newest, len(entities),
                        hashlib.sha256(data).hexdigest(), self.NAME)
        return ScreeningList(info, tuple(entities.values()))
