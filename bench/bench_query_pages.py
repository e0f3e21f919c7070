"""Time to the first page of a large saved query and a Cypher-box query, paged vs loading everything,
and a whole-answer export streamed vs built in memory; each case in its own process, so its peak
memory (``ru_maxrss``) and CPU time are its own.

    QINYOU_DB=/tmp/county-copy QINYOU_ID_KEY_FILE=/tmp/county-id.key \\
        flock /work/bench.lock python bench/bench_query_pages.py [--cases NAME,...] [--repeat 2]

"old" is what the Saved queries page did before paging: the whole answer read from the store
(``api.run_query`` / ``api.run_cypher``) and masked, then 500 rows shown. "page" is
``Session.query_page`` / ``cypher_page``: only the first 100 rows (and one more) fetched.
"export-old" builds the whole masked answer in memory and then the CSV bytes
(``Session.export_table``); "export" streams it to the file chunk by chunk (``Session.export_*``).
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

#: name → (kind, saved-query name or Cypher text, parameters)
CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "village_overview(all)": ("query", "village_overview", {"limit": 1_000_000}),
    "kin_benefit(all)": ("query", "kin_benefit", {"limit": 1_000_000, "legal_only": False}),
    "cypher persons": ("cypher", "MATCH (p:Person) RETURN p.name AS name, p.idno_masked AS idno, "
                                 "p.birth_date AS born, p.sources AS evidence", {}),
    "cypher person nodes": ("cypher", "MATCH (p:Person) RETURN p", {}),
}
MODES = ("old", "page", "export-old", "export")


def child(case: str, mode: str, out: Path) -> dict[str, Any]:
    """One measurement, in this (fresh) process."""
    from qinyou import api
    from qinyou.access.roles import Principal
    from qinyou.access.session import Session
    from qinyou.settings import load
    from qinyou.stores import open_store

    kind, what, params = CASES[case]
    settings = load(audit_file=out / "audit.jsonl")
    me = Session(settings, Principal("bench", "analyst"))
    with open_store(settings, read_only=True) as store:
        began = time.perf_counter()
        if mode == "old":
            answer = (me.query(what, params, store=store) if kind == "query" else me.cypher(what, store))
            shown, rows = answer.rows[:500], len(answer.rows)
        elif mode == "page":
            answer = (me.query_page(what, params, 0, 100, store=store) if kind == "query"
                      else me.cypher_page(what, store, 0, 100))
            shown, rows = answer.rows, len(answer.rows)
        elif mode == "export-old":
            answer = (me.query(what, params, store=store) if kind == "query" else me.cypher(what, store))
            data = me.export_table(answer.rows, answer.columns, "csv", case)
            (out / "old.csv").write_bytes(data)
            shown, rows = [], len(answer.rows)
        else:
            rows = (me.export_query(what, params, "csv", out / "new.csv", store=store) if kind == "query"
                    else me.export_cypher(what, "csv", out / "new.csv", store))
            shown = []
        took = time.perf_counter() - began
        pulled = store.pulled
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"case": case, "mode": mode, "seconds": round(took, 3), "rows": rows, "shown": len(shown),
            "pulled": pulled, "peak_mib": round(usage.ru_maxrss / 1024), "cpu": round(usage.ru_utime + usage.ru_stime, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("CASE", "MODE"))
    args = parser.parse_args()
    if not os.environ.get("QINYOU_DB"):
        raise SystemExit("set QINYOU_DB (and QINYOU_ID_KEY_FILE) to an existing embedded store")
    if args.child:
        with tempfile.TemporaryDirectory(prefix="qinyou-bench-pages-") as tmp:
            print(json.dumps(child(args.child[0], args.child[1], Path(tmp)), ensure_ascii=False))
        return
    print(f"load average at start: {os.getloadavg()}", flush=True)
    print(f"{'case':<24}{'mode':<12}{'first page / export s':>22}{'rows':>10}{'pulled':>10}"
          f"{'peak MiB':>10}{'CPU s':>8}", flush=True)
    for case in args.cases.split(","):
        for mode in args.modes.split(","):
            for _ in range(args.repeat):
                done = subprocess.run([sys.executable, __file__, "--child", case, mode],
                                      capture_output=True, text=True, check=False)
                if done.returncode:
                    print(f"{case:<24}{mode:<12} FAILED: {done.stderr.strip().splitlines()[-1:]}", flush=True)
                    continue
                r = json.loads(done.stdout.strip().splitlines()[-1])
                print(f"{case:<24}{mode:<12}{r['seconds']:>22.2f}{r['rows']:>10}{r['pulled']:>10}"
                      f"{r['peak_mib']:>10}{r['cpu']:>8.1f}", flush=True)
    print(f"load average at end: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
