"""The SARIF 2.1.0 report for code-scanning dashboards: a rule per list, a result per flagged row.

Hits are errors and rows to review warnings. Rows cleared by a reviewed decision stay in the log
with a suppression (so dashboards show them as dismissed, with the justification), and rows that
could not be screened become tool notifications rather than findings, as do the run's warnings.
"""

from __future__ import annotations

import hashlib
from typing import Any, BinaryIO
from urllib.parse import quote

from sanctscreen.models import Match, Report, Result, Status
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
LEVELS = {Status.HIT: "error", Status.REVIEW: "warning", Status.CLEARED: "note",
          Status.NOTED: "note"}
FALLBACK_RULE = "LISTED"  # a match that names no list code (should not happen; never crash)


class SarifFormat(ReportFormat):
    NAME = "sarif"
    EXTENSIONS = (".sarif", ".sarif.json")

    def write(self, report: Report, out: BinaryIO) -> None:
        flagged = [r for r in report.reported if r.status in LEVELS and r.matches]
        rules = sorted({_rule_id(best) for r in flagged if (best := best_match(r)) is not None})
        run: dict[str, Any] = {
            "tool": {"driver": {
                "name": "sanctscreen",
                "version": report.version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(code) for code in rules],
            }},
            "invocations": [_invocation(report)],
            "results": [_result(r, rules) for r in flagged],
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


def _rule_id(match: Match) -> str:
    return match.lists[0] if match.lists else FALLBACK_RULE


def _rule(code: str) -> dict[str, Any]:
    label = kind_of(code).label if code != FALLBACK_RULE else "A restricted-party list"
    return {
        "id": code,
        "name": "".join(ch for ch in label.title() if ch.isalnum()),
        "shortDescription": {"text": f"Row names a party on the {label}"},
        "fullDescription": {"text": f"A screened row matches an entry of the {label} ({code}) "
                                    "by name, by identifier, or through ownership."},
        "defaultConfiguration": {"level": "error"},
    }


def _artifact(result: Result) -> dict[str, Any]:
    return {"uri": quote(result.subject.file.replace("\\", "/"), safe="/:")}


def _result(result: Result, rules: list[str]) -> dict[str, Any]:
    best = best_match(result)
    assert best is not None  # only rows with matches are findings
    rule = _rule_id(best)
    subject = result.subject
    message = (f"{location(result)}: {display_name(subject)} matches {best.entity_name} "
               f"[{lists_text(best.lists)}], score {best.score:.2f}. {best.explanation}")
    if best.path:
        message += f" Path: {path_text(best.path)}."
    identity = f"{subject.file}\0{subject.sheet}\0{subject.name}\0{best.entity_id}"
    entry: dict[str, Any] = {
        "ruleId": rule,
        "ruleIndex": rules.index(rule),
        "level": LEVELS[result.status],
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": _artifact(result),
            "region": {"startLine": max(1, subject.row)},
        }}],
        # Stable across runs when rows move, so a dashboard tracks one finding per name+entity.
        "partialFingerprints": {
            "sanctscreen/v1": hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32],
        },
        "properties": {
            "status": result.status.value,
            "sheet": subject.sheet,
            "name": subject.name,
            "matches": [_match(m) for m in result.matches],
        },
    }
    if result.status is Status.CLEARED:
        notes = "; ".join(m.decision for m in result.matches if m.decision)
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


def _invocation(report: Report) -> dict[str, Any]:
    # The run's warnings (lists, sheets not screened) first, then each row not screened.
    notes: list[dict[str, Any]] = [{"level": "warning", "message": {"text": warning}}
                                   for warning in report.warnings]
    notes += [
        {
            "level": "warning",
            "message": {"text": f"{location(r)} not screened: {r.reason or 'no reason given'}"},
            "locations": [{"physicalLocation": {
                "artifactLocation": _artifact(r),
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
