"""The loader of sanctscreen's own list format (the bundled seed list and lists written like it)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import yaml

from sanctscreen.errors import ListError
from sanctscreen.identifiers import SCHEMES, normalise
from sanctscreen.lists.common import TOO_DEEP
from sanctscreen.lists.interface import ListLoader
from sanctscreen.models import (
    Designation,
    Entity,
    EntityType,
    Identifier,
    Link,
    ListInfo,
    Relation,
    ScreeningList,
)
from sanctscreen.programs import LISTS

SCHEMA_VERSION = 1
SUFFIXES = (".yaml", ".yml", ".json")
# sniff() parses the whole file; anything this large is a data dump, not a hand-kept list.
_SNIFF_MAX_BYTES = 20_000_000

_TOP_KEYS = {"schema", "list", "entities", "links"}
_LIST_KEYS = {"id", "name", "description", "as_of", "publisher", "url", "licence"}
_ENTITY_KEYS = {"id", "name", "type", "aliases", "countries", "identifiers", "designations",
                "notes", "same_as"}
# `same_as: [ofac:33091]` names the entry of another list this one is: "ofac:<entry number>"
# for OFAC's lists (the same number in the SDN and Consolidated lists, in every format), or
# "<list id>:<id>" for any other.
_SAME_AS = re.compile(r"^(ofac:\d+|[A-Za-z0-9][A-Za-z0-9._-]*:[^\s]+)$")
_DESIGNATION_KEYS = {"list", "program", "listed_on", "legal_basis", "source_url", "cited_in"}
_LINK_KEYS = {"owner", "owned", "relation", "share", "source"}

# Local ids become part of global ids ("seed:megvii") and of decisions files: keep them plain.
_LOCAL_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_COUNTRY = re.compile(r"[A-Z]{2}")
_BUNDLED_NAME = "seed.yaml"

_E = TypeVar("_E", bound=StrEnum)


def bundled_seed_path() -> Path:
    """The seed list shipped with sanctscreen: inside the wheel, else in the source checkout."""
    packaged = resources.files("sanctscreen").joinpath("_bundled_lists", _BUNDLED_NAME)
    if packaged.is_file():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "lists" / _BUNDLED_NAME
    if checkout.is_file():
        return checkout
    raise ListError("the bundled seed list is missing from this installation",
                    path=checkout, hint="reinstall sanctscreen")


# libyaml's parser when PyYAML was built with it: about five times faster on the seed list.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _YamlLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """SafeLoader that keeps dates as text (so a bad date gets our message, not a traceback)
    and refuses a key written twice in one mapping (PyYAML would keep the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float | bool):
                continue  # unhashable keys are refused by SafeConstructor itself
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key '{key}' appears twice in one mapping", key_node.start_mark)
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# libyaml composes nested collections by C recursion, with no limit: "[" * 100_000 overflows
# the C stack and kills the process. A list file nests a few levels; this bound is generous.
MAX_YAML_DEPTH = 200
_FLOW = re.compile(r"[\[\]{}]")
_BLOCK_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)


def _yaml_depth(text: str) -> int:
    """An upper bound on the nesting of `text`: flow brackets, or a line's indent and
    indicators ("- - - x" nests three sequences on one line). Brackets inside quoted text are
    counted too, which can only overestimate."""
    depth = deepest = 0
    for bracket in _FLOW.findall(text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    block = max((len(m.group()) for m in _BLOCK_PREFIX.finditer(text)), default=0)
    return max(deepest, block // 2)


def _parse(data: bytes, path: Path) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ListError("not UTF-8 text", path=path) from None
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ListError(f"invalid JSON at line {exc.lineno}: {exc.msg}", path=path) from None
        except RecursionError:
            raise ListError(TOO_DEEP, path=path) from None
    if _yaml_depth(text) > MAX_YAML_DEPTH:
        raise ListError(TOO_DEEP, path=path)
    try:
        return yaml.load(text, Loader=_YamlLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        raise ListError(f"invalid YAML: {_yaml_problem(exc)}", path=path) from None
    except RecursionError:
        raise ListError(TOO_DEEP, path=path) from None


def _yaml_problem(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError):
        where = f" (line {exc.problem_mark.line + 1})" if exc.problem_mark else ""
        return f"{exc.problem}{where}"
    return " ".join(str(exc).split())


class SeedLoader(ListLoader):
    """Reads a list in sanctscreen's YAML/JSON schema (see lists/README.md) and validates it."""

    NAME: ClassVar[str] = "sanctscreen"
    DESCRIPTION: ClassVar[str] = "sanctscreen list file (YAML or JSON), e.g. the bundled seed list"

    @classmethod
    def sniff(cls, path: Path) -> bool:
        if path.suffix.lower() not in SUFFIXES or not path.is_file():
            return False
        try:
            if path.stat().st_size > _SNIFF_MAX_BYTES:
                return False
            document = _parse(path.read_bytes(), path)
        except (OSError, ListError):
            return False
        return (isinstance(document, dict) and isinstance(document.get("list"), dict)
                and isinstance(document.get("entities"), list))

    def load(self, path: Path, *, list_id: str | None = None) -> ScreeningList:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ListError("file not found", path=path) from None
        except OSError as exc:
            raise ListError(f"cannot read the file ({exc.strerror})", path=path) from None
        document = _parse(data, path)
        return _Reader(path).read(document, data, list_id)


class _Reader:
    """Turns a parsed document into a ScreeningList; every complaint names the file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, message: str) -> ListError:
        return ListError(message, path=self.path)

    def read(self, document: Any, data: bytes, list_id: str | None) -> ScreeningList:
        top = self.mapping(document, "the file", _TOP_KEYS)
        if top.get("schema") != SCHEMA_VERSION:
            raise self.fail(f"'schema' must be {SCHEMA_VERSION} (found {top.get('schema')!r})")
        meta = self.mapping(top.get("list"), "'list'", _LIST_KEYS)
        own_id = self.local_id(meta.get("id"), "'list'")
        chosen = own_id if list_id is None else self.local_id(list_id, "the list id given")
        name = self.required(meta.get("name"), "'list'", "name")
        entities = self.entities(top.get("entities"), chosen)
        links = self.links(top.get("links"), chosen, {e.id for e in entities})
        info = ListInfo(
            id=chosen,
            name=name,
            source=self.text(meta.get("publisher"), "'list'", "publisher") or str(self.path),
            as_of=self.date(meta.get("as_of"), "'list'", "as_of"),
            entries=sum(e.listed for e in entities),
            sha256=hashlib.sha256(data).hexdigest(),
            format=SeedLoader.NAME,
        )
        return ScreeningList(info, tuple(entities), tuple(links), _warnings(entities, links))

    # --- entities ---------------------------------------------------------------------

    def entities(self, raw: Any, list_id: str) -> list[Entity]:
        if not isinstance(raw, list) or not raw:
            raise self.fail("'entities' must be a non-empty list")
        result: list[Entity] = []
        seen: set[str] = set()
        for number, item in enumerate(raw, start=1):
            where = f"entity {number}"
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                where = f"entity '{item['id']}'"
            entity = self.entity(item, where, list_id)
            if entity.id in seen:
                raise self.fail(f"{where}: duplicate id (each entity id must be unique)")
            seen.add(entity.id)
            result.append(entity)
        return result

    def entity(self, raw: Any, where: str, list_id: str) -> Entity:
        item = self.mapping(raw, where, _ENTITY_KEYS)
        local = self.local_id(item.get("id"), where)
        name = self.required(item.get("name"), where, "name")
        return Entity(
            id=f"{list_id}:{local}",
            name=name,
            type=self.choice(item.get("type", "organization"), where, "type", EntityType),
            list_id=list_id,
            aliases=_unique(self.strings(item.get("aliases"), where, "aliases"), name),
            designations=tuple(self.designation(d, f"{where}: designation {n}")
                               for n, d in enumerate(self.items(item, where, "designations"), 1)),
            identifiers=self.identifiers(item.get("identifiers"), where),
            countries=self.countries(item.get("countries"), where),
            remarks=self.text(item.get("notes"), where, "notes"),
            same_as=self.same_as(item.get("same_as"), where),
        )

    def same_as(self, raw: Any, where: str) -> tuple[str, ...]:
        keys = self.strings(raw, where, "same_as")
        for key in keys:
            if not _SAME_AS.match(key):
                raise self.fail(f"{where}: same_as {key!r} is not 'ofac:<entry number>' or "
                                "'<list id>:<id>'")
        return tuple(dict.fromkeys(keys))

    def designation(self, raw: Any, where: str) -> Designation:
        item = self.mapping(raw, where, _DESIGNATION_KEYS)
        code = self.required(item.get("list"), where, "list")
        if code not in LISTS:
            known = ", ".join(LISTS)
            raise self.fail(f"{where}: unknown list code '{code}' (known: {known})")
        return Designation(
            list_code=code,
            program=self.text(item.get("program"), where, "program"),
            listed_on=self.date(item.get("listed_on"), where, "listed_on"),
            legal_basis=self.text(item.get("legal_basis"), where, "legal_basis"),
            source_url=self.text(item.get("source_url"), where, "source_url"),
        )

    def identifiers(self, raw: Any, where: str) -> tuple[Identifier, ...]:
        if raw is None:
            return ()
        table = self.mapping(raw, f"{where}: identifiers", set(SCHEMES))
        found: list[Identifier] = []
        for scheme, values in table.items():
            key = f"identifiers.{scheme}"
            listed = values if isinstance(values, list) else [values]
            for value in listed:
                if not isinstance(value, str):
                    raise self.fail(f"{where}: {key} value {value!r} must be written in quotes")
                identifier = normalise(scheme, value)
                if identifier is None:
                    raise self.fail(f"{where}: {key} '{value}' is not a valid {scheme.upper()}"
                                    " (check digit or format)")
                if identifier not in found:
                    found.append(identifier)
        return tuple(found)

    def countries(self, raw: Any, where: str) -> tuple[str, ...]:
        codes = self.strings(raw, where, "countries", quoted_hint=True)
        for code in codes:
            if not _COUNTRY.fullmatch(code):
                raise self.fail(f"{where}: countries: '{code}' is not an ISO 3166-1 alpha-2 code")
        return tuple(dict.fromkeys(codes))

    # --- links ------------------------------------------------------------------------

    def links(self, raw: Any, list_id: str, ids: set[str]) -> list[Link]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise self.fail("'links' must be a list")
        return [self.link(item, f"link {n}", list_id, ids) for n, item in enumerate(raw, 1)]

    def link(self, raw: Any, where: str, list_id: str, ids: set[str]) -> Link:
        item = self.mapping(raw, where, _LINK_KEYS)
        ends = []
        for key in ("owner", "owned"):
            local = self.local_id(item.get(key), f"{where}: {key}")
            if f"{list_id}:{local}" not in ids:
                raise self.fail(f"{where}: {key} '{local}' is not the id of an entity in this file")
            ends.append(f"{list_id}:{local}")
        if ends[0] == ends[1]:
            raise self.fail(f"{where}: owner and owned are the same entity '{ends[0]}'")
        where = f"{where} ({ends[0]} -> {ends[1]})"
        return Link(
            owner=ends[0],
            owned=ends[1],
            relation=self.choice(item.get("relation", "owns"), where, "relation", Relation),
            share=self.share(item.get("share"), where),
            source=self.required(item.get("source"), where, "source"),
        )

    def share(self, raw: Any, where: str) -> float | None:
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise self.fail(f"{where}: share {raw!r} must be a number of percent or null")
        if not 0 < raw <= 100:
            raise self.fail(f"{where}: share {raw} must be a percentage above 0 and at most 100")
        return float(raw)

    # --- scalar helpers ---------------------------------------------------------------

    def mapping(self, raw: Any, where: str, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise self.fail(f"{where} must be a mapping of keys to values")
        unknown = sorted(str(k) for k in raw if k not in allowed)
        if unknown:
            keys = ", ".join(sorted(allowed))
            raise self.fail(f"{where}: unknown key '{unknown[0]}' (allowed: {keys})")
        return raw

    def items(self, item: Mapping[str, Any], where: str, key: str) -> Sequence[Any]:
        raw = item.get(key)
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raise self.fail(f"{where}: '{key}' must be a list")
        return raw

    def required(self, raw: Any, where: str, key: str) -> str:
        value = self.text(raw, where, key)
        if value is None:
            raise self.fail(f"{where}: missing '{key}'")
        return value

    def text(self, raw: Any, where: str, key: str) -> str | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if not isinstance(raw, str):
            raise self.fail(f"{where}: '{key}' must be text (found {raw!r})")
        return " ".join(raw.split())

    def strings(self, raw: Any, where: str, key: str, *, quoted_hint: bool = False) -> list[str]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise self.fail(f"{where}: '{key}' must be a list")
        for value in raw:
            if not isinstance(value, str) or not value.strip():
                hint = " (write it in quotes)" if quoted_hint else ""
                raise self.fail(f"{where}: '{key}' holds {value!r}, which is not text{hint}")
        return [" ".join(v.split()) for v in raw]

    def local_id(self, raw: Any, where: str) -> str:
        if raw is None:
            raise self.fail(f"{where}: missing 'id'")
        if not isinstance(raw, str) or not _LOCAL_ID.fullmatch(raw):
            raise self.fail(f"{where}: id {raw!r} must be lower-case letters, digits, '.', '_'"
                            " or '-', starting with a letter or digit")
        return raw

    def date(self, raw: Any, where: str, key: str) -> date | None:
        if raw is None:
            return None
        problem = f"{where}: {key} {raw!r} is not a date (write YYYY-MM-DD)"
        if not isinstance(raw, str):
            raise self.fail(problem)
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            raise self.fail(problem) from None

    def choice(self, raw: Any, where: str, key: str, kind: type[_E]) -> _E:
        try:
            return kind(raw)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            raise self.fail(f"{where}: {key} {raw!r} is not one of: {allowed}") from None


def _unique(aliases: list[str], name: str) -> tuple[str, ...]:
    """Aliases in file order, without repeats or the primary name (compared case-insensitively)."""
    seen = {name.casefold()}
    kept: list[str] = []
    for alias in aliases:
        if alias.casefold() not in seen:
            seen.add(alias.casefold())
            kept.append(alias)
    return tuple(kept)


def _warnings(entities: Sequence[Entity], links: Sequence[Link]) -> tuple[str, ...]:
    """Entries that load but can never produce a match: unlisted parties linked to nothing."""
    linked = {end for link in links for end in (link.owner, link.owned)}
    return tuple(f"entity '{e.id}' has no designation and no link, so it can never match"
                 for e in entities if not e.listed and e.id not in linked)
