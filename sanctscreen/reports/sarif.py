"""The SARIF 2.1.0 report for code-scanning dashboards: a rule per list, and a result per flagged
row and list it matched on (a row on the Entity List and NS-CMIC is two findings, one per rule).

Files are named relative to the directory sanctscreen ran in, `%SRCROOT%` (declared in the run's
`originalUriBaseIds`), so a dashboard resolves them in its checkout wherever the job ran; a file
outside that directory keeps its absolute `file:` URI. Hits are errors and rows to review
warnings. Rows cleared by a reviewed decision stay in the log
with a suppression (so dashboards show them as dismissed, with the justification), and rows that
could not be screened become tool notifications rather than findings, as do the run's warnings.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO
from urllib.parse import quote

from sanctscreen.models import SEVERITY, Match, Report, Result, Status
from sanctscreen.programs import kind_of
from sanctscreen.reports.common import (
    best_match,
    display_name,
    json_bytes,
    lists_text,
    location,
    path_text,
    plain,
    sources_text,
)
from sanctscreen.reports.interface import ReportFormat

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/sanctscreen/sanctscreen"
HELP_URI = f"{INFORMATION_URI}#lists"  # the README's section on the lists and what they mean
SRCROOT = "%SRCROOT%"  # the base id code-scanning tools know for the checkout's root
LEVELS = {Status.HIT: "error", Status.REVIEW: "warning", Status.CLEARED: "note",
          Status.NOTED: "note"}
_DRIVE = re.compile(r"^[A-Za-z]:/")  # a Windows path read from a report written there
FALLBACK_RULE = "LISTED"  # a match that names no list code (should not happen; never crash)


class SarifFormat(ReportFormat):
    NAME = "sarif"
    EXTENSIONS = (".sarif", ".sarif.json")

    def write(self, report: Report, out: BinaryIO) -> None:
        flagged = [r for r in report.reported if r.status in LEVELS and r.matches]
        findings = [(r, code, match) for r in flagged for code, match in _per_list(r)]
        rules = sorted({code for _, code, _ in findings})
        root = Path.cwd()
        run: dict[str, Any] = {
            "tool": {"driver": {
                "name": "sanctscreen",
                "version": report.version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(code) for code in rules],
            }},
            "originalUriBaseIds": {SRCROOT: {
                "uri": root.as_uri().rstrip("/") + "/",
                "description": {"text": "The directory sanctscreen ran in; file names in "
                                        "results are relative to it."},
            }},
            "invocations": [_invocation(report, root)],
            "results": [_result(r, code, match, rules, root) for r, code, match in findings],
            "properties": {
                "lists": [plain({"id": i.id, "name": i.name, "source": i.source,
                                 "as_of": i.as_of, "entries": i.entries, "sha256": i.sha256})
                          for i in report.lists],
                "summary": plain(vars(report.summary)),
                "options": plain(dict(report.options)),
            },
        }
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        out.write(json_bytes(log))


def _per_list(result: Result) -> list[tuple[str, Match]]:
    """Each list the row matched on, with the match that decides it there (the most severe,
    then the highest score): the best match's lists first, in their order."""
    best = best_match(result)
    ordered = [best, *(m for m in result.matches if m is not best)] if best else []
    chosen: dict[str, Match] = {}
    for match in ordered:
        for code in match.lists or (FALLBACK_RULE,):
            held = chosen.get(code)
            if held is None or (SEVERITY[match.status], match.score) > (SEVERITY[held.status],
                                                                        held.score):
                chosen[code] = match
    return list(chosen.items())


def _rule(code: str) -> dict[str, Any]:
    label = kind_of(code).label if code != FALLBACK_RULE else "A restricted-party list"
    return {
        "id": code,
        "name": "".join(ch for ch in label.title() if ch.isalnum()),
        "shortDescription": {"text": f"Row names a party on the {label}"},
        "fullDescription": {"text": f"A screened row matches an entry of the {label} ({code}) "
                                    "by name, by identifier, or through ownership."},
        "helpUri": HELP_URI,
        "defaultConfiguration": {"level": "error"},
    }


def _artifact(result: Result, root: Path) -> dict[str, Any]:
    """The file's location: relative to `root` under %SRCROOT%, or its absolute URI when it
    lies outside (a file in /tmp, another drive)."""
    name = result.subject.file.replace("\\", "/")
    if _DRIVE.match(name):
        return {"uri": PureWindowsPath(name).as_uri()}
    parts = [part for part in PurePosixPath(name).parts if part != "."]
    if name.startswith("/") or ".." in parts:
        absolute = (root / name).resolve()
        try:
            parts = list(absolute.relative_to(root.resolve()).parts)
        except ValueError:
            return {"uri": absolute.as_uri()}
    return {"uri": quote("/".join(parts), safe="/"), "uriBaseId": SRCROOT}


def _result(result: Result, rule: str, best: Match, rules: list[str],
            root: Path) -> dict[str, Any]:
    subject = result.subject
    message = (f"{location(result)}: {display_name(subject)} matches {best.entity_name} "
               f"[{lists_text(best.lists)}], score {best.score:.2f}. {best.explanation}")
    if best.path:
        message += f" Path: {path_text(best.path)}."
    identity = f"{subject.file}\0{subject.sheet}\0{subject.name}\0{best.entity_id}"
    entry: dict[str, Any] = {
        "ruleId": rule,
        "ruleIndex": rules.index(rule),
        "level": LEVELS.get(best.status, LEVELS[result.status]),
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": _artifact(result, root),
            "region": {"startLine": max(1, subject.row)},
        }}],
        # Stable across runs when rows move: with the rule, a dashboard tracks one finding per
        # name, party and list.
        "partialFingerprints": {
            "sanctscreen/v1": hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32],
        },
        "properties": {
            "status": result.status.value,
            "list": rule,
            "sheet": subject.sheet,
            "name": subject.name,
            "matches": [_match(m) for m in result.matches],
        },
    }
    if Status.CLEARED in (result.status, best.status):
        notes = best.decision or "; ".join(m.decision for m in result.matches if m.decision)
        entry["suppressions"] = [{"kind": "external", "status": "accepted",
                                  "justification": notes or "cleared by a reviewed decision"}]
    return entry


def _match(match: Match) -> dict[str, Any]:
    return {
        "entity_id": match.entity_id, "entity_name": match.entity_name,
        "lists": list(match.lists), "score": round(match.score, 4),
        "match_type": match.match_type.value, "status": match.status.value,
        "explanation": match.explanation, "entity_version": match.entity_version,
        "decision": match.decision, "sources": sources_text(match).split(", "),
        "consequence": match.consequence,
    }


def _invocation(report: Report, root: Path) -> dict[str, Any]:
    # The run's warnings (lists, sheets not screened) first, then each row not screened.
    notes: list[dict[str, Any]] = [{"level": "warning", "message": {"text": warning}}
                                   for warning in report.warnings]
    notes += [
        {
            "level": "warning",
            "message": {"text": f"{location(r)} not screened: {r.reason or 'no reason given'}"},
            "locations": [{"physicalLocation": {
                "artifactLocation": _artifact(r, root),
                "region": {"startLine": max(1, r.subject.row)},
            }}],
        }
        for r in report.reported
        if r.status is Status.SKIPPED
    ]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation
