"""``qinyou queries``, ``qinyou query NAME -p key=value`` and ``qinyou cypher TEXT``: read-only queries.

``--page N`` shows one page of the answer (only that page is fetched from the store, as
in the app); ``--out FILE`` streams the whole answer to a file chunk by chunk (CSV,
.xlsx or JSON Lines, from ``--format`` or the file's suffix), masked and audited.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qinyou import api
from qinyou.access.session import Answer, Session
from qinyou.commands import session_from, settings_from
from qinyou.errors import QueryError

SUFFIX_FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".jsonl": "json"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("queries", help="list the saved queries with their titles and parameters")
    p.set_defaults(func=run_list)
    q = sub.add_parser("query", help="run a saved query (read-only)",
                       description="Run a saved query from queries/*.cypher; parameters come from "
                                   "its header and are passed to the store as parameters only.")
    q.add_argument("name")
    q.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE")
    _paging(q)
    q.add_argument("--reveal", action="store_true",
                   help="show ID numbers and household names unmasked (personal data! investigators, with --reason)")
    q.add_argument("--reason", help="why personal data must be shown (kept in the audit log)")
    q.set_defaults(func=run_query)
    c = sub.add_parser("cypher", help="run a read-only Cypher query (the app's Cypher box)",
                       description="Run an ad-hoc read-only query in the store's dialect; writes are refused. "
                                   "Results come back masked, like the app's Cypher box.")
    c.add_argument("text", help="the Cypher text (a write clause is refused)")
    _paging(c)
    c.set_defaults(func=run_cypher)


def _paging(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["table", "csv", "json", "xlsx"], default=None,
                   help="table (default on the terminal), csv, json (JSON Lines) or xlsx (with --out)")
    p.add_argument("--page", type=int, default=None, metavar="N",
                   help="show page N (from 1) of the answer: only that page is fetched from the store")
    p.add_argument("--page-size", type=int, default=100, metavar="ROWS", help="rows per page (default 100)")
    p.add_argument("--out", type=Path, help="write the whole answer here, streamed chunk by chunk (an export)")


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


def _offset(args: argparse.Namespace) -> int:
    if args.page is not None and args.page < 1:
        raise QueryError(f"--page counts from 1, not {args.page}")
    return ((args.page or 1) - 1) * args.page_size


def _out_format(args: argparse.Namespace) -> str:
    fmt = args.format or SUFFIX_FORMATS.get(args.out.suffix.lower(), "csv")
    if fmt == "table":
        raise QueryError("--out writes csv, xlsx or json: name one with --format or the file's suffix")
    return str(fmt)


def _show(records: list[dict[str, Any]], columns: list[str], args: argparse.Namespace,
          answer: Answer | None = None) -> None:
    from qinyou.output import render

    fmt = args.format or "table"
    if fmt == "xlsx":
        raise QueryError("xlsx goes to a file: add --out FILE.xlsx")
    sys.stdout.write(render(records, columns, fmt))
    if answer is not None and args.page is not None:
        first, last = answer.offset + 1, answer.offset + len(answer.rows)
        more = f"; more follow: --page {args.page + 1}" if answer.more else "; the last page"
        print(f"rows {first}-{last}{more}", file=sys.stderr)


def run_query(args: argparse.Namespace) -> int:
    session = session_from(args)
    params = parse_params(args.param)
    if args.out:
        session.principal.require("export")
    if args.reveal:
        return _revealed(session, args, params)
    if args.out:
        rows = session.export_query(args.name, params, _out_format(args), args.out)
        print(f"{rows} rows written to {args.out}", file=sys.stderr)
        return 0
    if args.page is not None:
        answer = session.query_page(args.name, params, _offset(args), args.page_size)
    else:
        answer = session.query(args.name, params)  # masked, audited
    _show(answer.rows, answer.columns, args, answer)
    return 0


def _revealed(session: Session, args: argparse.Namespace, params: dict[str, str]) -> int:
    """``--reveal --reason``: unmasked rows, for an investigator; audited as a reveal."""
    from qinyou.explore.export import write_table
    from qinyou.output import masked_records

    session.unmasked("query", {"name": args.name, "params": params}, args.reason)
    settings = settings_from(args)
    query = api.get_query(args.name)
    if args.out:
        fmt = _out_format(args)
        chunks = api.query_chunks(args.name, params, settings)
        first = next(chunks)

        def records() -> Iterator[list[dict[str, Any]]]:
            yield masked_records(first, query.private, reveal=True)
            for chunk in chunks:
                yield masked_records(chunk, query.private, reveal=True)

        rows = write_table(records(), first.columns, fmt, args.out)
        session.log("export", {"what": args.name, "format": fmt, "rows": rows, "to": str(args.out), "revealed": True})
        print(f"{rows} rows written to {args.out}", file=sys.stderr)
        return 0
    if args.page is not None:
        _, page = api.query_page(args.name, params, settings, _offset(args), args.page_size)
        columns, rows_ = page.columns, page.rows
    else:
        _, result = api.run_query(args.name, params, settings)
        columns, rows_ = result.columns, result.rows
    from qinyou.graph.result import Result

    records_ = masked_records(Result(columns, rows_), query.private, reveal=True)
    session.log("query", {"name": args.name, "params": params, "rows": len(records_), "revealed": True})
    _show(records_, columns, args)
    return 0


def run_cypher(args: argparse.Namespace) -> int:
    from qinyou.stores import open_store

    session = session_from(args)
    with open_store(session.settings, read_only=True) as store:
        if args.out:
            rows = session.export_cypher(args.text, _out_format(args), args.out, store)
            print(f"{rows} rows written to {args.out}", file=sys.stderr)
            return 0
        answer = session.cypher_page(args.text, store, _offset(args), args.page_size)
    _show(answer.rows, answer.columns, args, answer)
    if args.page is None and answer.more:
        print(f"the first {len(answer.rows)} rows; more follow: --page 2 (or --out FILE for all)", file=sys.stderr)
    return 0
