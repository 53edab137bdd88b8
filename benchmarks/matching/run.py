"""Accuracy of sanctscreen's matcher against peers on the labelled evaluation set.

Usage: .venv/bin/python benchmarks/matching/run.py [--set holdout.csv] [--no-peers] [--show-misses]
       [--no-index-constituents]

Every system screens the same queries against the same entities (the default lists from
`sanctscreen.lists.load_lists`, the full SDN list included, or a local parse of the bundled
OFAC consolidated files when that package is unavailable) and one table of recall /
false-flag rates per category is printed. A row may carry an ISO country, as a holdings file
does. The ~1 800 index constituents that pytickersymbols ships (S&P 500, DAX, FTSE 100,
Nikkei 225, ...) are added as the negative category `index_clean`: real companies, none listed.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from sanctscreen.matching import Matcher, Thresholds
from sanctscreen.models import Designation, Entity, EntityType

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
EVALUATION = HERE / "evaluation.csv"
PEER_SHORTLIST = 10  # nomenklatura compares each query with this many rapidfuzz-nearest entities

Scores = dict[str, float]  # entity id -> score in [0, 1]


@dataclass(frozen=True)
class Row:
    query: str
    expected: frozenset[str]  # empty for a row that should match nothing
    category: str
    country: str | None = None  # ISO 3166-1 alpha-2, as a holdings file's country column

    @property
    def positive(self) -> bool:
        return bool(self.expected)


def load_entities(extra: Sequence[Path] = ()) -> tuple[list[Entity], str]:
    try:
        from sanctscreen.lists import default_ids, load_lists
        lists = load_lists(default_ids(), extra)
    except Exception as error:  # any failure falls back to the local parse
        print(f"note: sanctscreen.lists unavailable ({error}); parsing bundled OFAC files",
              file=sys.stderr)
        return (_parse_ofac(REPO / "tests" / "data" / "lists" / "ofac_cons_2025-12-19"),
                "local OFAC parse")
    entities = [e for screening_list in lists for e in screening_list.entities]
    return entities, "load_lists(" + ", ".join(sl.info.id for sl in lists) + ")"


def _parse_ofac(folder: Path) -> list[Entity]:
    aliases: dict[str, list[str]] = defaultdict(list)
    with open(folder / "cons_alt.csv", encoding="utf-8", newline="") as handle:
        for record in csv.reader(handle):
            if len(record) >= 4:
                aliases[record[0]].append(record[3].strip())
    entities = []
    with open(folder / "cons_prim.csv", encoding="utf-8", newline="") as handle:
        for record in csv.reader(handle):
            if len(record) < 4:
                continue
            person = record[2].strip() == "individual"
            kind = EntityType.PERSON if person else EntityType.ORGANIZATION
            entities.append(Entity(f"ofac-cons:{record[0]}", record[1].strip(), kind, "ofac-cons",
                                   tuple(aliases[record[0]]),
                                   (Designation("NS-CMIC" if "CMIC" in record[3] else "SSI"),)))
    return entities


def read_rows(path: Path = EVALUATION) -> list[Row]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [Row(r["query"], frozenset(filter(None, r["expected"].split("|"))), r["category"],
                    (r.get("country") or "").strip().upper() or None)
                for r in csv.DictReader(handle)]


def index_constituents() -> list[Row]:
    """The index constituents pytickersymbols ships, as negatives with the ISIN's country."""
    try:
        from pytickersymbols import PyTickerSymbols
    except ImportError:
        print("note: pytickersymbols not installed; index_clean skipped", file=sys.stderr)
        return []
    rows: dict[tuple[str, str | None], Row] = {}
    for stock in PyTickerSymbols().get_all_stocks():
        name = (stock.get("name") or "").strip()
        country = _stock_country(stock)
        if name:
            rows.setdefault((name, country), Row(name, frozenset(), "index_clean", country))
    return list(rows.values())


def _stock_country(stock: dict[str, Any]) -> str | None:
    """The ISIN's country; else the country named; else US for a US listing (a dollar quote
    without an exchange suffix: pytickersymbols gives US companies a city, not a country)."""
    from sanctscreen.countries import country_code

    isins = [i for i in stock.get("isins") or () if len(i) == 12]
    if isins:
        return str(isins[0][:2]).upper()
    place = str(stock.get("country") or "")
    code = country_code(place) or country_code(place.rsplit(",", 1)[-1].strip())
    if code:
        return code
    for symbol in stock.get("symbols") or ():
        if symbol.get("currency") == "USD" and "." not in str(symbol.get("yahoo", ".")):
            return "US"
    return None


def sanctscreen_scores(entities: Sequence[Entity], rows: Sequence[Row]) -> list[Scores]:
    started = time.perf_counter()
    matcher = Matcher(entities, Thresholds(hit=0.9, review=0.0001))
    built = time.perf_counter()
    matcher.match("海康威视 warm-up")  # loads pypinyin and the script converter once
    cpu = time.process_time()
    wall = time.perf_counter()
    results = [{c.entity.id: c.score for c in matcher.match(row.query, (), row.country)}
               for row in rows]
    done = time.perf_counter()
    cpu = time.process_time() - cpu
    print(f"sanctscreen: index of {len(entities)} entities built in {built - started:.2f} s; "
          f"{len(rows)} new names in {done - wall:.2f} s, "
          f"{cpu / len(rows) * 1000:.2f} ms of CPU per new name "
          "(scored down to 0.0001: a real screen stops at review)")
    return results


def speed_per_name(entities: Sequence[Entity], rows: Sequence[Row]) -> None:
    """CPU per new name at the default thresholds, as a screen runs."""
    matcher = Matcher(entities)
    matcher.match("海康威视 warm-up")
    cpu = time.process_time()
    for row in rows:
        matcher.match(row.query, (), row.country)
    cpu = time.process_time() - cpu
    print(f"speed: {cpu / len(rows) * 1000:.3f} ms of CPU per new name with the default "
          f"thresholds, {len(rows)} names against {len(entities)} entities")


def rapidfuzz_scores(entities: Sequence[Entity], rows: Sequence[Row],
                     scorer: Callable[..., float]) -> list[Scores]:
    """Best score over every name of each entity (default_process: lower case, no punctuation)."""
    names = [(e.id, name) for e in entities for name in (*e.names, *e.weak_aliases)]
    matrix = process.cdist([r.query for r in rows], [n for _, n in names], scorer=scorer,
                           processor=utils.default_process, workers=-1)
    results = []
    for line in matrix:
        best: Scores = {}
        for (entity_id, _), value in zip(names, line, strict=True):
            score = float(value) / 100.0
            if score > best.get(entity_id, 0.0):
                best[entity_id] = score
        results.append(best)
    return results


def nomenklatura_scores(entities: Sequence[Entity], rows: Sequence[Row],
                        shortlists: Sequence[list[str]], algorithm: str) -> list[Scores] | None:
    try:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm
    except ImportError:
        print(f"note: nomenklatura not installed; {algorithm} skipped", file=sys.stderr)
        return None
    matcher = get_algorithm(algorithm)
    if matcher is None:
        return None
    config = matcher.default_config()
    schemas = {EntityType.PERSON: "Person", EntityType.GOVERNMENT: "PublicBody",
               EntityType.ORGANIZATION: "Company"}
    proxies = {}
    for entity in entities:
        proxy = model.make_entity(schemas.get(entity.type, "Organization"))
        proxy.id = entity.id
        proxy.add("name", list(entity.names))
        proxy.add("weakAlias", list(entity.weak_aliases))  # as FollowTheMoney carries them
        proxy.add("country", [c.lower() for c in entity.countries])
        proxies[entity.id] = proxy
    results = []
    for number, (row, shortlist) in enumerate(zip(rows, shortlists, strict=True)):
        query = model.make_entity("LegalEntity")
        query.id = f"query-{algorithm}-{number}"  # fresh id: nomenklatura caches by entity id
        query.add("name", row.query)
        if row.country:
            query.add("country", row.country.lower())
        results.append({entity_id: float(matcher.compare(query, proxies[entity_id], config).score)
                        for entity_id in shortlist})
    return results


@dataclass
class Tally:
    rows: int = 0
    flagged: int = 0  # positives: expected entity at or above the threshold; negatives: any
    hits: int = 0  # sanctscreen only: at or above the hit threshold


def evaluate(rows: Sequence[Row], scores: Sequence[Scores], flag: float,
             hit: float) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for row, row_scores in zip(rows, scores, strict=True):
        if row.positive:
            best = max((row_scores.get(e, 0.0) for e in row.expected), default=0.0)
        else:
            best = max(row_scores.values(), default=0.0)
        for key in (row.category, "ALL+" if row.positive else "ALL-"):
            tally = tallies[key]
            tally.rows += 1
            tally.flagged += best >= flag
            tally.hits += best >= hit
    return tallies


def best_threshold(rows: Sequence[Row], scores: Sequence[Scores]) -> float:
    """The threshold with the best F1 (positives flagged vs negatives flagged)."""
    best_t, best_f1 = 0.5, -1.0
    for step in range(40, 100):
        t = step / 100
        tallies = evaluate(rows, scores, t, t)
        tp, fp = tallies["ALL+"].flagged, tallies["ALL-"].flagged
        fn = tallies["ALL+"].rows - tp
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    return best_t


def print_table(rows: Sequence[Row], systems: dict[str, tuple[list[Scores], float, float]]) -> None:
    categories = list(dict.fromkeys(r.category for r in rows if r.positive))
    categories += ["ALL+", *dict.fromkeys(r.category for r in rows if not r.positive), "ALL-"]
    tallies = {name: evaluate(rows, s, flag, hit) for name, (s, flag, hit) in systems.items()}
    header = f"{'category':16}{'n':>5}  " + "".join(f"{name:>22}" for name in systems)
    print(header)
    print(f"{'':16}{'':5}  " + "".join(
        f"{f'flag>={flag:.2f} hit>={hit:.2f}':>22}" for _, flag, hit in systems.values()))
    print("-" * len(header))
    for category in categories:
        line = f"{category:16}{tallies[next(iter(systems))][category].rows:>5}  "
        for name in systems:
            t = tallies[name][category]
            cell = f"{t.flagged / t.rows:6.1%} / {t.hits / t.rows:6.1%}" if t.rows else "-"
            line += f"{cell:>22}"
        print(line)
        if category in ("ALL+", "ALL-"):
            print("-" * len(header))
    print("positive categories: recall, flagged / hit; negative categories: share of rows "
          "flagged / hit (false).")
    for name in systems:
        pos, neg = tallies[name]["ALL+"], tallies[name]["ALL-"]
        precision = pos.flagged / (pos.flagged + neg.flagged) if pos.flagged else 0.0
        hit_precision = pos.hits / (pos.hits + neg.hits) if pos.hits else 0.0
        print(f"{name:>22}: precision flagged {precision:.3f}, hits {hit_precision:.3f}; "
              f"recall flagged {pos.flagged / pos.rows:.3f}, hits {pos.hits / pos.rows:.3f}; "
              f"false hits {neg.hits / neg.rows:.2%} of {neg.rows} negatives")


def print_spread(rows: Sequence[Row], scores: Sequence[Scores]) -> None:
    """How far apart sanctscreen puts true matches and look-alikes (best score per row)."""
    positives = sorted(max((s.get(e, 0.0) for e in r.expected), default=0.0)
                       for r, s in zip(rows, scores, strict=True) if r.positive)
    negatives = sorted(max(s.values(), default=0.0)
                       for r, s in zip(rows, scores, strict=True) if not r.positive)

    def at(values: list[float], share: float) -> float:
        return values[min(len(values) - 1, int(len(values) * share))]

    print(f"sanctscreen score spread: true matches p5 {at(positives, 0.05):.2f}, median "
          f"{at(positives, 0.5):.2f}; look-alikes median {at(negatives, 0.5):.2f}, p95 "
          f"{at(negatives, 0.95):.2f}, max {negatives[-1]:.2f}")


def show_misses(rows: Sequence[Row], scores: Sequence[Scores], thresholds: Thresholds) -> None:
    for row, row_scores in zip(rows, scores, strict=True):
        if row.positive:
            best = max((row_scores.get(e, 0.0) for e in row.expected), default=0.0)
            if best < thresholds.hit:
                print(f"  {'MISS' if best < thresholds.review else 'review'} {best:.3f} "
                      f"[{row.category}] {row.query}")
        else:
            flagged = {e: s for e, s in row_scores.items() if s >= thresholds.review}
            if flagged:
                entity_id, score = max(flagged.items(), key=lambda kv: kv[1])
                kind = "FALSE HIT" if score >= thresholds.hit else "review"
                print(f"  {kind} {score:.3f} [{row.category}] {row.query} -> {entity_id}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-peers", action="store_true", help="sanctscreen only")
    parser.add_argument("--set", type=Path, default=EVALUATION,
                        help="labelled CSV (query, expected, category); default evaluation.csv")
    parser.add_argument("--with", dest="extra", type=Path, action="append", default=[],
                        help="screen against this list file too (e.g. a full sdn.csv), so "
                             "that the default lists' names meet the crowd of a real list")
    parser.add_argument("--show-misses", action="store_true",
                        help="list positives below hit and negatives at review or above")
    parser.add_argument("--no-index-constituents", action="store_true",
                        help="leave out the pytickersymbols negatives (index_clean)")
    args = parser.parse_args()
    entities, source = load_entities(args.extra)
    rows = read_rows(args.set)
    if not args.no_index_constituents:
        rows += index_constituents()
    names = sum(len(e.names) + len(e.weak_aliases) for e in entities)
    print(f"{len(rows)} labelled queries ({sum(r.positive for r in rows)} true matches) against "
          f"{len(entities)} entities / {names} names from {source}")
    thresholds = Thresholds()
    ours = sanctscreen_scores(entities, rows)
    systems: dict[str, tuple[list[Scores], float, float]] = {
        "sanctscreen": (ours, thresholds.review, thresholds.hit)}
    if not args.no_peers:
        add_peers(entities, rows, systems)
    print_table(rows, systems)
    print_spread(rows, ours)
    speed_per_name(entities, rows)
    if args.show_misses:
        show_misses(rows, ours, thresholds)


def add_peers(entities: Sequence[Entity], rows: Sequence[Row],
              systems: dict[str, tuple[list[Scores], float, float]]) -> None:
    """Peers get one threshold each, the one with their best F1 on this very set (a bonus)."""
    wratio = rapidfuzz_scores(entities, rows, fuzz.WRatio)
    token_set = rapidfuzz_scores(entities, rows, fuzz.token_set_ratio)
    for name, scores in (("rapidfuzz WRatio", wratio), ("rapidfuzz token_set", token_set)):
        t = best_threshold(rows, scores)
        systems[name] = (scores, t, t)
    shortlists = []
    for a, b in zip(wratio, token_set, strict=True):
        merged = {e: max(a.get(e, 0.0), b.get(e, 0.0)) for e in a.keys() | b.keys()}
        shortlists.append(sorted(merged, key=lambda e: (-merged[e], e))[:PEER_SHORTLIST])
    for algorithm in ("logic-v2", "name-based", "ofac"):
        started = time.perf_counter()
        peer = nomenklatura_scores(entities, rows, shortlists, algorithm)
        if peer is None:
            continue
        print(f"{algorithm}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        t = best_threshold(rows, peer)
        systems[f"nk {algorithm}"] = (peer, t, t)


if __name__ == "__main__":
    main()
