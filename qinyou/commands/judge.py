"""``qinyou judge`` and ``qinyou judgements``: stored, reversible identity judgements."""
from __future__ import annotations

import argparse
import json

from qinyou.graph.judgements import VERDICTS
from qinyou import api
from qinyou.commands import session_from, settings_from
from qinyou.errors import QueryError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("judge", help="record that two persons are (or are not) one person",
                       description="Store a judgement between two person ids (see `qinyou review` and "
                                   "`qinyou query person_network`). Nothing is merged; a later judgement "
                                   "on the same pair overrides an earlier one; `--undo` deletes the latest "
                                   "judgement on the pair, leaving the store as it was before it.")
    p.add_argument("a", help="person id (Person:...)")
    p.add_argument("b", help="person id (Person:...)")
    p.add_argument("--verdict", choices=VERDICTS)
    p.add_argument("--by", help="who judges (kept with the judgement)")
    p.add_argument("--undo", action="store_true", help="delete the latest judgement on the pair")
    p.add_argument("--score", type=float, help="confidence 0..1")
    p.set_defaults(func=run_judge)
    q = sub.add_parser("judgements", help="persons judged the same, as clusters, and contradictions")
    q.add_argument("--format", choices=["text", "json"], default="text")
    q.set_defaults(func=run_list)


def run_judge(args: argparse.Namespace) -> int:
    if args.undo:
        if args.verdict or args.by:
            raise QueryError("--undo takes no --verdict or --by")
        gone = session_from(args).undo_judgement(args.a, args.b)
        print(f"undone: {gone.a} {gone.verdict} {gone.b} (by {gone.judged_by} at {gone.judged_at})")
        return 0
    if not args.verdict or not args.by:
        raise QueryError("a judgement needs --verdict and --by (or --undo)")
    session = session_from(args)
    session.principal.require("judge")
    api.judge(args.a, args.b, args.verdict, args.by, settings_from(args), args.score)
    session.log("judge", {"a": args.a, "b": args.b, "verdict": args.verdict, "by": args.by, "score": args.score})
    print(f"recorded: {args.a} {args.verdict} {args.b} (by {args.by})")
    return 0


def run_list(args: argparse.Namespace) -> int:
    clusters, conflicts = api.judgements(settings_from(args))
    if args.format == "json":
        print(json.dumps({"clusters": [sorted(c) for c in clusters], "conflicts": conflicts}))
        return 0
    for i, cluster in enumerate(clusters, 1):
        print(f"cluster {i}: {', '.join(sorted(cluster))}")
    for a, b in conflicts:
        print(f"conflict: {a} judged different from {b}, yet both are in one cluster")
    if not clusters:
        print("no persons judged the same")
    return 0
