"""A time limit on every hostile-input test: a reader that hangs must fail the test, not CI."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from types import FrameType

import pytest

# Generous: the slowest case here takes about two seconds; a hang is what this is for.
TIME_LIMIT_SECONDS = 60.0


class Hang(BaseException):
    """Raised in a test that ran past its time limit; a BaseException, so that no `except
    Exception` (or `except OSError`, as a TimeoutError would be) in the code under test hides it."""


@pytest.fixture(autouse=True)
def _time_limit() -> Iterator[None]:
    main = threading.current_thread() is threading.main_thread()
    if not hasattr(signal, "setitimer") or not main:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"test ran longer than {TIME_LIMIT_SECONDS:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
