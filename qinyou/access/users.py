"""Local users of the app: a JSON file of name, role and Argon2id password hash.

Hashing and checking is argon2-cffi's :class:`~argon2.PasswordHasher` (its
defaults, RFC 9106 low-memory profile); nothing here touches crypto itself.
The file is rewritten whole (temporary file, then rename; mode 0600) and never
holds a password. Logins are audited, failed ones too, and a name with
:data:`MAX_FAILURES` failures within :data:`FAILURE_WINDOW` is refused until the
window has passed, whatever password comes.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from qinyou.access import audit
from qinyou.access.roles import Principal
from qinyou.errors import AccessError, ConfigError, LoginError
from qinyou.settings import ROLES

MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)
MIN_PASSWORD = 8
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("not a password of anyone")  # unknown names cost as much as known ones


@dataclass(frozen=True)
class User:
    name: str
    role: str
    hash: str
    demo: bool = False
    created: str = ""


def load(path: Path) -> dict[str, User]:
    """Name → user; no file is no users. A malformed file is a clear error."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        users = [User(**u) for u in data["users"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError("the user file is not a qinyou user list", file=str(path)) from exc
    return {u.name: u for u in users}


def _save(path: Path, users: dict[str, User]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"users": [asdict(u) for u in sorted(users.values(), key=lambda u: u.name)]},
                      ensure_ascii=False, indent=1)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text + "\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check(name: str, role: str, password: str | None) -> None:
    if not name.strip() or any(c.isspace() for c in name) or len(name) > 64:
        raise AccessError(f"a user name is 1-64 characters without spaces, not {name!r}")
    if role not in ROLES:
        raise AccessError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    if password is not None and len(password) < MIN_PASSWORD:
        raise AccessError(f"a password has at least {MIN_PASSWORD} characters")


def add(path: Path, name: str, role: str, password: str, demo: bool = False) -> User:
    """Add a user (the name must be new)."""
    _check(name, role, password)
    users = load(path)
    if name in users:
        raise AccessError(f"user {name!r} exists already (use `qinyou users passwd` or `role`)")
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    users[name] = User(name, role, _HASHER.hash(password), demo, now)
    _save(path, users)
    return users[name]


def _existing(users: dict[str, User], name: str) -> User:
    if name not in users:
        raise AccessError(f"no user {name!r}")
    return users[name]


def remove(path: Path, name: str) -> None:
    users = load(path)
    _existing(users, name)
    del users[name]
    _save(path, users)


def set_password(path: Path, name: str, password: str) -> None:
    users = load(path)
    user = _existing(users, name)
    _check(name, user.role, password)
    users[name] = User(user.name, user.role, _HASHER.hash(password), user.demo, user.created)
    _save(path, users)


def set_role(path: Path, name: str, role: str) -> None:
    users = load(path)
    user = _existing(users, name)
    _check(name, role, None)
    users[name] = User(user.name, role, user.hash, user.demo, user.created)
    _save(path, users)


def recent_failures(audit_path: Path, name: str, now: dt.datetime | None = None) -> int:
    """Failed logins of ``name`` since its last success, within :data:`FAILURE_WINDOW`."""
    since = (now or dt.datetime.now(dt.timezone.utc)) - FAILURE_WINDOW
    count = 0
    for entry in audit.entries(audit_path):
        if entry.get("user") != name or entry.get("action") != "login":
            continue
        if entry.get("ok"):
            count = 0
        elif dt.datetime.fromisoformat(str(entry["time"])) >= since:
            count += 1
    return count


def authenticate(path: Path, audit_path: Path, name: str, password: str) -> Principal:
    """The user's principal when the password fits; else a :class:`LoginError`. Audited either way."""
    name = name.strip()
    users = load(path)
    if recent_failures(audit_path, name) >= MAX_FAILURES:
        audit.record(audit_path, name, "", "login", {"reason": "throttled"}, ok=False)
        raise LoginError(f"too many failed logins: wait {int(FAILURE_WINDOW.total_seconds() // 60)} minutes")
    user = users.get(name)
    try:
        _HASHER.verify(user.hash if user else _DUMMY, password)
        good = user is not None
    except (VerificationError, InvalidHashError):
        good = False
    if not good or user is None:
        audit.record(audit_path, name, user.role if user else "", "login",
                     {"reason": "wrong password" if user else "unknown user"}, ok=False)
        raise LoginError("用户名或密码错误 / wrong user name or password")
    if _HASHER.check_needs_rehash(user.hash):
        set_password(path, name, password)
    audit.record(audit_path, name, user.role, "login", {})
    return Principal(user.name, user.role, user.demo)


def demo_login(path: Path, audit_path: Path, name: str) -> Principal:
    """Log in a demo account without a password (``qinyou demo``); only a user marked demo."""
    user = load(path).get(name)
    if user is None or not user.demo:
        raise LoginError(f"{name!r} is not a demo account")
    audit.record(audit_path, name, user.role, "login", {"demo": True})
    return Principal(user.name, user.role, True)
