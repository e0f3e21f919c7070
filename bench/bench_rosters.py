"""Benchmark: read a synthetic county's rosters and load them into the embedded store.

    .venv/bin/python bench/bench_rosters.py --villages 3000 [--dir /tmp/bench-county] [--big-beneficiaries]
        [--big-file /tmp/big_beneficiaries.csv] [--skip-county]

Runs :func:`qinyou.api.ingest` (what ``qinyou ingest`` runs: file by file,
with the read-ahead helper process, into the embedded store) and prints when
each file was reached, the totals, and memory: the peak RSS of this process,
of the helper, and the peak of their sum (sampled from /proc every 50 ms).
``--big-beneficiaries`` also times one beneficiaries CSV of every person of the
county (≈1.1M rows at 3000 villages) on its own, into an empty store;
``--big-file`` keeps that CSV (generated once) for later runs.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path


from qinyou.graph.embedded import EmbeddedStore


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TreeRss:
    """The peak of the summed RSS of this process and its children, sampled in a thread."""

    def __init__(self) -> None:
        self.peak = self.helper = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/statm") as fh:
                return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return 0

    @staticmethod
    def _children(pid: int) -> list[int]:
        out: list[int] = []
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    out += [int(x) for x in fh.read().split()]
        except OSError:
            pass
        return out

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = [os.getpid()]
            for pid in pids:
                pids.extend(self._children(pid))
            sizes = [self._rss(p) for p in pids]
            self.peak = max(self.peak, sum(sizes))
            self.helper = max([self.helper, *sizes[1:]])
            self._stop.wait(0.05)

    def __enter__(self) -> "TreeRss":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def ingest(paths: list[Path], db: Path, label: str) -> None:
    """Time :func:`qinyou.api.ingest` of ``paths`` into a new embedded store at ``db``."""
    from qinyou import api
    from qinyou.settings import load

    started = time.monotonic()

    def on_file(path: Path, i: int, n: int) -> None:
        print(f"  {time.monotonic() - started:6.1f}s  file {i}/{n}: {path.name}", flush=True)

    with TreeRss() as tree:
        summary = api.ingest(paths, load(store="embedded", db_path=db), on_file=on_file)
    total = time.monotonic() - started
    rows = sum(r.read for r in summary.reports)
    for report in summary.reports:
        print(f"  {report.summary()}")
    print(f"{label}: {rows} rows in {total:.1f}s ({rows / total:,.0f} rows/s); "
          f"{sum(summary.load.created.values())} created, {sum(summary.load.updated.values())} updated; "
          f"peak RSS {peak_mb():,.0f} MB (getrusage); sampled: helper {tree.helper / 2**20:,.0f} MB, "
          f"this process and helper together {tree.peak / 2**20:,.0f} MB", flush=True)


def big_beneficiaries(directory: Path, villages: int, seed: int) -> Path:
    """Every person of the county as a 低保 member: one ≈1.1M-row GB18030 CSV."""
    import numpy as np

    from qinyou.ingest.synth import generate  # noqa: F401 - keeps the import path warm
    from qinyou.ingest.synth.plant import make_plan
    from qinyou.ingest.synth.world import make_world
    from qinyou.ingest.synth import _frames
    from qinyou.ingest.synth.write import write

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
        from qinyou.ingest.synth import generate

        t = time.monotonic()
        generate(county, args.villages, args.seed)
        print(f"synth {args.villages} villages: {time.monotonic() - t:.1f}s")
    if not args.skip_county:
        ingest([county], work / "store", f"county of {args.villages} villages")
        with EmbeddedStore(work / "store", read_only=True) as store:
            counts = store.counts()
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
        ingest([path], work / "store-big", "big beneficiaries")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
