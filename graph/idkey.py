"""Keyed person ids: the installation secret and the HMAC that turns an ID number into an id.

A roster person is known by the validated 18-character ID number, but the
18-digit space is small enough to hash whole, so an id that is a plain hash of
the number would give the number back to anyone holding a list of ids (an
export, a triage log, a finding snapshot). Person ids are therefore

    ``"Person:" + HMAC-SHA256(secret, number)`` (first 20 hex digits)

with a 32-byte secret per installation (:func:`load_key`): without the secret
an id says nothing about the number. The number is the normalised 18-character
form (the old 15-digit form converted, ``x`` upper-cased) that
:mod:`qinyou.ingest.rosters.idno` produces.

:data:`SCHEME` names this way of making ids; a store records it with the
secret's :attr:`IdKey.fingerprint` (a ``StoreMeta`` node), so a store built
with another secret or by the earlier plain hash (scheme 1) is refused instead
of being mixed with new ids.

>>> key = IdKey(bytes(32))
>>> key.person_id("11010119900307451X")
'Person:9785821de9a410b7597b'
>>> "1101011990" in key.person_id("11010119900307451X")
False
>>> key
IdKey(fingerprint='76258182bc057bad', store_idno=False)
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from qinyou.errors import ConfigError

#: the id scheme a store built now records; 1 was the plain blake2b of the number (before issue 14)
SCHEME = 2
#: bytes of a new secret
SECRET_BYTES = 32
#: hex digits kept of the HMAC (80 bits, as the other ids keep of blake2b)
ID_HEX = 20


class IdKey:
    """The installation secret (never printed) and whether raw ID numbers are stored.

    ``store_idno`` is :attr:`qinyou.settings.Settings.store_idno`: roster readers
    keep the number itself (``idno``, and the 15-digit form as written in
    ``raw``) only when it is set; otherwise a person keeps the masked form, sex
    and birth date.
    """

    __slots__ = ("_secret", "store_idno")

    def __init__(self, secret: bytes, store_idno: bool = False) -> None:
        if len(secret) < 16:
            raise ConfigError("the ID key must be at least 16 bytes")
        self._secret = bytes(secret)
        self.store_idno = store_idno

    @property
    def fingerprint(self) -> str:
        """16 hex digits that tell keys apart and say nothing about the secret (SHA-256 of it)."""
        return hashlib.sha256(b"qinyou id key\x1f" + self._secret).hexdigest()[:16]

    def person_id(self, number: str) -> str:
        """The id of the roster person with this normalised ID number."""
        return "Person:" + hmac.digest(self._secret, number.encode("utf-8"), "sha256").hex()[:ID_HEX]

    def person_ids(self, numbers: Iterable[str]) -> list[str]:
        """:meth:`person_id` of each number (each distinct number hashed once)."""
        seen: dict[str, str] = {}
        out = []
        for n in numbers:
            got = seen.get(n)
            if got is None:
                got = seen[n] = self.person_id(n)
            out.append(got)
        return out

    def hex(self) -> str:
        """The secret as hex: only for handing it to the read-ahead helper on a pipe."""
        return self._secret.hex()

    def __repr__(self) -> str:
        return f"IdKey(fingerprint={self.fingerprint!r}, store_idno={self.store_idno})"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("an IdKey is not pickled (the secret would land in a file)")


def read_key(path: Path) -> bytes:
    """The secret in ``path`` (hex text); a clear error when it is unreadable or malformed."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the ID key file {path}: {exc.__class__.__name__}") from None
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        raise ConfigError(f"the ID key file {path} does not hold a hex key") from None
    if len(secret) < 16:
        raise ConfigError(f"the ID key in {path} is shorter than 16 bytes")
    return secret


def create_key(path: Path) -> bytes:
    """A new secret written to ``path`` (created 0600, never over an existing file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(SECRET_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secret.hex() + "\n")
    return secret


def load_key(path: Path, create: bool, store_idno: bool = False) -> IdKey | None:
    """The key in ``path``; created there first when it is missing and ``create``; else None."""
    if path.exists():
        return IdKey(read_key(path), store_idno)
    if not create:
        return None
    try:
        return IdKey(create_key(path), store_idno)
    except FileExistsError:  # another process created it first: use theirs
        return IdKey(read_key(path), store_idno)
