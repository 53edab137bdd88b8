"""`sanctscreen lookup`: screen one name (or identifier), show every candidate and its reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sanctscreen.api import Screener, lookup_subject
from sanctscreen.cli.app import Command, app, out, user_errors
from sanctscreen.cli.options import (
    DebugOption,
    ListsOption,
    NoColorOption,
    PurposeOption,
    Settings,
    WeakAliasesOption,
    plain_output,
)
from sanctscreen.cli.render import candidates_table


@app.command("lookup", cls=Command)
@user_errors
def lookup(
    name: Annotated[str, typer.Argument(help="A company or person name, in any script.")] = "",
    isin: Annotated[str | None, typer.Option(help="Also match this ISIN.")] = None,
    lei: Annotated[str | None, typer.Option(help="Also match this LEI.")] = None,
    ticker: Annotated[str | None, typer.Option(help="Also match this ticker.")] = None,
    country: Annotated[str | None, typer.Option(help="Country of the party (ISO code).")] = None,
    purpose: PurposeOption = None,
    lists: ListsOption = None,
    list_files: Annotated[list[Path] | None, typer.Option(
        "--list", help="Also use this list file.")] = None,
    as_of: Annotated[str | None, typer.Option(help="Screening date (YYYY-MM-DD).")] = None,
    weak_aliases: WeakAliasesOption = None,
    config: Annotated[Path | None, typer.Option(help="Settings file (sanctscreen.toml).")] = None,
    no_color: NoColorOption = False,
    debug: DebugOption = False,
) -> None:
    """Show the best candidates for NAME, with scores, lists, ownership and explanations."""
    plain_output(no_color)
    subject = lookup_subject(name, isin=isin, lei=lei, ticker=ticker, country=country)
    settings = Settings.resolve(config, {"lists": lists, "list_files": list_files, "as_of": as_of,
                                         "purpose": purpose,
                                         "weak_aliases": weak_aliases})
    library = Screener.from_settings(settings)
    screener = library.pipeline
    identifiers = list(subject.identifiers)
    candidates = screener.matcher.match(name or None, identifiers, country)
    result = screener.screen_one(subject)
    rows = [(c, [m for m in result.matches if c.entity.id != m.entity_id
                 and any(s.entity_id == c.entity.id for s in m.path)]) for c in candidates]
    if not rows:
        out.print(f"No candidates for {name or identifiers[0]} at or above the review threshold "
                  f"({screener.thresholds.review:.2f}).", highlight=False, markup=False)
        raise typer.Exit(0)
    out.print(candidates_table(name or str(identifiers[0]), rows))
