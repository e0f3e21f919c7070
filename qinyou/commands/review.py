"""``qinyou resolve`` and ``qinyou review``: identity candidates, automatic judgements, the review queue."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from qinyou import api
from qinyou.commands import settings_from
from qinyou.identity.candidates import Candidate
from qinyou.output import render


def register(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser("resolve", help="score identity candidates and judge the certain ones 'same' (by auto)",
                       description="Pairs of persons that may be one person (notice persons with roster cadres, "
                                   "notice persons of different notices, relatives named in notices with the "
                                   "resolved cadre's relatives and the village's beneficiaries) are scored; a pair both likely and "
                                   "unique is judged 'same' by 'auto' with its score; the rest wait for "
                                   "`qinyou review`. Nothing is merged; `qinyou judge --undo` reverses.")
    r.add_argument("--dry-run", action="store_true", help="score and report, write nothing")
    r.set_defaults(func=run_resolve)
    v = sub.add_parser("review", help="identity candidates waiting for a decision, with their reasons",
                       description="Each pending pair with the features that agreed and disagreed; decide "
                                   "with `qinyou judge A B --verdict same|different|unsure --by NAME`.")
    v.add_argument("--limit", type=int, default=50)
    v.add_argument("--format", choices=["table", "csv", "json"], default="table")
    v.set_defaults(func=run_review)


def row(c: Candidate) -> dict[str, Any]:
    def side(p: Any) -> str:
        return f"{p.name.text} ({p.doc or '花名册'})"

    return {"score": round(c.score, 3), "a": c.a.id, "b": c.b.id, "甲": side(c.a), "乙": side(c.b),
            "agreed": "; ".join(f.detail for f in c.comparison.agreed()),
            "disagreed": "; ".join(f.detail for f in c.comparison.disagreed())}


def run_resolve(args: argparse.Namespace) -> int:
    found = api.resolve_identities(settings_from(args), write=not args.dry_run)
    verb = "would judge" if args.dry_run else "judged"
    print(f"{len(found.candidates)} candidates; {verb} {len(found.judged)} 'same' automatically; "
          f"{len(found.pending)} wait for review (qinyou review)", file=sys.stderr)
    return 0


def run_review(args: argparse.Namespace) -> int:
    found = api.resolve_identities(settings_from(args), write=False)
    rows = [row(c) for c in found.pending[: args.limit]]
    sys.stdout.write(render(rows, list(rows[0]) if rows else ["score", "a", "b"], args.format))
    print(f"{len(found.pending)} pending ({len(rows)} shown)", file=sys.stderr)
    return 0
