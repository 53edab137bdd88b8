"""A screen as a notebook shows it (Jupyter's `_repr_html_`): the counts, then the flagged rows
in colour, most severe first, each with its party, lists, score and why."""

from __future__ import annotations

from html import escape

from sanctscreen.models import Report, Status
from sanctscreen.reports.common import (
    best_match,
    by_list_text,
    by_severity,
    display_name,
    lists_text,
    location,
    others_text,
    summary_line,
)

# Rows shown before "… and N more": a notebook cell is read, not scrolled through.
ROWS_SHOWN = 50

_COLOURS = {  # text, background
    Status.HIT: ("#912018", "#fee4e2"),
    Status.REVIEW: ("#93370d", "#fef0c7"),
    Status.CLEARED: ("#05603a", "#d1fadf"),
    Status.NOTED: ("#1849a9", "#e0eaff"),
    Status.SKIPPED: ("#475467", "#f2f4f7"),
    Status.CLEAR: ("#475467", "#ffffff"),
}
_CELL = "padding:3px 8px;text-align:left;vertical-align:top;border-bottom:1px solid #eaecf0"


def notebook_html(report: Report, limit: int = ROWS_SHOWN) -> str:
    """An HTML fragment (no page around it) of the report's summary and its listed rows."""
    lines = [f"<div><p><b>sanctscreen</b>: {escape(summary_line(report))}</p>"]
    per_list = by_list_text(report)
    if per_list:
        lines.append(f"<p>By list: {escape(per_list)}</p>")
    for warning in report.warnings[:5]:
        lines.append(f'<p style="color:#93370d">warning: {escape(warning)}</p>')
    if len(report.warnings) > 5:
        lines.append(f"<p>… and {len(report.warnings) - 5} more warnings in the report</p>")
    rows = by_severity(r for r in report.reported if r.status is not Status.CLEAR)
    if rows:
        head = "".join(f'<th style="{_CELL}">{h}</th>' for h in
                       ("Status", "Row", "Name", "Party", "Lists", "Score", "Why"))
        lines.append(f'<table style="border-collapse:collapse"><thead><tr>{head}</tr></thead>'
                     "<tbody>")
        for result in rows[:limit]:
            colour, background = _COLOURS[result.status]
            best = best_match(result)
            why = best.explanation if best else (result.reason or "")
            if best and best.consequence:
                why = f"{why}. {best.consequence}"
            party = (best.entity_name if best else "") + others_text(result)
            cells = (
                f'<td style="{_CELL};color:{colour};font-weight:bold">{result.status.value}</td>',
                f'<td style="{_CELL}">{escape(location(result))}</td>',
                f'<td style="{_CELL}">{escape(display_name(result.subject))}</td>',
                f'<td style="{_CELL}">{escape(party)}</td>',
                f'<td style="{_CELL}">{escape(lists_text(best.lists) if best else "")}</td>',
                f'<td style="{_CELL}">{f"{best.score:.2f}" if best else ""}</td>',
                f'<td style="{_CELL}">{escape(why)}</td>',
            )
            lines.append(f'<tr style="background:{background}">{"".join(cells)}</tr>')
        lines.append("</tbody></table>")
        if len(rows) > limit:
            lines.append(f"<p>… and {len(rows) - limit} more rows: see "
                         "<code>to_pandas()</code> or <code>write()</code></p>")
    lines.append("</div>")
    return "\n".join(lines)
