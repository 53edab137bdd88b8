"""Throughput, start-up and scaling of `sanctscreen check` and `lookup`, with the figures printed.

Usage: .venv/bin/python benchmarks/throughput/run.py [--rows 1000000] [--distinct 50000]
           [--only startup,throughput,io,naive,scaling] [--keep DIR]

Lists: the default lists (seed, the bundled OFAC SDN set and the Consolidated list). Input: a
synthetic holdings CSV of
--rows rows drawing on --distinct issuers (see data.py). The CLI runs as a subprocess with its
own cache folder; memory is the peak of the summed RSS of the process tree, sampled every
100 ms, and the kernel's peak RSS of the largest process.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gc
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "matching"))

import data  # the generator beside this script

ROOT = Path(__file__).resolve().parents[2]
SANCTSCREEN = [str(Path(sys.executable).with_name("sanctscreen"))]
EVALUATION = ROOT / "benchmarks" / "matching" / "evaluation.csv"
# How often a file is read and screened in turns once each of its rows has been judged.
REPEATS = 10
NAIVE_THRESHOLD = 86  # WRatio's best-F1 threshold on the evaluation set (matching/README)


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def run_measured(args: Sequence[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, peak summed RSS of the process tree in MB, exit code).

    Summed RSS counts the pages forked workers share with their parent once per process, so
    it overstates the memory in use; it is the safe side of a limit.
    """
    import psutil

    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    root = psutil.Process(process.pid)
    peak = 0.0
    while process.poll() is None:
        total = 0
        try:
            for proc in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                    total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            break
        peak = max(peak, total / 1e6)
        time.sleep(0.1)
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    if process.returncode not in (0, 1):
        print(stderr.decode(errors="replace")[-2000:])
    return elapsed, peak, process.returncode


def timed(args: Sequence[str], env: dict[str, str]) -> float:
    """Wall seconds of a whole process, unobserved (sampling memory would slow it)."""
    started = time.perf_counter()
    subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    return time.perf_counter() - started


def startup(env: dict[str, str]) -> None:
    section("start-up: `sanctscreen lookup` with the default lists (whole process)")
    lookup = [*SANCTSCREEN, "lookup", "Megvii"]
    cold = timed(lookup, env)
    warm = [timed(lookup, env) for _ in range(7)]
    helped = [timed([*SANCTSCREEN, "--help"], env) for _ in range(3)]
    print(f"first run (compiles the cache): {cold:.2f} s")
    print(f"cached: median {statistics.median(warm):.2f} s, max {max(warm):.2f} s "
          f"over {len(warm)} runs (target < 1 s)")
    print(f"--help: median {statistics.median(helped):.2f} s")
    imports = subprocess.run([sys.executable, "-X", "importtime", "-c", "import sanctscreen.cli"],
                             capture_output=True, text=True, env=env, check=True).stderr
    total = int(imports.strip().splitlines()[-1].split("|")[1])
    print(f"import sanctscreen.cli: {total / 1e6:.2f} s (python -X importtime)")


def throughput(work: Path, rows: int, distinct: int, env: dict[str, str],
               listed: Sequence[str]) -> tuple[Path, float]:
    section(f"throughput: {rows:,} CSV rows, the default lists (SDN included)")
    path = work / f"holdings_{rows}.csv"
    rng = random.Random(7)
    started = time.perf_counter()
    pool = data.name_pool(distinct, listed, 0.01, rng)
    data.write_csv(path, rows, pool, rng)
    print(f"input: {path.stat().st_size / 1e6:.0f} MB, {distinct:,} issuers "
          f"(written in {time.perf_counter() - started:.0f} s)")
    compile_time = timed([*SANCTSCREEN, "lookup", "x"], env)
    print(f"compile the default index once (cached for later runs): {compile_time:.1f} s")
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    out = work / "report.json"
    args = [*SANCTSCREEN, "check", str(path), "--quiet", "--no-progress",
            "--fail-on", "never", "-o", str(out)]
    elapsed, peak, code = run_measured(args, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    maxrss = after.ru_maxrss / 1e3
    print(f"check: {elapsed:.1f} s wall = {rows / elapsed:,.0f} rows/s (target <= 30 s); "
          f"exit {code}")
    print(f"CPU time of the process tree {cpu:.0f} s (= {cpu / (os.cpu_count() or 1):.0f} s "
          f"on all cores); load average before the run {load:.1f}, after "
          f"{os.getloadavg()[0]:.1f} (other work on the machine slows the wall time)")
    print(f"memory: peak summed RSS of the process tree {peak:,.0f} MB; largest process RSS "
          f"{maxrss:,.0f} MB (target <= 2 GB)")
    again = timed(args, env)
    print(f"check again (a new process; the answers of the first run come from the user "
          f"cache): {again:.1f} s wall = {rows / again:,.0f} rows/s")
    return path, elapsed


def io_limit(work: Path, csv_path: Path | None, screener: object, listed: Sequence[str],
             distinct: int) -> None:
    import pandas as pd

    from sanctscreen.engines.verdicts import load_rows, save_rows
    from sanctscreen.screen import Screener

    assert isinstance(screener, Screener)
    section("near the I/O limit: screening vs pandas reading alone (in-process, lists compiled)")
    rng = random.Random(11)
    xlsx = work / "holdings_100k.xlsx"
    data.write_xlsx(xlsx, 100_000, data.name_pool(distinct // 5, listed, 0.01, rng), rng)
    small = work / "holdings_200k.csv"
    if csv_path is not None:
        with open(csv_path, encoding="utf-8") as source, open(small, "w", encoding="utf-8") as out:
            out.writelines(line for _, line in zip(range(200_001), source, strict=False))
    else:
        data.write_csv(small, 200_000, data.name_pool(distinct // 5, listed, 0.01, rng), rng)
    candidates = [
        ("XLSX 100 000 rows", xlsx, "pandas.read_excel(engine='calamine')",
         lambda: pd.read_excel(xlsx, engine="calamine")),
        ("CSV 200 000 rows", small, "pandas.read_csv", lambda: pd.read_csv(small)),
    ]
    # The ratios to a plain read are printed for context; they are no target (issue 19):
    # what users feel is the whole check, its memory and a repeated check.
    for label, path, baseline, read in candidates:
        # The baseline is read before the screenings and again between the repeated ones
        # below, and its best time over all of them is used: machine noise then never makes
        # the ratio look better than it is.
        reads = [_seconds(read) for _ in range(3)]
        states: list[tuple[str, float]] = []
        # A new process screening the file for the first time: every name is new.
        first = Screener(screener.lists, workers=0)
        engine_label, seconds = _screen(first, path)
        states.append((f"first screening, every name new ({engine_label})", seconds))
        first.save_answers()
        save_rows(first)
        del first
        # A new process screening it again (tomorrow's run, the next CI build): what the
        # first stored comes from the user cache; loading it is timed too. Best of three
        # fresh screeners.
        timings = []
        for _ in range(3):
            again = Screener(screener.lists, workers=0)
            gc.collect()
            started = time.perf_counter()
            again.load_answers()
            load_rows(again)
            timings.append(time.perf_counter() - started + _screen(again, path)[1])
            reads.append(_seconds(read))
        states.append(("screened again in a new process (stored answers and clear rows, load "
                       "timed; best of 3)", min(timings)))
        # The same screener once more: each distinct row's outcome is known too (a
        # long-lived screener, a second file of one run, a Dask worker). Read and screened
        # in turns, as often each, so that both bests come from as many tries of the same
        # moments; the median of each screening against the read just before it is printed
        # too, as a figure that one quiet moment cannot make.
        timings, paired = [], []
        for _ in range(REPEATS):
            reads.append(_seconds(read))
            timings.append(_screen(again, path)[1])
            paired.append(timings[-1] / reads[-1])
        states.append((f"again in the same process (rows judged before; best of {REPEATS})",
                       min(timings)))
        reading = min(reads)
        print(f"{label} ({_distinct_rows(path):,} distinct rows): {baseline} {reading:.3f} s "
              f"(best of {len(reads)}, read between the screenings)")
        for state, seconds in states:
            _show(reading, state, seconds)
        print(f"    (each of those {REPEATS} screenings against the read just before it: median "
              f"{statistics.median(paired):.1f}x, from {min(paired):.1f}x to {max(paired):.1f}x)")
        if path.suffix == ".csv":
            # Context for the goal: pandas 3 reads strings into Arrow; pandas 2 made a Python
            # object of every cell, which is what the goal's baseline was likely measured on.
            objects = min(_seconds(lambda: pd.read_csv(small, dtype=object)) for _ in range(3))
            print(f"    (the same against pandas.read_csv(dtype=object), a Python string per "
                  f"cell as pandas 2 read them: {objects:.3f} s -> "
                  f"{states[-1][1] / objects:.1f}x)")
        seconds = min(_screen(again, path, fast=False)[1] for _ in range(2))
        _show(reading, "for comparison: row by row, every row a Subject (names known)", seconds)
        del again
        gc.collect()


def _show(reading: float, state: str, seconds: float) -> None:
    print(f"  {state}: {seconds:.3f} s = {seconds / reading:.1f}x")


def _seconds(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _screen(screener: object, path: Path, *, fast: bool = True) -> tuple[str, float]:
    """(path taken, seconds) of one in-process screening of `path` by the local engine."""
    from sanctscreen.engines import Source
    from sanctscreen.engines.local import LocalEngine

    engine = LocalEngine(fast=fast)
    gc.collect()
    started = time.perf_counter()
    for _ in engine.run(screener, [Source(path)]):  # type: ignore[arg-type]
        pass
    seconds = time.perf_counter() - started
    taken = "columnar path" if engine.fast_files else "distinct-row path" if fast else "rows"
    return taken, seconds


def _distinct_rows(path: Path) -> int:
    from sanctscreen.inputs import iter_input

    return len({(s.name, s.identifiers, s.country) for table in iter_input(path)
                for s in table.subjects})


def naive(matcher: object, names: Sequence[str], holdings: Sequence[str], rows: int,
          our_seconds_per_row: float | None) -> None:
    from rapidfuzz import fuzz, process, utils

    section("against the naive way: rapidfuzz WRatio, every name against every list name")
    queries, expected = _evaluation()
    started = time.perf_counter()
    scores = process.cdist(queries, names, scorer=fuzz.WRatio, processor=utils.default_process,
                           workers=-1, score_cutoff=NAIVE_THRESHOLD)
    naive_eval = time.perf_counter() - started
    owner = _name_owners(matcher)
    naive_found = [{owner[j] for j in row.nonzero()[0]} for row in scores]
    started = time.perf_counter()
    ours_found = [{c.entity.id for c in matcher.match(q)} for q in queries]  # type: ignore[attr-defined]
    ours_eval = time.perf_counter() - started
    positives = [i for i, ids in enumerate(expected) if ids]
    for label, found in (("naive WRatio >= 86", naive_found), ("sanctscreen", ours_found)):
        recall = sum(bool(found[i] & expected[i]) for i in positives) / len(positives)
        print(f"{label}: recall {recall:.3f} on {len(positives)} positives of "
              f"evaluation.csv")
    print(f"evaluation set ({len(queries)} names, {len(names):,} list names): naive "
          f"{naive_eval:.2f} s (2 cores), sanctscreen {ours_eval:.2f} s (1 core, uncached)")
    sample = list(holdings[:500])
    started = time.perf_counter()
    process.cdist(sample, names, scorer=fuzz.WRatio, processor=utils.default_process,
                  workers=-1, score_cutoff=NAIVE_THRESHOLD)
    per_row = (time.perf_counter() - started) / len(sample)
    print(f"naive on {len(sample):,} holdings names: {per_row * 1e3:.2f} ms per row -> "
          f"{rows:,} rows extrapolated: {per_row * rows / 60:,.0f} min")
    fresh = type(matcher)(matcher.entities)  # type: ignore[attr-defined]
    started = time.perf_counter()
    for name in sample:
        fresh.match(name)
    ours_name = (time.perf_counter() - started) / len(sample)
    print(f"per distinct name, nothing cached: naive {per_row * 1e3:.2f} ms (2 cores), "
          f"sanctscreen {ours_name * 1e3:.2f} ms (1 core) = {per_row / ours_name:,.0f}x")
    if our_seconds_per_row:
        print(f"sanctscreen measured on {rows:,} rows: {our_seconds_per_row * 1e3:.3f} ms per "
              f"row -> {per_row / our_seconds_per_row:,.0f}x faster (target >= 50x)")


def _evaluation() -> tuple[list[str], list[set[str]]]:
    with open(EVALUATION, encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    return ([row["query"] for row in table],
            [set(filter(None, row["expected"].split("|"))) for row in table])


def _name_owners(matcher: object) -> list[str]:
    return [e.id for e in matcher.entities  # type: ignore[attr-defined]
            for _ in (*e.names, *e.weak_aliases)]


def scaling(entities: Sequence[object], holdings: Sequence[str]) -> None:
    from speed import synthetic_entities

    from sanctscreen.matching import Matcher

    section("sub-linear in list size: per-row cost (uncached names, one core)")
    rng = random.Random(5)
    base = len(entities)
    sample = list(dict.fromkeys(holdings))[:1_500]
    for factor in (1, 4, 16):
        extra = synthetic_entities(base * (factor - 1), rng) if factor > 1 else []
        started = time.perf_counter()
        matcher = Matcher([*entities, *extra])  # type: ignore[list-item]
        built = time.perf_counter() - started
        started = time.perf_counter()
        for name in sample:
            matcher.match(name)
        per_row = (time.perf_counter() - started) / len(sample)
        names = sum(len(e.names) + len(e.weak_aliases) for e in matcher.entities)
        print(f"{factor:>2}x: {len(matcher.entities):>9,} entities, {names:>9,} names: "
              f"{per_row * 1e3:.2f} ms per distinct name (index built in {built:.0f} s)")
        del matcher


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--distinct", type=int, default=50_000)
    parser.add_argument("--only", default="startup,throughput,io,naive,scaling")
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temp one)")
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    work = args.keep or Path(tempfile.mkdtemp(prefix="sanctscreen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SANCTSCREEN_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
    os.environ["SANCTSCREEN_CACHE_DIR"] = env["SANCTSCREEN_CACHE_DIR"]
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; work in {work}")
    from sanctscreen.lists import load_lists
    from sanctscreen.screen import Screener

    lists = load_lists()
    sdn = next(lst for lst in lists if lst.info.id == "ofac-sdn")
    listed = [e.name for lst in lists if lst is not sdn for e in lst.entities if e.listed]
    listed += [e.name for e in sdn.entities[::50]]
    screener = Screener(lists, workers=0)
    entities = list(screener.matcher.entities)
    # Every name the matcher screens by default: OFAC's weak aliases too (for review).
    names = [n for e in entities for n in (*e.names, *e.weak_aliases)]
    weak = sum(len(e.weak_aliases) for e in entities)
    print(f"lists: {len(entities):,} entities, {len(names):,} names and aliases "
          f"({weak:,} of them OFAC's weak aliases)")
    if "startup" in wanted:
        startup(env)
    csv_path = None
    our_per_row = None
    if "throughput" in wanted:
        csv_path, elapsed = throughput(work, args.rows, args.distinct, env, listed)
        our_per_row = elapsed / args.rows
    holdings_rng = random.Random(3)
    holdings = [n for n, _, _ in data.name_pool(5_000, listed, 0.01, holdings_rng)]
    if "io" in wanted:
        io_limit(work, csv_path, screener, listed, args.distinct)
    if "naive" in wanted:
        naive(screener.matcher, names, holdings, args.rows, our_per_row)
    if "scaling" in wanted:
        scaling(entities, holdings)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
