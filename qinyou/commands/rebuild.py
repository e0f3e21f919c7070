"""``qinyou rebuild PATH...``: read the inputs again into a fresh store with this installation's ID key."""
from __future__ import annotations

import argparse
from pathlib import Path

from qinyou.commands import settings_from
from qinyou.commands.ingest import KINDS
from qinyou.progress import Bar
from qinyou.rebuild import rebuild


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rebuild", help="rebuild the store from its input files with this installation's ID key",
                       description="For a store built with another ID key or before ID numbers were keyed: "
                                   "the embedded store is moved aside (kept), a Neo4j database is emptied "
                                   "(--yes), the inputs are ingested again, and the identity judgements "
                                   "whose persons can be found again are recorded again.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--kind", choices=KINDS, help="roster kind, when the header does not tell")
    p.add_argument("--mapping", type=Path, help="a roster mapping YAML of your own")
    p.add_argument("--yes", action="store_true", help="Neo4j: agree that the database is emptied first")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    with Bar("read", 1) as bar:
        done = rebuild(args.paths, settings, kind=args.kind, mapping=args.mapping, on_file=bar.on_file,
                       progress=bar.on_load, clear_neo4j=args.yes)
    if done.moved_to:
        print(f"the old store is kept at {done.moved_to} (delete it once the new one is checked)")
    if done.cleared:
        print(f"emptied {settings.store_label}: {done.cleared} nodes deleted")
    created = sum(done.ingest.load.created.values())
    print(f"graph: {created} created ({settings.store_label}); ID key {settings.id_key_path}")
    print(f"judgements recorded again: {done.judgements_kept}; dropped (a person not found again): "
          f"{done.judgements_dropped}")
    return 0
