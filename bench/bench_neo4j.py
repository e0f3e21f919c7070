"""Neo4j load rates (over Bolt and through neo4j-admin's bulk import), saved-query and
``qinyou detect`` times on Neo4j beside the embedded store, for a synthetic county.

    eval "$(bash scripts/neo4j-local.sh start)"       # or any scratch Neo4j 5
    python bench/bench_neo4j.py --villages 300 --wipe [--repeat 3] [--json out.json]
    python bench/bench_neo4j.py --county /tmp/county3000 --embedded-db DB --neo4j-pid PID --wipe

``--wipe`` is required for the Bolt step: the Neo4j database named by QINYOU_NEO4J_* is emptied.
Steps (``--steps``, default all), each timed on its own with wall time, CPU time of this
process and its children, the server's CPU time (``--neo4j-pid``) and the load average:
0. ``qinyou synth`` writes the county (or ``--county``); the embedded store loads it
   (``api.ingest``; skipped with ``--embedded-db``, a store that already holds it).
1. bolt: ``api.ingest`` into the emptied Neo4j database (UNWIND/MERGE batches of
   QINYOU_BATCH_SIZE rows); rate = roster rows loaded / s, and elements written / s.
2. bulk: ``qinyou export --neo4j-import`` from the embedded store, then
   ``neo4j-admin database import full`` (scripts/neo4j-local.sh admin, a DBMS of its own in a
   temporary folder; the server is not started), rate = elements / s of export + import.
3. queries: every saved query with its defaults (person_network with a common surname), best
   of ``--repeat``, on the Bolt-loaded Neo4j and on the embedded store.
4. detect: every ``qinyou detect`` rule alone through the CLI, one run each, on the embedded
   store, then on Neo4j.
Figures go in bench/README.md; tests never assert speed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
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
RULES = ("kin_benefit", "self_benefit", "deceased_paid", "duplicate_benefit", "repeat_offender",
         "post_after_punishment")


def wipe(settings: Any) -> None:
    import neo4j

    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
    with neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth, notifications_min_severity="OFF") as driver:
        with driver.session(database=settings.neo4j_database) as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def _server_cpu(pid: int | None) -> float:
    """User + system CPU seconds of the Neo4j server process so far (0 without a pid)."""
    if not pid:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu() -> float:
    """User + system CPU seconds of this process and its finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(label: str, fn: Any, out: dict[str, Any], server: int | None = None) -> Any:
    """Run ``fn``; record wall, client CPU (this process and children), server CPU, load average."""
    cpu, srv, started = _cpu(), _server_cpu(server), time.perf_counter()
    result = fn()
    out[label] = round(time.perf_counter() - started, 2)
    out[f"{label} cpu"] = round(_cpu() - cpu, 1)
    if server:
        out[f"{label} server cpu"] = round(_server_cpu(server) - srv, 1)
    out[f"{label} load"] = round(os.getloadavg()[0], 2)
    extra = f"  server cpu {out[f'{label} server cpu']:7.1f}s" if server else ""
    print(f"{label:<28} {out[label]:9.2f}s  cpu {out[f'{label} cpu']:7.1f}s{extra}  load {out[f'{label} load']}",
          flush=True)
    return result


def detect_times(settings: Any, work: Path, server: int | None) -> dict[str, Any]:
    """Each ``qinyou detect`` rule alone, through the CLI (one run each): wall, CPU, findings."""
    env = dict(os.environ, QINYOU_STORE=settings.store, QINYOU_DB=str(settings.db_path))
    out: dict[str, Any] = {}
    for rule in RULES:
        found = work / f"detect-{settings.store}-{rule}.jsonl"
        cmd = [sys.executable, "-m", "qinyou.cli", "detect", "--rule", rule, "--out", str(found)]
        done = timed(f"detect {rule} {settings.store}", lambda: subprocess.run(cmd, env=env, capture_output=True,
                                                                             text=True), out, server)
        if done.returncode != 0:
            sys.exit(done.stderr[-2000:])
        out[f"detect {rule} {settings.store} findings"] = sum(1 for _ in found.open(encoding="utf-8"))
    return out


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
    parser.add_argument("--county", type=Path, help="an existing county folder instead of synth (read only)")
    parser.add_argument("--embedded-db", type=Path, help="an embedded store already holding --county "
                        "(its ingest is not timed again)")
    parser.add_argument("--neo4j-pid", type=int, help="the server's pid, to report its CPU time too")
    parser.add_argument("--steps", default="bolt,bulk,queries,detect",
                        help="comma-separated: bolt, bulk, queries, detect (default all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wipe", action="store_true", help="empty the Neo4j database first (required)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    steps = set(args.steps.split(","))
    if not args.wipe and "bolt" in steps:
        sys.exit("bench_neo4j: --wipe is required (the Neo4j database is emptied)")
    server = args.neo4j_pid
    work = Path(tempfile.mkdtemp(prefix="qinyou-bench-neo4j-"))
    # one ID key for both stores (the bulk import carries the embedded store's ids); a store given
    # with --embedded-db keeps the key it was loaded with (the settings' default)
    key = {} if args.embedded_db else {"id_key_file": work / "id.key"}
    neo = load(store="neo4j", **key)
    emb = load(store="embedded", db_path=args.embedded_db or work / "db", **key)
    out: dict[str, Any] = {"batch_size": neo.batch_size, "started load": round(os.getloadavg()[0], 2)}
    county = args.county
    if county is None:
        from qinyou.ingest.synth import generate

        county = work / "county"
        timed("synth", lambda: generate(county, args.villages, args.seed), out)
    out["county"] = str(county)
    if args.embedded_db is None:
        summary = timed("embedded ingest", lambda: api.ingest([county], emb), out)
        rows = sum(r.loaded for r in summary.reports)
    else:
        rows = 0
    stats = api.stats(emb)
    elements = sum(stats["nodes"].values()) + sum(stats["relationships"].values())
    out.update(nodes=sum(stats["nodes"].values()), relationships=sum(stats["relationships"].values()))

    if "bolt" in steps:
        wipe(neo)
        summary = timed("neo4j bolt ingest", lambda: api.ingest([county], neo), out, server)
        rows = sum(r.loaded for r in summary.reports)
        assert api.stats(neo) == stats, "Neo4j and the embedded store disagree"
        out["bolt rows/s"] = round(rows / out["neo4j bolt ingest"])
        out["bolt elements/s"] = round(elements / out["neo4j bolt ingest"])
    out["rows"] = rows
    print(f"{rows} roster rows → {out['nodes']} nodes, {out['relationships']} relationships", flush=True)

    if "bulk" in steps:
        timed("export --neo4j-import", lambda: api.export_neo4j_import(emb, work / "import"), out)
        env = dict(os.environ, NEO4J_LOCAL_DIR=str(work / "dbms"))
        cmd = ["bash", str(ROOT / "scripts" / "neo4j-local.sh"), "admin", "database", "import", "full",
               "--overwrite-destination", f"@{work / 'import' / 'import.args'}", "neo4j"]
        done = timed("neo4j-admin import", lambda: subprocess.run(cmd, env=env, capture_output=True, text=True), out)
        if done.returncode != 0:
            sys.exit(done.stdout[-2000:] + done.stderr[-2000:])
        bulk = out["export --neo4j-import"] + out["neo4j-admin import"]
        if rows:
            out["bulk rows/s"] = round(rows / bulk)
        out["bulk elements/s"] = round(elements / bulk)
        out["admin import elements/s"] = round(elements / out["neo4j-admin import"])
        out["export elements/s"] = round(elements / out["export --neo4j-import"])

    if "queries" in steps:
        out["queries neo4j"] = query_times(neo, args.repeat)
        out["queries embedded"] = query_times(emb, args.repeat)
        print(f"{'query':<24}{'neo4j':>10}{'embedded':>10}")
        for name, t in out["queries neo4j"].items():
            print(f"{name:<24}{t:10.3f}{out['queries embedded'][name]:10.3f}")
    if "detect" in steps:
        out.update(detect_times(emb, work, None))
        out.update(detect_times(neo, work, server))
    for key in ("bolt rows/s", "bolt elements/s", "bulk rows/s", "bulk elements/s", "admin import elements/s",
                "export elements/s"):
        if key in out:
            print(f"{key:<28} {out[key]:>9}")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
