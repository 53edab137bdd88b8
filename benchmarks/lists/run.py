"""With the SDN list among the defaults: loading an SDN-sized enhanced XML, the first check
after install, and `lookup` with the compiled index cached, with the figures printed.

Usage: .venv/bin/python benchmarks/lists/run.py [--mb 120] [--runs 5] [--only xml,first,lookup]

- xml: a synthetic SDN_ENHANCED.XML of --mb megabytes, built from the structure of the real
  CONS_ENHANCED.XML bundled in lists/ (its reference values, then its entities repeated under
  new entry numbers, relationships renumbered within each copy, the publication filter set to
  "SDN List"), loaded by the enhanced importer in a process of its own: wall time and the
  kernel's peak RSS of that process (target <= 1.5 GB).
- first: `sanctscreen check examples/holdings.xlsx` with an empty cache folder, as on the
  first run after install (target < 4 s), then the same command with the cache filled.
- lookup: `sanctscreen lookup Megvii` with the compiled index cached, the whole process
  (target < 1 s).
Every CLI run is a subprocess with its own cache and data folders.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SANCTSCREEN = [str(Path(sys.executable).with_name("sanctscreen"))]
CONS = ROOT / "lists" / "ofac-consolidated-2026-01-08" / "CONS_ENHANCED.XML"
HOLDINGS = ROOT / "examples" / "holdings.xlsx"


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def synthetic_sdn(target: Path, megabytes: float) -> int:
    """Write an SDN-sized enhanced XML made of the real file's entities; return its entries."""
    text = CONS.read_text(encoding="utf-8")
    start, end = text.index("<entities>") + len("<entities>"), text.index("</entities>")
    head = text[:start].replace(">Consolidated List</sanctionsList>", ">SDN List</sanctionsList>",
                                1)
    body, tail = text[start:end], text[end:]
    numbers = sorted({int(n) for n in re.findall(r'<entity id="(\d+)"', body)})
    step = max(numbers) + 1
    copies = max(1, int(megabytes * 1e6 // len(body.encode("utf-8"))))
    with target.open("w", encoding="utf-8") as handle:
        handle.write(head)
        for copy in range(copies):
            shift = copy * step
            handle.write(re.sub(r'(<entity id="|entityId=")(\d+)"',
                                lambda m, s=shift: f'{m.group(1)}{int(m.group(2)) + s}"', body))
        handle.write(tail)
    return copies * len(numbers)


def child_peak(args: Sequence[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB of the child, its stdout) for a process run alone."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest of any child waited for so far: run this first.
    return elapsed, max(after, before) / 1e3, done.stdout


def xml(work: Path, megabytes: float, env: dict[str, str]) -> None:
    section(f"an SDN-sized enhanced XML ({megabytes:.0f} MB, synthetic) loaded in bounded memory")
    path = work / "SDN_ENHANCED.XML"
    started = time.perf_counter()
    entries = synthetic_sdn(path, megabytes)
    print(f"file: {path.stat().st_size / 1e6:.0f} MB, {entries:,} entries "
          f"(written in {time.perf_counter() - started:.1f} s)")
    code = ("import sys; from pathlib import Path; from sanctscreen.lists import load_list; "
            "loaded = load_list(Path(sys.argv[1])); "
            "print(loaded.info.entries, loaded.info.format, loaded.info.id, len(loaded.links))")
    elapsed, peak, out = child_peak([sys.executable, "-c", code, str(path)], env)
    count, fmt, list_id, links = out.split()
    print(f"load: {elapsed:.1f} s for {int(count):,} entries ({fmt}, {list_id}, "
          f"{int(links):,} links); peak RSS of the loading process {peak:,.0f} MB "
          f"(target <= 1.5 GB)")


def timed(args: Sequence[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    return time.perf_counter() - started


def fresh_env(work: Path, name: str) -> dict[str, str]:
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=work))
    return {**os.environ, "SANCTSCREEN_CACHE_DIR": str(folder / "cache"),
            "SANCTSCREEN_DATA_DIR": str(folder / "data"), "NO_COLOR": "1"}


def first(work: Path, runs: int) -> None:
    section("the first check after install: examples/holdings.xlsx, empty cache, default lists")
    check = [*SANCTSCREEN, "check", str(HOLDINGS), "--quiet", "--no-progress"]
    cold, warm = [], []
    for _ in range(runs):
        env = fresh_env(work, "first")
        cold.append(timed(check, env))
        warm.append(timed(check, env))
    print(f"empty cache: median {statistics.median(cold):.2f} s, best {min(cold):.2f} s over "
          f"{runs} runs (target < 4 s)")
    print(f"same command again, cache filled: median {statistics.median(warm):.2f} s, best "
          f"{min(warm):.2f} s")


def lookup(work: Path, runs: int) -> None:
    section("`sanctscreen lookup Megvii` with the compiled index cached (whole process)")
    env = fresh_env(work, "lookup")
    command = [*SANCTSCREEN, "lookup", "Megvii"]
    compile_time = timed(command, env)
    times = [timed(command, env) for _ in range(runs)]
    print(f"first run (compiles and caches the index): {compile_time:.2f} s")
    print(f"cached: median {statistics.median(times):.2f} s, max {max(times):.2f} s over "
          f"{runs} runs (target < 1 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=120.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="xml,first,lookup")
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    work = Path(tempfile.mkdtemp(prefix="sanctscreen-lists-bench-"))
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; load average "
          f"{os.getloadavg()[0]:.1f}; work in {work}")
    if "xml" in wanted:  # first: the peak RSS of children counts the largest child so far
        xml(work, args.mb, fresh_env(work, "xml"))
    if "first" in wanted:
        first(work, args.runs)
    if "lookup" in wanted:
        lookup(work, args.runs)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
