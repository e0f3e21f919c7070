"""CLI subcommands: each module defines ``register(subparsers)``."""
from __future__ import annotations

import argparse

from qinyou.settings import Settings, load


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from the environment, with the global ``--store`` / ``--db`` flags applied."""
    return load(store=getattr(args, "store", None), db_path=getattr(args, "db", None))
