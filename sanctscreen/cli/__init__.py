"""The `sanctscreen` command line: commands register themselves on one Typer app."""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from sanctscreen import __version__
from sanctscreen.cli import check, lists, lookup, owners, review  # noqa: F401  (register commands)
from sanctscreen.cli.app import app, err, out

# Genuine bugs exit with this code; user errors exit 2 and matches that fail the gate exit 1.
INTERNAL_ERROR = 3
INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C
TERMINATED = 143  # 128 + SIGTERM, as shells and CI runners report a process stopped by it
_STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM") if hasattr(signal, n))


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C (temporary files removed, workers stopped), but a
    BaseException no command catches, so that only main() reports it."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the unwinding must not be cut short
    raise Terminated


def _version(value: bool) -> None:
    if value:
        out.print(f"sanctscreen {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help=(
        "Show the full traceback of an internal error (it may contain screened data)."))] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain output without colours.")]
    = False,
) -> None:
    """Screen spreadsheets of holdings, vendors and counterparties against US restricted-party
    lists. Exit codes: 0 no hits, 1 hits (see --fail-on), 2 bad input, list or option."""


def main() -> None:
    """Entry point: run the app; a bug prints one line unless --debug asks for the traceback.

    The line names the exception type and where it happened, never its message or local
    variables, because those can carry screened names (personal data).
    """
    argv = sys.argv[1:]
    debug = "--debug" in argv
    if "--no-color" in argv or "NO_COLOR" in os.environ:
        out.no_color = err.no_color = True
    # Global flags are accepted anywhere on the line, not only before the command.
    for flag in ("--debug", "--no-color"):
        while flag in argv[1:]:
            argv.remove(flag)
            argv.insert(0, flag)
    main_thread = threading.current_thread() is threading.main_thread()
    handlers = {s: signal.getsignal(s) for s in _STOP_SIGNALS} if main_thread else {}
    if handlers:  # Ctrl-C raises KeyboardInterrupt, SIGTERM Terminated: both unwind
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _terminate)
    try:
        _run(argv, debug)
    finally:
        for signum, handler in handlers.items():  # main() may run in a process that goes on
            signal.signal(signum, handler)


def _run(argv: list[str], debug: bool) -> None:
    try:
        app(args=argv, prog_name="sanctscreen")
    except KeyboardInterrupt:
        _interrupted()
    except Terminated:
        _stopped("terminated", TERMINATED)
    except SystemExit as exc:
        # Typer turns Ctrl-C inside a command into a silent exit with code 130.
        if exc.code == INTERRUPTED:
            _interrupted()
        raise
    except Exception as exc:  # a bug: user errors are handled per command and exit 2
        if debug:
            raise
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        err.print(f"internal error: {type(exc).__name__} at {where}; please report it "
                  "(rerun with --debug for the full traceback)", highlight=False, markup=False,
                  soft_wrap=True)
        sys.exit(INTERNAL_ERROR)


def _interrupted() -> None:
    _stopped("interrupted", INTERRUPTED)


def _stopped(what: str, code: int) -> None:
    # A second Ctrl-C or SIGTERM while this line is printed would end in a traceback.
    if threading.current_thread() is threading.main_thread():
        for signum in _STOP_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
    # Reports are written through a temporary file that is removed on the way out.
    err.print(f"{what}; no report was written", highlight=False, markup=False)
    sys.exit(code)
