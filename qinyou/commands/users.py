"""``qinyou users add|list|remove|passwd|role``: the app's local users (name, role, Argon2id hash).

A password is read without echo from the terminal, or from the first line of
stdin with ``--password-stdin`` (for scripts); it is never printed or logged.
Changes are recorded in the audit log as the local OS user.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from qinyou.access import audit, users
from qinyou.access.roles import ROLE_ZH
from qinyou.commands import principal_from, settings_from
from qinyou.errors import AccessError
from qinyou.output import render
from qinyou.settings import ROLES


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("users", help="the app's local users: add, list, remove, passwd, role",
                       description="Users of `qinyou app`, kept with Argon2id password hashes in the user file "
                                   "($QINYOU_USERS, default <db>-users.json beside the store). Roles: "
                                   "investigator (may reveal one field of one person, giving a reason), "
                                   "analyst (queries and exports, always masked), trainer (always masked).")
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    add = verbs.add_parser("add", help="add a user")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin's first line")
    add.set_defaults(func=run_add)
    lst = verbs.add_parser("list", help="list users and roles (never hashes)")
    lst.add_argument("--format", choices=["table", "csv", "json"], default="table")
    lst.set_defaults(func=run_list)
    rm = verbs.add_parser("remove", help="remove a user")
    rm.add_argument("name")
    rm.set_defaults(func=run_remove)
    pw = verbs.add_parser("passwd", help="set a user's password")
    pw.add_argument("name")
    pw.add_argument("--password-stdin", action="store_true")
    pw.set_defaults(func=run_passwd)
    ro = verbs.add_parser("role", help="change a user's role")
    ro.add_argument("name")
    ro.add_argument("role", choices=ROLES)
    ro.set_defaults(func=run_role)


def read_password(from_stdin: bool) -> str:
    """A new password: stdin's first line, or asked twice on the terminal without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise AccessError("the two passwords differ")
    return first


def _log(args: argparse.Namespace, verb: str, **params: object) -> None:
    settings = settings_from(args)
    who = principal_from(settings)
    audit.record(settings.audit_path, who.user, who.role, "users", {"verb": verb, **params})


def run_add(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    user = users.add(settings.users_path, args.name, args.role, read_password(args.password_stdin))
    _log(args, "add", name=user.name, role=user.role)
    print(f"added {user.name} ({user.role}) to {settings.users_path}", file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace) -> int:
    rows = [{"name": u.name, "role": u.role, "角色": ROLE_ZH[u.role], "demo": "yes" if u.demo else "",
             "created": u.created} for u in users.load(settings_from(args).users_path).values()]
    sys.stdout.write(render(rows, ["name", "role", "角色", "demo", "created"], args.format))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    users.remove(settings_from(args).users_path, args.name)
    _log(args, "remove", name=args.name)
    print(f"removed {args.name}", file=sys.stderr)
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    users.set_password(settings_from(args).users_path, args.name, read_password(args.password_stdin))
    _log(args, "passwd", name=args.name)
    print(f"password of {args.name} changed", file=sys.stderr)
    return 0


def run_role(args: argparse.Namespace) -> int:
    users.set_role(settings_from(args).users_path, args.name, args.role)
    _log(args, "role", name=args.name, role=args.role)
    print(f"{args.name} is now {args.role}", file=sys.stderr)
    return 0
