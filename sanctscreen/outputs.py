"""Where a report goes: a file is written beside itself and renamed over (whole or not at all);
a character device or a pipe (/dev/null, a FIFO, /dev/stdout) is written to as it is and never
replaced by a file; anything else (a folder, a disk, a socket) is refused."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from sanctscreen.atomic import atomic_write
from sanctscreen.errors import ReportError

_REFUSED = {stat.S_IFBLK: "a block device (a disk)", stat.S_IFSOCK: "a socket"}


class Destination:
    """A report's path, judged before any work is done.

    A device or pipe is opened at once, so that a pipe nobody reads from is refused before
    screening (not after it, and never by waiting forever), and is held open until written.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None
        try:
            mode = os.stat(self.path).st_mode  # through symlinks: /dev/stdout is one
        except FileNotFoundError:
            mode = None
        except OSError as exc:
            raise ReportError(f"cannot write the report ({exc.strerror or exc})",
                              path=self.path) from None
        self.direct = mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode))
        if mode is not None and stat.S_ISDIR(mode):
            raise ReportError("is a directory, not a report file", path=self.path)
        if mode is not None and not self.direct and not stat.S_ISREG(mode):
            what = _REFUSED.get(stat.S_IFMT(mode), "not a regular file")
            raise ReportError(f"is {what}; a report goes to a file, a character device or a "
                              "pipe", path=self.path)
        if self.direct:
            self._fd = _open_direct(self.path, fifo=mode is not None and stat.S_ISFIFO(mode))

    @property
    def terminal(self) -> bool:
        """Whether the destination is a terminal (/dev/tty), where binary output is noise."""
        return self._fd is not None and os.isatty(self._fd)

    @contextlib.contextmanager
    def open(self) -> Iterator[BinaryIO]:
        """A file to write the report to: a temporary file renamed over the path when the block
        succeeds, or the device or pipe itself."""
        if not self.direct:
            # A symlink's target is replaced, not the link (report.json -> shared/report.json).
            with atomic_write(self.path.resolve() if self.path.is_symlink() else self.path
                              ) as handle:
                yield handle
            return
        fd = self._fd if self._fd is not None else _open_direct(self.path, fifo=False)
        self._fd = None
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()  # a full device (/dev/full) fails here, inside the block

    def close(self) -> None:
        """Let go of a device or pipe that was not written to (the run failed)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _open_direct(path: Path, *, fifo: bool) -> int:
    """A device or pipe opened for writing; for a pipe, only when something reads from it."""
    nonblocking = getattr(os, "O_NONBLOCK", 0) if fifo else 0
    try:
        fd = os.open(path, os.O_WRONLY | nonblocking)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise ReportError("is a pipe that nothing reads from", path=path,
                              hint="start its reader first") from None
        raise ReportError(f"cannot write the report ({exc.strerror or exc})",
                          path=path) from None
    if nonblocking:
        os.set_blocking(fd, True)  # the reader may be slower than the report is written
    return fd
