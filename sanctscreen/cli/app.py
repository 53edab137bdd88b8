"""The Typer application object and the one place where user errors become terminal output."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from sanctscreen.errors import SanctscreenError

app = typer.Typer(
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
