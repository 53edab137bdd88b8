"""Ctrl-C and SIGTERM during a large `check`, sent to the whole process group as a terminal or a
CI runner sends them: one line from the main process, exit 130 or 143, no traceback from it or
from its matching workers, no report or temporary file left, no process left running."""

from __future__ import annotations

import os
import random
import signal
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.helpers import snapshot

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"),
                       reason="reads the worker processes from /proc; forks them"),
]

# New names, so that every chunk goes to the two matching workers: a run of about a minute.
ROWS = 120_000
WORKERS = 2


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    rng = random.Random(7)
    words = ["".join(rng.choices(string.ascii_uppercase, k=rng.randint(4, 9)))
             for _ in range(20_000)]
    lines = ["Name,Country"]
    lines += [f"{' '.join(rng.choices(words, k=3))} LTD,US" for _ in range(ROWS)]
    path = folder / "holdings.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def _group(pgid: int) -> list[str]:
    found = subprocess.run(["pgrep", "-g", str(pgid)], capture_output=True, text=True,
                           check=False)
    return found.stdout.split()


def _start(big: Path, out: Path) -> subprocess.Popen[str]:
    # A session of its own, as a terminal or a CI job gives a command: its own process group.
    return subprocess.Popen(
        [sys.executable, "-m", "sanctscreen", "check", str(big), "--lists", "seed,ofac-cons",
         "--workers", str(WORKERS), "-o", str(out / "report.json"), "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


@pytest.mark.parametrize(("signum", "code", "word"), [
    (signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")])
@pytest.mark.parametrize("to_group", [True, False], ids=["process group", "main process"])
def test_a_signal_while_the_workers_match_is_one_line(
        big: Path, tmp_path: Path, signum: int, code: int, word: str, to_group: bool) -> None:
    before = snapshot(big.parent)
    process = _start(big, tmp_path)
    deadline = time.monotonic() + 45
    while len(_children(process.pid)) < WORKERS and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(_children(process.pid)) >= WORKERS, "the workers never started"
    time.sleep(0.5)  # well into matching
    (os.killpg if to_group else os.kill)(process.pid, signum)
    _, stderr = process.communicate(timeout=45)
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if not line.startswith("warning:")]
    assert lines == [f"{word}; no report was written"]
    assert list(tmp_path.iterdir()) == []  # no report, no temporary file
    assert snapshot(big.parent) == before
    time.sleep(0.2)
    assert _group(process.pid) == []  # the workers are gone too


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_the_program_starts_is_one_line(
        big: Path, tmp_path: Path, signum: int) -> None:
    process = _start(big, tmp_path)
    time.sleep(0.25)  # interpreter up, the command's modules still loading or lists loading
    os.killpg(process.pid, signum)
    _, stderr = process.communicate(timeout=45)
    assert process.returncode == {signal.SIGINT: 130, signal.SIGTERM: 143}[signum], stderr
    assert "Traceback" not in stderr, stderr
    assert len([line for line in stderr.splitlines() if not line.startswith("warning:")]) == 1
    assert list(tmp_path.iterdir()) == []
