"""The JSON report: the documented contract CI jobs parse, and reading it back for review."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from sanctscreen.errors import InputError
from sanctscreen.models import (
    Identifier,
    ListInfo,
    Match,
    MatchType,
    PathStep,
    Report,
    Result,
    SourceEntry,
    Status,
    Subject,
    Summary,
)
from sanctscreen.reports.common import json_bytes, plain, score_of
from sanctscreen.reports.interface import ReportFormat


class JsonFormat(ReportFormat):
    """Key order is fixed by construction, so the same report always gives the same bytes."""

    NAME = "json"
    EXTENSIONS = (".json",)

    def write(self, report: Report, out: BinaryIO) -> None:
        out.write(json_bytes(to_dict(report)))


def to_dict(report: Report) -> dict[str, Any]:
    # Rows with the same cells share their Match objects: each becomes a dict once.
    matches: dict[int, dict[str, Any]] = {}
    return {
        "sanctscreen": report.version,
        "generated_at": report.generated_at,
        "lists": [_list(info) for info in report.lists],
        "inputs": list(report.inputs),
        "options": plain(dict(report.options)),
        "summary": _summary(report.summary),
        "warnings": list(report.warnings),
        "results": [_result(result, matches) for result in report.reported],
    }


def _list(info: ListInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "name": info.name,
        "source": info.source,
        "as_of": info.as_of.isoformat() if info.as_of else None,
        "entries": info.entries,
        "sha256": info.sha256,
        "format": info.format,
    }


def _summary(summary: Summary) -> dict[str, Any]:
    return {
        "rows": summary.rows,
        "hits": summary.hits,
        "reviews": summary.reviews,
        "clear": summary.clear,
        "skipped": summary.skipped,
        "cleared": summary.cleared,
        "noted": summary.noted,
        "by_list": {code: dict(counts) for code, counts in summary.by_list.items()},
    }


def _result(result: Result, matches: dict[int, dict[str, Any]]) -> dict[str, Any]:
    subject = result.subject
    extra = {"change": result.change} if result.change else {}
    return {
        "file": subject.file,
        "sheet": subject.sheet,
        "row": subject.row,
        "name": subject.name,
        "status": result.status.value,
        "reason": result.reason,
        "identifiers": [{"scheme": i.scheme, "value": i.value} for i in subject.identifiers],
        "country": subject.country,
        "cells": {str(k): plain(v) for k, v in subject.cells.items()},
        "matches": [matches.get(id(match)) or matches.setdefault(id(match), _match(match))
                    for match in result.matches],
        **extra,
    }


def _match(match: Match) -> dict[str, Any]:
    return {
        "entity_id": match.entity_id,
        "entity_name": match.entity_name,
        "lists": list(match.lists),
        "score": score_of(match),
        "matched_name": match.matched_name,
        "match_type": match.match_type.value,
        "path": [_step(step) for step in match.path],
        "explanation": match.explanation,
        "status": match.status.value,
        "entity_version": match.entity_version,
        "decision": match.decision,
        # The list entries merged into the party, each with its own fingerprint: the party's
        # id alone when it is one entry.
        "sources": [{"entity_id": s.entity_id, "entity_version": s.version}
                    for s in match.sources]
        or [{"entity_id": match.entity_id, "entity_version": match.entity_version}],
        "consequence": match.consequence,
    }


def _step(step: PathStep) -> dict[str, Any]:
    return {
        "entity_id": step.entity_id,
        "entity_name": step.entity_name,
        "relation": step.relation,
        "share": step.share,
        "lists": list(step.lists),
    }


def read_report(path: Path) -> Report:
    """Read a JSON report written by this module; InputError (naming the file) otherwise."""
    if Path(path).exists() and not Path(path).is_file():
        # A folder, or a device or pipe that may never end (/dev/zero): never read.
        raise InputError("is not a JSON report (not a regular file)", path=path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("report not found", path=path) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a readable JSON report ({exc})", path=path) from None
    except RecursionError:  # a hostile file nested deeper than the parser can follow
        raise InputError("nested too deeply to be a JSON report", path=path) from None
    try:
        return from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"not a sanctscreen JSON report (bad or missing {exc})",
                         path=path) from None


def from_dict(data: Mapping[str, Any]) -> Report:
    """The Report a JSON report describes; fields added after version 1 are optional."""
    results = tuple(_read_result(r) for r in data["results"])
    summary = data["summary"]
    return Report(
        version=str(data["sanctscreen"]),
        generated_at=str(data["generated_at"]),
        lists=tuple(_read_list(info) for info in data["lists"]),
        inputs=tuple(data.get("inputs", ())),
        options=dict(data.get("options", {})),
        results=results,
        summary=Summary(**{k: int(summary.get(k, 0)) for k in
                           ("rows", "hits", "reviews", "clear", "skipped", "cleared", "noted")},
                        by_list={str(code): {str(k): int(v) for k, v in counts.items()}
                                 for code, counts in summary.get("by_list", {}).items()}),
        include_clear=any(r.status is Status.CLEAR for r in results),
        warnings=tuple(str(warning) for warning in data.get("warnings", ())),
    )


def _read_list(info: Mapping[str, Any]) -> ListInfo:
    as_of = info.get("as_of")
    return ListInfo(
        id=info["id"], name=info["name"], source=info["source"],
        as_of=date.fromisoformat(as_of) if as_of else None,
        entries=int(info["entries"]), sha256=info["sha256"], format=info.get("format", ""),
    )


def _read_result(data: Mapping[str, Any]) -> Result:
    subject = Subject(
        file=data["file"], sheet=data.get("sheet"), row=int(data["row"]), name=data.get("name"),
        identifiers=tuple(Identifier(i["scheme"], i["value"]) for i in data.get("identifiers", ())),
        country=data.get("country"), cells=dict(data.get("cells", {})),
    )
    status = Status(data["status"])
    matches = tuple(_read_match(m, status) for m in data["matches"])
    return Result(subject, status, matches, data.get("reason"), data.get("change"))


def _read_match(data: Mapping[str, Any], row_status: Status) -> Match:
    path = tuple(
        PathStep(s["entity_id"], s["entity_name"], s["relation"], s.get("share"),
                 tuple(s.get("lists", ())))
        for s in data.get("path", ())
    )
    return Match(
        entity_id=data["entity_id"], entity_name=data["entity_name"], lists=tuple(data["lists"]),
        score=float(data["score"]), matched_name=data["matched_name"],
        match_type=MatchType(data["match_type"]), status=Status(data.get("status", row_status)),
        explanation=data["explanation"], path=path,
        entity_version=data.get("entity_version", ""), decision=data.get("decision"),
        sources=_read_sources(data),
        consequence=str(data.get("consequence") or ""),
    )


def _read_sources(data: Mapping[str, Any]) -> tuple[SourceEntry, ...]:
    """A party's source entries; () for one entry (or a report written before parties)."""
    sources = tuple(SourceEntry(str(s["entity_id"]), str(s.get("entity_version", "")))
                    for s in data.get("sources", ()) if isinstance(s, Mapping))
    return sources if len(sources) > 1 else ()
