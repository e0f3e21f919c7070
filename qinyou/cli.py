"""The ``qinyou`` command line: a thin shell over the library.

Each subcommand lives in a module of :mod:`qinyou.commands` that defines
``register(subparsers)``; the parser is assembled from them. A
:class:`~qinyou.errors.QinyouError` becomes one line on stderr and exit 2.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

import qinyou.commands
from qinyou import __version__
from qinyou.errors import QinyouError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qinyou",
        description="亲友 — knowledge graph of rosters and case notices for poverty-alleviation supervision.")
    parser.add_argument("--version", action="version", version=f"qinyou {__version__}")
    parser.add_argument("--store", choices=["embedded", "neo4j"], default=None,
                        help="graph store (default: $QINYOU_STORE or embedded)")
    parser.add_argument("--db", default=None, help="embedded store directory (default: $QINYOU_DB or ./qinyou-data)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(qinyou.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"qinyou.commands.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except QinyouError as exc:
        print(f"qinyou: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("qinyou: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
