"""What a change buys end to end: the user-facing commands timed for several revisions of
the code in one run, in turns, so that the machine's load falls on all of them alike.

Usage: .venv/bin/python benchmarks/compare.py REV [REV ...] [--runs 7] [--only lookup,check,cold]
           [--rows 300000 --distinct 20000]  (for --only big)

Each revision is checked out into a temporary git worktree and run with this checkout's
Python from that worktree (`PYTHONPATH` pointing at it too), each with a cache folder of its
own; the holdings file is this checkout's, so that every revision screens the same rows:
- lookup: `sanctscreen lookup Megvii`, compiled index cached (whole process);
- check: `sanctscreen check examples/holdings.xlsx`, cache filled (a repeat screen);
- cold: the same check with an empty cache folder (the first run after install);
- big: `sanctscreen check` of a synthetic CSV of --rows rows drawing on --distinct issuers
  (benchmarks/throughput/data.py, written once and shared) with `-o report.json`, the compiled
  lists and index cached but no stored answers or clear rows (every name is new), with the
  peak summed RSS of the process tree sampled every 100 ms.
Medians, the ratio of each revision's median to the first's, and the median of the paired
ratios (run i of a revision against run i of the first, taken in the same turn) are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
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


def command(code: Path, name: str, big: Path | None = None) -> list[str]:
    holdings = str(ROOT / "examples" / "holdings.xlsx")
    args = {"lookup": ["lookup", "Megvii"],
            "check": ["check", holdings, "--quiet", "--no-progress"],
            "cold": ["check", holdings, "--quiet", "--no-progress"],
            "big": ["check", str(big), "--quiet", "--no-progress", "--fail-on", "never",
                    "-o", str(code / "report.json")]}[name]
    return [sys.executable, "-m", "sanctscreen", *args]


def timed(args: list[str], env: dict[str, str], cwd: Path) -> float:
    # Run from the worktree: `python -m` puts the working folder first on the path.
    started = time.perf_counter()
    subprocess.run(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    return time.perf_counter() - started


def measured(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and the peak summed RSS of the process tree in MB (sampled every 100 ms)."""
    import psutil

    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    root = psutil.Process(process.pid)
    peak = 0.0
    while process.poll() is None:
        total = 0
        with contextlib.suppress(psutil.NoSuchProcess):
            for proc in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                    total += proc.memory_info().rss
        peak = max(peak, total / 1e6)
        time.sleep(0.1)
    return time.perf_counter() - started, peak


def big_csv(base: Path, rows: int, distinct: int) -> Path:
    """The throughput benchmark's synthetic holdings CSV (its generator, its seeds)."""
    sys.path.insert(0, str(ROOT / "benchmarks" / "throughput"))
    import data  # type: ignore[import-not-found]

    from sanctscreen.lists import load_lists

    lists = load_lists()
    sdn = next(lst for lst in lists if lst.info.id == "ofac-sdn")
    listed = [e.name for lst in lists if lst is not sdn for e in lst.entities if e.listed]
    listed += [e.name for e in sdn.entities[::50]]
    path = base / f"holdings_{rows}.csv"
    rng = random.Random(7)
    data.write_csv(path, rows, data.name_pool(distinct, listed, 0.01, rng), rng)
    return path


def forget_answers(cache: Path) -> None:
    """Keep the compiled lists and index; remove the stored answers and clear rows."""
    for file in cache.glob("*.cache"):
        if not file.name.startswith(("lists-", "matcher-")):
            file.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revs", nargs="+")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", default="lookup,check,cold")
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--distinct", type=int, default=20_000)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="sanctscreen-compare-"))
    trees = {rev: worktree(rev, base) for rev in args.revs}
    big = big_csv(base, args.rows, args.distinct) if "big" in args.only.split(",") else None
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; load average "
          f"{os.getloadavg()[0]:.1f}; {args.runs} runs each, in turns")
    try:
        for name in args.only.split(","):
            times: dict[str, list[float]] = {rev: [] for rev in args.revs}
            peaks: dict[str, list[float]] = {rev: [] for rev in args.revs}
            envs = {rev: {**os.environ, "PYTHONPATH": str(tree), "NO_COLOR": "1",
                          "SANCTSCREEN_DATA_DIR": str(base / f"data-{i}"),
                          "SANCTSCREEN_CACHE_DIR": str(base / f"cache-{i}-{name}")}
                    for i, (rev, tree) in enumerate(trees.items())}
            if name != "cold":
                for rev in args.revs:  # compile once: the measure is with the cache filled
                    compile_args = (command(trees[rev], "lookup") if name == "big"
                                    else command(trees[rev], name))
                    timed(compile_args, envs[rev], trees[rev])
            for _ in range(args.runs):
                for rev in args.revs:
                    cache = envs[rev]["SANCTSCREEN_CACHE_DIR"]
                    if name == "cold":
                        shutil.rmtree(cache, ignore_errors=True)
                    if name == "big":
                        forget_answers(Path(cache))
                        seconds, peak = measured(command(trees[rev], name, big), envs[rev],
                                                 trees[rev])
                        peaks[rev].append(peak)
                    else:
                        seconds = timed(command(trees[rev], name), envs[rev], trees[rev])
                    times[rev].append(seconds)
            lead = args.revs[0]
            first = statistics.median(times[lead])
            print(f"\n== {name}")
            for rev in args.revs:
                median = statistics.median(times[rev])
                paired = statistics.median(b / a for a, b in zip(times[lead], times[rev],
                                                                 strict=True))
                memory = (f"; peak summed RSS median {statistics.median(peaks[rev]):,.0f} MB, "
                          f"max {max(peaks[rev]):,.0f} MB" if peaks[rev] else "")
                print(f"{rev:>12}: median {median:.2f} s, best {min(times[rev]):.2f} s "
                      f"({median / first:.2f}x of {lead}; paired median {paired:.2f}x)"
                      f"{memory}")
                print(f"{'':>12}  runs: {', '.join(f'{t:.2f}' for t in times[rev])}")
    finally:
        for tree in trees.values():
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=False)
        shutil.rmtree(base, ignore_errors=True)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
