"""Exploring the graph: search, neighbourhoods and an overview, for the app and the CLI.

User text only ever reaches Cypher as a parameter; the only interpolated
names are schema-checked labels and a validated hop count. The Cypher avoids
dialect-specific functions (``labels()`` / ``label()``) and multi-label
patterns (``(n:A:B)`` is "A or B" on LadybugDB but "A and B" on Neo4j), so one
text runs on both stores.
"""
from __future__ import annotations

from collections.abc import Sequence

from qinyou.graph.result import GNode, Result
from qinyou.graph.store import GraphStore
from qinyou.errors import QueryError

#: what the search box looks in: label → properties matched with CONTAINS
SEARCHABLE: dict[str, tuple[str, ...]] = {
    "Person": ("name", "idno"),
    "Place": ("name", "path"),
    "Case": ("title", "doc"),
}
MAX_HOPS = 2
MAX_LIMIT = 2000


def _limit(limit: int) -> int:
    if not 1 <= int(limit) <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}", limit=limit)
    return int(limit)


def search_cypher(store: GraphStore, label: str) -> str:
    """The search query for one label (its searchable properties, text as ``$text``)."""
    store.schema.check_label(label)
    where = " OR ".join(f"n.{prop} CONTAINS $text" for prop in SEARCHABLE[label])
    return f"MATCH (n:`{label}`) WHERE {where} RETURN n ORDER BY n.id LIMIT $limit"


def search(store: GraphStore, text: str, limit: int = 50) -> Result:
    """Persons, places and cases whose name, path, title or ID number contains ``text``.

    At most ``limit`` hits per label; one column ``n`` of nodes. Blank text
    finds nothing (rather than everything).
    """
    limit = _limit(limit)
    text = text.strip()
    rows: list[list[object]] = []
    if text:
        for label in SEARCHABLE:
            found = store.read(search_cypher(store, label), {"text": text, "limit": limit},
                               name=f"search {label}")
            rows.extend(found.rows)
    return Result(["n"], rows)


def neighbourhood(store: GraphStore, node_ids: Sequence[str], hops: int = 1,
                  limit: int = 300) -> Result:
    """Paths of 1 to ``hops`` relationships (either direction) from the nodes with these ids.

    ``limit`` bounds the number of paths, so a county seat or a busy notice
    cannot flood the drawing. One column ``p`` of paths.
    """
    if hops not in range(1, MAX_HOPS + 1):
        raise QueryError(f"hops must be between 1 and {MAX_HOPS}", hops=hops)
    limit = _limit(limit)
    ids = [str(i) for i in node_ids]
    if not ids:
        return Result(["p"], [])
    cypher = f"MATCH p = (n)-[*1..{hops}]-(m) WHERE n.id IN $ids RETURN p LIMIT $limit"
    return store.read(cypher, {"ids": ids, "limit": limit}, name="neighbourhood")


def overview(store: GraphStore, limit: int = 200) -> Result:
    """A bounded first look: cases with their direct neighbours, else any relationships.

    Columns ``a``, ``r``, ``b``.
    """
    limit = _limit(limit)
    cases = store.read("MATCH (a:`Case`)-[r]-(b) RETURN a, r, b LIMIT $limit",
                       {"limit": limit}, name="overview cases")
    if len(cases):
        return cases
    return store.read("MATCH (a)-[r]->(b) RETURN a, r, b LIMIT $limit",
                      {"limit": limit}, name="overview")


def nodes_of(result: Result) -> list[GNode]:
    """The nodes of a result, in order, each once."""
    seen: dict[str, GNode] = {}
    for row in result.rows:
        for value in row:
            if isinstance(value, GNode):
                seen.setdefault(value.key, value)
    return list(seen.values())
