"""One page of a read-only query's answer, fetched from the store without loading the rest.

A page is the rows ``[offset, offset + size)`` of the answer, plus one more row
pulled to know whether a next page exists. Where the query ends in a top-level
``RETURN`` whose only window is an integer literal or a parameter (``LIMIT
$limit``, ``SKIP 5 LIMIT 10``, or none), the window is rewritten so the store
itself computes only the page: the query's own ``SKIP``/``LIMIT`` are folded
into ``SKIP $qy_skip LIMIT $qy_take``, whose values are parameters, never text
(a ``LIMIT`` stays a ``LIMIT``, so a top-k sort stays a top-k sort). Any other
query (``UNION``, several statements, a window that is an expression, a
procedure call without ``RETURN``) is run unchanged and read through the
store's cursor, which stops after the page: the rest is never converted
(Neo4j discards it on the server).

>>> w = window("MATCH (n) RETURN n.id AS id ORDER BY id LIMIT $limit", {"limit": 120}, 100, 50)
>>> w.cypher.split()[-6:], w.params["qy_skip"], w.params["qy_take"], w.skip
(['BY', 'id', 'SKIP', '$qy_skip', 'LIMIT', '$qy_take'], 100, 20, 0)
>>> window("MATCH (n) RETURN n UNION MATCH (m) RETURN m", {}, 10, 5).skip
10
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from qinyou.errors import QueryError

#: the parameter names the window adds (a query's own parameters may not use them)
SKIP_PARAM, TAKE_PARAM = "qy_skip", "qy_take"
MAX_PAGE = 10_000

_MASK_RE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_WORD = r"(\$[A-Za-z_][A-Za-z0-9_]*|\d+)"
_TAIL_RE = re.compile(rf"(?:\bSKIP\s+{_WORD}\s*)?(?:\bLIMIT\s+{_WORD}\s*)?;?\s*$", re.I)
_RETURN_RE = re.compile(r"\bRETURN\b", re.I)
_WINDOW_RE = re.compile(r"\b(SKIP|LIMIT)\b", re.I)
_UNSAFE_RE = re.compile(r"\b(UNION|OFFSET)\b", re.I)


@dataclass
class Page:
    """Rows ``offset …`` of an answer; ``more`` when the answer goes on after them."""

    columns: list[str]
    rows: list[list[Any]]
    offset: int = 0
    more: bool = False
    #: how many rows the store handed over to make this page (the page and at most one more)
    pulled: int = 0

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def total(self) -> int | None:
        """The answer's row count, known once the last page is reached."""
        return None if self.more else self.offset + len(self.rows)


@dataclass
class Window:
    """The query to send and how to read it: skip ``skip`` rows of the cursor, then take ``take``."""

    cypher: str
    params: dict[str, Any] = field(default_factory=dict)
    skip: int = 0
    take: int = 0
    rewritten: bool = False


def _masked(cypher: str) -> str:
    """The text with strings, quoted names and comments blanked (same length, so offsets hold)."""
    return _MASK_RE.sub(lambda m: " " * len(m.group(0)), cypher)


def _value(word: str | None, params: dict[str, Any]) -> int | None:
    """An integer literal or an integer parameter's value; None for anything else."""
    if word is None:
        return None
    if word.startswith("$"):
        got = params.get(word[1:])
        return got if isinstance(got, int) and not isinstance(got, bool) and got >= 0 else None
    return int(word)


def _depth_zero_return(masked: str) -> bool:
    """Whether the last ``RETURN`` stands outside every bracket (the query's own, not a subquery's)
    and no other ``SKIP``/``LIMIT`` follows it (one the tail could not read, such as ``LIMIT 2 * 3``)."""
    found = list(_RETURN_RE.finditer(masked))
    if not found:
        return False
    before, after = masked[:found[-1].start()], masked[found[-1].end():]
    return (all(before.count(a) == before.count(b) for a, b in ("()", "[]", "{}"))
            and not _WINDOW_RE.search(after))


def window(cypher: str, params: dict[str, Any] | None, offset: int, size: int) -> Window:
    """How to fetch rows ``[offset, offset + size]`` (one over the page) of ``cypher``'s answer."""
    if offset < 0 or not 1 <= size <= MAX_PAGE:
        raise QueryError(f"a page starts at row 0 or later and holds 1 to {MAX_PAGE} rows, "
                         f"not offset {offset}, size {size}")
    params = dict(params or {})
    if SKIP_PARAM in params or TAKE_PARAM in params:
        raise QueryError(f"${SKIP_PARAM} and ${TAKE_PARAM} are the page's own parameters")
    masked = _masked(cypher).rstrip()
    body = masked[:-1].rstrip() if masked.endswith(";") else masked
    tail = _TAIL_RE.search(body)
    if (tail is None or ";" in body or _UNSAFE_RE.search(body) or not _depth_zero_return(body[:tail.start()])):
        return Window(cypher, params, skip=offset, take=size + 1)
    skip_word, limit_word = tail.group(1), tail.group(2)
    own_skip, own_limit = _value(skip_word, params), _value(limit_word, params)
    if (skip_word and own_skip is None) or (limit_word and own_limit is None):
        return Window(cypher, params, skip=offset, take=size + 1)
    take = size + 1
    if own_limit is not None:
        take = max(0, min(take, own_limit - offset))
    head = cypher[:tail.start()].rstrip()
    params.update({SKIP_PARAM: (own_skip or 0) + offset, TAKE_PARAM: take})
    return Window(f"{head}\nSKIP ${SKIP_PARAM} LIMIT ${TAKE_PARAM}", params, skip=0, take=take, rewritten=True)
