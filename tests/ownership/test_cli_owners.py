"""The `owners` command and its pure tree rendering."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

import sanctscreen.api as api
from sanctscreen.cli import owners as owners_cli
from sanctscreen.models import Relation
from sanctscreen.ownership import OwnershipGraph, OwnershipPolicy
from tests.factory import entity, link, screening_list

MEGVII = entity("megvii", "Megvii Technology Limited", lists=("NS-CMIC",))
KUANGSHI = entity("kuangshi", "Beijing Kuangshi Technology Co., Ltd.", lists=())
EL_PARTY = entity("el", "Listed Security Co", lists=("EL",))
AFFILIATE = entity("aff", "Affiliate Trading Ltd", lists=())


def text_of(renderable: object) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_render_tree_shows_shares_lists_and_rules() -> None:
    graph = OwnershipGraph([MEGVII, KUANGSHI], [link(MEGVII, KUANGSHI, 100)],
                           OwnershipPolicy(as_of=date(2026, 1, 15)))
    text = text_of(owners_cli.render_tree(graph.tree(KUANGSHI.id)))
    lines = [line.rstrip() for line in text.splitlines()]
    assert lines[0] == ("Beijing Kuangshi Technology Co., Ltd. "
                        "REVIEW ns-cmic-subsidiary via Megvii Technology Limited")
    assert lines[1].startswith("├── why: 100 % owned by Megvii Technology Limited [NS-CMIC]: owned")
    owned_by = next(i for i, line in enumerate(lines) if line.endswith("owned by"))
    assert lines[owned_by + 1].endswith("100 % Megvii Technology Limited [listed: NS-CMIC]")
    assert lines[-1].endswith("rules as of 2026-01-15")


def test_render_tree_downward_with_control_and_no_links() -> None:
    graph = OwnershipGraph([MEGVII, KUANGSHI],
                           [link(MEGVII, KUANGSHI, relation=Relation.CONTROLS)],
                           OwnershipPolicy(as_of=date(2026, 1, 15)))
    text = text_of(owners_cli.render_tree(graph.tree(MEGVII.id)))
    assert "owns" in text
    assert ("controls Beijing Kuangshi Technology Co., Ltd. REVIEW ns-cmic-subsidiary "
            "via Megvii Technology Limited") in text
    lonely = OwnershipGraph([AFFILIATE], [], OwnershipPolicy(as_of=date(2026, 1, 15)))
    assert "no ownership links known" in text_of(owners_cli.render_tree(lonely.tree(AFFILIATE.id)))


def test_render_escapes_markup_in_names() -> None:
    odd = entity("odd", "[bold]Odd[/bold] Name", lists=("SDN",))
    graph = OwnershipGraph([odd], [], OwnershipPolicy(as_of=date(2026, 1, 15)))
    assert "[bold]Odd[/bold] Name" in text_of(owners_cli.render_tree(graph.tree(odd.id)))


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> typer.Typer:
    lists = [screening_list([EL_PARTY, AFFILIATE, MEGVII, KUANGSHI],
                            [link(EL_PARTY, AFFILIATE, 60), link(MEGVII, KUANGSHI)])]
    monkeypatch.setattr(api, "screening_lists", lambda settings: (lists, (), ()))
    monkeypatch.chdir(tmp_path)  # where no settings file is found
    app = typer.Typer()
    app.command("owners")(owners_cli.owners)

    @app.command("noop")
    def noop() -> None:  # a second command keeps `owners` a subcommand, as in the real app
        """Does nothing."""

    return app


def test_owners_command_applies_the_date(cli: typer.Typer) -> None:
    runner = CliRunner()
    suspended = runner.invoke(cli, ["owners", "affiliate trading ltd", "--as-of", "2026-01-15"],
                              env={"COLUMNS": "200"})
    assert suspended.exit_code == 0, suspended.output
    assert "REVIEW bis-affiliates-not-in-force via Listed Security Co" in suspended.output
    in_force = runner.invoke(cli, ["owners", "Affiliate Trading Ltd", "--as-of", "2026-11-22"],
                             env={"COLUMNS": "200"})
    assert "HIT bis-affiliates via Listed Security Co" in in_force.output
    assert "rules as of 2026-11-22" in in_force.output


def test_owners_command_takes_the_rules_of_check(cli: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    off = runner.invoke(cli, ["owners", "Affiliate Trading Ltd", "--as-of", "2026-11-22",
                              "--affiliates-rule", "off"], env={"COLUMNS": "200"})
    assert off.exit_code == 0, off.output
    assert "bis-affiliates via" not in off.output
    settings = tmp_path / "sanctscreen.toml"
    settings.write_text('affiliates_rule = "on"\n', encoding="utf-8")
    on = runner.invoke(cli, ["owners", "Affiliate Trading Ltd", "--as-of", "2026-01-15"],
                       env={"COLUMNS": "200"})
    # applied while suspended, as the settings file says
    assert "HIT bis-affiliates via Listed Security Co" in on.output
    assert "rules as of 2026-01-15" in on.output


def test_owners_command_reads_an_ownership_file(cli: typer.Typer, tmp_path: Path) -> None:
    owners_file = tmp_path / "owners.csv"
    owners_file.write_text('owner,owned,share\n"Beijing Kuangshi Technology Co., Ltd.",'
                           "Harrow Imaging Pte Ltd,100\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["owners", "Harrow Imaging Pte Ltd", "--ownership",
                                      str(owners_file), "--as-of", "2026-01-15"],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Harrow Imaging Pte Ltd REVIEW share-unknown via Megvii Technology Limited" \
        in result.output
    assert "share unknown Megvii Technology Limited [listed: NS-CMIC]" in result.output


def test_owners_command_unknown_name_exits_2(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["owners", "Nobody Ltd"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "no listed or related party matches 'Nobody Ltd'" in result.output


def test_owners_is_registered_on_the_application() -> None:
    from sanctscreen.cli.app import app

    assert "owners" in [command.name for command in app.registered_commands]


def test_render_marks_depth_truncation_and_cycles() -> None:
    harrow = entity("harrow", "Harrow Imaging Pte Ltd", lists=())
    graph = OwnershipGraph([MEGVII, KUANGSHI, harrow],
                           [link(MEGVII, KUANGSHI, 100), link(KUANGSHI, harrow, 100),
                            link(harrow, KUANGSHI, 1)],
                           OwnershipPolicy(as_of=date(2026, 1, 15)))
    shallow = text_of(owners_cli.render_tree(graph.tree(harrow.id, depth=1)))
    assert "… more beyond --max-depth" in shallow
    deep = text_of(owners_cli.render_tree(graph.tree(harrow.id)))
    assert "… cycle: already shown on this branch" in deep
