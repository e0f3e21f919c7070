"""Benchmark: read a synthetic county's rosters and load them into the embedded store.

    .venv/bin/python bench/bench_rosters.py --villages 3000 [--dir /tmp/bench-county] [--big-beneficiaries]
        [--big-file /tmp/big_beneficiaries.csv] [--skip-county]

Loads file by file into the embedded store, as ``qinyou ingest`` does
(:func:`qinyou.api.ingest`), and prints per file the read and load times and
rows/s, then the totals and the peak RSS (resource.getrusage).
``--big-beneficiaries`` also times one beneficiaries CSV of every person of the
county (≈1.1M rows at 3000 villages) on its own, into an empty store;
``--big-file`` keeps that CSV (generated once) for later runs.
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
    ap.add_argument("--big-file", type=Path, default=None, help="keep/reuse the big beneficiaries CSV here")
    ap.add_argument("--skip-county", action="store_true", help="only the big beneficiaries CSV")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qinyou-bench-"))
    county = args.dir or work / "county"
    if not args.skip_county and not (county / "truth.json").exists():
        from ingest.synth import generate

        t = time.monotonic()
        generate(county, args.villages, args.seed)
        print(f"synth {args.villages} villages: {time.monotonic() - t:.1f}s")
    if not args.skip_county:
        files = sorted(p for p in county.iterdir() if p.suffix in (".csv", ".xlsx", ".xls"))
        started = time.monotonic()
        store = EmbeddedStore(work / "store")
        rows = 0
        read_s = load_s = 0.0
        for path in files:
            t = time.monotonic()
            b, rep = read_roster(path)
            rt = time.monotonic() - t
            t = time.monotonic()
            store.load(b)
            lt = time.monotonic() - t
            del b
            rows += rep.read
            read_s += rt
            load_s += lt
            print(f"  {path.name}: {rep.read} rows; read {rt:.1f}s ({rep.read / max(rt, 1e-9):,.0f} rows/s), "
                  f"load {lt:.1f}s; peak RSS {peak_mb():,.0f} MB", flush=True)
        t = time.monotonic()
        counts = store.counts()  # copies the waiting relationships
        store.close()
        load_s += time.monotonic() - t
        total = time.monotonic() - started
        print(f"read {rows} rows in {read_s:.1f}s; store load {load_s:.1f}s; total {total:.1f}s "
              f"({rows / total:,.0f} rows/s); peak RSS {peak_mb():,.0f} MB")
        print("nodes:", {k: v for k, v in counts["nodes"].items() if v})
        print("relationships:", {k: v for k, v in counts["relationships"].items() if v})

    if args.big_beneficiaries:
        path = args.big_file
        if path is None or not path.exists():
            made = big_beneficiaries(work, args.villages, args.seed)
            if path is not None:
                shutil.move(made, path)
            else:
                path = made
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
