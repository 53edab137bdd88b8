"""Speed of the matcher on a synthetic list of list size N (default 40 000 names).

Usage: .venv/bin/python benchmarks/matching/speed.py [--names 40000] [--queries 20000]

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

SYLLABLES = ["hai", "kang", "wei", "shi", "da", "hua", "kuang", "meng", "xin", "tian", "yu", "long", "feng", "jin", "bao", "hong", "ming", "sheng", "guang", "tong", "hui", "zhong", "xing", "yuan", "cheng", "an", "rui", "chuang", "zhi", "neng", "ke", "ji"]
PLACES = ["Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Xiamen", "Tianjin", "Wuhan", "Chengdu", "Urumqi", "Kashgar"]
GENERIC = ["Technology", "Information", "Industry", "Digital", "Electronics", "Holdings", "Group", "Trading", "Investment", "Software", "Network", "Energy", "Machinery", "Science", "Development"]
LEGAL = ("Co., Ltd.", "Limited", "Corporation", "LLC", "JSC", "Inc.")
SURNAMES = ["Chen", "Wang", "Li", "Zhang", "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Ivanov", "Petrov", "Smith", "Garcia"]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=40_000)
    parser.add_argument("--queries", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(13)
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
