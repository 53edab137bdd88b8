"""GitHub Actions workflow commands: an annotation per flagged row, shown on the run and the PR."""

from __future__ import annotations

from typing import BinaryIO

from sanctscreen.models import Report, Result, Status
from sanctscreen.reports.common import (
    best_match,
    display_name,
    lists_text,
    path_text,
    sources_text,
    summary_line,
)
from sanctscreen.reports.interface import ReportFormat

COMMANDS = {Status.HIT: "error", Status.REVIEW: "warning", Status.SKIPPED: "warning",
            Status.CLEARED: "notice", Status.NOTED: "notice"}


class GithubFormat(ReportFormat):
    """Selected by name only (`--format github`): no file suffix means "workflow commands"."""

    NAME = "github"
    EXTENSIONS = ()

    def write(self, report: Report, out: BinaryIO) -> None:
        # The summary and the run's warnings come first: GitHub shows only the first few
        # annotations of each kind.
        lines = [f"::notice title=sanctscreen::{escape_data(summary_line(report))}"]
        lines += [f"::warning title=sanctscreen::{escape_data(warning)}"
                  for warning in report.warnings]
        lines += [_annotation(r) for r in report.reported if r.status in COMMANDS]
        out.write(("\n".join(lines) + "\n").encode("utf-8"))


def escape_data(text: str) -> str:
    """The message part of a workflow command (after `::`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (`file=`, `title=`): also `:` and `,`, which end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(result: Result) -> str:
    subject = result.subject
    name = display_name(subject)
    match = best_match(result)
    if result.status is Status.SKIPPED or match is None:
        title = f"Row not screened: {name}"
        message = result.reason or "no reason given"
    else:
        title = f"{result.status.value.upper()}: {name} - {match.entity_name}"
        message = (f"{name} matches {match.entity_name} ({sources_text(match)}) "
                   f"[{lists_text(match.lists)}], score {match.score:.2f}. {match.explanation}")
        if match.path:
            message += f" Path: {path_text(match.path)}."
        if match.decision:
            message += f" Decision: {match.decision}"
        if len(result.matches) > 1:
            message += f" (+{len(result.matches) - 1} more matches)"
    where = f"file={escape_property(subject.file)},line={max(1, subject.row)}"
    if subject.sheet:
        title = f"{title} (sheet {subject.sheet})"
    command = COMMANDS[result.status]
    return f"::{command} {where},title={escape_property(title)}::{escape_data(message)}"
