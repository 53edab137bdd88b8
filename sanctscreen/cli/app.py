"""The Typer application object and the one place where user errors become terminal output."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from sanctscreen.errors import SanctscreenError


def _plain_help(params: list[Any]) -> None:
    """Help shows a flag as a flag, a value by what to write (FILE, N, ISIN) and an argument
    by its name: no `<bool>`, `<str>` or `<list[Path]>` placeholder beside them."""
    for param in params:
        if isinstance(param, TyperOption) and param.metavar is None:
            param.metavar = "" if param.is_flag else _metavar(param)
        elif isinstance(param, TyperArgument):
            param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]


# What an option without a metavar of its own asks for, by the type it takes.
_METAVARS = {"path": "FILE", "int": "N", "float": "NUMBER"}
_NAMED = {"as_of": "YYYY-MM-DD", "by": "NAME", "fmt": "FORMAT", "list_ids": "ID", "list_id": "ID"}


def _metavar(option: TyperOption) -> str:
    kind = str(option.type_descriptor.annotation).lower()
    named = _NAMED.get(option.name or "", (option.name or "value").upper().replace("_", "-"))
    return next((m for k, m in _METAVARS.items() if k in kind), named)


class Command(TyperCommand):
    """A command whose help shows flags and arguments plainly (see _plain_help); where its
    options are grouped in panels, --help joins the Output one (or the last) rather than a
    panel of its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_help(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            _plain_help([option])
            panels = [getattr(p, "rich_help_panel", None) for p in self.params
                      if isinstance(p, TyperOption)]
            if option.rich_help_panel is None and panels and None not in panels:
                option.rich_help_panel = "Output" if "Output" in panels else panels[-1]
        return option


class Group(TyperGroup):
    """The command group, its own flags and --help shown plainly too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_help(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        _plain_help(self.params)  # the completion flags are added after __init__
        option = super().get_help_option(ctx)
        if option is not None:
            _plain_help([option])
        return option


app = typer.Typer(
    cls=Group,
    name="sanctscreen",
    help="Screen holdings, vendor and counterparty files against US restricted-party lists.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # tracebacks would print screened names; see main()
    rich_markup_mode="rich",
)

# The report (or table) goes to stdout; summaries, warnings and progress go to stderr.
out = Console()
err = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a SanctscreenError into one red line on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except SanctscreenError as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper
