"""``qinyou queries`` and ``qinyou query NAME -p key=value``: saved, read-only queries."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qinyou import api
from qinyou.commands import settings_from
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
                   help="show ID numbers and household names unmasked (personal data!)")
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

    query, result = api.run_query(args.name, parse_params(args.param), settings_from(args))
    records = masked_records(result, query.private, reveal=args.reveal)
    text = render(records, result.columns, args.format)
    if args.out:
        args.out.write_text(text, encoding="utf-8-sig" if args.format == "csv" else "utf-8")
        print(f"{len(records)} rows written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
