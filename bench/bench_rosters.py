"""Benchmark: read a synthetic county's rosters and load them into the embedded store.

    .venv/bin/python bench/bench_rosters.py --villages 3000 [--dir /tmp/bench-county] [--big-beneficiaries]

Prints, per file, the read time and rows/s; then consolidation, the store load,
and the peak RSS (resource.getrusage). ``--big-beneficiaries`` also times one
beneficiaries CSV of every person of the county (≈1.1M rows) on its own.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.batch import GraphBatch  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from ingest.rosters import read_roster  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def big_beneficiaries(directory: Path, villages: int, seed: int) -> Path:
    """Every person of the county as a 低保 member: one ≈1.1M-row GB18030 CSV."""
    import numpy as np

    from ingest.synth import generate  # noqa: F401 - keeps the import path warm
    from ingest.synth.plant import make_plan
    from ingest.synth.world import make_world
    from ingest.synth import _frames
    from ingest.synth.write import write

    world = make_world(villages, seed)
    rng = np.random.default_rng(seed)
    plan = make_plan(world, rng, dibao_share=1.0)
    layout, frame, keys = _frames(world, plan, rng)[1]
    layout.name = "big_beneficiaries.csv"
    written = write(directory, frame.reset_index(drop=True), layout, keys, rng)
    print(f"wrote {written.rows} rows to {layout.name}")
    return directory / layout.name


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--villages", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", type=Path, default=None, help="reuse/generate the county here")
    ap.add_argument("--big-beneficiaries", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qinyou-bench-"))
    county = args.dir or work / "county"
    if not (county / "truth.json").exists():
        from ingest.synth import generate

        t = time.monotonic()
        generate(county, args.villages, args.seed)
        print(f"synth {args.villages} villages: {time.monotonic() - t:.1f}s")
    files = sorted(p for p in county.iterdir() if p.suffix in (".csv", ".xlsx", ".xls"))

    started = time.monotonic()
    batch = GraphBatch()
    rows = 0
    for path in files:
        t = time.monotonic()
        b, rep = read_roster(path)
        batch.extend(b)
        rows += rep.read
        dt = time.monotonic() - t
        print(f"  read {path.name}: {rep.read} rows in {dt:.1f}s ({rep.read / max(dt, 1e-9):,.0f} rows/s)")
    read_s = time.monotonic() - started
    t = time.monotonic()
    store = EmbeddedStore(work / "store")
    report = store.load(batch)
    load_s = time.monotonic() - t
    total = time.monotonic() - started
    counts = store.counts()
    store.close()
    print(f"read {rows} rows in {read_s:.1f}s; store load {load_s:.1f}s; total {total:.1f}s "
          f"({rows / total:,.0f} rows/s); peak RSS {peak_mb():,.0f} MB")
    print("nodes:", {k: v for k, v in counts["nodes"].items() if v})
    print("relationships:", {k: v for k, v in counts["relationships"].items() if v})
    del report

    if args.big_beneficiaries:
        path = big_beneficiaries(work, args.villages, args.seed)
        t = time.monotonic()
        b, rep = read_roster(path)
        rt = time.monotonic() - t
        store = EmbeddedStore(work / "store-big")
        store.load(b)
        store.close()
        bt = time.monotonic() - t
        print(f"big beneficiaries: {rep.summary()}; read {rt:.1f}s, read+load {bt:.1f}s "
              f"({rep.read / bt:,.0f} rows/s); peak RSS {peak_mb():,.0f} MB")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
