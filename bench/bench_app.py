"""Time what the app's pages ask of the store, on an existing embedded store (a 3000-village county).

    QINYOU_DB=/tmp/county3000-app-db python bench/bench_app.py [--samples 40] [--seed 1] [--findings] [--old]

Samples persons (cadres and ordinary household members) and villages, then times
per call: the old neighbourhood query (``[*1..hops]`` paths, LIMIT 300), the capped
neighbourhood the Graph page draws (one and two hops, 12 per node), the person card,
a search, and (``--findings``) one page of findings, which runs the detection rules
once. Prints median and p95 in milliseconds. Tests never assert speed.
"""
from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from qinyou import api
from qinyou.explore.card import person_card
from qinyou.graph.explore import capped_neighbourhood, neighbourhood
from qinyou.settings import load
from qinyou.stores import open_store


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    print(f"{name:<40} n={len(times):<4} median {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms   "
          f"max {ordered[-1]:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--findings", action="store_true", help="also time the findings page (runs detection)")
    parser.add_argument("--old", action="store_true",
                        help="also time the old uncapped neighbourhood query (minutes on a big county)")
    args = parser.parse_args()
    settings = load()
    rng = random.Random(args.seed)
    with open_store(settings, read_only=True) as store:
        counts = store.counts()["nodes"]
        print(f"store {settings.store_label}: {counts.get('Person', 0):,} persons, "
              f"{sum(counts.values()):,} nodes")
        cadres = [r[0] for r in store.read("MATCH (p:Person)-[:HOLDS]->(:Post) RETURN p.id").rows]
        some = [r[0] for r in store.read("MATCH (p:Person) RETURN p.id LIMIT 200000").rows]
        villages = [r[0] for r in store.read("MATCH (p:Place) WHERE p.level = 'village' RETURN p.id").rows]
        people = rng.sample(cadres, min(len(cadres), args.samples // 2)) + \
            rng.sample(some, min(len(some), args.samples - args.samples // 2))
        places = rng.sample(villages, min(len(villages), 10))
        timed(lambda: capped_neighbourhood(store, [people[0]]))  # warm the query cache
        for hops in (1, 2):
            if args.old:
                report(f"old neighbourhood, person, {hops} hop(s)",
                       [timed(lambda p=p: neighbourhood(store, [p], hops, 300)) for p in people])
            report(f"capped neighbourhood, person, {hops} hop(s)",
                   [timed(lambda p=p: capped_neighbourhood(store, [p], hops, 12)) for p in people])
        report("capped neighbourhood, village, 1 hop", [timed(lambda p=p: capped_neighbourhood(store, [p], 1, 12))
                                                        for p in places])
        report("person card", [timed(lambda p=p: person_card(store, p)) for p in people])
        report("search by name", [timed(lambda: api.search("张建", settings, 50, store=store)) for _ in range(5)])
        if args.findings:
            found: list[dict[str, Any]] = []
            t = timed(lambda: found.extend(api.all_findings(settings, store=store)))
            print(f"detection (all rules, once per store; the page caches it): {t / 1000:.1f} s, "
                  f"{len(found)} findings")
            report("findings page (filter + one page of 25)",
                   [timed(lambda: api.findings(settings, None, 0, 25, found=found)) for _ in range(5)])


if __name__ == "__main__":
    main()
