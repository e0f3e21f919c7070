"""``qinyou card ID`` and ``qinyou evidence SOURCE``: the app's person card and evidence on the command line."""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from qinyou import api
from qinyou.commands import session_from, settings_from
from qinyou.explore.card import SECTION_ZH, SECTIONS, card_rows
from qinyou.output import render


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("card", help="a person's card: posts, household, relatives, benefits, payments, cases",
                       description="Every fact about one person (by id, see `qinyou search`) with its sources; "
                                   "names and ID numbers masked unless --reveal (or notice-style with --trainer).")
    p.add_argument("person", help="person id (Person:...)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--reveal", action="store_true", help="show personal data unmasked (investigators, with --reason)")
    p.add_argument("--reason", help="why personal data must be shown (kept in the audit log)")
    p.add_argument("--trainer", action="store_true", help="mask every name and ID as notices do (王某某)")
    p.set_defaults(func=run_card)
    e = sub.add_parser("evidence", help="open a source: a roster file and row, or a notice span in its text",
                       description="SOURCE is a provenance string as cards and findings cite it: "
                                   "file#rROW or doc#cSTART-END.")
    e.add_argument("source")
    e.add_argument("--trainer", action="store_true", help="mask names in the notice text")
    e.set_defaults(func=run_evidence)


def run_card(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if args.reveal:
        session_from(args).unmasked("card", {"person": args.person}, args.reason)
    card = api.person_card(args.person, settings, api.masking(settings, args.reveal, args.trainer))
    if args.format == "json":
        print(json.dumps(asdict(card), ensure_ascii=False, default=str))
        return 0
    print(f"{card.name}  {card.idno}  {card.gender}  ({'；'.join(card.sources)})")
    if card.idno_note:
        print(card.idno_note)
    for kind in SECTIONS:
        rows = card_rows(card, kind)
        if rows:
            print(f"\n## {SECTION_ZH[kind]}")
            sys.stdout.write(render(rows, list(rows[0]), "table"))
    return 0


def run_evidence(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    ev = api.evidence(args.source, settings, api.masking(settings, trainer=args.trainer))
    kind = " ".join(x for x in (ev.kind, ev.roster_kind) if x)
    print(ev.label + (f"  ({kind})" if kind else "  (document not in the store)"))
    if ev.span is not None:
        print(f"{ev.before}【{ev.marked}】{ev.after}")
    return 0
