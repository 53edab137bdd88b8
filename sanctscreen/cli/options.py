"""Options shared by the commands, and the list warnings they show on the terminal.

The settings themselves (flags > settings file > defaults) are sanctscreen.config's, and the
screener is the library's (sanctscreen.api): the commands are a face on the library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from sanctscreen.config import Settings
from sanctscreen.settings import AffiliatesRule, FailOn, SubsidiaryStatus

if TYPE_CHECKING:
    from sanctscreen.api import Screener

# Re-exported for the commands.
__all__ = ["AffiliatesRule", "FailOn", "Settings", "SubsidiaryStatus", "plain_output",
           "show_list_warnings"]

ListsOption = Annotated[str | None, typer.Option(
    "--lists", metavar="ID,...", help="Comma-separated list ids to screen against "
    "(`sanctscreen lists` shows them).", show_default="the default lists",
    rich_help_panel="Lists")]

# Global flags, accepted after the command too (sanctscreen.cli.main moves them to the front);
# declared on the commands as well so that their help lists them where they work.
NoColorOption = Annotated[bool, typer.Option(
    "--no-color", help="Plain output without colours (also: the NO_COLOR variable).",
    show_default=False, rich_help_panel="Output")]
DebugOption = Annotated[bool, typer.Option(
    "--debug", help="Show the full traceback of an internal error (it may contain screened "
    "data).", show_default=False, rich_help_panel="Output")]

# Load warnings of each list shown on the terminal; the report records all of them.
LIST_WARNINGS_SHOWN = 5


WeakAliasesOption = Annotated[str | None, typer.Option(
    metavar="review|ignore|screen", help="OFAC's weak a.k.a.s (nicknames, common acronyms): "
    "review (a match on one alone is a review at most; the default), ignore them as OFAC's "
    "FAQ 124 allows, or screen them like any alias.", show_default="review",
    rich_help_panel="Matching")]

PurposeOption = Annotated[str | None, typer.Option(
    metavar="PURPOSE", help="What the file is screened for: "
    "securities (holdings), procurement (vendors), exports (customers, consignees) or general "
    "(every listing counts, the default). It decides what each listing means: a hit, a review, "
    "or noted (listed, no consequence for this purpose).", show_default="general",
    rich_help_panel="Lists")]

MaxListAgeOption = Annotated[str | None, typer.Option(
    metavar="DAYS", help="Refuse to screen when a list in use is more than DAYS days old "
    "(by today's date; the seed list, a compilation, is not judged).", show_default="no limit",
    rich_help_panel="Lists")]


def plain_output(no_color: bool) -> None:
    """--no-color given after the command (sanctscreen.cli.main moves it before, a test may
    not): colours off on both streams."""
    if no_color:
        from sanctscreen.cli.app import err, out

        out.no_color = err.no_color = True


def show_list_warnings(screener: Screener) -> None:
    """The first few load warnings of each list, and those about the lists' age, on stderr;
    the report records all of them."""
    from sanctscreen.cli.app import err

    for lst in screener.pipeline.lists:
        for warning in lst.warnings[:LIST_WARNINGS_SHOWN]:
            err.print(f"warning: {lst.info.id}: {warning}", highlight=False, markup=False,
                      soft_wrap=True)
    for warning in screener.age_warnings:
        err.print(f"warning: {warning}", highlight=False, markup=False, soft_wrap=True)
