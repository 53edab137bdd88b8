"""What the matcher costs per new name in instructions, for several revisions in one run.

Usage: .venv/bin/python benchmarks/matching/instructions.py REV [REV ...]
       .venv/bin/python benchmarks/matching/instructions.py --cpu 5 REV [REV ...]

Timings on a shared machine spread by more than the changes being judged; instruction counts
do not. For each revision (checked out into a temporary git worktree) a Matcher of the full
default lists is built with that revision's code and pickled with the names of the evaluation
and hold-out sets and the index constituents (pytickersymbols, the bench extra); then
`valgrind --tool=callgrind` counts the instructions of unpickling it and matching every name
once, and of unpickling it alone; the difference, per name, is the figure (PYTHONHASHSEED=0,
so that two runs of one revision count the same). `--cpu N` also prints CPU times, best of
N processes per revision, the revisions in turns: unpickling the matcher; per name, a
process's first pass (which includes building what the index builds on first use) and its
third (caches of answers emptied between passes; the second can hold the one full collection
of the cyclic garbage collector that the objects built in the first set off, a walk of the
whole heap); the full collections in each pass; and unpickling with the first pass, as a
first screen pays.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from compare import worktree  # noqa: E402

PREPARE = """
import pickle, sys
sys.path.insert(0, {here!r})
import run
from sanctscreen.matching import Matcher
entities, _ = run.load_entities()
rows = (run.read_rows(run.EVALUATION) + run.read_rows(run.HERE / "holdout.csv")
        + run.index_constituents())
with open({out!r}, "wb") as handle:
    pickle.dump((Matcher(entities), [(row.query, row.country) for row in rows]), handle)
print(len(rows))
"""

MATCH = """
import time
start = time.process_time()
import pickle, sys
with open(sys.argv[1], "rb") as handle:
    matcher, rows = pickle.load(handle)
load = time.process_time() - start
matcher.match("海康威视 warm-up")  # loads pypinyin and the script converter once
from sanctscreen.matching.normalise import tokens
import gc
full = []
gc.callbacks.append(lambda phase, info: full.append(1)
                    if phase == "start" and info["generation"] == 2 else None)
spent, collections = [], []
for _ in range(int(sys.argv[2])):
    matcher._cache.clear(); matcher._worth.clear(); tokens.cache_clear()
    cpu = time.process_time()
    for query, country in rows:
        matcher.match(query, (), country)
    spent.append((time.process_time() - cpu) / len(rows))
    collections.append(str(len(full)))
    full.clear()
if spent:  # full collections per pass; ms: unpickling, per name in the first and last pass
    print("/".join(collections), load * 1000, spent[0] * 1000, spent[-1] * 1000)
"""


def run(code: Path, script: str, *args: str, valgrind: bool = False) -> str:
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONHASHSEED": "0",
           "SANCTSCREEN_CACHE_DIR": str(code / ".cache")}
    command = [sys.executable, "-c", script, *args]
    if valgrind:
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command]
    done = subprocess.run(command, env=env, cwd=code, capture_output=True, text=True,
                          check=True)
    return done.stdout + done.stderr


def instructions(code: Path, state: Path, passes: int) -> int:
    found = re.search(r"Collected : (\d+)", run(code, MATCH, str(state), str(passes),
                                                 valgrind=True))
    if found is None:
        raise SystemExit("callgrind printed no instruction count")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revisions", nargs="+")
    parser.add_argument("--cpu", type=int, default=0, metavar="N",
                        help="also the CPU per name, best of N passes")
    options = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed (Debian: apt install valgrind)")
    here = str(Path(__file__).resolve().parent)
    base = Path(tempfile.mkdtemp(prefix="sanctscreen-instructions-"))
    trees: dict[str, Path] = {}
    try:
        states, names = {}, 0
        for rev in options.revisions:
            trees[rev] = worktree(rev, base)
            states[rev] = base / f"{rev.replace('/', '_')}.pickle"
            names = int(run(trees[rev], PREPARE.format(here=here, out=str(states[rev])))
                        .split()[-1])
        first = None
        for rev in options.revisions:
            per = instructions(trees[rev], states[rev], 1) - instructions(
                trees[rev], states[rev], 0)
            per_name = per / names
            first = first or per_name
            print(f"{rev}: {per_name / 1e6:.3f} M instructions per new name "
                  f"(x{per_name / first:.3f} of {options.revisions[0]}), {names} names",
                  flush=True)
        if options.cpu:
            # unpickling, first pass, third pass, unpickling + first pass: each the best
            best: dict[str, list[float]] = {}
            collected: dict[str, set[str]] = {}
            for _ in range(options.cpu):
                for rev in options.revisions:
                    counts, *measured = run(trees[rev], MATCH, str(states[rev]),
                                            "3").split()[-4:]
                    collected.setdefault(rev, set()).add(counts)
                    load, first, again = map(float, measured)
                    figures = (load, first, again, load + first * names)
                    found = best.setdefault(rev, list(figures))
                    best[rev] = [min(a, b) for a, b in zip(found, figures, strict=True)]
            for rev in options.revisions:
                load, first, again, whole = best[rev]
                print(f"{rev}: {first:.3f} ms of CPU per new name in a first pass, "
                      f"{again:.3f} ms in a third; unpickling {load:.0f} ms; unpickling "
                      f"and a first pass {whole / 1000:.2f} s (best of {options.cpu}); full "
                      f"collections in passes 1/2/3: {', '.join(sorted(collected[rev]))}")
    finally:
        for tree in trees.values():
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(tree)], check=False)
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
