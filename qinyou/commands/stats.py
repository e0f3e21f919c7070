"""``qinyou stats``: node and relationship counts per type."""
from __future__ import annotations

import argparse
import json

from qinyou import api
from qinyou.commands import settings_from


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="node and relationship counts per type")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    counts = api.stats(settings_from(args))
    if args.format == "json":
        print(json.dumps(counts, ensure_ascii=False, sort_keys=True))
        return 0
    for section in ("nodes", "relationships"):
        print(f"{section}:")
        for name, n in sorted(counts[section].items()):
            print(f"  {name:<14}{n:>10}")
    return 0
