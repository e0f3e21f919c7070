"""``qinyou synth``: write a synthetic county's rosters and its truth.json."""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from qinyou.errors import ConfigError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("synth", help="write a synthetic county (rosters + truth.json)",
                       description="Write the rosters of a synthetic county (东岭县) in the formats towns keep, "
                                   "with messy but valid rows, a known number of bad rows per class, planted "
                                   "patterns, and truth.json describing what a reader and the rules must find.")
    p.add_argument("--out", required=True, type=Path, help="directory to write into")
    p.add_argument("--villages", type=int, default=30, help="number of villages (≈367 persons each; default 30)")
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed, same files)")
    p.add_argument("--notices", type=int, default=0,
                   help="also write this many case notices about the county's cadres (into OUT/notices), "
                        "with the truth of every name they mention")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from qinyou.ingest.synth import generate

    if args.villages < 1:
        raise ConfigError("--villages must be at least 1")
    started = time.monotonic()
    truth = generate(args.out, args.villages, args.seed, notices=args.notices)
    for name, f in truth["files"].items():
        print(f"{name}: {f['rows']} rows ({f['loaded']} good, {f['rejected']} bad)")
    pats = ", ".join(f"{k} {v['count']}" for k, v in truth["patterns"].items())
    print(f"{truth['persons']} persons in {truth['households']} households, {truth['villages']} villages; "
          f"patterns: {pats}; {time.monotonic() - started:.1f}s → {args.out}")
    return 0
