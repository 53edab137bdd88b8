"""Speed of the matcher on a synthetic list of list size N (default 40 000 names).

Usage: .venv/bin/python benchmarks/matching/speed.py [--names 40000] [--queries 20000]
       .venv/bin/python benchmarks/matching/speed.py --default-lists [--queries 100000]

Prints the index build time, the latency of single uncached lookups (median, 99th percentile,
max) and the throughput of `match_many` on a holdings-like batch in which names repeat.
The names are made of pinyin syllables, places, generic words and legal forms, so that
the blocking keys and generic words are as crowded as on the real consolidated lists.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from sanctscreen.matching import Matcher
from sanctscreen.models import Designation, Entity, EntityType


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SYLLABLES = _words("hai kang wei shi da hua kuang meng xin tian yu long feng jin bao hong ming "
                   "sheng guang tong hui zhong xing yuan cheng an rui chuang zhi neng ke ji")
PLACES = _words("Beijing Shanghai Shenzhen Hangzhou Xiamen Tianjin Wuhan Chengdu Urumqi Kashgar")
GENERIC = _words("Technology Information Industry Digital Electronics Holdings Group Trading "
                 "Investment Software Network Energy Machinery Science Development")
LEGAL = ("Co., Ltd.", "Limited", "Corporation", "LLC", "JSC", "Inc.")
SURNAMES = _words("Chen Wang Li Zhang Liu Yang Huang Zhao Wu Zhou Ivanov Petrov Smith Garcia")


def synthetic_entities(count: int, rng: random.Random) -> list[Entity]:
    entities = []
    for number in range(count):
        if number % 4 == 0:
            name = f"{rng.choice(SURNAMES)} {rng.choice(SYLLABLES).title()}" \
                   f"{rng.choice(SYLLABLES)}"
            kind = EntityType.PERSON
        else:
            core = "".join(rng.sample(SYLLABLES, rng.choice((2, 2, 3)))).title()
            parts = [rng.choice(PLACES)] if rng.random() < 0.5 else []
            parts += [core, *rng.sample(GENERIC, rng.choice((1, 2))), rng.choice(LEGAL)]
            name = " ".join(parts)
            kind = EntityType.ORGANIZATION
        entities.append(Entity(f"synthetic:{number}", name, kind, "synthetic",
                               designations=(Designation("SDN"),)))
    return entities


def variants(entities: list[Entity], count: int, rng: random.Random) -> list[str]:
    """Half list names mangled like holdings files, half names of firms not on the list."""
    queries = []
    for _ in range(count):
        if rng.random() < 0.5:
            name = rng.choice(entities).name.upper()
            if rng.random() < 0.3:
                name = name[:30]
            elif rng.random() < 0.3:
                name = name.replace("CO., LTD.", "CO LTD-A")
            queries.append(name)
        else:
            core = "".join(rng.sample(SYLLABLES, 2)).title() + rng.choice("xqvz")
            queries.append(f"{rng.choice(PLACES)} {core} {rng.choice(GENERIC)} Co Ltd")
    return queries


def default_lists_throughput(rows: int, rng: random.Random) -> None:
    """Holdings-like batches against the default lists: evaluation queries and clean names."""
    import csv
    from pathlib import Path

    from sanctscreen.lists import default_ids, load_lists

    entities = [e for lst in load_lists(default_ids()) for e in lst.entities]
    with open(Path(__file__).with_name("evaluation.csv"), encoding="utf-8") as handle:
        names = [row["query"] for row in csv.DictReader(handle)]
    names += [f"{rng.choice(PLACES)} {''.join(rng.sample(SYLLABLES, 2)).title()} "
              f"{rng.choice(GENERIC)} Co Ltd" for _ in range(rows // 3)]
    batch = [(rng.choice(names), (), None) for _ in range(rows)]
    matcher = Matcher(entities)
    started = time.perf_counter()
    for start in range(0, len(batch), 2_000):  # the batch size sanctscreen.screen uses
        matcher.match_many(batch[start:start + 2_000])
    elapsed = time.perf_counter() - started
    distinct = len({name for name, _, _ in batch})
    print(f"default lists ({len(entities)} entities): {rows} rows ({distinct} distinct) in "
          f"{elapsed:.2f} s = {rows / elapsed:,.0f} rows/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=40_000)
    parser.add_argument("--queries", type=int, default=20_000)
    parser.add_argument("--default-lists", action="store_true",
                        help="throughput against the default lists instead")
    args = parser.parse_args()
    rng = random.Random(13)
    if args.default_lists:
        default_lists_throughput(args.queries, rng)
        return
    entities = synthetic_entities(args.names, rng)
    started = time.perf_counter()
    matcher = Matcher(entities)
    print(f"index of {args.names} names built in {time.perf_counter() - started:.2f} s")

    singles = variants(entities, 2_000, rng)
    latencies = []
    for query in singles:
        started = time.perf_counter()
        matcher.match(query)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    print(f"single lookups: median {statistics.median(latencies):.2f} ms, "
          f"p99 {latencies[int(len(latencies) * 0.99)]:.2f} ms, max {latencies[-1]:.2f} ms")

    distinct = variants(entities, args.queries // 4, rng)
    batch = [(rng.choice(distinct), (), None) for _ in range(args.queries)]
    fresh = Matcher(entities)
    started = time.perf_counter()
    results = fresh.match_many(batch)
    elapsed = time.perf_counter() - started
    flagged = sum(bool(r) for r in results)
    print(f"match_many: {len(batch)} rows ({len(distinct)} distinct names) in {elapsed:.2f} s "
          f"= {len(batch) / elapsed:,.0f} rows/s; {flagged} rows with candidates")


if __name__ == "__main__":
    main()
