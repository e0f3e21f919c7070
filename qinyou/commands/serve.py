"""``qinyou app`` and ``qinyou demo``: the Streamlit app, headless.

The app asks for a login (``qinyou users add``). ``qinyou demo`` creates a local
demo account ``demo`` (investigator, marked as a demo in the user file, with a
random password nobody is told) and the app it starts logs it in at once —
only when it listens on this machine alone (127.0.0.1, ::1, localhost).
"""
from __future__ import annotations

import argparse
import dataclasses
import secrets
import subprocess
import sys
from pathlib import Path

from qinyou import api
from qinyou.access import users
from qinyou.commands import settings_from
from qinyou.errors import ConfigError
from qinyou.settings import Settings, child_environment
from qinyou.progress import Bar
from qinyou.resources import data_path

APP = data_path("qinyou.app", "page.py")
DEMO_USER, DEMO_ROLE = "demo", "investigator"
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("app", help="start the app (Streamlit, headless) on the current store")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", default="127.0.0.1", help="listen address (default: this machine only)")
    p.set_defaults(func=run_app)
    d = sub.add_parser("demo", help="build the demo graph from corpus/ (if absent) and start the app")
    d.add_argument("--port", type=int, default=8501)
    d.add_argument("--address", default="127.0.0.1")
    d.add_argument("--rebuild", action="store_true", help="rebuild the demo graph even if present")
    d.add_argument("--no-app", action="store_true", help="only build the demo graph")
    d.set_defaults(func=run_demo)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    if not APP.exists():
        raise ConfigError("the app page is missing from the installed package", file=str(APP))
    env = child_environment(settings)
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
           "--server.port", str(args.port), "--server.address", args.address,
           "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer"]
    print(f"qinyou: serving on http://{args.address}:{args.port} (Ctrl-C stops)", file=sys.stderr)
    return subprocess.call(cmd, env=env)


def run_app(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if not users.load(settings.users_path):
        print(f"qinyou: no user yet in {settings.users_path}: nobody can log in. Create one with\n"
              "  qinyou users add NAME --role investigator|analyst|trainer", file=sys.stderr)
    return _serve(args, settings)


def demo_account(settings: Settings, address: str) -> Settings:
    """The demo account (created if absent), logged in at once when the app is local only."""
    known = users.load(settings.users_path)
    if DEMO_USER not in known:
        users.add(settings.users_path, DEMO_USER, DEMO_ROLE, secrets.token_urlsafe(24), demo=True)
    elif not known[DEMO_USER].demo:
        print(f"qinyou: {DEMO_USER!r} in {settings.users_path} is a real user, not a demo account: log in",
              file=sys.stderr)
        return settings
    if address not in LOOPBACK:
        print(f"qinyou: listening on {address}, not this machine only: the demo account is not logged in "
              f"by itself (set its password with `qinyou users passwd {DEMO_USER}`)", file=sys.stderr)
        return settings
    print(f"qinyou: logged in as the DEMO account {DEMO_USER!r} ({DEMO_ROLE}; a demo on synthetic data, "
          f"kept in {settings.users_path}); audit log: {settings.audit_path}", file=sys.stderr)
    return dataclasses.replace(settings, demo_user=DEMO_USER)


def run_demo(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if settings.store != "embedded":
        raise ConfigError("the demo builds the embedded store; unset QINYOU_STORE or pass --store embedded")
    bar = Bar("demo", 1)

    def on_file(path: Path, i: int, n: int) -> None:
        bar.total = n
        bar.update(path.name, i)

    with bar:
        summary = api.build_demo(settings, force=args.rebuild, on_file=on_file)
    if summary is None:
        print(f"qinyou: demo graph already at {settings.db_path} (use --rebuild to rebuild)", file=sys.stderr)
    else:
        for report in summary.reports:
            print(report.summary(), file=sys.stderr)
    if args.no_app:
        return 0
    return _serve(args, demo_account(settings, args.address))
