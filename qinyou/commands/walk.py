"""``qinyou walk``: the trainer's guided walk through the case patterns, masked notice-style."""
from __future__ import annotations

import argparse

from qinyou import api
from qinyou.commands import settings_from
from qinyou.detect.ledger import evidence_text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("walk", help="the trainer's walk: each case pattern, the rule broken, path and evidence",
                       description="One stop per finding shown (the first of each rule), in presenting order; "
                                   "every name and ID masked the way notices mask them (王某某).")
    p.add_argument("--per-rule", type=int, default=2)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    for i, stop in enumerate(api.training_walk(settings_from(args), args.per_rule), 1):
        f = stop.finding
        print(f"\n{i}. {stop.title} ({stop.pattern.rule})")
        print(f"   模式: {stop.pattern.pattern}\n   规定: {stop.pattern.basis}")
        print("   人员: " + " · ".join(f"{p['role']} {p['name']} {p.get('idno_masked') or ''}" for p in f["people"]))
        if f.get("path"):
            print("   路径: " + " ".join(f["path"]))
        print("   证据: " + "；".join(evidence_text(e) for e in f["evidence"]))
    return 0
