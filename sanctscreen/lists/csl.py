"""The trade.gov Consolidated Screening List, as its CSV download (both layouts) or JSON."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from sanctscreen.countries import country_code
from sanctscreen.errors import ListError
from sanctscreen.lists.common import (
    TOO_DEEP,
    clean,
    decode,
    entity_type,
    first_line,
    head,
    parse_date,
    read_bytes,
    unique,
)
from sanctscreen.lists.interface import ListLoader
from sanctscreen.lists.ofac_remarks import Facts, parse_remarks
from sanctscreen.models import Designation, Entity, ListInfo, ScreeningList

DEFAULT_ID = "trade-csl"
TITLE = "trade.gov Consolidated Screening List"
# The abbreviation trade.gov puts in brackets in each row's `source`, mapped to our list codes.
SOURCE_CODES = {
    "EL": "EL", "UVL": "UVL", "MEU": "MEU", "DPL": "DPL", "ISN": "ISN", "DTC": "DTC",
    "SDN": "SDN", "SSI": "SSI", "CMIC": "NS-CMIC", "NS-CMIC": "NS-CMIC", "PLC": "NS-PLC",
    "NS-PLC": "NS-PLC", "NS-MBS": "NS-MBS", "NS-MBS LIST": "NS-MBS", "MBS": "NS-MBS",
    "FSE": "FSE", "CAP": "CAPTA", "CAPTA": "CAPTA",
}
_ABBREVIATION = re.compile(r"\(([^)]+)\)")
_REQUIRED = {"source", "name"}
_TEXT_LABELS = {"issuer name"}  # ids whose value may itself contain ", "


def source_code(source: str) -> str | None:
    """Our list code for a CSL `source` such as 'Entity List (EL) - Bureau of Industry ...'."""
    for abbreviation in _ABBREVIATION.findall(source):
        code = SOURCE_CODES.get(abbreviation.strip().upper())
        if code:
            return code
    return SOURCE_CODES.get(source.strip().upper())


def _split(value: Any, separator: str = ";") -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if clean(v)]
    return [part.strip() for part in str(value or "").split(separator) if part.strip()]


def _ids_facts(raw: Any, facts: Facts) -> None:
    """The `ids` column: 'ISIN, CNE100001TW7; Issuer Name, Sugon ..., Ltd.' or JSON objects."""
    if isinstance(raw, list) and all(isinstance(item, Mapping) for item in raw):
        for item in raw:
            facts.add(str(item.get("type") or ""), str(item.get("number") or ""))
        return
    for item in _split(raw):
        label, _, rest = item.partition(", ")
        value = rest if label.casefold() in _TEXT_LABELS else rest.split(", ")[0]
        facts.add(label, value)


def _countries(row: Mapping[str, Any]) -> list[str]:
    found: list[str | None] = []
    addresses = row.get("addresses")
    if isinstance(addresses, list):
        found.extend(country_code(str(a.get("country") or "")) for a in addresses
                     if isinstance(a, Mapping))
    else:
        # "Haidian District, ..., Beijing, 100193, CN": the country code closes each address.
        found.extend(country_code(a.rsplit(",", 1)[-1]) for a in _split(addresses))
    for key in ("nationalities", "citizenships"):
        found.extend(country_code(c) for c in _split(row.get(key), ","))
    return [code for code in found if code]


def _row_id(row: Mapping[str, Any]) -> str:
    for key in ("_id", "id", "entity_number"):
        if value := clean(row.get(key)):
            return value
    # BIS and State rows of the older layout carry no id: derive a stable one from the row.
    basis = "|".join(str(row.get(k) or "") for k in ("source", "name", "addresses", "start_date"))
    return hashlib.sha1(basis.encode()).hexdigest()[:16]


def _entity(row: Mapping[str, Any], code: str, list_id: str, local_id: str) -> Entity:
    facts = parse_remarks(clean(row.get("remarks")))
    _ids_facts(row.get("ids"), facts)
    listed_on = parse_date(clean(row.get("start_date"))) or facts.listed_on
    designation_args = {
        "listed_on": listed_on,
        "legal_basis": clean(row.get("federal_register_notice")),
        "source_url": clean(row.get("source_information_url")) or clean(row.get("source_list_url")),
    }
    programs: list[str | None] = [*_split(row.get("programs"))] or [None]
    name = clean(row.get("name")) or ""
    return Entity(
        id=f"{list_id}:{local_id}",
        name=name,
        type=entity_type(clean(row.get("type"))),
        list_id=list_id,
        aliases=(strong := unique([*_split(row.get("alt_names")), *facts.aliases],
                                  exclude=[name])),
        weak_aliases=unique(facts.weak_aliases, exclude=[name, *strong]),
        designations=tuple(Designation(code, program, **designation_args)  # type: ignore[arg-type]
                           for program in programs),
        identifiers=tuple(facts.identifiers),
        countries=unique(_countries(row)),
        remarks=clean(row.get("remarks")),
        same_as=_ofac_entry(row, code),
    )


# The Treasury lists the CSL republishes; their rows give OFAC's entry number.
_OFAC_CODES = frozenset({"SDN", "SSI", "NS-CMIC", "NS-PLC", "NS-MBS", "FSE", "CAPTA"})


def _ofac_entry(row: Mapping[str, Any], code: str) -> tuple[str, ...]:
    """("ofac:<entry number>",) for a row that republishes an OFAC entry: the same party."""
    number = clean(row.get("entity_number"))
    return (f"ofac:{number}",) if code in _OFAC_CODES and number and number.isdigit() else ()


def build(rows: Iterable[Mapping[str, Any]], *, path: Path, sha256: str, fmt: str,
          list_id: str | None) -> ScreeningList:
    """The ScreeningList of CSL rows, each tagged with the list code of its source."""
    list_id = list_id or DEFAULT_ID
    entities: list[Entity] = []
    seen: dict[str, int] = {}
    unknown: dict[str, int] = {}
    for row in rows:
        source = clean(row.get("source")) or ""
        code = source_code(source)
        if code is None or not clean(row.get("name")):
            unknown[source or "(blank)"] = unknown.get(source or "(blank)", 0) + 1
            continue
        local_id = _row_id(row)
        seen[local_id] = seen.get(local_id, 0) + 1
        if seen[local_id] > 1:  # the same entry on two sources keeps one id per row
            local_id = f"{local_id}-{seen[local_id]}"
        entities.append(_entity(row, code, list_id, local_id))
    if not entities:
        raise ListError("no Consolidated Screening List rows found", path=path)
    warnings = [f"{count} rows from unknown source {source!r} skipped"
                for source, count in unknown.items()]
    info = ListInfo(list_id, TITLE, str(path), None, len(entities), sha256, fmt)
    return ScreeningList(info, tuple(entities), (), tuple(warnings))


def _csv_rows(text: str, path: Path) -> Iterator[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = [f.strip().casefold() for f in reader.fieldnames or []]
    if not set(fields) >= _REQUIRED:
        raise ListError("not a Consolidated Screening List CSV (no source and name columns)",
                        path=path)
    for raw in reader:
        row = {key.strip().casefold(): value for key, value in raw.items() if key}
        # The 2023 download repeats its header line; a row equal to the header is that repeat.
        if (row.get("source") or "").strip().casefold() == "source":
            continue
        yield row


class CslCsvLoader(ListLoader):
    NAME: ClassVar[str] = "csl-csv"
    DESCRIPTION: ClassVar[str] = "trade.gov Consolidated Screening List, CSV download"

    @classmethod
    def sniff(cls, path: Path) -> bool:
        header = first_line(path).casefold()
        return path.is_file() and header.lstrip('"').startswith(("_id,", "source,")) \
            and "alt_names" in header

    def load(self, path: Path, *, list_id: str | None = None) -> ScreeningList:
        data = read_bytes(path)
        rows = _csv_rows(decode(data, path), path)
        return build(rows, path=path, sha256=hashlib.sha256(data).hexdigest(), fmt=self.NAME,
                     list_id=list_id)


class CslJsonLoader(ListLoader):
    NAME: ClassVar[str] = "csl-json"
    DESCRIPTION: ClassVar[str] = "trade.gov Consolidated Screening List, JSON download"

    @classmethod
    def sniff(cls, path: Path) -> bool:
        if not path.is_file() or path.suffix.casefold() != ".json":
            return False
        text = head(path, 65536)
        return '"results"' in text or ('"source"' in text and '"alt_names"' in text)

    def load(self, path: Path, *, list_id: str | None = None) -> ScreeningList:
        data = read_bytes(path)
        try:
            document = json.loads(decode(data, path))
        except json.JSONDecodeError as exc:
            raise ListError(f"not valid JSON (line {exc.lineno}: {exc.msg})", path=path) from None
        except RecursionError:
            raise ListError(TOO_DEEP, path=path) from None
        rows = document.get("results") if isinstance(document, dict) else document
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ListError("expected {\"results\": [...]} with one object per entry", path=path)
        return build(rows, path=path, sha256=hashlib.sha256(data).hexdigest(), fmt=self.NAME,
                     list_id=list_id)
