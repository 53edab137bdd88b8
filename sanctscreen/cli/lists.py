"""The `sanctscreen lists` commands: show, update, import and diff the restricted-party lists."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from sanctscreen.cli.app import Command, Group, app, err, out, user_errors
from sanctscreen.errors import ListError
from sanctscreen.lists import FORMATS, known_ids, load_id, load_list, publications, store
from sanctscreen.lists.publications import DEFAULT_SOURCES, PUBLICATIONS, SOURCES, Source
from sanctscreen.models import Entity, Link, ListInfo, ScreeningList

if TYPE_CHECKING:
    from sanctscreen.lists.diff import ListDiff
    from sanctscreen.parties import Parties

lists_app = typer.Typer(
    cls=Group,
    help="Show, update, import and compare the lists that `check` screens against.",
    invoke_without_command=True,
    no_args_is_help=False,
)


def _infos() -> tuple[list[ListInfo], list[tuple[str, str]]]:
    """Every list known (the installed copy of an id where there is one, else the bundled one),
    and what the bundled ones say of themselves when loaded (the SDN set's mixed dates).

    Installed copies are described from their stored metadata: loading a 16 MB CSL only to
    count it would make this table slow. Bundled ones come from the compiled-list cache.
    """
    from sanctscreen.cache import load_lists_cached

    installed = {item.id: item for item in store.installed()}
    bundled = [list_id for list_id in known_ids() if list_id not in installed]
    loaded = {sl.info.id: sl for sl in (load_lists_cached(bundled) if bundled else [])}
    infos = []
    for list_id in known_ids():
        item = installed.get(list_id)
        infos.append(loaded[list_id].info if item is None else ListInfo(
            item.id, item.name, item.source, item.as_of, item.entries, item.sha256, item.format))
    notes = [(list_id, warning) for list_id, sl in loaded.items() for warning in sl.warnings]
    return infos, notes


@lists_app.callback()
@user_errors
def lists_main(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the table as JSON.")] = False,
) -> None:
    """Without a subcommand: the lists available, with their date, size and fingerprint."""
    if ctx.invoked_subcommand is not None:
        return
    infos, notes = _infos()
    if as_json:
        out.print_json(json.dumps([
            {"id": i.id, "name": i.name, "source": i.source,
             "as_of": i.as_of.isoformat() if i.as_of else None, "entries": i.entries,
             "sha256": i.sha256, "format": i.format} for i in infos]))
        return
    table = Table("id", "name", "source", "as of", "entries", "sha256", title="Lists")
    for info in infos:
        table.add_row(info.id, escape(info.name), escape(info.source),
                      str(info.as_of or "-"), str(info.entries), info.sha256[:12])
    out.print(table)
    for list_id, note in notes:
        out.print(escape(f"{list_id}: {note}"), highlight=False)


def _find(parties: Parties, query: str) -> list[Entity]:
    """The parties whose id (or the id of an entry merged into them) or name is `query`;
    failing that, those with a name containing it."""
    entities = parties.entities
    wanted = query.casefold()
    exact = [e for e in entities if any(i.casefold() == wanted for i in (e.id, *e.sources))]
    if exact:
        return exact
    named = [e for e in entities if any(n.casefold() == wanted for n in _all_names(e))]
    return named or [e for e in entities if any(wanted in n.casefold() for n in _all_names(e))]


def _all_names(entity: Entity) -> tuple[str, ...]:
    return (*entity.names, *entity.weak_aliases)


def _entity_text(entity: Entity, links: Sequence[Link], names: Mapping[str, str]) -> str:
    lines = [f"[bold]{escape(entity.name)}[/]  ({entity.id}, {entity.type.value})"]
    if entity.aliases:
        lines.append("aliases: " + escape("; ".join(entity.aliases)))
    if entity.weak_aliases:
        lines.append("weak aliases: " + escape("; ".join(entity.weak_aliases)))
    if entity.identifiers:
        lines.append("identifiers: " + ", ".join(map(str, entity.identifiers)))
    if entity.countries:
        lines.append("countries: " + ", ".join(entity.countries))
    lines.extend(escape(f"{feature.label}: {feature.value}") for feature in entity.features)
    for d in entity.designations:
        details = [d.program, f"listed {d.listed_on}" if d.listed_on else None, d.legal_basis]
        lines.append(f"designation: {d.list_code} " + escape(", ".join(x for x in details if x)))
    if not entity.designations:
        lines.append("designation: none (a related party, not listed itself)")
    for link in links:
        if entity.id not in (link.owner, link.owned):
            continue
        share = f" {link.share:g}%" if link.share is not None else ""
        lines.append(escape(f"link: {names.get(link.owner, link.owner)} {link.relation}{share} "
                            f"{names.get(link.owned, link.owned)} ({link.source})"))
    return "\n".join(lines)


def _party_text(party: Entity, parties: Parties, lists: Sequence[ScreeningList]) -> str:
    """The party as screened, then, for a merged party, each list entry it was merged from
    with the facts that entry states: where each fact came from."""
    names = {e.id: e.name for e in parties.entities}
    text = _entity_text(party, parties.links, names)
    members = parties.members.get(party.id)
    if not members:
        return text
    why = "; ".join(parties.evidence.get(party.id, ()))
    parts = [text, f"one party of {len(members)} list entries ({escape(why)}):"]
    source_links = [link for lst in lists for link in lst.links]
    source_names = {e.id: e.name for lst in lists for e in lst.entities}
    listed = {lst.info.id: lst.info.name for lst in lists}
    for member in members:
        parts.append(f"  from {member.id} ({escape(listed.get(member.list_id, member.list_id))}):")
        body = _entity_text(member, source_links, source_names).splitlines()[1:]
        parts.extend(f"    {line}" for line in [escape(f"name: {member.name}"), *body])
    return "\n".join(parts)


@lists_app.command("show", cls=Command)
@user_errors
def show(
    query: Annotated[str, typer.Argument(help="An entity id (ofac-cons:33113) or a name.")],
    list_ids: Annotated[list[str] | None, typer.Option("--list", "-l", help=(
        "Search only this list id (repeatable); default: every known list."))] = None,
) -> None:
    """One party: its names, identifiers, designations and links, and the list entries it
    was merged from, each with the facts it states."""
    from sanctscreen.parties import merge

    lists = [load_id(i) for i in (list_ids or known_ids())]
    parties = merge(lists)
    found = _find(parties, query)
    if not found:
        searched = ", ".join(list_ids or known_ids())
        raise ListError(f"no entry named or numbered {query!r} in {searched}")
    if len(found) > 20:
        raise ListError(f"{len(found)} entries contain {query!r}; be more specific")
    for entity in found:
        out.print(_party_text(entity, parties, lists), highlight=False)
        out.print()


def _verifier(publication: Source) -> Callable[[Path], ScreeningList]:
    """Loads a downloaded copy the way `check` will, so that what is installed is what works."""
    def verify(path: Path) -> ScreeningList:
        return load_list(path, publication.format, list_id=publication.id)

    return verify


@lists_app.command("update", cls=Command)
@user_errors
def update_command(
    source: Annotated[str | None, typer.Argument(help=(
        "Which publication: " + ", ".join(SOURCES) + ", or all. Default: "
        + ", ".join(DEFAULT_SOURCES) + " and any already installed."), show_default=False)] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=(
        "Which of the publisher's formats to fetch: "
        + ", ".join(sorted({p.format for p in PUBLICATIONS})) + " (default: OFAC's enhanced "
        "XML for the OFAC lists)."), show_default=False)] = None,
    url: Annotated[str | None, typer.Option("--url", help=(
        "Base URL to download from instead of the official one (a mirror); also settable per "
        "source with SANCTSCREEN_URL_<ID>, e.g. SANCTSCREEN_URL_OFAC_CONS."))] = None,
    max_drop: Annotated[float, typer.Option("--max-drop", min=0.0, max=1.0, help=(
        "Refuse a new copy with this fraction fewer entries than the installed one."))]
    = store.DEFAULT_MAX_DROP,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per download.")] = 120.0,
) -> None:
    """Download the official list files, verify them, and install them for `check` to use."""
    if source is None:
        names = [*DEFAULT_SOURCES, *(i.id for i in store.installed()
                                     if i.id in SOURCES and i.id not in DEFAULT_SOURCES)]
    elif source == "all":
        names = list(SOURCES)
    else:
        names = [publications.source(source).id]
    if url and len(names) > 1:
        raise ListError("--url needs one SOURCE: each publication has its own files")
    if fmt and len(names) > 1:
        raise ListError("--format needs one SOURCE: each publication has its own formats")
    chosen = [publications.source(name, fmt) for name in names]  # all checked before work
    from sanctscreen.lists.update import update  # the network modules, only when needed

    failures = 0
    for publication in chosen:
        name = publication.id
        before = store.current(name)
        try:
            installed = update(publication, _verifier(publication), base_url=url,
                               max_drop=max_drop, timeout=timeout)
        except ListError as exc:
            failures += 1
            err.print(f"[bold red]error:[/] {name}: {escape(str(exc))}; the list in use is "
                      "unchanged", highlight=False, soft_wrap=True)
            continue
        was = f" (was {before.entries})" if before else ""
        err.print(f"{name}: {installed.entries} entries{was}, as of {installed.as_of}, "
                  f"{publication.format}, sha256 {installed.sha256[:12]}", highlight=False)
    if failures:
        raise typer.Exit(2)


@lists_app.command("import", cls=Command)
@user_errors
def import_command(
    file: Annotated[Path, typer.Argument(help="A list file, or a folder of OFAC CSV files.")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=(
        "The file's format: " + ", ".join(FORMATS) + " (default: detected)."))] = None,
    list_id: Annotated[str | None, typer.Option("--id", help=(
        "The list id to install it as (default: the format's own, e.g. ofac-sdn)."))] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=(
        "Publication date YYYY-MM-DD, for the staleness warning."))] = None,
) -> None:
    """Add a local list file to the store, so that `check --lists ID` can use it."""
    loaded = load_list(file, fmt, list_id=list_id)  # fails early, before anything is copied
    published = _date(as_of) if as_of else loaded.info.as_of
    chosen = store.check_id(list_id or loaded.info.id)
    if file.is_dir():
        from sanctscreen.lists.ofac_csv import set_files

        files = {p.name: p.read_bytes() for p in set_files(file)}
        entry = "."
    else:
        files, entry = {file.name: file.read_bytes()}, file.name
    installed = store.install(
        chosen, files, fmt=loaded.info.format, entry=entry, source=str(file.resolve()),
        as_of=published, verify=lambda p: load_list(p, loaded.info.format, list_id=chosen),
        max_drop=1.0)  # an explicit import is the user's decision, whatever its size
    err.print(f"{chosen}: imported {installed.entries} entries from {file}", highlight=False)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ListError(f"--as-of {text!r} is not a date (use YYYY-MM-DD)") from None


def _load_either(reference: str) -> ScreeningList:
    path = Path(reference)
    return load_list(path) if path.exists() else load_id(reference)


def _print_diff(result: ListDiff) -> None:
    out.print(f"{result.old} -> {result.new}: {len(result.added)} added, "
              f"{len(result.removed)} removed, {len(result.changed)} changed", highlight=False)
    for entity in result.added:
        out.print(escape(f"+ {entity.id.split(':', 1)[-1]} {entity.name} "
                         f"[{', '.join(entity.list_codes)}]"), highlight=False)
    for entity in result.removed:
        out.print(escape(f"- {entity.id.split(':', 1)[-1]} {entity.name} "
                         f"[{', '.join(entity.list_codes)}]"), highlight=False)
    for change in result.changed:
        out.print(escape(f"~ {change.id} {change.name}"), highlight=False)
        for name, (removed, added) in change.changes.items():
            for value in removed:
                out.print(escape(f"    {name}: - {value}"), highlight=False)
            for value in added:
                out.print(escape(f"    {name}: + {value}"), highlight=False)


@lists_app.command("diff", cls=Command)
@user_errors
def diff_command(
    old: Annotated[str, typer.Argument(help="A list file or id (ID@previous: the version "
                                       "before the last update).")],
    new: Annotated[str, typer.Argument(help="A list file or id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
) -> None:
    """Entries added, removed and changed (aliases, programs, identifiers, links)."""
    from sanctscreen.lists.diff import diff_lists

    result = diff_lists(_load_either(old), _load_either(new))
    if as_json:
        out.print_json(json.dumps(result.to_dict()))
    else:
        _print_diff(result)


app.add_typer(lists_app, name="lists")
