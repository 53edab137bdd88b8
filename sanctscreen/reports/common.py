"""What every report format shares: texts for matches and paths, the gate threshold, safe cells."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any

from sanctscreen.models import (
    SEVERITY,
    ListInfo,
    Match,
    PathStep,
    Report,
    Result,
    Status,
    Subject,
)


def json_bytes(data: Any) -> bytes:
    """`data` as indented UTF-8 JSON and a final newline, the same bytes on every run.

    orjson writes a report of 70 000 flagged rows in a tenth of the time the json module
    needs with indentation (its C encoder only serves compact output). Anything orjson
    refuses (an integer beyond 64 bits in a cell) is written by the json module instead.
    """
    import orjson

    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


# Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV Injection"):
# a leading tab or carriage return is stripped by some importers, exposing what follows.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Passive forms for path texts: a step says how the next node holds the previous one.
_PASSIVE = {"owns": "owned", "controls": "controlled"}

# `fail_on` values and the least severe status each one fails on; "never" fails on nothing.
_FAIL_ON = {"hit": Status.HIT, "review": Status.REVIEW}


def neutralise(text: str) -> str:
    """`text` with a leading apostrophe when a spreadsheet would read it as a formula."""
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def plain(value: Any) -> Any:
    """A JSON-safe form of an option or cell value: dates as ISO text, paths and enums as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Decimal):
        return plain(float(value))
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, datetime | date):
        return None if _is_nat(value) else value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return str(value)


def _is_nat(value: date) -> bool:
    # pandas.NaT is a datetime subclass whose isoformat() is "NaT"; it means "no value".
    return type(value).__name__ == "NaTType"


def text_of(value: Any) -> str:
    """How a cell value reads in a text report: blank for missing values, lists joined."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(text_of(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {text_of(v)}" for k, v in value.items())
    return str(value)


def score_of(match: Match) -> float:
    return round(match.score, 4)


def lists_text(lists: Iterable[str]) -> str:
    return ", ".join(lists)


def path_text(path: Sequence[PathStep]) -> str:
    """An ownership path as a sentence: "A, owned 60% by B [NS-CMIC], controlled by C"."""
    if not path:
        return ""
    parts = [_step_name(path[0])]
    for step in path[1:]:
        verb = _PASSIVE.get(step.relation, step.relation or "held")
        share = f" {step.share:g}%" if step.share is not None else ""
        parts.append(f"{verb}{share} by {_step_name(step)}")
    return ", ".join(parts)


def _step_name(step: PathStep) -> str:
    return f"{step.entity_name} [{', '.join(step.lists)}]" if step.lists else step.entity_name


def best_match(result: Result) -> Match | None:
    """The match that decides how a row reads: the most severe status, then the highest score."""
    if not result.matches:
        return None
    return max(result.matches, key=lambda m: (SEVERITY[m.status], m.score))


def sources_text(match: Match) -> str:
    """The list entries a party was merged from, 'seed:dji, ofac-cons:33111'; its id alone
    for a party of one entry."""
    return ", ".join(s.entity_id for s in match.sources) or match.entity_id


# How many other parties' names an entity cell spells out before "…".
OTHERS_SHOWN = 2


def others_text(result: Result) -> str:
    """' (+2 other parties: TOSE-E MELLI GROUP INVESTMENT COMPANY, MB BANK)' for the parties a
    row also matched besides its best match; '' when there are none. Each party is counted
    once, however many of its listings or ownership paths matched."""
    best = best_match(result)
    if best is None:
        return ""
    names = dict.fromkeys(m.entity_name for m in result.matches if m.entity_id != best.entity_id)
    if not names:
        return ""
    shown = list(names)[:OTHERS_SHOWN]
    rest = ", …" if len(names) > OTHERS_SHOWN else ""
    noun = "party" if len(names) == 1 else "parties"
    return f" (+{len(names)} other {noun}: {', '.join(shown)}{rest})"


def by_severity(results: Iterable[Result]) -> list[Result]:
    """Rows most severe first; rows of equal status keep the order of the input."""
    return sorted(results, key=lambda r: -SEVERITY[r.status])


def display_name(subject: Subject) -> str:
    """The row's name, or its identifiers when it has none (ISIN-only holdings are common)."""
    if subject.name and subject.name.strip():
        return subject.name
    if subject.identifiers:
        return ", ".join(str(i) for i in subject.identifiers)
    return "(no name)"


def location(result: Result) -> str:
    """Where a row is, as a person would look for it: "holdings.xlsx, Sheet1, row 12"."""
    subject = result.subject
    parts = [subject.file]
    if subject.sheet:
        parts.append(subject.sheet)
    parts.append(f"row {subject.row}")
    return ", ".join(parts)


def failing_statuses(report: Report) -> frozenset[Status]:
    """The row statuses that fail the gate according to `options["fail_on"]` (default: hits).

    Accepts "hit", "review" (reviews and hits), "never"/"none", or a collection of statuses;
    with `options["strict"]`, skipped rows fail it too.
    """
    strict = frozenset({Status.SKIPPED}) if report.options.get("strict") else frozenset()
    return _failing(report.options.get("fail_on", "hit")) | strict


def _failing(fail_on: Any) -> frozenset[Status]:
    if fail_on is None:
        return frozenset()
    if isinstance(fail_on, str | Enum):
        key = str(plain(fail_on)).lower()
        floor = _FAIL_ON.get(key)
        if floor is None:
            return frozenset()
        return frozenset(s for s in (Status.HIT, Status.REVIEW) if SEVERITY[s] >= SEVERITY[floor])
    statuses = {str(plain(s)).lower() for s in fail_on}
    return frozenset(s for s in Status if s.value in statuses)


def summary_line(report: Report) -> str:
    """One sentence of counts, the same in every human-readable format."""
    s = report.summary
    noted = f"{s.noted} noted (listed, no consequence for the purpose), " if s.noted else ""
    return (
        f"{s.rows} rows screened: {s.hits} hit{'s' if s.hits != 1 else ''}, "
        f"{s.reviews} to review, {noted}{s.cleared} cleared by decisions, {s.clear} clear, "
        f"{s.skipped} skipped"
    )


def by_list_text(report: Report) -> str:
    """'SDN: 2 hits; EL: 1 noted', the summary's counts per list; '' when nothing is flagged."""
    names = {"hit": ("hit", "hits"), "review": ("to review", "to review"),
             "noted": ("noted", "noted")}
    parts = []
    for code, counts in report.summary.by_list.items():
        words = [f"{n} {names[k][n != 1]}" for k in ("hit", "review", "noted")
                 if (n := counts.get(k, 0))]
        parts.append(f"{code}: {', '.join(words)}")
    return "; ".join(parts)


def list_provenance(info: ListInfo) -> str:
    """What a report records about one list so that the screen can be reproduced."""
    as_of = info.as_of.isoformat() if info.as_of else "undated"
    return (f"{info.id}: {info.name}; source {info.source}; as of {as_of}; "
            f"{info.entries} entries; sha256 {info.sha256}")


def settings_provenance(report: Report) -> list[tuple[str, str]]:
    """The version and every option that was set, as (name, text) pairs."""
    pairs = [("sanctscreen", report.version), ("generated_at", report.generated_at)]
    for key, value in report.options.items():
        value = plain(value)
        if value in (None, "", [], {}):
            continue
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        pairs.append((key, text))
    return pairs


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def gate_text(report: Report) -> str:
    """The gate as it was set: "--fail-on hit", "--fail-on review, --strict"."""
    text = f"--fail-on {text_of(report.options.get('fail_on', 'hit')) or 'never'}"
    return f"{text}, --strict" if report.options.get("strict") else text


def gate_failed(report: Report) -> bool:
    """Whether the screen fails the gate (the exit code 1 of `check`)."""
    failing = failing_statuses(report)
    return any(result.status in failing for result in report.results)


def verdict_line(report: Report) -> str:
    """The gate's outcome with the counts that decided it, the first line a reader needs:
    "1 hit — this file fails the gate (--fail-on hit); 2 more to review"."""
    s = report.summary
    failing = failing_statuses(report)
    where, fails, passes = (("this file", "fails", "passes") if len(report.inputs) == 1
                            else ("these files", "fail", "pass"))
    counts = [(Status.HIT, s.hits, "hit", "hits"), (Status.REVIEW, s.reviews, "to review",
                                                    "to review"),
              (Status.SKIPPED, s.skipped, "not screened", "not screened")]
    gated = [_counted(n, one, many) for status, n, one, many in counts
             if n and status in failing]
    # Only reviews can be left out of a gate that is on: hits always fail it.
    reviews = (_counted(s.reviews, "row", "rows") + " to review"
               if s.reviews and Status.REVIEW not in failing else "")
    if not failing:
        found = ", ".join(c for c in (_counted(s.hits, "hit", "hits") if s.hits else "",
                                      f"{s.reviews} to review" if s.reviews else "") if c)
        return f"{found or 'No hits, nothing to review'} — the gate is off ({gate_text(report)})"
    if gated and gate_failed(report):
        more = f"; also {reviews}" if reviews else ""
        return f"{', '.join(gated)} — {where} {fails} the gate ({gate_text(report)}){more}"
    nothing = "No hits" if Status.REVIEW not in failing else "No hits or rows to review"
    more = f"; {reviews}" if reviews else ""
    return f"{nothing} — {where} {passes} the gate ({gate_text(report)}){more}"


def short(text: str, limit: int) -> str:
    """`text` cut to about `limit` characters: whole clauses ("a; b") while they fit, else
    whole words, with "…" where something was left out."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for clause in text.split("; "):
        joined = f"{kept}; {clause}" if kept else clause
        if len(joined) > limit - 1:
            break
        kept = joined
    if not kept:
        kept = text[:limit - 1].rsplit(" ", 1)[0] if " " in text[:limit - 1] else text[:limit - 1]
    return kept.rstrip(" ;,") + " …"
