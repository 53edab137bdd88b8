"""Builds lists/procurement/uflpa.yaml from the rows of the DHS UFLPA Entity List page.

The input is the table of www.dhs.gov/uflpa-entity-list as a tab-separated file (section, name
as published, effective date as published), extracted mechanically from a copy of the page; see
lists/procurement/PROVENANCE.md. The output is a list in sanctscreen's seed schema: one entity
per party, one designation per section of the Act that lists it.

    python tools/build_uflpa.py                      # rewrite lists/procurement/uflpa.yaml
    python tools/build_uflpa.py --check              # exit 1 if the committed file differs
    python tools/build_uflpa.py --tsv OTHER.tsv --out -

The same input always gives the same bytes: tests/lists/test_procurement_lists.py rebuilds the
committed file from the copy of the rows in tests/data/lists and compares them.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_NAME = "dhs_uflpa_entity_list_page_2026-07-09_rows.tsv"
DEFAULT_TSV = ROOT / "tests" / "data" / "lists" / SOURCE_NAME
DEFAULT_OUT = ROOT / "lists" / "procurement" / "uflpa.yaml"
HEADER = ["section", "name_of_entity_as_published", "effective_date_as_published"]
PAGE_URL = "https://www.dhs.gov/uflpa-entity-list"
PAGE_STATE = "DHS UFLPA Entity List page (last updated 14 Jan 2025; copy of 9 Jul 2026)"
# The list as DHS displayed it on the day the copy was made (its newest effective date is
# 2025-01-15): the page shows the current entries only, so the copy is the list of that day.
AS_OF = "2026-07-09"
SECTIONS = ("2(d)(2)(B)(i)", "2(d)(2)(B)(ii)", "2(d)(2)(B)(iv)", "2(d)(2)(B)(v)")
# OFAC entries that are the same party, by the name both publish: the XPCC is on the SDN list
# under the Global Magnitsky program (GLOMAG), entry 29299 of the bundled sdn.csv.
SAME_AS = {"Xinjiang Production and Construction Corps": ("ofac:29299",)}
# FR Doc. 2023-16361 (88 FR 50902, 2 Aug 2023; the official excerpt is in the provenance):
# its summary announces the additions DHS dates 2 Aug 2023.
FR_NOTICES = {date(2023, 8, 2): "FR Doc. 2023-16361, 88 FR 50902 (2 Aug 2023)"}

_SECTIONS_COMMENT = """\
#
# One entity per party, one designation per section of the Act that lists it, dated
# with the effective date DHS gives. A party named differently in two sections ("Co.,
# Ltd" and "Co., Ltd.") is one entity; every published string is kept in its notes.
# The sections of 2(d)(2)(B):
#   (i)   entities in Xinjiang that mine, produce, or manufacture goods with forced
#         labor
#   (ii)  entities working with the government of Xinjiang to recruit, transport,
#         transfer, harbor or receive forced labor or Uyghurs, Kazakhs, Kyrgyz, or
#         members of other persecuted groups out of Xinjiang
#   (iv)  exporters of (iii) products from the PRC to the US (none listed)
#   (v)   facilities and entities that source material from Xinjiang or from persons
#         working with the government of Xinjiang or the XPCC for purposes of the
#         "poverty alleviation" or "pairing-assistance" programs or any other
#         government-labor scheme that uses forced labor"""
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_QUALIFIER = re.compile(r",?\s+(and (?:its subordinate and affiliated entities|subsidiaries))$",
                        re.IGNORECASE)
_COUNTED = re.compile(r"^(?:and|including) (\w+) alias(?:es)?: (.+)$")
_ACRONYM = re.compile(r"^[A-Z]{2,}$")
_FORMERLY = re.compile(r";? and formerly known as ")
# Inside one "; "-separated item, " and " joins two names only after a name that ends in an
# abbreviation ("... Co., Ltd. and JWD Technology"); elsewhere it is part of a name ("Cotton
# and Linen", "Import and Export").
_JOINED = re.compile(r"(?<=\.) and ")
_SUFFIX_TOKENS = {"co", "ltd", "limited", "inc"}


class BuildError(Exception):
    """The input is not the table this script knows how to read."""


@dataclass(frozen=True)
class ParsedName:
    """One published name string, split into the name, its aliases and what follows it."""

    published: str
    name: str
    aliases: tuple[str, ...] = ()
    former: tuple[str, ...] = ()
    qualifier: str | None = None  # "and subsidiaries", "and its subordinate and ..."


@dataclass(frozen=True)
class Row:
    number: int  # 1-based position in its section of the page
    section: str
    listed_on: date
    parsed: ParsedName


@dataclass
class Party:
    """Every row that names one party: the same name once punctuation is ignored."""

    rows: list[Row] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.rows[0].parsed.name


def parse_name(published: str) -> ParsedName:
    """Split "X Co., Ltd. (also known as A; and B) and subsidiaries" into its parts."""
    rest, qualifier = published.strip(), None
    found = _QUALIFIER.search(rest)
    if found:
        rest, qualifier = rest[:found.start()], found.group(1)
    aliases: list[str] = []
    former: list[str] = []
    if rest.endswith(")"):
        start = _opening_paren(rest)
        inner = rest[start + 1:-1]
        if _alias_clause(inner, aliases, former):
            rest = rest[:start].rstrip()
    for item in (*aliases, *former):
        if "known as" in item or "alias" in item or not item:
            raise BuildError(f"cannot read the aliases of {published!r}")
    return ParsedName(published, rest, tuple(aliases), tuple(former), qualifier)


def _opening_paren(text: str) -> int:
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            return index
    raise BuildError(f"unbalanced parentheses in {text!r}")


def _alias_clause(inner: str, aliases: list[str], former: list[str]) -> bool:
    """Fill `aliases` and `former` from a parenthesis; False when it is part of the name."""
    counted = _COUNTED.match(inner)
    if counted:
        items = _items(counted.group(2))
        if _NUMBERS.get(counted.group(1)) != len(items):
            raise BuildError(f"{inner!r} announces {counted.group(1)} aliases, lists {items}")
        aliases.extend(items)
        return True
    if _ACRONYM.match(inner):
        aliases.append(inner)
        return True
    if inner.startswith("formerly known as "):
        former.extend(_items(inner.removeprefix("formerly known as ")))
        return True
    if inner.startswith("also known as "):
        also, was = _split_formerly(inner.removeprefix("also known as "))
        aliases.extend(_items(also))
        former.extend(_items(was) if was else [])
        return True
    if "known as" in inner or "alias" in inner:
        raise BuildError(f"unknown alias wording {inner!r}")
    return False


def _split_formerly(text: str) -> tuple[str, str]:
    """ "A; and B; and formerly known as C" -> ("A; and B", "C")."""
    parts = _FORMERLY.split(text, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")


def _items(text: str) -> list[str]:
    """ "A; B; and C" -> [A, B, C], each split again where two names share an item."""
    found: list[str] = []
    for item in text.split("; "):
        item = item.strip().removeprefix("and ").strip()
        found.extend(part.strip() for part in _JOINED.split(item))
    return found


def read_rows(data: bytes) -> list[Row]:
    reader = csv.reader(io.StringIO(data.decode("utf-8")), delimiter="\t")
    header = next(reader, None)
    if header != HEADER:
        raise BuildError(f"unexpected header {header!r} (expected {HEADER!r})")
    rows: list[Row] = []
    counts = dict.fromkeys(SECTIONS, 0)
    for line, record in enumerate(reader, start=2):
        if len(record) != 3 or record[0] not in counts:
            raise BuildError(f"line {line}: not a row of the table: {record!r}")
        section, published, effective = record
        counts[section] += 1
        when = datetime.strptime(effective.strip(), "%B %d, %Y").date()
        rows.append(Row(counts[section], section, when, parse_name(published)))
    return rows


def group(rows: Iterable[Row]) -> list[Party]:
    """One party per name, however the punctuation of "Co., Ltd" differs between sections."""
    parties: dict[str, Party] = {}
    for row in rows:
        key = re.sub(r"[^a-z0-9]", "", row.parsed.name.casefold())
        parties.setdefault(key, Party()).rows.append(row)
    for party in parties.values():
        sections = [row.section for row in party.rows]
        if len(set(sections)) != len(sections):
            raise BuildError(f"{party.name!r} appears twice in one section")
    return sorted(parties.values(), key=lambda party: slug(party.name))


def slug(name: str) -> str:
    text = name.casefold().replace("&", " and ").replace("\u2019", "").replace("'", "")
    tokens = re.sub(r"[^a-z0-9]+", " ", text).split()
    while len(tokens) > 1 and tokens[-1] in _SUFFIX_TOKENS:
        tokens.pop()
    return "-".join(tokens)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def _notes(party: Party) -> str:
    by_string: dict[str, list[str]] = {}
    for row in party.rows:
        by_string.setdefault(row.parsed.published, []).append(_short(row.section))
    published = "; ".join(
        f"“{text}” (section{'s' if len(sections) > 1 else ''} {' and '.join(sections)})"
        for text, sections in by_string.items())
    parts = [f"As published: {published}."]
    former = _unique(name for row in party.rows for name in row.parsed.former)
    if former:
        parts.append(f"Formerly known as: {'; '.join(former).rstrip('.')}.")
    qualifiers = _unique(row.parsed.qualifier.lower() for row in party.rows
                         if row.parsed.qualifier)
    for qualifier in qualifiers:
        parts.append(f"Listed together with {qualifier.removeprefix('and ')} (“{qualifier}”),"
                     " which the list does not name.")
    return " ".join(parts)


def _short(section: str) -> str:
    """ "2(d)(2)(B)(v)" -> "(v)"."""
    return section.removeprefix("2(d)(2)(B)")


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _entity(party: Party) -> list[str]:
    lines = [f"  - id: {slug(party.name)}", f"    name: {_q(party.name)}"]
    same_as = SAME_AS.get(party.name)
    if same_as:
        lines.append(f"    same_as: [{', '.join(_q(key) for key in same_as)}]")
    seen = {party.name.casefold()}
    aliases = []
    for row in party.rows:
        for alias in (row.parsed.name, *row.parsed.aliases, *row.parsed.former):
            if alias.casefold() not in seen:
                seen.add(alias.casefold())
                aliases.append(alias)
    if aliases:
        lines.append("    aliases:")
        lines.extend(f"      - {_q(alias)}" for alias in aliases)
    lines.append(f"    notes: {_q(_notes(party))}")
    lines.append("    designations:")
    for row in sorted(party.rows, key=lambda row: SECTIONS.index(row.section)):
        lines.extend(_designation(row))
    return lines


def _designation(row: Row) -> list[str]:
    cited = f"{PAGE_STATE}, section {row.section}, row {row.number}"
    notice = FR_NOTICES.get(row.listed_on)
    if notice:
        cited += f"; the additions announced in {notice}"
    return [
        "      - list: UFLPA",
        f"        program: UFLPA {row.section}",
        f"        listed_on: {row.listed_on.isoformat()}",
        "        legal_basis: Uyghur Forced Labor Prevention Act, Pub. L. 117-78, "
        f"§{row.section}",
        f"        source_url: {PAGE_URL}",
        f"        cited_in: {_q(cited)}",
    ]


def _header(data: bytes, rows: list[Row], parties: list[Party]) -> list[str]:
    per_section = {s: sum(row.section == s for row in rows) for s in SECTIONS}
    counts = ", ".join(f"{_short(s)} {n or 'none'}" for s, n in per_section.items())
    return [
        "# The DHS UFLPA Entity List in sanctscreen's seed schema (see lists/README.md).",
        f"# Generated by tools/build_uflpa.py from {SOURCE_NAME},",
        f"# sha256 {hashlib.sha256(data).hexdigest()}.",
        "# Do not edit by hand: change the script and run it again. The rows are the table of",
        "# www.dhs.gov/uflpa-entity-list as displayed on 2026-07-09 (footer \"Last Updated:",
        "# 01/14/2025\"); origin and checksums in lists/procurement/PROVENANCE.md.",
        *_SECTIONS_COMMENT.splitlines(),
        "",
        "schema: 1",
        "",
        "list:",
        "  id: uflpa",
        "  name: DHS UFLPA Entity List (Uyghur Forced Labor Prevention Act)",
        "  description: >-",
        f"    The UFLPA Entity List: {len(parties)} entities in {len(rows)} listings, by section",
        f"    2(d)(2)(B) {counts}. DHS keeps it, as Chair of the Forced Labor",
        "    Enforcement Task Force, under section 2(d)(2)(B) of the Uyghur Forced Labor",
        "    Prevention Act (Pub. L. 117-78).",
        f"  as_of: {AS_OF}",
        "  publisher: sanctscreen, compiled from the DHS UFLPA Entity List page",
        f"  url: {PAGE_URL}",
        "  licence: >-",
        "    Facts from a US-government publication (public domain, 17 U.S.C. 105). The",
        "    compilation is distributed with sanctscreen under its Apache-2.0 licence.",
        "",
        "entities:",
    ]


def build(data: bytes) -> str:
    """The YAML text of the list for the rows in `data` (the TSV file's bytes)."""
    rows = read_rows(data)
    parties = group(rows)
    ids = [slug(party.name) for party in parties]
    if len(set(ids)) != len(ids):
        raise BuildError("two parties have the same id")
    lines = _header(data, rows, parties)
    for party in parties:
        lines.append("")
        lines.extend(_entity(party))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tsv", type=Path, default=DEFAULT_TSV, help="the rows of the page")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="the YAML to write, or -")
    parser.add_argument("--check", action="store_true",
                        help="compare with --out instead of writing it; exit 1 if it differs")
    args = parser.parse_args(argv)
    try:
        text = build(args.tsv.read_bytes())
    except (OSError, BuildError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    if args.check:
        same = out.is_file() and out.read_text(encoding="utf-8") == text
        print(f"{out}: {'up to date' if same else 'differs from the build'}", file=sys.stderr)
        return 0 if same else 1
    out.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
