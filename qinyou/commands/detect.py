"""``qinyou detect``: the rules of findings.md, as JSON Lines, a table or the clue ledger."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qinyou.commands import session_from, settings_from


def register(sub: argparse._SubParsersAction) -> None:
    from qinyou.detect.rules import RULES
    from qinyou.graph.kinship.scope import scopes

    p = sub.add_parser("detect", help="find suspected cases (kin on benefits, paid after death ...) with evidence",
                       description="Run the detection rules against the store and write one finding per line "
                                   "(or the clue ledger as csv/xlsx). Every finding names its evidence rows.")
    p.add_argument("--rule", action="append", choices=list(RULES), help="run only this rule (repeatable)")
    p.add_argument("--place", help="only findings in this village, town or county (a name)")
    p.add_argument("--scope", choices=list(scopes()), default="dibao",
                   help="the 近亲属 scope preset for kin_benefit (default: dibao, the 低保 备案 list)")
    p.add_argument("--format", choices=["jsonl", "csv", "xlsx", "table"], default="jsonl")
    p.add_argument("--out", type=Path, help="write here instead of stdout (required for xlsx)")
    p.add_argument("--reveal", action="store_true",
                   help="show ID numbers unmasked (personal data! investigators, with --reason)")
    p.add_argument("--reason", help="why personal data must be shown (kept in the audit log)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from qinyou.detect import detect
    from qinyou.detect.ledger import ledger_rows, write_csv, write_xlsx
    from qinyou.errors import InputError
    from qinyou import api
    from qinyou.explore.snapshot import SCOPE, snapshot_path
    from qinyou.stores import open_store

    if args.format == "xlsx" and not args.out:
        raise InputError("--format xlsx needs --out FILE")
    session = session_from(args)
    asked = {"rules": args.rule, "place": args.place, "scope": args.scope, "format": args.format}
    if args.out:
        session.principal.require("export")
    if args.reveal:
        session.unmasked("detect", asked, args.reason)
    settings = settings_from(args)
    everything = not args.rule and not args.place and args.scope == SCOPE
    with open_store(settings, read_only=True) as store:
        if everything:  # a full run also refreshes the snapshot the Findings page reads
            snap = api.build_findings_snapshot(settings, store)
            findings = [_public(f, args.reveal) for f in snap.findings]
            print(f"findings snapshot written: {snapshot_path(settings)}", file=sys.stderr)
        else:
            findings = [f.as_dict(reveal=args.reveal) for f in detect(store, args.rule, args.place, args.scope)]
    if args.format == "xlsx":
        write_xlsx(findings, args.out, args.reveal)
    elif args.format == "csv" and args.out:
        write_csv(findings, args.out, args.reveal)
    else:
        if args.format == "csv":
            import csv
            from qinyou.detect.ledger import HEADERS
            w = csv.writer(sys.stdout)
            w.writerows([HEADERS, *ledger_rows(findings, args.reveal)])
            return 0
        if args.format == "table":
            lines = [f"{f['rule']:<22}{f['certainty']:<10}{(f['people'][0]['name'] or ''):<8}"
                     f"{(f.get('relation') or ''):<10}{f['id']}" for f in findings]
            text = "\n".join(lines) + ("\n" if lines else "")
        else:
            text = "".join(json.dumps(f, ensure_ascii=False, default=str) + "\n" for f in findings)
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    session.log("export" if args.out else "query", {"what": "detect", **asked, "rows": len(findings),
                                                      **({"to": str(args.out)} if args.out else {})})
    if args.out:
        print(f"{len(findings)} findings written to {args.out}", file=sys.stderr)
    return 0


def _public(stored: dict, reveal: bool) -> dict:
    """A snapshot finding as ``qinyou detect`` prints it (no place paths; ID numbers only if revealed)."""
    out = {k: v for k, v in stored.items() if k != "places"}
    if not reveal:
        out["people"] = [{k: v for k, v in p.items() if k != "idno"} for p in stored["people"]]
    return out
