"""``qinyou extract``: case-notice text → structured facts as JSON Lines (see spec/extraction.md)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, Any

from qinyou.ingest.notices.extractor import extract
from qinyou.ingest.notices.reader import NoticeDoc, read_path, read_stream


def register(sub: Any) -> None:
    p = sub.add_parser("extract", help="extract persons, posts, places, kin, violations, amounts and "
                                       "penalties from case notices (.txt / .jsonl / stdin JSONL)")
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help=".txt (one document, id = stem) or .jsonl ({id, text} per line); '-' or none: stdin")
    p.add_argument("--out", default=None, help="write JSON Lines here instead of stdout")
    p.set_defaults(func=run)


def _docs(inputs: list[str], stdin: IO[str]) -> tuple[list[NoticeDoc], int]:
    docs: list[NoticeDoc] = []
    readable = 0
    for item in inputs or ["-"]:
        if item == "-":
            docs.extend(read_stream(stdin))
            readable += 1
            continue
        path = Path(item)
        try:
            docs.extend(read_path(path))
            readable += 1
        except OSError as exc:
            print(f"qinyou extract: cannot read {item}: {exc.strerror or exc}", file=sys.stderr)
    return docs, readable


def _record(doc: NoticeDoc) -> dict[str, Any]:
    if doc.error is not None or doc.text is None:
        return {"id": doc.id, "error": doc.error or "no text"}
    return extract(doc.id, doc.text)


def run(args: argparse.Namespace) -> int:
    docs, readable = _docs(list(args.inputs), sys.stdin)
    if not readable:
        print("qinyou extract: no input could be read", file=sys.stderr)
        return 1
    out: IO[str]
    close = False
    if args.out:
        out = open(args.out, "w", encoding="utf-8")
        close = True
    else:
        out = sys.stdout
    try:
        for doc in docs:
            out.write(json.dumps(_record(doc), ensure_ascii=False) + "\n")
    finally:
        if close:
            out.close()
    errors = sum(1 for d in docs if d.error)
    print(f"qinyou extract: {len(docs)} documents, {errors} unreadable", file=sys.stderr)
    return 0
