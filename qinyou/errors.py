"""The one small error hierarchy of qinyou.

Every error carries the context a user needs (file, row, query name) and is
raised ``from`` its cause. The CLI and the app translate :class:`QinyouError`
into one clear line; anything else is a bug and keeps its traceback.
"""
from __future__ import annotations


class QinyouError(Exception):
    """Base class: a problem the user can act on."""

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.context = {k: v for k, v in context.items() if v is not None}

    def __str__(self) -> str:
        where = ", ".join(f"{k}={v}" for k, v in self.context.items())
        return f"{self.message} ({where})" if where else self.message


class ConfigError(QinyouError):
    """A setting is missing or wrong."""


class SchemaError(QinyouError):
    """The graph schema, or data checked against it, is inconsistent."""


class StoreError(QinyouError):
    """The graph store failed or cannot be reached."""


class StoreInUseError(StoreError):
    """Another process holds the embedded store for writing."""


class StoreUnavailableError(StoreError):
    """The store is not configured or not reachable."""


class IdSchemeError(StoreError):
    """The store's person ids were made with another ID key or an earlier id scheme."""


class ReadOnlyError(StoreError):
    """A saved query tried to write."""


class QueryError(QinyouError):
    """A saved query is unknown, malformed or got bad parameters."""


class InputError(QinyouError):
    """An input file cannot be read at all (rows are rejected, not raised)."""


class MappingError(InputError):
    """A roster mapping file is invalid."""


class AccessError(QinyouError):
    """The user's role does not allow this, or nobody is logged in."""


class LoginError(AccessError):
    """A login failed: unknown user, wrong password, or too many failures in a row."""
