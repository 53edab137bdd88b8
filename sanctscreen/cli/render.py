"""Terminal rendering of results: the flagged-rows table and the one-line summary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.cells import cell_len, set_cell_size
from rich.table import Table
from rich.text import Text

from sanctscreen.matching.interface import Candidate
from sanctscreen.models import SEVERITY, Match, MatchType, Result, Status, Summary
from sanctscreen.ownership import format_path
from sanctscreen.reports.common import display_name, others_text

STYLES = {
    Status.HIT: "bold red",
    Status.REVIEW: "yellow",
    Status.CLEARED: "green",
    Status.NOTED: "cyan",
    Status.SKIPPED: "dim",
    Status.CLEAR: "green",
}


def results_table(results: Sequence[Result], *, title: str | None = None,
                  consequences: bool = False, width: int = 120) -> Table:
    """One line per reported row: where it is, what it says, what it matched and why; with
    `consequences` (a screen for a purpose), first what the listing means for it.

    Laid out for `width` columns. Names and parties wrap between words, never inside one (a
    column is at least as wide as its longest word); the explanation takes the room left on
    one line and is cut with "…": the reports carry it in full.
    """
    places = {(r.subject.file, r.subject.sheet) for r in results}
    single = len(places) == 1
    rows = [_cells(result, consequences, sheet=not single) for result in results]
    if single and title is None:
        file, sheet = next(iter(places))
        title = f"{file}, sheet {sheet}" if sheet else file
    fixed = [max([cell_len(header), *(cell_len(r[i]) for r in rows)])
             for i, header in ((0, "Row"), (2, "Status"), (5, "Score"))]
    lists = max(cell_len("List"), _longest_word(r[4] for r in rows))
    room = width - sum(fixed) - lists - 2 * 6  # seven columns, two cells between each
    names = [_name_width([r[i] for r in rows], room) for i in (1, 3)]
    why = max(room - sum(names), WHY_MIN)
    table = Table(title=title, title_justify="left", show_lines=False, expand=False,
                  header_style="bold", box=box.SIMPLE_HEAD, show_edge=False,
                  padding=(0, 1, 0, 0), pad_edge=False)
    table.add_column("Row", justify="right", no_wrap=True, width=fixed[0])
    table.add_column("Name", width=names[0], overflow="fold")
    table.add_column("Status", no_wrap=True, width=fixed[1])
    table.add_column("Party", width=names[1], overflow="fold")
    table.add_column("List", width=lists)
    table.add_column("Score", justify="right", no_wrap=True, width=fixed[2])
    table.add_column("Why", no_wrap=True, width=why)
    for result, (where, name, _, party, listed, score, reason) in zip(results, rows,
                                                                      strict=True):
        status = Text(result.status.value, style=STYLES[result.status])
        table.add_row(where, Text(name), status, Text(party), listed, score,
                      Text(cut(reason, why)))
    return table


def _name_width(texts: Sequence[str], room: int) -> int:
    """A name column's width: its longest text if that fits a quarter of the `room`, else that
    quarter, and never less than its longest word (so that no word is broken)."""
    longest = max((cell_len(t) for t in texts), default=1)
    return max(min(longest, room // 4), _longest_word(texts), 4)


# The explanation column is never narrower than this: below it, a cut reason says nothing.
WHY_MIN = 12


def _cells(result: Result, consequences: bool, *, sheet: bool
           ) -> tuple[str, str, str, str, str, str, str]:
    subject = result.subject
    where = f"{subject.sheet}!{subject.row}" if sheet and subject.sheet else str(subject.row)
    name = display_name(subject) if subject.name or subject.identifiers else ""
    if not result.matches:
        return where, name, result.status.value, "", "", "", result.reason or ""
    best = result.matches[0]
    return (where, name, result.status.value, best.entity_name + others_text(result),
            ", ".join(best.lists), f"{best.score:.2f}", reason_text(best, consequences))


def reason_text(match: Match, consequences: bool) -> str:
    """The explanation of `match` as a row shows it, after what it means for the purpose."""
    if consequences and match.consequence:
        return f"{match.consequence} {why(match)}"
    return why(match)


def _longest_word(texts: Iterable[str]) -> int:
    """The widest word of `texts` (in terminal cells), so that no word is broken; capped, as a
    long word in a name column must not squeeze the rest of the table out. Words in wide
    (CJK) characters do not count: they have no spaces and break between any two characters."""
    return min(max((cell_len(word) for text in texts for word in text.split()
                    if cell_len(word) == len(word)), default=1), LONGEST_WORD)


# A word wider than this (a URL, a run of symbols) is folded rather than given its width.
LONGEST_WORD = 24


def cut(text: str, width: int) -> str:
    """`text` on one line of at most `width` cells, cut after a whole word with "…"; a first
    word wider than that is itself cut."""
    text = " ".join(text.split())
    if text.isascii():  # one cell a character: found with string search (a long list is fast)
        if len(text) <= width:
            return text
        space = text.rfind(" ", 0, width)
        if space > 0:
            return text[:space].rstrip(",;:(") + "…"
        return text[:max(width - 1, 0)] + "…"
    if len(text) <= width and cell_len(text) <= width:
        return text
    # A character takes a cell or two: only the first width + 1 characters can be shown.
    kept: list[str] = []
    used = 0
    for word in text[:width + 1].split(" "):
        need = used + bool(kept) + cell_len(word)
        if need + 1 > width:  # the word and the "…" after it
            break
        kept.append(word)
        used = need
    if not kept:  # one word wider than the room: cut inside it, the only way to show it
        return set_cell_size(text, max(width - 1, 0)) + "…"
    return " ".join(kept).rstrip(",;:(") + "…"


def finding_lines(results: Sequence[Result], *, consequences: bool = False) -> list[str]:
    """One line per reported row, as a linter prints findings: `file:row: status  lists
    party  score  reason`, never wrapped; the reason is cut short (the reports hold it)."""
    lines = []
    for result in results:
        subject = result.subject
        file = f"{subject.file}[{subject.sheet}]" if subject.sheet else subject.file
        head = f"{file}:{subject.row}: {result.status.value:<7}"
        if not result.matches:  # clear with --include-clear, or skipped: the row and why
            name = display_name(subject) if subject.name or subject.identifiers else ""
            text = "  ".join(t for t in (name, cut(result.reason or "", REASON_CHARS)) if t)
            lines.append(f"{head} {text}".rstrip().translate(_CONTROLS))
            continue
        best = result.matches[0]
        party = best.entity_name + others_text(result)
        reason = cut(reason_text(best, consequences), REASON_CHARS)
        lines.append(f"{head} {','.join(best.lists)}  {party}  {best.score:.2f}  {reason}"
                     .translate(_CONTROLS))
    return lines


# Written as plain text, a line must carry no terminal command: control characters (which
# readers already remove from names) become spaces, whatever a list's own data holds.
_CONTROLS = dict.fromkeys([*range(32), 127], " ")


# The reason a finding line shows: its first words, enough to tell an alias from an ISIN.
REASON_CHARS = 72


def shown_first(results: Sequence[Result], limit: int | None) -> list[Result]:
    """The rows the terminal shows: the most severe first (hits, then reviews ...), in input
    order within a status; at most `limit` of them (None: all)."""
    ordered = sorted(results, key=lambda r: -SEVERITY[r.status])
    return ordered if limit is None else ordered[:limit]


def why(match: Match) -> str:
    """The explanation; for an ownership match through intermediaries, the chain after it."""
    text = match.explanation
    # (A report written before explanations left the chain out states it already.)
    if match.match_type is MatchType.OWNERSHIP and len(match.path) > 2 and "chain: " not in text:
        text = f"{text}; chain: {format_path(match.path)}"
    if match.decision:
        text = f"{text} [{match.decision}]"
    return text


def candidates_table(name: str, candidates: Sequence[tuple[Candidate, list[Match]]]) -> Table:
    """The `lookup` view: every candidate with its score, lists and ownership consequences."""
    table = Table(title=f"Candidates for {name!r}", header_style="bold")
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Entity", overflow="fold", max_width=45)
    table.add_column("Id", no_wrap=True)
    table.add_column("Lists", no_wrap=True)
    table.add_column("Why", overflow="fold", ratio=1)
    for candidate, matches in candidates:
        entity = candidate.entity
        lists = ", ".join(entity.list_codes) or "(not listed)"
        table.add_row(
            f"{candidate.score:.2f}", Text(entity.name), entity.id, lists,
            Text(candidate.explanation),
        )
        for match in matches:
            if match.match_type is MatchType.OWNERSHIP:
                table.add_row(
                    "", Text(f"↳ {match.entity_name}"), match.entity_id, ", ".join(match.lists),
                    Text(f"{match.status.value}: {why(match)}", style=STYLES[match.status]),
                )
    return table


def summary_line(summary: Summary, files: int) -> str:
    parts = [
        f"{summary.rows} rows in {files} file{'s' if files != 1 else ''}",
        f"{summary.hits} hit{'s' if summary.hits != 1 else ''}",
        f"{summary.reviews} to review",
    ]
    if summary.noted:
        parts.append(f"{summary.noted} noted (listed, no consequence for the purpose)")
    if summary.cleared:
        parts.append(f"{summary.cleared} cleared by decisions")
    parts.append(f"{summary.clear} clear")
    parts.append(f"{summary.skipped} skipped")
    return ", ".join(parts)
