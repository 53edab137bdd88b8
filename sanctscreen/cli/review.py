"""`sanctscreen review`: walk an analyst through a report's open flags and record the decisions."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from sanctscreen.cli.app import Command, app, err, out, user_errors
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
        choice = CHOICES.get(ask(PROMPT).strip().lower())
        if choice is not None:
            return choice


def _note(ask: Callable[[str], str], *, required: bool) -> str:
    question = "Why is this not the listed party? " if required else "Note (optional): "
    while True:
        note = " ".join(ask(question).split())
        if note or not required:
            return note


def show_flag(flag: Flag, number: int, total: int) -> None:
    """Print one flag; names are printed as plain text, never as Rich markup."""
    from sanctscreen.reports.common import display_name, lists_text, location, path_text

    match, subject = flag.match, flag.result.subject
    lines = [
        "",
        f"Flag {number} of {total}: {location(flag.result)} ({match.status.value})",
        f"  Name:        {display_name(subject)}",
        f"  Matched:     {match.entity_name} ({match.entity_id})",
        f"  Lists:       {lists_text(match.lists)}",
        f"  Score:       {match.score:.2f} by {match.match_type.value} "
        f"(matched name: {match.matched_name})",
        f"  Explanation: {match.explanation}",
    ]
    if match.path:
        lines.append(f"  Path:        {path_text(match.path)}")
    if subject.identifiers:
        lines.append(f"  Identifiers: {', '.join(str(i) for i in subject.identifiers)}")
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
) -> None:
    """Review the open flags of REPORT one by one and record decisions in the allow file.

    Existing decisions are kept; a decision stops applying when the list entry changes.
    """
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
