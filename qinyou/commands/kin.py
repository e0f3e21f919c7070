"""``qinyou kin A B`` and ``qinyou neighbours ID``: the graph page's kin path and bounded neighbourhood."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qinyou import api
from qinyou.commands import session_from, settings_from


def register(sub: argparse._SubParsersAction) -> None:
    k = sub.add_parser("kin", help="how are two people related? the kin path and its composed word",
                       description="Walks household (与户主关系) and 备案 records from A, up to three records, "
                                   "and composes what B is to A (B is A's …), as kin_benefit does.")
    k.add_argument("a", help="person id")
    k.add_argument("b", help="person id")
    k.add_argument("--reveal", action="store_true", help="names unmasked (investigators, with --reason)")
    k.add_argument("--reason", help="why personal data must be shown (kept in the audit log)")
    k.add_argument("--trainer", action="store_true")
    k.set_defaults(func=run_kin)
    n = sub.add_parser("neighbours", help="a node's neighbourhood, at most N neighbours per node (\"and N more\")",
                       description="The graph page's drawing: nodes within --hops of ID, each node showing at "
                                   "most --per-node neighbours and a stub counting the rest.")
    n.add_argument("node", help="node id (Person:..., Place:..., Household:..., Case:...)")
    n.add_argument("--hops", type=int, choices=[1, 2], default=1)
    n.add_argument("--per-node", type=int, default=12)
    n.add_argument("--expand", action="append", default=[], help="also open this node id (repeatable)")
    n.add_argument("--html", type=Path, help="write the drawing (pyvis) to this HTML file")
    n.add_argument("--reveal", action="store_true", help="personal data unmasked (investigators, with --reason)")
    n.add_argument("--reason", help="why personal data must be shown (kept in the audit log)")
    n.set_defaults(func=run_neighbours)


def run_kin(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if args.reveal:
        session_from(args).unmasked("kin", {"a": args.a, "b": args.b}, args.reason)
    answer = api.kin_path(args.a, args.b, settings, api.masking(settings, args.reveal, args.trainer))
    if not answer.found:
        print("no kin path of up to three records")
        return 1
    print(f"relation: {answer.relation} ({'certain' if answer.certain else 'ambiguous'}; "
          f"{'in' if answer.in_scope else 'outside'} the 近亲属 scope)")
    print("path: " + " ".join(answer.path))
    for step in answer.steps:
        print(f"  {step['source']}: {step['word']}")
    return 0


def run_neighbours(args: argparse.Namespace) -> int:
    from qinyou.graph.explore import MORE_LABEL
    from qinyou.graph.visual import node_rows, pyvis_html
    from qinyou.output import render

    if args.reveal:
        session_from(args).unmasked("neighbours", {"node": args.node}, args.reason)
    nodes, rels = api.neighbourhood([args.node], settings_from(args), args.hops, args.per_node, args.expand)
    real = [n for n in nodes.values() if n.label != MORE_LABEL]
    sys.stdout.write(render(node_rows(real, args.reveal), ["类型", "名称", "详情", "来源"], "table"))
    for stub in (n for n in nodes.values() if n.label == MORE_LABEL):
        print(f"… and {stub.props['more']} more around {stub.props['of']}")
    if args.html:
        args.html.write_text(pyvis_html((nodes, rels), reveal=args.reveal), encoding="utf-8")
        print(f"graph of {len(nodes)} nodes written to {args.html}", file=sys.stderr)
    return 0
