"""Reading and writing decisions files (YAML or TOML), with one-line messages for bad entries.

```yaml
decisions:
  - name: Megvii Technology Ltd        # or row_key: "holdings.xlsx:Sheet1:12"
    entity_id: seed:megvii             #    (with key_column: "Vendor ID", a value of it)
    entity_version: 3f1c9a0d5e6b7a81   # from the report: the list entry as it was reviewed
    decision: clear                    # clear | match
    by: ana
    on: 2026-01-10
    why: different company, a toy shop in Lyon
    expires: 2026-07-10                # optional
```
TOML files hold the same fields as `[[decisions]]` tables.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from sanctscreen.atomic import atomic_write
from sanctscreen.decisions.model import Decision, Decisions, Verdict
from sanctscreen.errors import ConfigError
from sanctscreen.settings import Choice, Day, entry_field

FIELDS = ("name", "row_key", "key_column", "entity_id", "entity_version", "decision", "by", "on",
          "why", "expires")
_REQUIRED_TEXT = ("entity_id", "entity_version", "by")
_BOOL = "tag:yaml.org,2002:bool"
_MERGE = "tag:yaml.org,2002:merge"
_VERDICT = Choice([v.value for v in Verdict])
_DAY = Day()


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (in YAML 1.1 the key `on:` would read as True) that
    refuses a key written twice in one mapping: PyYAML keeps the last one silently, so an
    entry saying `decision: match` and then `decision: clear` would clear the row."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue  # `<<: *defaults` merges keys that the entry may then override
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float | bool | date):
                continue  # unhashable keys are refused by SafeConstructor itself
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key '{key}' appears twice in one mapping", key_node.start_mark)
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date, or the text as written when it names no day (2027-02-30): the entry's own
        check then refuses it in one line naming the entry and the field."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


class _Dumper(yaml.SafeDumper):
    """The writing twin of _Loader, so that `on:` is written without quotes."""

    def ignore_aliases(self, data: Any) -> bool:
        # Decisions sharing a date would otherwise be written as &id001 / *id001 anchors,
        # which people editing the file by hand should never have to read.
        return True


for _cls in (_Loader, _Dumper):
    _cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _cls.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                               list("tTfF"))
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)

HEADER = ("# sanctscreen decisions: each entry clears or confirms one match for one input row.\n"
          "# A decision stops applying when the list entry changes (entity_version) or expires.\n")


def load_decisions(path: Path) -> Decisions:
    """Read a decisions file; a missing or malformed one is a ConfigError naming the file."""
    path = Path(path)
    if path.exists() and not path.is_file():
        # A folder, or a device or pipe that may never end (/dev/zero): never read.
        raise ConfigError("is not a decisions file (not a regular file)", path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("decisions file not found", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the decisions file ({exc})", path=path) from None
    return _decisions(text, path)


def _decisions(text: str, path: Path) -> Decisions:
    raw = _parse(text, path)
    entries = raw.get("decisions", []) if isinstance(raw, Mapping) else raw
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise ConfigError("expected a list of decisions (or a 'decisions:' list)", path=path)
    return Decisions(_decision(entry, number, path) for number, entry in
                     enumerate(entries, start=1))


def _parse(text: str, path: Path) -> Any:
    try:
        return _parse_text(text, path)
    except RecursionError:  # a hostile file nested deeper than the parser can follow
        raise ConfigError("nested too deeply to be a decisions file", path=path) from None


def _parse_text(text: str, path: Path) -> Any:
    if path.suffix.lower() == ".toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"not valid TOML ({exc})", path=path) from None
    try:
        return yaml.load(text, Loader=_Loader) or []  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        problem = getattr(exc, "problem", None)
        # The parser's problem says what is wrong ("key 'decision' appears twice ..."), never
        # what the file holds beyond a key.
        detail = f": {' '.join(str(problem).split())}" if problem else ""
        raise ConfigError(f"not valid YAML{line}{detail}", path=path) from None


def _decision(entry: Any, number: int, path: Path) -> Decision:
    def fail(message: str) -> ConfigError:
        return ConfigError(f"decision {number}: {message}", path=path)

    if not isinstance(entry, Mapping):
        raise fail("expected a mapping of fields")
    unknown = sorted(str(key) for key in entry if key not in FIELDS)
    if unknown:
        raise fail(f"unknown field '{unknown[0]}' (fields: {', '.join(FIELDS)})")
    for field in _REQUIRED_TEXT:
        if not _text(entry.get(field)):
            raise fail(f"'{field}' is required")
    if not _text(entry.get("name")) and not _text(entry.get("row_key")):
        raise fail("give the input 'name' or a 'row_key'")
    if _text(entry.get("key_column")) and not _text(entry.get("row_key")):
        raise fail("'key_column' needs a 'row_key' value")
    where = f"decision {number}"
    verdict = Verdict(entry_field(_VERDICT, "decision", entry.get("decision", ""), where, path))
    made = _date(entry.get("on"), "on", where, path)
    if made is None:
        raise fail("'on' is required")
    expires = _date(entry.get("expires"), "expires", where, path)
    if expires is not None and expires < made:
        raise fail(f"expires ({expires}) before it was made ({made})")
    why = _text(entry.get("why"))
    if verdict is Verdict.CLEAR and not why:
        raise fail("a 'clear' decision needs 'why'")
    return Decision(
        entity_id=_text(entry["entity_id"]), entity_version=_text(entry["entity_version"]),
        decision=verdict, by=_text(entry["by"]), on=made, why=why,
        name=_text(entry.get("name")) or None, row_key=_text(entry.get("row_key")) or None,
        key_column=_text(entry.get("key_column")) or None, expires=expires,
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _date(value: Any, name: str, where: str, path: Path) -> date | None:
    if value is None or value == "":
        return None
    day: date = entry_field(_DAY, name, value, where, path)
    return day


def to_mapping(decision: Decision) -> dict[str, Any]:
    """The fields of a decision as written to a file, in FIELDS order, blanks left out."""
    values: dict[str, Any] = {
        "name": decision.name, "row_key": decision.row_key, "key_column": decision.key_column,
        "entity_id": decision.entity_id, "entity_version": decision.entity_version,
        "decision": decision.decision.value, "by": decision.by, "on": decision.on,
        "why": decision.why or None, "expires": decision.expires,
    }
    return {key: values[key] for key in FIELDS if values[key] is not None}


def save_decisions(decisions: Decisions, path: Path) -> None:
    """Write all decisions to `path` atomically, as TOML for a .toml file and YAML otherwise."""
    path = Path(path)
    entries = [to_mapping(d) for d in decisions.entries]
    if path.suffix.lower() == ".toml":
        text = HEADER + "".join(_toml_table(entry) for entry in entries)
    else:
        body = yaml.dump({"decisions": entries}, Dumper=_Dumper, sort_keys=False,
                         allow_unicode=True, default_flow_style=False, width=100)
        text = HEADER + body
    _write(text, path)


def check_writable(path: Path) -> None:
    """ConfigError now, rather than after an analyst's answers, when decisions could not be
    saved to `path`: a missing folder, a read-only file or folder, a device or a pipe."""
    path = Path(path)
    if path.exists() and not path.is_file():
        raise ConfigError("is not a regular file; decisions are kept in a YAML or TOML file",
                          path=path)
    if not path.parent.is_dir():
        raise ConfigError(f"directory {path.parent} does not exist", path=path)
    if path.exists() and not os.access(path, os.W_OK):
        raise ConfigError("cannot write the decisions file (it is read-only)", path=path)
    try:  # the file is replaced through a temporary file beside it: the folder must take one
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".probe", dir=path.parent)
    except OSError as exc:
        raise ConfigError(f"cannot write the decisions file ({exc.strerror or exc})",
                          path=path) from None
    os.close(fd)
    os.unlink(probe)


def _write(text: str, path: Path) -> None:
    if not path.parent.is_dir():
        raise ConfigError(f"directory {path.parent} does not exist", path=path)
    if path.exists() and not path.is_file():
        raise ConfigError("is not a regular file; decisions are kept in a YAML or TOML file",
                          path=path)
    try:
        with atomic_write(path) as out:
            out.write(text.encode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot write the decisions file ({exc.strerror or exc})",
                          path=path) from None


def add_decisions(new: Sequence[Decision], path: Path) -> bool:
    """Append `new` to the decisions file at `path`, leaving its text as it is: the comments,
    the order and the layout people gave it. True if so; False when its layout could not be
    extended (a flow-style list, say) and the whole file was written afresh.

    The file is read again here, so that entries added to it since it was loaded are kept.
    Whatever is appended is read back and must give exactly the file's decisions followed by
    `new`, or the file is written afresh instead.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the decisions file ({exc})", path=path) from None
    merged = _decisions(text, path).merged(new)
    wanted = [to_mapping(d) for d in merged.entries]
    if text and not text.endswith("\n"):
        text += "\n"
    for tail in _tails(text, path, [to_mapping(d) for d in new]):
        try:
            extended = _decisions(text + tail, path)
        except ConfigError:
            continue
        if [to_mapping(d) for d in extended.entries] == wanted:
            _write(text + tail, path)
            return True
    save_decisions(merged, path)
    return False


def _tails(text: str, path: Path, entries: list[dict[str, Any]]) -> list[str]:
    """Texts that may append `entries` to a decisions file reading `text`."""
    if path.suffix.lower() == ".toml":
        return ["".join(_toml_table(entry) for entry in entries)]
    items = yaml.dump(entries, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                      default_flow_style=False, width=100)
    # List items indented as the file's own are, else as this module writes them.
    found = re.search(r"^( *)- ", text, re.MULTILINE)
    indents = dict.fromkeys([found.group(1) if found else "  ", "", "  "])
    return ["".join(indent + line if line.strip() else line
                    for line in items.splitlines(keepends=True)) for indent in indents]


def _toml_table(entry: Mapping[str, Any]) -> str:
    lines = ["", "[[decisions]]"]
    for key, value in entry.items():
        # Dates are TOML local dates; strings use JSON escapes, which TOML basic strings accept.
        text = value.isoformat() if isinstance(value, date) else json.dumps(value,
                                                                            ensure_ascii=False)
        lines.append(f"{key} = {text}")
    return "\n".join(lines) + "\n"
