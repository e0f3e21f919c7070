"""All settings, read once from ``QINYOU_*`` environment variables.

Defaults are safe and local: an embedded store in ``./qinyou-data`` and no
server credentials. Nothing here is ever written to logs with its value
when it is a secret.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from qinyou.errors import ConfigError

STORES = ("embedded", "neo4j")
READ_AHEAD = ("auto", "on", "off")
#: who may do what (qinyou.access.roles holds the rules; the names live here so settings can check them)
ROLES = ("investigator", "analyst", "trainer")
_READ_AHEAD_WORDS = {"auto": "auto", "on": "on", "1": "on", "yes": "on", "true": "on",
                     "off": "off", "0": "off", "no": "off", "false": "off"}


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


@dataclass(frozen=True)
class Settings:
    """A snapshot of the configuration; build it with :func:`load`."""

    store: str = "embedded"
    db_path: Path = Path("qinyou-data")
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = field(default=None, repr=False)
    neo4j_database: str = "neo4j"
    neo4j_timeout: float = 10.0
    batch_size: int = 5000
    #: ``qinyou ingest`` reads the smaller files in a helper process while it reads the biggest
    read_ahead: str = "auto"
    #: where finding triage (status and notes) is kept; default beside the embedded store
    triage_file: Path | None = None
    #: trainer mode forced on: every name and ID masked as notices mask them, no revealing
    trainer: bool = False
    #: the app's local users (name, role, Argon2 hash); default ``<db>-users.json`` beside the store
    users_file: Path | None = None
    #: the append-only audit log (JSON Lines, hash-chained); default ``<db>-audit.jsonl``
    audit_file: Path | None = None
    #: the role the command line acts in, as the local OS user (investigator, analyst or trainer)
    role: str = "investigator"
    #: a demo account the app logs in at once (``qinyou demo`` sets it; only a user marked demo)
    demo_user: str | None = None
    #: the file holding the installation's ID key (``QINYOU_ID_KEY_FILE``); default: :attr:`id_key_path`
    id_key_file: Path | None = None
    #: keep raw ID numbers on persons and households (``QINYOU_STORE_IDNO=on``); off: masked form only
    store_idno: bool = False

    @property
    def triage_path(self) -> Path:
        """The triage log: ``$QINYOU_TRIAGE``, else ``<db>-triage.jsonl`` beside the store directory
        (outside it, so rebuilding the store keeps the triage)."""
        if self.triage_file is not None:
            return self.triage_file
        return self.db_path.with_name(self.db_path.name + "-triage.jsonl")

    @property
    def users_path(self) -> Path:
        """The user file: ``$QINYOU_USERS``, else ``<db>-users.json`` beside the store directory."""
        return self.users_file or self.db_path.with_name(self.db_path.name + "-users.json")

    @property
    def audit_path(self) -> Path:
        """The audit log: ``$QINYOU_AUDIT``, else ``<db>-audit.jsonl`` beside the store directory."""
        return self.audit_file or self.db_path.with_name(self.db_path.name + "-audit.jsonl")

    @property
    def id_key_path(self) -> Path:
        """The ID key (docs/identity.md): ``$QINYOU_ID_KEY_FILE``, else ``<db>-id.key`` beside the
        embedded store directory (outside it, so rebuilding the store keeps the key), else for
        Neo4j ``~/.qinyou/neo4j-<database>-id.key``."""
        if self.id_key_file is not None:
            return self.id_key_file
        if self.store == "neo4j":
            return Path.home() / ".qinyou" / f"neo4j-{self.neo4j_database}-id.key"
        return self.db_path.with_name(self.db_path.name + "-id.key")

    @property
    def store_label(self) -> str:
        """Human description of the active store (never with credentials)."""
        if self.store == "neo4j":
            return f"Neo4j {self.neo4j_uri or '(no URI)'} / {self.neo4j_database}"
        return f"embedded LadybugDB at {self.db_path}"


def child_environment(settings: Settings) -> dict[str, str]:
    """This process's environment with the store choice of ``settings``, for a child process
    (the app server) that loads its settings again; credentials pass through unchanged."""
    env = dict(os.environ)
    env["QINYOU_STORE"] = settings.store
    env["QINYOU_DB"] = str(settings.db_path.resolve())
    env["QINYOU_USERS"] = str(settings.users_path.resolve())
    env["QINYOU_AUDIT"] = str(settings.audit_path.resolve())
    if settings.demo_user:
        env["QINYOU_DEMO_USER"] = settings.demo_user
    env["QINYOU_ID_KEY_FILE"] = str(settings.id_key_path.resolve())  # the file's path, never the key
    return env


def load(**overrides: object) -> Settings:
    """Read the environment; keyword overrides win (used by the CLI flags)."""
    values: dict[str, object] = {
        "store": _env("QINYOU_STORE", "embedded"),
        "db_path": Path(_env("QINYOU_DB", "qinyou-data") or "qinyou-data"),
        "neo4j_uri": _env("QINYOU_NEO4J_URI"),
        "neo4j_user": _env("QINYOU_NEO4J_USER", "neo4j"),
        "neo4j_password": _env("QINYOU_NEO4J_PASSWORD"),
        "neo4j_database": _env("QINYOU_NEO4J_DATABASE", "neo4j"),
        "neo4j_timeout": float(_env("QINYOU_NEO4J_TIMEOUT", "10") or 10),
        "batch_size": int(_env("QINYOU_BATCH_SIZE", "5000") or 5000),
        "triage_file": Path(t) if (t := _env("QINYOU_TRIAGE")) else None,
        "trainer": _READ_AHEAD_WORDS.get((_env("QINYOU_TRAINER", "off") or "off").lower()) == "on",
        "users_file": Path(u) if (u := _env("QINYOU_USERS")) else None,
        "audit_file": Path(a) if (a := _env("QINYOU_AUDIT")) else None,
        "role": (_env("QINYOU_ROLE", "investigator") or "investigator").lower(),
        "demo_user": _env("QINYOU_DEMO_USER"),
        "id_key_file": Path(k) if (k := _env("QINYOU_ID_KEY_FILE")) else None,
        "store_idno": _READ_AHEAD_WORDS.get((_env("QINYOU_STORE_IDNO", "off") or "off").lower()) == "on",
        "read_ahead": _READ_AHEAD_WORDS.get((_env("QINYOU_READ_AHEAD", "auto") or "auto").lower(), "?"),
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    if isinstance(values["triage_file"], str):
        values["triage_file"] = Path(values["triage_file"])
    for key in ("users_file", "audit_file"):
        if isinstance(values[key], str):
            values[key] = Path(values[key])  # type: ignore[arg-type]
    if isinstance(values["id_key_file"], str):
        values["id_key_file"] = Path(values["id_key_file"])
    if isinstance(values["db_path"], str):
        values["db_path"] = Path(values["db_path"])
    settings = Settings(**values)  # type: ignore[arg-type]
    if settings.store not in STORES:
        raise ConfigError(f"QINYOU_STORE must be one of {', '.join(STORES)}, not {settings.store!r}")
    if settings.role not in ROLES:
        raise ConfigError(f"QINYOU_ROLE must be one of {', '.join(ROLES)}, not {settings.role!r}")
    if settings.read_ahead not in READ_AHEAD:
        raise ConfigError(f"QINYOU_READ_AHEAD must be one of {', '.join(READ_AHEAD)}")
    return settings
