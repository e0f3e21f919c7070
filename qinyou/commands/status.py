"""``qinyou status``: which store, whether it answers, its counts (never a traceback)."""
from __future__ import annotations

import argparse

from qinyou import api
from qinyou.commands import settings_from


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("status", help="the store: embedded or Neo4j, reachable or not, counts, last change")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    status = api.store_status(settings_from(args))
    print(f"store: {status.label}\nstate: {status.state}")
    if status.message:
        print(f"message: {status.message}")
    if status.last_change:
        print(f"last change: {status.last_change}")
    for kind in ("nodes", "relationships"):
        total = sum(status.counts.get(kind, {}).values())
        if status.counts:
            print(f"{kind}: {total}")
    return 0 if status.state in ("ok", "empty") else 1
