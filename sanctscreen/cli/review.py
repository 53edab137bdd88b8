"""`sanctscreen review`: walk an analyst through a report's open flags and record the decisions."""

from __future__ import annotations

import getpass
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from sanctscreen.cli.app import Command, app, err, out, user_errors
from sanctscreen.cli.options import DebugOption, NoColorOption, plain_output
from sanctscreen.decisions import (
    Decision,
    Decisions,
    Verdict,
    add_decisions,
    check_writable,
    load_decisions,
    save_decisions,
)
from sanctscreen.errors import InputError
from sanctscreen.models import Match, Result, Status

PROMPT = "[m]atch, [c]lear, [s]kip, [q]uit? "
CHOICES = {"m": "match", "match": "match", "c": "clear", "clear": "clear", "s": "skip",
           "skip": "skip", "q": "quit", "quit": "quit"}


@dataclass(frozen=True)
class Flag:
    """One open match of one row: what the analyst decides on."""

    result: Result
    match: Match


def open_flags(results: Sequence[Result]) -> list[Flag]:
    """Matches still open (hit or review, not decided), most severe rows first: one per row
    and party (its most severe match; a decision about the party covers all of them)."""
    flags: dict[tuple[int, str], Flag] = {}
    for result in results:
        for match in result.matches:
            if match.status in (Status.HIT, Status.REVIEW) and match.decision is None:
                flags.setdefault((id(result), match.entity_id), Flag(result, match))
    return sorted(flags.values(), key=lambda f: f.match.status is not Status.HIT)


def review_flags(
    flags: Sequence[Flag],
    ask: Callable[[str], str],
    show: Callable[[Flag, int, int], None],
    *,
    by: str,
    today: date,
    expires: date | None = None,
) -> list[Decision]:
    """Ask about each flag in turn; `ask` returns the answer (EOFError ends the review).

    A decision also covers later flags of the same name and entity, which are then not asked.
    """
    made: list[Decision] = []
    try:
        for number, flag in enumerate(flags, start=1):
            if Decisions(made).find(flag.result.subject, flag.match.entity_id) is not None:
                continue
            show(flag, number, len(flags))
            choice = _choose(ask)
            if choice == "quit":
                break
            if choice == "skip":
                continue
            verdict = Verdict.MATCH if choice == "match" else Verdict.CLEAR
            why = _note(ask, required=verdict is Verdict.CLEAR)
            made.append(Decision.about(flag.result.subject, flag.match, verdict, by=by,
                                       on=today, why=why,
                                       expires=expires if verdict is Verdict.CLEAR else None))
    except EOFError:
        pass  # end of input is a quit: what was decided so far is kept
    return made


def _choose(ask: Callable[[str], str]) -> str:
    while True:
        answer = ask(PROMPT).strip()
        choice = CHOICES.get(answer.lower())
        if choice is not None:
            return choice
        # Said on stderr, so that a transcript of the decisions stays clean.
        err.print(f"{answer!r} is not an answer: type m (match), c (clear), s (skip) or q (quit)"
                  if answer else "type m (match), c (clear), s (skip) or q (quit)",
                  highlight=False, markup=False)


def _note(ask: Callable[[str], str], *, required: bool) -> str:
    question = "Why is this not the listed party? " if required else "Note (optional): "
    while True:
        note = " ".join(ask(question).split())
        if note or not required:
            return note


# The label column of a flag; continuation lines of a long value are indented to it.
LABEL_WIDTH = 15


def show_flag(flag: Flag, number: int, total: int) -> None:
    """Print one flag, its status in colour and long values wrapped under themselves; names
    are printed as plain text, never as Rich markup."""
    from sanctscreen.cli.render import STYLES
    from sanctscreen.reports.common import display_name, lists_text, location, path_text

    match, subject = flag.match, flag.result.subject
    heading = Text.assemble("\n", (f"Flag {number} of {total}: ", "bold"),
                            location(flag.result), " (",
                            (match.status.value, STYLES[match.status]), ")")
    fields = [
        ("Name", display_name(subject)),
        ("Matched", f"{match.entity_name} ({match.entity_id})"),
        ("Lists", lists_text(match.lists)),
        ("Score", f"{match.score:.2f} by {match.match_type.value} "
                  f"(matched name: {match.matched_name})"),
        ("Explanation", match.explanation),
    ]
    if match.path:
        fields.append(("Path", path_text(match.path)))
    if subject.identifiers:
        fields.append(("Identifiers", ", ".join(str(i) for i in subject.identifiers)))
    width = max(out.width, LABEL_WIDTH + 30)
    lines = [textwrap.fill(value, width, initial_indent=f"  {label}:".ljust(LABEL_WIDTH),
                           subsequent_indent=" " * LABEL_WIDTH, break_long_words=False,
                           break_on_hyphens=False) if value else f"  {label}:"
             for label, value in fields]
    out.print(heading, highlight=False, soft_wrap=True)
    out.print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)


def _ask(prompt: str) -> str:
    return out.input(prompt, markup=False)


@app.command("review", cls=Command)
@user_errors
def review(
    report: Annotated[Path, typer.Argument(
        help="A JSON report written by `sanctscreen check --format json`.")],
    decisions: Annotated[Path, typer.Option(
        "--decisions", "-d", help="Decisions file (YAML or TOML) to create or extend.")],
    by: Annotated[str | None, typer.Option(
        help="Reviewer recorded with each decision; default: your login name.")] = None,
    expires_in: Annotated[int | None, typer.Option(
        min=1, help="Clear decisions expire after this many days.")] = None,
    no_color: NoColorOption = False,
    debug: DebugOption = False,
) -> None:
    """Review the open flags of REPORT one by one and record decisions in the allow file.

    Existing decisions are kept; a decision stops applying when the list entry changes.
    """
    plain_output(no_color)
    from sanctscreen.reports.json import read_report

    screened = read_report(report)
    existing = load_decisions(decisions) if decisions.exists() else Decisions()
    today = date.today()
    flags = open_flags(existing.apply(screened.results, today))
    if any(not flag.match.entity_version for flag in flags):
        # A decision must name the entry version it was made against, or a changed entry
        # could never re-open it.
        raise InputError("the report's matches carry no entity_version; re-run "
                         "`sanctscreen check --format json` for a current report", path=report)
    if not flags:
        err.print("nothing to review: every flag has a current decision", highlight=False)
        return
    check_writable(decisions)  # before the questions: answers must never be lost at the end
    reviewer = by or _login()
    expires = today + timedelta(days=expires_in) if expires_in else None
    made = review_flags(flags, _ask, show_flag, by=reviewer, today=today, expires=expires)
    merged = existing.merged(made)
    if made and not decisions.exists():
        save_decisions(merged, decisions)
    elif made and not add_decisions(made, decisions):
        err.print(f"note: {decisions} was written afresh, without its comments: its layout "
                  "could not be extended", highlight=False, markup=False)
    left = len(open_flags(merged.apply(screened.results, today)))
    err.print(f"{len(made)} decision{'s' if len(made) != 1 else ''} recorded in {decisions}; "
              f"{left} flag{'s' if left != 1 else ''} left open", highlight=False, markup=False)


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "unknown"
