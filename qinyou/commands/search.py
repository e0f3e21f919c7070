"""``qinyou search TEXT``: the app's search box on the command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qinyou.commands import session_from, settings_from


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="find persons, places and cases by name, ID fragment or title",
                       description="The app's search: matches are listed (masked unless --reveal); "
                                   "--html also writes their neighbourhood as an interactive graph page.")
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--hops", type=int, choices=[1, 2], default=1)
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--html", type=Path, help="write the neighbourhood graph (pyvis) to this HTML file")
    p.add_argument("--reveal", action="store_true", help="show personal data unmasked (investigators, with --reason)")
    p.add_argument("--reason", help="why personal data must be shown (kept in the audit log)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from qinyou.graph.explore import neighbourhood, nodes_of, search
    from qinyou.graph.result import graph_elements
    from qinyou.stores import open_store
    from qinyou.graph.visual import node_rows, pyvis_html
    from qinyou.output import render

    session = session_from(args)
    if args.reveal:
        session.unmasked("search", {"text": args.text}, args.reason)
    with open_store(settings_from(args), read_only=True) as store:
        hits = nodes_of(search(store, args.text, args.limit))
        session.log("search", {"text": args.text, "hits": len(hits)})
        rows = node_rows(hits, args.reveal)
        sys.stdout.write(render(rows, ["类型", "名称", "详情", "来源"], args.format))
        if args.html:
            nodes, rels = graph_elements(neighbourhood(store, [n.id for n in hits], args.hops, 300))
            nodes.update({n.key: n for n in hits})
            args.html.write_text(pyvis_html((nodes, rels), reveal=args.reveal), encoding="utf-8")
            print(f"graph of {len(nodes)} nodes written to {args.html}", file=sys.stderr)
    return 0
