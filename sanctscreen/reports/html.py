"""The HTML report: one self-contained page (inline CSS, no scripts or remote assets), printable."""

from __future__ import annotations

from html import escape
from typing import BinaryIO

from sanctscreen.models import Match, Report, Result
from sanctscreen.reports.common import (
    by_list_text,
    by_severity,
    display_name,
    gate_failed,
    lists_text,
    location,
    path_text,
    summary_line,
    text_of,
    verdict_line,
)
from sanctscreen.reports.interface import ReportFormat

# Kept inline so the file can be mailed or archived as evidence and still render offline.
STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC",
       sans-serif; margin: 2rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; }
.meta { color: #555; margin: 0 0 1rem; }
.verdict { font-size: 1.15rem; font-weight: 600; padding: .5rem 1rem; margin: .5rem 0 1rem;
           border-left: 6px solid; }
.verdict.fail { border-color: #c00000; background: #ffc7ce; }
.verdict.pass { border-color: #548235; background: #e2efda; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
/* A long URL or hash in a cell breaks where it must instead of pushing the table off the page
   (code breaks anywhere); names and words are not cut for the columns' sake (break-word does
   not narrow a column below its longest word, as anywhere would). */
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #f2f2f2; overflow-wrap: normal; }
.status { font-weight: 600; text-transform: uppercase; white-space: nowrap; }
.hit { background: #ffc7ce; } .review { background: #ffeb9c; }
.cleared { background: #c6efce; } .skipped { background: #e6e6e6; }
.noted { background: #ddebf7; }
.counts span { display: inline-block; margin-right: 1.2rem; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
/* Hashes and ids have no spaces: they break anywhere rather than widen the table. */
code { font-size: .9em; overflow-wrap: anywhere; word-break: break-all; }
.warnings { border: 2px solid #bf8f00; background: #fff2cc; padding: .5rem 1rem;
            margin: 0 0 1rem; }
.warnings h2 { margin: .25rem 0; }
.warnings ul { margin: .25rem 0; padding-left: 1.2rem; }
/* Landscape gives the eight columns room on paper. */
@page { size: landscape; margin: 12mm; }
@media print {
  /* Rows may break across pages: a row kept whole pushes itself to the next page and leaves
     the previous one half empty. */
  body { margin: 0; font-size: 9pt; color: #000; }
  th { background: #fff; }
  .hit, .review, .cleared, .noted, .skipped, .warnings, .verdict {
    -webkit-print-color-adjust: exact; print-color-adjust: exact;
  }
  thead { display: table-header-group; }
  tr, td { break-inside: auto; page-break-inside: auto; }
  h1, h2 { break-after: avoid; page-break-after: avoid; }
  p, li { orphans: 3; widows: 3; }
}
"""

HEADER = ("Status", "Where", "Name", "Matched entity", "Lists", "Score", "Type", "Explanation")


class HtmlFormat(ReportFormat):
    NAME = "html"
    EXTENSIONS = (".html", ".htm")

    def write(self, report: Report, out: BinaryIO) -> None:
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>sanctscreen report {escape(report.generated_at)}</title>",
            f"<style>{STYLE}</style></head><body>",
            "<h1>sanctscreen screening report</h1>",
            _verdict(report),
            f'<p class="meta">Generated {escape(report.generated_at)} by sanctscreen '
            f"{escape(report.version)} from {escape(', '.join(report.inputs) or 'no input')}</p>",
            f"<p><strong>{escape(summary_line(report))}</strong></p>",
            *([f"<p>By list: {escape(by_list_text(report))}</p>"] if by_list_text(report) else []),
            _warnings(report),
            _rows(report),
            _lists(report),
            _options(report),
            "</body></html>",
        ]
        out.write(("\n".join(part for part in parts if part) + "\n").encode("utf-8"))


def _verdict(report: Report) -> str:
    """The gate's outcome, first, in red when the screen fails it."""
    outcome = "fail" if gate_failed(report) else "pass"
    return f'<p class="verdict {outcome}" role="status">{escape(verdict_line(report))}</p>'


def _warnings(report: Report) -> str:
    """A box under the summary with every warning of the run; nothing when there are none."""
    if not report.warnings:
        return ""
    items = "\n".join(f"<li>{escape(warning)}</li>" for warning in report.warnings)
    return (f'<section class="warnings" role="note"><h2>Warnings ({len(report.warnings)})</h2>'
            f"<ul>\n{items}\n</ul></section>")


def _rows(report: Report) -> str:
    rows = by_severity(report.reported)
    if not rows:
        return "<h2>Flagged rows</h2><p>No flagged rows.</p>"
    head = "".join(f"<th>{h}</th>" for h in HEADER)
    body = "\n".join(_row(result) for result in rows)
    return (f"<h2>Flagged rows</h2><table><thead><tr>{head}</tr></thead>"
            f"<tbody>\n{body}\n</tbody></table>")


def _row(result: Result) -> str:
    status = escape(result.status.value)
    lead = (f'<td class="status">{status}</td><td>{escape(location(result))}</td>'
            f"<td>{escape(display_name(result.subject))}</td>")
    if not result.matches:
        reason = escape(result.reason or "")
        # The lead's three cells, the match columns left empty, the reason under Explanation.
        blank = len(HEADER) - 4
        return (f'<tr class="{status}">{lead}<td colspan="{blank}"></td>'
                f"<td>{reason}</td></tr>")
    span = len(result.matches)
    first, *rest = result.matches
    lead = lead.replace("<td", f'<td rowspan="{span}"', 3)
    lines = [f'<tr class="{status}">{lead}{_match_cells(first)}</tr>']
    lines += [f'<tr class="{status}">{_match_cells(m)}</tr>' for m in rest]
    return "\n".join(lines)


def _match_cells(match: Match) -> str:
    details = [escape(match.explanation)]
    if match.consequence:
        details.insert(0, f"<strong>{escape(match.consequence)}</strong><br>")
    if match.path:
        details.append(f"<br>Ownership: {escape(path_text(match.path))}")
    if match.decision:
        details.append(f"<br>Decision: {escape(match.decision)}")
    if match.entity_version:
        details.append(f"<br>Entry version <code>{escape(match.entity_version)}</code>")
    if len(match.sources) > 1:
        details.append("<br>One party of the list entries "
                       + ", ".join(f"<code>{escape(s.entity_id)}</code>" for s in match.sources))
    return (
        f"<td>{escape(match.entity_name)}<br><code>{escape(match.entity_id)}</code></td>"
        f"<td>{escape(lists_text(match.lists))}</td>"
        f'<td class="num">{match.score:.2f}</td>'
        f"<td>{escape(match.match_type.value)} ({escape(match.status.value)})</td>"
        f"<td>{''.join(details)}</td>"
    )


def _lists(report: Report) -> str:
    rows = "\n".join(
        f"<tr><td>{escape(i.id)}</td><td>{escape(i.name)}</td><td>{escape(i.source)}</td>"
        f"<td>{escape(i.as_of.isoformat() if i.as_of else '')}</td>"
        f'<td class="num">{i.entries}</td><td><code>{escape(i.sha256)}</code></td></tr>'
        for i in report.lists
    )
    return ("<h2>Lists</h2><table><thead><tr><th>ID</th><th>Name</th><th>Source</th>"
            "<th>As of</th><th>Entries</th><th>SHA-256</th></tr></thead>"
            f"<tbody>\n{rows}\n</tbody></table>")


def _options(report: Report) -> str:
    rows = "\n".join(
        f"<tr><td>{escape(str(key))}</td><td>{escape(text_of(value))}</td></tr>"
        for key, value in report.options.items()
    )
    return ("<h2>Options</h2><table><thead><tr><th>Option</th><th>Value</th></tr></thead>"
            f"<tbody>\n{rows}\n</tbody></table>")
