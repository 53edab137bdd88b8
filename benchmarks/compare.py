"""What a change buys end to end: the user-facing commands timed for several revisions of
the code in one run, in turns, so that the machine's load falls on all of them alike.

Usage: .venv/bin/python benchmarks/compare.py REV [REV ...] [--runs 7] [--only lookup,check,cold]

Each revision is checked out into a temporary git worktree and run with this checkout's
Python from that worktree (`PYTHONPATH` pointing at it too), each with a cache folder of its
own; the holdings file is this checkout's, so that every revision screens the same rows:
- lookup: `sanctscreen lookup Megvii`, compiled index cached (whole process);
- check: `sanctscreen check examples/holdings.xlsx`, cache filled (a repeat screen);
- cold: the same check with an empty cache folder (the first run after install).
Medians and the ratio of each revision to the first are printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def worktree(rev: str, base: Path) -> Path:
    folder = base / rev.replace("/", "_")
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(folder),
                    rev], check=True)
    return folder


def command(code: Path, name: str) -> list[str]:
    holdings = str(ROOT / "examples" / "holdings.xlsx")
    args = {"lookup": ["lookup", "Megvii"],
            "check": ["check", holdings, "--quiet", "--no-progress"],
            "cold": ["check", holdings, "--quiet", "--no-progress"]}[name]
    return [sys.executable, "-m", "sanctscreen", *args]


def timed(args: list[str], env: dict[str, str], cwd: Path) -> float:
    # Run from the worktree: `python -m` puts the working folder first on the path.
    started = time.perf_counter()
    subprocess.run(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revs", nargs="+")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", default="lookup,check,cold")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="sanctscreen-compare-"))
    trees = {rev: worktree(rev, base) for rev in args.revs}
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; load average "
          f"{os.getloadavg()[0]:.1f}; {args.runs} runs each, in turns")
    try:
        for name in args.only.split(","):
            times: dict[str, list[float]] = {rev: [] for rev in args.revs}
            envs = {rev: {**os.environ, "PYTHONPATH": str(tree), "NO_COLOR": "1",
                          "SANCTSCREEN_DATA_DIR": str(base / f"data-{i}"),
                          "SANCTSCREEN_CACHE_DIR": str(base / f"cache-{i}-{name}")}
                    for i, (rev, tree) in enumerate(trees.items())}
            if name != "cold":
                for rev in args.revs:  # compile once: the measure is with the cache filled
                    timed(command(trees[rev], name), envs[rev], trees[rev])
            for _ in range(args.runs):
                for rev in args.revs:
                    if name == "cold":
                        shutil.rmtree(envs[rev]["SANCTSCREEN_CACHE_DIR"], ignore_errors=True)
                    times[rev].append(timed(command(trees[rev], name), envs[rev], trees[rev]))
            first = statistics.median(times[args.revs[0]])
            print(f"\n== {name}")
            for rev in args.revs:
                median = statistics.median(times[rev])
                print(f"{rev:>12}: median {median:.2f} s, best {min(times[rev]):.2f} s "
                      f"({median / first:.2f}x of {args.revs[0]})")
    finally:
        for tree in trees.values():
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=False)
        shutil.rmtree(base, ignore_errors=True)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
