"""``qinyou docs``: regenerate docs/schema.md, docs/queries.md and docs/cli.md."""
from __future__ import annotations

import argparse
from pathlib import Path

from qinyou.graph.docs import schema_markdown
from qinyou.queries.catalog import queries_markdown


def cli_markdown() -> str:
    from qinyou.cli import build_parser

    parser = build_parser()
    out = ["# Command line", "", "Generated from the parser by `qinyou docs`; do not edit by hand.", "",
           "```", parser.format_help().rstrip(), "```", ""]
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, cmd in sorted(sub.choices.items()):
        out += [f"## `qinyou {name}`", "", "```", cmd.format_help().rstrip(), "```", ""]
    return "\n".join(out)


def generated() -> dict[str, str]:
    return {"schema.md": schema_markdown(), "queries.md": queries_markdown(), "cli.md": cli_markdown()}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("docs", help="regenerate the generated documentation in docs/")
    p.add_argument("--out", type=Path, default=Path("docs"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in generated().items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.out / name}")
    return 0
