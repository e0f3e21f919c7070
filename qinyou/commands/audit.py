"""``qinyou audit tail`` and ``qinyou audit verify``: read the audit log and check its hash chain."""
from __future__ import annotations

import argparse
import json
import sys

from qinyou.access import audit
from qinyou.commands import settings_from
from qinyou.output import render


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help="the audit log: tail it, verify its hash chain",
                       description="Every search, query, export, reveal, judgement and login (failed ones too) "
                                   "is appended to $QINYOU_AUDIT (default <db>-audit.jsonl) with user, role "
                                   "and time; each entry is chained to the one before by its SHA-256 hash.")
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    t = verbs.add_parser("tail", help="the latest entries")
    t.add_argument("-n", "--lines", type=int, default=20)
    t.add_argument("--user")
    t.add_argument("--action")
    t.add_argument("--format", choices=["table", "json"], default="table")
    t.set_defaults(func=run_tail)
    v = verbs.add_parser("verify", help="recompute the hash chain; exit 1 at the first broken entry")
    v.set_defaults(func=run_verify)


def run_tail(args: argparse.Namespace) -> int:
    kept = audit.tail(settings_from(args).audit_path, args.lines, args.user, args.action)
    if args.format == "json":
        for entry in kept:
            print(json.dumps(entry, ensure_ascii=False, sort_keys=True))
        return 0
    rows = [{"seq": e.get("seq"), "time": e.get("time"), "user": e.get("user"), "role": e.get("role"),
             "action": e.get("action"), "ok": "yes" if e.get("ok") else "NO",
             "params": json.dumps(e.get("params", {}), ensure_ascii=False, sort_keys=True)} for e in kept]
    sys.stdout.write(render(rows, ["seq", "time", "user", "role", "action", "ok", "params"], "table"))
    return 0


def run_verify(args: argparse.Namespace) -> int:
    path = settings_from(args).audit_path
    verdict = audit.verify(path)
    if not verdict.ok:
        print(f"{path}: entry {verdict.broken_at} {verdict.problem}", file=sys.stderr)
        return 1
    print(f"{path}: {verdict.entries} entries, chain intact; head {verdict.head}")
    return 0
