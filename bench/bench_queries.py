"""Time every saved query on a synthetic county (embedded store).

    python bench/bench_queries.py --villages 300 [--db DIR] [--repeat 3]

Builds the store from ``qinyou synth`` output unless ``--db`` already holds one,
then runs each saved query with its default parameters and prints wall times
and row counts. Figures go in the notes; tests never assert speed.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from qinyou.graph.embedded import DB_FILE, EmbeddedStore
from qinyou import api
from qinyou.settings import load


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="qinyou-bench-")) / "db"
    settings = load(db_path=db, store="embedded")
    if not (db / DB_FILE).exists():
        from qinyou.ingest.synth import generate

        rosters = db.parent / "rosters"
        started = time.perf_counter()
        generate(rosters, args.villages, args.seed)
        api.ingest([rosters], settings)
        print(f"built {args.villages} villages in {time.perf_counter() - started:.1f}s")
    with EmbeddedStore(db, read_only=True) as store:
        counts = store.counts()
        print(f"persons {counts['nodes']['Person']}, KIN {counts['relationships']['KIN']}")
        for query in api.queries():
            params = {"name": "王"} if query.name == "person_network" else {}
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                _, result = api.run_query(query.name, params, settings, store=store)
                times.append(time.perf_counter() - started)
            print(f"{query.name:<24} best {min(times):7.3f}s  rows {len(result)}")


if __name__ == "__main__":
    main()
