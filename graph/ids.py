"""Deterministic identities: one helper derives every node and relationship id.

An id is the type name plus a hash of the normalised identity fields, so the
same input always yields the same id and every write can be a MERGE on it.

>>> make_id("Person", "  王建国 ")  == make_id("Person", "王建国")
True
>>> make_id("Person", "王建国").startswith("Person:")
True
"""
from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Iterable
from typing import Any

SEP = "\x1f"


def norm_text(value: Any) -> str:
    """Normalise a key string: NFKC (full width → half width), no spaces.

    >>> norm_text("ＡＢ１ 2")
    'AB12'
    >>> norm_text(None)
    ''
    """
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    text = str(value)
    for _ in range(3):  # NFKC may expose spaces whose removal lets NFKC compose again
        folded = "".join(unicodedata.normalize("NFKC", text).split())
        if folded == text:
            break
        text = folded
    return text


def make_id(type_name: str, *keys: Any) -> str:
    """The id of a node or relationship of ``type_name`` with these key values.

    Keys are normalised with :func:`norm_text` and joined by :data:`SEP`; the id
    is :func:`hash_payloads` of that payload.
    """
    return hash_payloads(type_name, [SEP.join(norm_text(k) for k in keys)])[0]


def hash_payloads(type_name: str, payloads: Iterable[str]) -> list[str]:
    """``type_name:`` + the 20-hex-digit blake2b digest of each payload: the one place ids are hashed.

    Ten bytes keep ids short while collisions stay negligible at tens of
    millions of nodes. The column paths (:mod:`qinyou.graph.column_ids`) build their
    payloads in bulk and hash them here.

    >>> hash_payloads("Person", ["a"]) == [make_id("Person", "a")]
    True
    """
    prefix = f"{type_name}:"
    blake = hashlib.blake2b
    return [prefix + blake(p.encode("utf-8"), digest_size=10).hexdigest() for p in payloads]


def make_ids(type_name: str, columns: Iterable[Iterable[Any]]) -> list[str]:
    """Vectorised :func:`make_id` over parallel columns of key values."""
    return [make_id(type_name, *keys) for keys in zip(*columns)]
