"""``qinyou schema``: the graph schema, as read from graph/schema/*.yaml."""
from __future__ import annotations

import argparse
import json

from qinyou.graph.docs import schema_markdown
from qinyou import api
from qinyou.commands import settings_from


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="show the graph schema (node and relationship types)")
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    p.add_argument("--apply", action="store_true",
                   help="create the schema in the store now (tables; on Neo4j constraints and indexes) and, "
                        "after a neo4j-admin import, store absent list properties as empty lists")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.apply:
        settings = settings_from(args)
        filled = api.apply_schema(settings)
        print(f"schema applied ({settings.store_label}); "
              f"empty lists filled in: {sum(filled.values())}")
        return 0
    if args.format == "markdown":
        print(schema_markdown(), end="")
        return 0
    summary = api.schema_summary()
    if args.format == "json":
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    print("nodes:")
    for n in summary["nodes"]:
        props = ", ".join(f"{k}:{v}" for k, v in n["properties"].items())
        print(f"  {n['name']} ({n['label_zh']})  id from {n['identity']}\n      {props}")
    print("relationships:")
    for r in summary["relationships"]:
        ends = ", ".join(f"{a}->{b}" for a, b in r["ends"])
        props = ", ".join(f"{k}:{v}" for k, v in r["properties"].items())
        print(f"  {r['name']} ({r['label_zh']})  {ends}" + (f"\n      {props}" if props else ""))
    return 0
