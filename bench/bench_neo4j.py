"""Neo4j load rates (over Bolt and through neo4j-admin's bulk import) and saved-query times
on Neo4j beside the embedded store, for a synthetic county.

    eval "$(bash scripts/neo4j-local.sh start)"       # or any scratch Neo4j 5
    python bench/bench_neo4j.py --villages 300 --wipe [--repeat 3] [--json out.json]

``--wipe`` is required: the Neo4j database named by QINYOU_NEO4J_* is emptied first.
Steps, each timed on its own:
1. ``qinyou synth`` writes the county; the embedded store loads it (``api.ingest``).
2. Bolt: ``api.ingest`` into the emptied Neo4j database (UNWIND/MERGE batches of
   QINYOU_BATCH_SIZE rows); rate = roster rows loaded / s, and elements written / s.
3. Bulk: ``qinyou export --neo4j-import`` from the embedded store, then
   ``neo4j-admin database import full`` (scripts/neo4j-local.sh admin, a DBMS of its own in a
   temporary folder; the server is not started), rate = elements / s of export + import.
4. Every saved query with its defaults (person_network with a common surname), best of
   ``--repeat``, on the Bolt-loaded Neo4j and on the embedded store.
Figures go in bench/README.md; tests never assert speed.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from qinyou import api
from qinyou.settings import load
from qinyou.stores import open_store

ROOT = Path(__file__).resolve().parent.parent


def wipe(settings: Any) -> None:
    import neo4j

    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
    with neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth, notifications_min_severity="OFF") as driver:
        with driver.session(database=settings.neo4j_database) as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def timed(label: str, fn: Any, out: dict[str, Any]) -> Any:
    started = time.perf_counter()
    result = fn()
    out[label] = round(time.perf_counter() - started, 2)
    print(f"{label:<28} {out[label]:9.2f}s", flush=True)
    return result


def query_times(settings: Any, repeat: int) -> dict[str, float]:
    times: dict[str, float] = {}
    with open_store(settings, read_only=True) as store:
        for query in api.queries():
            params = {"name": "王"} if query.name == "person_network" else {}
            best = float("inf")
            for _ in range(repeat):
                started = time.perf_counter()
                api.run_query(query.name, params, settings, store=store)
                best = min(best, time.perf_counter() - started)
            times[query.name] = round(best, 3)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wipe", action="store_true", help="empty the Neo4j database first (required)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not args.wipe:
        sys.exit("bench_neo4j: --wipe is required (the Neo4j database is emptied)")
    work = Path(tempfile.mkdtemp(prefix="qinyou-bench-neo4j-"))
    neo = load(store="neo4j", id_key_file=work / "id.key")  # one ID key: the bulk import carries its ids
    emb = load(store="embedded", db_path=work / "db", id_key_file=work / "id.key")
    out: dict[str, Any] = {"villages": args.villages, "batch_size": neo.batch_size}

    from qinyou.ingest.synth import generate

    timed("synth", lambda: generate(work / "county", args.villages, args.seed), out)
    summary = timed("embedded ingest", lambda: api.ingest([work / "county"], emb), out)
    stats = api.stats(emb)
    rows = sum(r.loaded for r in summary.reports)
    elements = sum(stats["nodes"].values()) + sum(stats["relationships"].values())
    out.update(rows=rows, nodes=sum(stats["nodes"].values()), relationships=sum(stats["relationships"].values()))
    print(f"{rows} roster rows → {out['nodes']} nodes, {out['relationships']} relationships")

    wipe(neo)
    timed("neo4j bolt ingest", lambda: api.ingest([work / "county"], neo), out)
    assert api.stats(neo) == stats, "Neo4j and the embedded store disagree"
    out["bolt rows/s"] = round(rows / out["neo4j bolt ingest"])
    out["bolt elements/s"] = round(elements / out["neo4j bolt ingest"])

    timed("export --neo4j-import", lambda: api.export_neo4j_import(emb, work / "import"), out)
    env = dict(os.environ, NEO4J_LOCAL_DIR=str(work / "dbms"))
    cmd = ["bash", str(ROOT / "scripts" / "neo4j-local.sh"), "admin", "database", "import", "full",
           "--overwrite-destination", f"@{work / 'import' / 'import.args'}", "neo4j"]
    done = timed("neo4j-admin import", lambda: subprocess.run(cmd, env=env, capture_output=True, text=True), out)
    if done.returncode != 0:
        sys.exit(done.stdout[-2000:] + done.stderr[-2000:])
    bulk = out["export --neo4j-import"] + out["neo4j-admin import"]
    out["bulk rows/s"] = round(rows / bulk)
    out["bulk elements/s"] = round(elements / bulk)
    out["admin import elements/s"] = round(elements / out["neo4j-admin import"])

    out["queries neo4j"] = query_times(neo, args.repeat)
    out["queries embedded"] = query_times(emb, args.repeat)
    print(f"{'query':<24}{'neo4j':>10}{'embedded':>10}")
    for name, t in out["queries neo4j"].items():
        print(f"{name:<24}{t:10.3f}{out['queries embedded'][name]:10.3f}")
    for key in ("bolt rows/s", "bolt elements/s", "bulk rows/s", "bulk elements/s", "admin import elements/s"):
        print(f"{key:<28} {out[key]:>9}")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
