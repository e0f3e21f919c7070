"""``qinyou export --neo4j-import DIR``: the graph as files for Neo4j's offline bulk importer."""
from __future__ import annotations

import argparse
from pathlib import Path

from qinyou import api
from qinyou.commands import settings_from


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="write the graph as header + CSV files for neo4j-admin import",
                       description="Write every node and relationship of the current store (read-only) as "
                                   "header + CSV files for `neo4j-admin database import full`, with the "
                                   "importer's arguments in DIR/import.args. For graphs too big to load "
                                   "over Bolt: build them in the embedded store, export, import. The files "
                                   "hold ID numbers and names unmasked: keep them as safe as the store.")
    p.add_argument("--neo4j-import", required=True, type=Path, metavar="DIR",
                   help="directory to write (created; files of an earlier export are replaced)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    done = api.export_neo4j_import(settings_from(args), args.neo4j_import)
    print(f"{sum(done.nodes.values())} nodes and {sum(done.relationships.values())} relationships "
          f"→ {done.directory}")
    print("next, with Neo4j stopped (this replaces the database):")
    print(f"  neo4j-admin database import full --overwrite-destination @{done.directory / 'import.args'} neo4j")
    print("  (or: bash scripts/neo4j-local.sh admin database import full --overwrite-destination "
          f"@{done.directory / 'import.args'} neo4j)")
    print("then start Neo4j and run: qinyou --store neo4j schema --apply")
    return 0
