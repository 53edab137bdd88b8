"""`python -m sanctscreen` and the `sanctscreen` command: Ctrl-C and SIGTERM are answered from
the first instant, while the command's modules (half a second of imports) are still loading."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

# As sanctscreen.cli reports them once it has loaded (128 + the signal's number).
_CODES = {"SIGINT": 130, "SIGTERM": 143}
_WORDS = {"SIGINT": "interrupted", "SIGTERM": "terminated"}


def _stopped_early(signum: int, frame: FrameType | None) -> None:
    # Nothing has been read or written yet: one line, and out, without unwinding the imports.
    name = signal.Signals(signum).name
    os.write(2, f"{_WORDS[name]}; no report was written\n".encode())
    os._exit(_CODES[name])


def run() -> None:
    """The command's entry point."""
    for name in _CODES:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stopped_early)
    try:
        from sanctscreen.cli import main

        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    finally:
        # The command has answered (its report written or not, its code set): a signal while
        # the interpreter shuts down must not print that no report was written.
        for name in _CODES:
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_IGN)
    _leave(code)


def _leave(code: object) -> None:
    """End the process once the command has answered, without tearing its heap down.

    The compiled lists and index are a million objects; freeing them one by one as the
    interpreter shuts down takes a quarter of a second of every command (a sixth of a `lookup`;
    benchmarks/README.md). Everything the command writes is closed by then (reports are
    written and renamed, worker pools and Dask clusters closed by their commands), so only
    standard output and error need flushing. A pipe closed early leaves it to the interpreter.
    """
    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"): printed, and exit status 1
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(code)


if __name__ == "__main__":
    run()
