"""The Markdown report for pull-request comments: the verdict as heading, a table of flagged
rows with short reasons, and each row's full reasons folded away under it."""

from __future__ import annotations

import re
from typing import BinaryIO

from sanctscreen.models import Match, Report, Result
from sanctscreen.reports.common import (
    best_match,
    by_list_text,
    by_severity,
    display_name,
    lists_text,
    others_text,
    path_text,
    settings_provenance,
    short,
    summary_line,
    verdict_line,
)
from sanctscreen.reports.interface import ReportFormat

HEADER = ("Status", "File", "Row", "Name", "Matched entity", "Lists", "Score", "Type", "Why")
# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones
# that would otherwise start emphasis, links, HTML, code, headings, table cells or @mentions.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~@])")
_EMPHASIS = {"hit": "**HIT**", "review": "REVIEW"}
# How long each part of a Why cell may be: a comment's table is read without scrolling, and
# the whole text is in the "Full reasons" block under it.
SHORT = 100
# Between the parts of a Why cell (explanation, path, decision): GitHub and GitLab render
# this HTML line break inside a table cell.
BREAK = "<br>"


class MarkdownFormat(ReportFormat):
    NAME = "markdown"
    EXTENSIONS = (".md", ".markdown")

    def write(self, report: Report, out: BinaryIO) -> None:
        per_list = by_list_text(report)
        lines = [f"### {escape(verdict_line(report))}", "",
                 escape(f"{summary_line(report)} (sanctscreen {report.version})"), "",
                 *([escape(f"By list: {per_list}"), ""] if per_list else []),
                 *_warnings(report)]
        rows = by_severity(report.reported)
        if rows:
            lines.append(_row(HEADER))
            lines.append(_row(tuple("---" for _ in HEADER)))
            lines += [_row(_cells(result)) for result in rows]
            lines += _full_reasons(rows)
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
    why = BREAK.join(escape(short(part, SHORT))
                     for part in _reasons(match, with_consequence=False))
    entity = match.entity_name + others_text(result)
    return (status, escape(where), str(subject.row), escape(display_name(subject)),
            escape(entity), escape(lists_text(match.lists)), f"{match.score:.2f}",
            match.match_type.value, why)


def _reasons(match: Match, *, with_consequence: bool) -> list[str]:
    """A match's reasons, each a part of its own: consequence, explanation, path, decision."""
    parts = [match.consequence] if with_consequence and match.consequence else []
    parts.append(match.explanation)
    if match.path:
        parts.append(f"Path: {path_text(match.path)}")
    if match.decision:
        parts.append(f"Decision: {match.decision}")
    return [part for part in parts if part]


def _full_reasons(rows: list[Result]) -> list[str]:
    """Every flagged row's reasons in full, folded (a <details> block) so the comment stays
    short: what the listing means, the explanation, the ownership path, the decision."""
    items = []
    for result in rows:
        match = best_match(result)
        if match is None:
            continue
        subject = result.subject
        items.append(f"- **{escape(subject.file)}, row {subject.row}**: "
                     f"{escape(display_name(subject))} — {escape(match.entity_name)}")
        items += [f"  - {escape(part)}" for part in _reasons(match, with_consequence=True)]
    if not items:
        return []
    return ["", "<details><summary>Full reasons</summary>", "", *items, "", "</details>"]


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
