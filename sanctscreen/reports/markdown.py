"""The Markdown report for pull-request comments: a summary line and a table of flagged rows."""

from __future__ import annotations

import re
from typing import BinaryIO

from sanctscreen.models import Report, Result
from sanctscreen.reports.common import (
    best_match,
    by_list_text,
    by_severity,
    display_name,
    lists_text,
    others_text,
    path_text,
    settings_provenance,
    summary_line,
)
from sanctscreen.reports.interface import ReportFormat

HEADER = ("Status", "File", "Row", "Name", "Matched entity", "Lists", "Score", "Type", "Why")
# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones
# that would otherwise start emphasis, links, HTML, code, headings, table cells or @mentions.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~@])")
_EMPHASIS = {"hit": "**HIT**", "review": "REVIEW"}


class MarkdownFormat(ReportFormat):
    NAME = "markdown"
    EXTENSIONS = (".md", ".markdown")

    def write(self, report: Report, out: BinaryIO) -> None:
        per_list = by_list_text(report)
        lines = [f"### sanctscreen {escape(report.version)}", "", escape(summary_line(report)), "",
                 *([escape(f"By list: {per_list}"), ""] if per_list else []),
                 *_warnings(report)]
        rows = by_severity(report.reported)
        if rows:
            lines.append(_row(HEADER))
            lines.append(_row(tuple("---" for _ in HEADER)))
            lines += [_row(_cells(result)) for result in rows]
        else:
            lines.append("No flagged rows.")
        lines += ["", *_provenance(report)]
        out.write(("\n".join(lines) + "\n").encode("utf-8"))


def escape(text: str) -> str:
    """Text that renders literally inside a table cell: one line, no markup, no cell breaks."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"


def _cells(result: Result) -> tuple[str, ...]:
    match = best_match(result)
    status = _EMPHASIS.get(result.status.value, result.status.value)
    subject = result.subject
    where = subject.file if not subject.sheet else f"{subject.file} ({subject.sheet})"
    if match is None:
        return (status, escape(where), str(subject.row), escape(display_name(subject)),
                "", "", "", "", escape(result.reason or ""))
    why = f"{match.consequence} {match.explanation}" if match.consequence else match.explanation
    if match.path:
        why = f"{why} Path: {path_text(match.path)}."
    if match.decision:
        why = f"{why} Decision: {match.decision}"
    entity = match.entity_name + others_text(result)
    return (status, escape(where), str(subject.row), escape(display_name(subject)),
            escape(entity), escape(lists_text(match.lists)), f"{match.score:.2f}",
            match.match_type.value, escape(why))


def _warnings(report: Report) -> list[str]:
    """Every warning of the run as a list under the summary; nothing when there are none."""
    if not report.warnings:
        return []
    return [f"**Warnings ({len(report.warnings)})**", "",
            *(f"- {escape(warning)}" for warning in report.warnings), ""]


def _provenance(report: Report) -> list[str]:
    """The lists screened (with sha256) and the settings, so a PR comment is reproducible."""
    head = ("List", "Source", "As of", "Entries", "sha256")
    lines = ["Lists screened:", "", _row(head), _row(tuple("---" for _ in head))]
    for info in report.lists:
        as_of = info.as_of.isoformat() if info.as_of else "undated"
        lines.append(_row((escape(info.id), escape(info.source), as_of, str(info.entries),
                           f"`{info.sha256}`")))
    if not report.lists:
        lines = ["Lists screened: none"]
    settings = ", ".join(f"{key} {value}" for key, value in settings_provenance(report))
    return [*lines, "", f"Settings: {escape(settings)}"]
