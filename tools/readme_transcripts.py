"""The README's transcripts, made by running them: `python tools/readme_transcripts.py`
rewrites the output under each `$ sanctscreen ...` line of a ```console block that screens the
bundled examples; `--check` only says which differ (tests/test_readme_transcripts.py runs it).

A transcript is what a terminal of WIDTH columns shows, without colours: stderr and stdout as
they interleave, then `$ echo $?` answered with the exit code. A line `[...]` in the README
stands for any number of lines of output (an explicit elision); nothing else may differ but
trailing spaces.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
WIDTH = 100
ELISION = "[...]"
_BLOCK = re.compile(r"```console\n(.*?)```", re.S)
# Cursor hiding and showing around the (transient) progress bar: nothing a reader sees.
_CONTROL = re.compile(r"\x1b\[\?25[lh]|\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class Step:
    """One `$ command` of a block and the output the README shows under it."""

    command: str
    shown: list[str]


def blocks(text: str) -> Iterator[tuple[re.Match[str], list[Step]]]:
    """The console blocks whose commands are transcripts: a `$ sanctscreen` line on the
    bundled examples (the output under it is the README's; a new block may have none yet)."""
    for match in _BLOCK.finditer(text):
        steps: list[Step] = []
        for line in match.group(1).splitlines():
            if line.startswith("$ "):
                steps.append(Step(line[2:], []))
            elif steps:
                steps[-1].shown.append(line)
        first = steps[0] if steps else None
        if first and first.command.startswith("sanctscreen ") and "examples/" in first.command:
            yield match, steps


def run(command: str, env: Mapping[str, str]) -> tuple[list[str], int]:
    """The lines a terminal shows for `command`, and its exit code; `... | cat` is the same
    run with its output captured (a CI log), not on a terminal."""
    args = shlex.split(command)
    if args[-2:] == ["|", "cat"]:
        args, env = args[:-2], {**env, "TTY_COMPATIBLE": "0"}
    proc = subprocess.run([sys.executable, "-m", "sanctscreen", *args[1:]], cwd=ROOT,
                          env={**env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=600, check=False)
    text = _CONTROL.sub("", proc.stdout.decode("utf-8"))
    return [line.rstrip() for line in text.splitlines()], proc.returncode


def terminal_env(base: Mapping[str, str]) -> dict[str, str]:
    """The environment of a plain terminal WIDTH columns wide (Rich reads TTY_COMPATIBLE)."""
    env = {k: v for k, v in base.items() if k not in ("FORCE_COLOR", "GITHUB_ACTIONS")}
    env.update(COLUMNS=str(WIDTH), LINES="50", NO_COLOR="1", TTY_COMPATIBLE="1",
               TTY_INTERACTIVE="0", PYTHONUNBUFFERED="1", TERM="xterm")
    return env


def produced(steps: list[Step], env: Mapping[str, str]) -> list[list[str]]:
    """What each step prints; `echo $?` prints the code of the step before it."""
    outputs: list[list[str]] = []
    code = 0
    for step in steps:
        if step.command.strip() == "echo $?":
            outputs.append([str(code)])
            continue
        lines, code = run(step.command, env)
        outputs.append(lines)
    return outputs


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether the README's lines are the output, `[...]` standing for any lines."""
    shown = [line.rstrip() for line in shown]
    pattern = "".join(".*?" if line == ELISION else re.escape(line + "\n") for line in shown)
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual), re.S) is not None


def differences(text: str, env: Mapping[str, str]) -> list[str]:
    """The commands whose README output is not what they print, each with its output."""
    found = []
    for _, steps in blocks(text):
        for step, actual in zip(steps, produced(steps, env), strict=True):
            if not matches(step.shown, actual):
                found.append(f"$ {step.command}\n" + "\n".join(actual))
    return found


def regenerated(text: str, env: Mapping[str, str]) -> str:
    """`text` with each transcript's output replaced by what its commands print (blocks with
    an elision are left for a person to cut again)."""
    pieces, last = [], 0
    for match, steps in blocks(text):
        if any(ELISION in step.shown for step in steps):
            continue
        body = "".join(f"$ {step.command}\n" + "".join(f"{line}\n" for line in actual)
                       for step, actual in zip(steps, produced(steps, env), strict=True))
        pieces += [text[last:match.start(1)], body]
        last = match.end(1)
    return "".join([*pieces, text[last:]])


def main() -> int:
    with tempfile.TemporaryDirectory() as data:
        # Lists installed on this machine must not change what the README shows.
        env = terminal_env({**os.environ, "SANCTSCREEN_DATA_DIR": data})
        text = README.read_text(encoding="utf-8")
        if "--check" in sys.argv[1:]:
            found = differences(text, env)
            print("\n\n".join(found) or "the README's transcripts are what the program prints")
            return 1 if found else 0
        README.write_text(regenerated(text, env), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
