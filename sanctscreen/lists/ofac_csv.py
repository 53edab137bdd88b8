"""The OFAC legacy CSV sets: SDN (sdn/add/alt/sdn_comments.csv) and Consolidated (cons_*.csv)."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import ClassVar

from sanctscreen.countries import country_code
from sanctscreen.errors import ListError
from sanctscreen.lists.common import clean, decode, entity_type, first_line, read_bytes, sha256_of
from sanctscreen.lists.interface import ListLoader
from sanctscreen.lists.ofac_records import Flavour, OfacRecord, build_list
from sanctscreen.models import EntityType, Feature, ScreeningList

_PRIMARY = {"sdn.csv": Flavour.SDN, "cons_prim.csv": Flavour.CONS}
_COMPANIONS = {
    Flavour.SDN: ("add.csv", "alt.csv", "sdn_comments.csv"),
    Flavour.CONS: ("cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
}
# A primary row starts with a numeric ent_num and a quoted name: 33113,"DAWNING ...",
_PRIMARY_ROW = re.compile(r'^\d+,"')


def _find(directory: Path, name: str) -> Path | None:
    """`name` in `directory`, case-insensitively (OFAC serves SDN.CSV, mirrors keep sdn.csv)."""
    for candidate in sorted(directory.iterdir()):
        if candidate.name.casefold() == name and candidate.is_file():
            return candidate
    return None


def _primary(path: Path) -> tuple[Path, Flavour]:
    if path.is_dir():
        found = [(p, f) for n, f in _PRIMARY.items() if (p := _find(path, n)) is not None]
        if not found:
            raise ListError("no sdn.csv or cons_prim.csv in this folder", path=path)
        if len(found) > 1:
            raise ListError("holds both sdn.csv and cons_prim.csv; pass one of the files",
                            path=path)
        return found[0]
    flavour = Flavour.CONS if path.name.casefold().startswith("cons") else Flavour.SDN
    return path, flavour


def set_files(path: Path) -> list[Path]:
    """The files of the OFAC set at `path` (a folder or its primary file): primary first."""
    primary, flavour = _primary(Path(path))
    companions = (_find(primary.parent, name) for name in _COMPANIONS[flavour])
    return [primary, *(p for p in companions if p is not None)]


def _rows(path: Path) -> Iterator[list[str]]:
    text = decode(read_bytes(path), path)
    for row in csv.reader(io.StringIO(text, newline="")):
        if any(cell.strip() for cell in row):
            yield row


# What a bundled set says of the entries its later companion files add or leave out.
LATER_ENTRY = ("published after {primary}: known from the alias file of {later} only (its "
               "primary name, type and programs are not in this copy)")
ABSENT_ENTRY = ("not in the address, alias and comments files of {later}: probably removed from "
                "the list since {primary}; confirm at sanctionssearch.ofac.treas.gov")


class OfacCsvLoader(ListLoader):
    """The legacy CSV set, normally one publication. `companions_as_of` says the companion
    files are of a later date than the primary file (the bundled SDN set): their rows for
    entries the primary lacks are then entries published since, not orphans, and the primary's
    entries they lack are marked as probably removed since."""

    NAME: ClassVar[str] = "ofac-csv"
    DESCRIPTION: ClassVar[str] = (
        "OFAC legacy CSV: sdn.csv or cons_prim.csv with their add/alt/comments files"
    )

    def __init__(self, primary_as_of: date | None = None,
                 companions_as_of: date | None = None) -> None:
        self.primary_as_of = primary_as_of
        self.companions_as_of = companions_as_of
        self._new: set[str] = set()  # entries the later companion files introduce

    @classmethod
    def sniff(cls, path: Path) -> bool:
        if path.is_dir():
            return any(_find(path, name) for name in _PRIMARY)
        if path.name.casefold() in _PRIMARY:
            return True
        return path.suffix.casefold() == ".csv" and bool(_PRIMARY_ROW.match(first_line(path)))

    def load(self, path: Path, *, list_id: str | None = None) -> ScreeningList:
        primary, flavour = _primary(Path(path))
        companions = [_find(primary.parent, name) for name in _COMPANIONS[flavour]]
        warnings: list[str] = []
        records = self._records(primary, warnings)
        if not records:
            raise ListError("no OFAC entries found (is this an OFAC legacy CSV file?)",
                            path=primary)
        add, alt, comments = companions
        if self.companions_as_of is not None:
            self._later(companions, records, warnings)
        if comments:
            self._comments(comments, records, warnings)
        if add:
            self._addresses(add, records, warnings)
        if alt:
            self._aliases(alt, records, warnings)
        read = [primary, *(p for p in companions if p)]
        return build_list(records.values(), flavour, list_id=list_id, sha256=sha256_of(read),
                          source=str(primary.parent if add or alt else primary),
                          as_of=self.primary_as_of,
                          fmt=self.NAME, warnings=warnings)

    def _records(self, path: Path, warnings: list[str]) -> dict[str, OfacRecord]:
        records: dict[str, OfacRecord] = {}
        for number, row in enumerate(_rows(path), start=1):
            if len(row) < 4 or not row[0].strip().isdigit() or not clean(row[1]):
                warnings.append(f"{path.name} line {number}: not an OFAC entry, skipped")
                continue
            uid = row[0].strip()
            if uid in records:
                warnings.append(f"{path.name} line {number}: entry {uid} repeated, kept the first")
                continue
            programs = [p.strip() for p in (clean(row[3]) or "").split("] [") if p.strip()]
            record = OfacRecord(uid, clean(row[1]) or "", entity_type(clean(row[2])), programs,
                                clean(row[11]) if len(row) > 11 else None)
            flag = country_code(clean(row[9])) if len(row) > 9 else None  # a vessel's flag
            record.countries.extend([flag] if flag else [])
            records[uid] = record
        return records

    def _later(self, companions: list[Path | None],
               records: dict[str, OfacRecord], warnings: list[str]) -> None:
        """Entries of later companion files: those with alias rows become entries named by
        their first a.k.a.; the primary's entries with no row at all are marked. What cannot be
        screened (entries known by address rows alone) is stated in `warnings`."""
        add, alt, _ = companions
        shown = {"primary": str(self.primary_as_of or "the primary file's date"),
                 "later": str(self.companions_as_of)}
        named: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for row in _rows(alt) if alt else ():
            if len(row) >= 4 and (name := clean(row[3])):
                named[row[0].strip()].append(((clean(row[2]) or "").casefold(), name))
        seen = set(named) | {row[0].strip() for row in (_rows(add) if add else ()) if row}
        later = {uid: names for uid, names in named.items() if uid not in records}
        for uid, names in later.items():
            names.sort(key=lambda kind_name: kind_name[0] != "aka")  # a.k.a.s first, stable
            record = OfacRecord(uid, names[0][1], EntityType.UNKNOWN, [])
            record.features.append(Feature("Bundled copy", LATER_ENTRY.format(**shown)))
            records[uid] = record
        unnamed = len(seen - set(records))
        absent = [uid for uid in records if uid not in seen]
        for uid in absent:
            records[uid].features.append(Feature("Bundled copy", ABSENT_ENTRY.format(**shown)))
        warnings.append(
            f"primary file of {shown['primary']} with the alias and address files of "
            f"{shown['later']}: {len(later)} later entries screened by their aliases only, "
            f"{unnamed} not screened (no name in this copy), {len(absent)} probably removed "
            "since but still screened; `sanctscreen lists update` installs the current list")
        self._new = set(later)

    def _comments(self, path: Path, records: dict[str, OfacRecord],
                  warnings: list[str]) -> None:
        # A remarks field longer than OFAC's column width continues here, cut mid-word:
        # the pieces join without a separator.
        extra: dict[str, str] = defaultdict(str)
        for row in _rows(path):
            if len(row) >= 2:
                extra[row[0].strip()] += row[1]
        self._orphans(path, extra, records, warnings)
        for uid, text in extra.items():
            # Later comments continue the later publication's remarks, which the primary file
            # of another date does not hold: joined only to the entries they introduce.
            if uid in records and (self.companions_as_of is None or uid in self._new):
                record = records[uid]
                record.remarks = clean((record.remarks or "") + text)

    def _addresses(self, path: Path, records: dict[str, OfacRecord],
                   warnings: list[str]) -> None:
        countries: dict[str, list[str]] = defaultdict(list)
        for row in _rows(path):
            if len(row) >= 5:
                code = country_code(clean(row[4]))
                countries[row[0].strip()].extend([code] if code else [])
        self._orphans(path, countries, records, warnings)
        for uid, codes in countries.items():
            if uid in records:
                records[uid].countries.extend(codes)

    def _aliases(self, path: Path, records: dict[str, OfacRecord],
                 warnings: list[str]) -> None:
        aliases: dict[str, list[str]] = defaultdict(list)
        for row in _rows(path):
            if len(row) >= 4 and (name := clean(row[3])):
                aliases[row[0].strip()].append(name)
        self._orphans(path, aliases, records, warnings)
        for uid, names in aliases.items():
            if uid in records:
                records[uid].aliases.extend(names)

    def _orphans(self, path: Path, rows: Mapping[str, object], records: dict[str, OfacRecord],
                 warnings: list[str]) -> None:
        if self.companions_as_of is not None:
            return  # stated once by _later
        orphans = sorted((uid for uid in rows if uid not in records), key=lambda u: (len(u), u))
        if orphans:
            shown = ", ".join(orphans[:5]) + (", ..." if len(orphans) > 5 else "")
            warnings.append(f"{path.name}: rows for {len(orphans)} entries that are not in the "
                            f"primary file (ent_num {shown}), ignored")
