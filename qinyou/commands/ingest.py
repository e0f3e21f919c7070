"""``qinyou ingest PATH...``: read rosters and notices into the graph."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qinyou import api
from qinyou.commands import settings_from
from qinyou.progress import Bar
from qinyou.ingest.report import write_rejects, write_warnings

KINDS = ["beneficiaries", "cadres", "relatives", "households", "deaths", "payments"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="read rosters (.csv .xlsx .xls) and notices (.txt .jsonl) into the graph",
                       description="Read rosters and case notices (files or directories) and merge them "
                                   "into the graph. Loading the same input twice changes nothing.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--kind", choices=KINDS, help="roster kind, when the header does not tell")
    p.add_argument("--mapping", type=Path, help="a roster mapping YAML of your own")
    p.add_argument("--rejects", type=Path, help="write rejected rows here (.csv or .jsonl)")
    p.add_argument("--warnings", type=Path,
                   help="write loaded rows worth a look (relation words not recognised) here (.csv or .jsonl)")
    p.add_argument("--format", choices=["text", "json"], default="text", help="summary format on stdout")
    p.add_argument("--keep", action="store_true",
                   help="first copy the inputs beside the store (<db>-uploads/<digest>/<name>), as the app keeps "
                        "uploads, so evidence still points at a real file")
    p.add_argument("--detect", action="store_true",
                   help="then bring the findings snapshot (<db>-findings.jsonl) up to date, as the app does")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    with Bar("read", 1) as bar:
        if args.keep:
            summary = api.ingest_kept(args.paths, settings, kind=args.kind, mapping=args.mapping,
                                      on_file=bar.on_file, progress=bar.on_load, detect=False)
        else:
            summary = api.ingest(args.paths, settings, kind=args.kind, mapping=args.mapping,
                                 on_file=bar.on_file, progress=bar.on_load)
    if args.detect:
        snap = api.refresh_findings_snapshot(settings)
        print(f"findings snapshot: {snap.header.get('findings', 0)} findings ({snap.header.get('created', '')})",
              file=sys.stderr)
    if args.rejects:
        write_rejects(summary.reports, args.rejects)
    if args.warnings:
        write_warnings(summary.reports, args.warnings)
    if args.format == "json":
        print(json.dumps({"files": [{"source": r.source, "kind": r.kind, "read": r.read, "loaded": r.loaded,
                                     "rejected": r.rejected, "relation_words_not_recognised": r.unrecognised}
                                    for r in summary.reports],
                          "created": summary.load.created, "updated": summary.load.updated},
                         ensure_ascii=False))
    else:
        for report in summary.reports:
            if report.kind != "unreadable":
                print(report.summary())
        created = sum(summary.load.created.values())
        updated = sum(summary.load.updated.values())
        print(f"graph: {created} created, {updated} updated ({settings.store_label})")
    rejected = sum(r.rejected for r in summary.reports if r.kind != "unreadable")
    if rejected and not args.rejects:
        print(f"qinyou: {rejected} rows rejected; pass --rejects FILE to see why", file=sys.stderr)
    unreadable = [r for r in summary.reports if r.kind == "unreadable"]
    for report in unreadable:
        print(f"qinyou: error: {report.source}: {report.rejects[0].reason}", file=sys.stderr)
    return 1 if unreadable else 0
