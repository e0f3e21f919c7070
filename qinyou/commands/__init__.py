"""CLI subcommands: each module defines ``register(subparsers)``."""
from __future__ import annotations

import argparse

import getpass

from qinyou.access.roles import Principal
from qinyou.access.session import Session
from qinyou.settings import Settings, load


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from the environment, with the global ``--store`` / ``--db`` flags applied."""
    return load(store=getattr(args, "store", None), db_path=getattr(args, "db", None))


def principal_from(settings: Settings) -> Principal:
    """Who the command line acts as: the local OS user, in the role of ``QINYOU_ROLE``
    (investigator unless set: whoever runs the CLI holds the store's files anyway; the audit
    log records what they did)."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return Principal(f"os:{name}", settings.role)


def session_from(args: argparse.Namespace) -> Session:
    """A guarded, audited session for a command."""
    settings = settings_from(args)
    return Session(settings, principal_from(settings), trainer=bool(getattr(args, "trainer", False)))
