"""``qinyou queries`` and ``qinyou query NAME -p key=value``: saved, read-only queries."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qinyou import api
from qinyou.commands import session_from, settings_from
from qinyou.errors import QueryError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("queries", help="list the saved queries with their titles and parameters")
    p.set_defaults(func=run_list)
    q = sub.add_parser("query", help="run a saved query (read-only)",
                       description="Run a saved query from queries/*.cypher; parameters come from "
                                   "its header and are passed to the store as parameters only.")
    q.add_argument("name")
    q.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.add_argument("--out", type=Path, help="write the result here instead of stdout")
    q.add_argument("--reveal", action="store_true",
                   help="show ID numbers and household names unmasked (personal data! investigators, with --reason)")
    q.add_argument("--reason", help="why personal data must be shown (kept in the audit log)")
    q.set_defaults(func=run_query)


def run_list(args: argparse.Namespace) -> int:
    for query in api.queries():
        params = ", ".join(f"{p.name}: {p.type}" + (f" = {p.default!r}" if p.default is not None else "")
                           for p in query.params)
        print(f"{query.name:<24}{query.title}  [{query.returns}]")
        print(f"{'':<24}params: {params or '-'}")
    return 0


def parse_params(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"parameters are KEY=VALUE, not {item!r}")
        out[key.strip()] = value
    return out


def run_query(args: argparse.Namespace) -> int:
    from qinyou.output import masked_records, render

    session = session_from(args)
    params = parse_params(args.param)
    if args.out:
        session.principal.require("export")
    if args.reveal:
        session.unmasked("query", {"name": args.name, "params": params}, args.reason)
        query, result = api.run_query(args.name, params, settings_from(args))
        session.log("query", {"name": args.name, "params": params, "rows": len(result), "revealed": True})
        records, columns = masked_records(result, query.private, reveal=True), result.columns
    else:
        answer = session.query(args.name, params)  # masked, audited
        records, columns = answer.rows, answer.columns
    text = render(records, columns, args.format)
    if args.out:
        session.log("export", {"what": args.name, "format": args.format, "rows": len(records), "to": str(args.out)})
        args.out.write_text(text, encoding="utf-8-sig" if args.format == "csv" else "utf-8")
        print(f"{len(records)} rows written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
