"""``qinyou triage``: mark a finding open / confirmed / dismissed with a note, or list the decisions."""
from __future__ import annotations

import argparse
import sys

from qinyou.commands import session_from, settings_from
from qinyou.errors import InputError
from qinyou.explore.triage import STATUSES, current
from qinyou.output import render


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("triage", help="mark a finding open, confirmed or dismissed (with a note), or list marks",
                       description="Triage is kept by the finding's stable id in a JSON Lines log beside the "
                                   "store ($QINYOU_TRIAGE), so it survives re-ingests; the latest mark is in force.")
    p.add_argument("finding", nargs="?", help="finding id (rule:digest), see `qinyou detect`")
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--note", default="")
    p.add_argument("--by", default="", help="who decided (default: the OS user)")
    p.add_argument("--list", action="store_true", help="list the marks in force")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if args.list or not args.finding:
        rows = [{"finding": d.finding, "status": d.status, "note": d.note, "by": d.by, "at": d.at}
                for d in current(settings.triage_path).values()]
        sys.stdout.write(render(rows, ["finding", "status", "note", "by", "at"], args.format))
        return 0
    if not args.status:
        raise InputError("qinyou triage FINDING needs --status open|confirmed|dismissed")
    d = session_from(args).triage(args.finding, args.status, args.note, args.by or None)
    print(f"{d.finding}: {d.status}" + (f" ({d.note})" if d.note else ""), file=sys.stderr)
    return 0
