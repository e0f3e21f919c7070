"""Exploring the graph: search, neighbourhoods and an overview, for the app and the CLI.

User text only ever reaches Cypher as a parameter; the only interpolated
names are schema-checked labels and a validated hop count. The Cypher avoids
dialect-specific functions (``labels()`` / ``label()``) and multi-label
patterns (``(n:A:B)`` is "A or B" on LadybugDB but "A and B" on Neo4j), so one
text runs on both stores.
"""
from __future__ import annotations

from collections.abc import Sequence

from qinyou.graph.result import GNode, GRel, Result
from qinyou.graph.store import GraphStore
from qinyou.errors import QueryError

#: what the search box looks in: label → properties matched with CONTAINS
SEARCHABLE: dict[str, tuple[str, ...]] = {
    "Person": ("name", "idno_masked"),  # a fragment of an ID number matches only what the masked form shows
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


MASKED_NAME = ("MATCH (n:Person) WHERE n.name = $text OR (n.name STARTS WITH $prefix AND size(n.name) = $size) "
               "RETURN n ORDER BY n.id LIMIT $limit")


def masked_pattern(text: str) -> tuple[str, int] | None:
    """``(prefix, length)`` when ``text`` is a name masked as notices mask it (王某某, 黄某聪 → 黄, 3).

    >>> masked_pattern("王某某"), masked_pattern("黄某聪"), masked_pattern("王建国"), masked_pattern("某")
    (('王', 3), ('黄', 3), None, None)
    """
    text = text.strip()
    if "某" not in text or text.startswith("某") or not 2 <= len(text) <= 4:
        return None
    return text.split("某", 1)[0], len(text)


BY_ID = "MATCH (n:Person) WHERE n.id = $id RETURN n"


def search(store: GraphStore, text: str, limit: int = 50, person_id: str | None = None) -> Result:
    """Persons, places and cases whose name, path, title or masked ID number contains ``text``.

    A masked name (王某某) finds the persons it may stand for: the same surname
    and length, and anyone recorded under that masked name. A fragment of an ID
    number matches only the visible parts of the masked form (the first six and
    last four characters). A full ID number is looked up exactly by its keyed id:
    the caller passes ``person_id`` (:meth:`qinyou.graph.idkey.IdKey.person_id`),
    or ``""`` when there is no key, which finds nobody. At most ``limit`` hits
    per label; one column ``n`` of nodes. Blank text finds nothing (rather than everything).
    """
    limit = _limit(limit)
    text = text.strip()
    rows: list[list[object]] = []
    if person_id is not None:
        return Result(["n"], store.read(BY_ID, {"id": person_id}, name="search ID number").rows if person_id else [])
    if text:
        masked = masked_pattern(text)
        for label in SEARCHABLE:
            if label == "Person" and masked:
                found = store.read(MASKED_NAME, {"text": text, "prefix": masked[0], "size": masked[1],
                                                 "limit": limit}, name="search masked name")
            else:
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


#: label of the stub node that stands for the neighbours not drawn
MORE_LABEL = "_More"
MAX_PER_NODE = 200


def label_of(store: GraphStore, node_id: str) -> str:
    """The node type an id names (ids are ``Label:digest``), checked against the schema."""
    label = str(node_id).split(":", 1)[0]
    if label not in store.schema.nodes:
        raise QueryError(f"not a node id: {node_id!r}")
    return label


def neighbours(store: GraphStore, node_id: str, per_node: int = 12) -> tuple[list[list[object]], int]:
    """At most ``per_node`` ``[n, r, m]`` rows around one node (by id, either direction), and how many exist.

    The node's type comes from its id, so the lookup is the primary-key index of
    one table rather than a scan of every table; the total is counted only when
    the cap was reached.
    """
    if not 1 <= int(per_node) <= MAX_PER_NODE:
        raise QueryError(f"neighbours per node must be between 1 and {MAX_PER_NODE}", per_node=per_node)
    label = label_of(store, node_id)
    match = f"MATCH (n:`{label}`)-[r]-(m) WHERE n.id = $id"
    rows = store.read(f"{match} RETURN n, r, m LIMIT $limit", {"id": node_id, "limit": int(per_node)},
                      name="neighbours").rows
    total = len(rows)
    if total >= per_node:
        total = int(store.read(f"{match} RETURN count(*)", {"id": node_id}, name="neighbours count").rows[0][0])
    return rows, total


def capped_neighbourhood(store: GraphStore, node_ids: Sequence[str], hops: int = 1, per_node: int = 12,
                         expanded: Sequence[str] = ()) -> tuple[dict[str, GNode], dict[str, GRel]]:
    """Nodes and relationships within ``hops`` of the given nodes, at most ``per_node`` neighbours
    drawn per node; a node with more gets a stub node ``还有 N 个`` (label :data:`MORE_LABEL`).

    ``expanded`` names further nodes (by id) to open one hop, as a user clicks them.
    """
    if hops not in range(1, MAX_HOPS + 1):
        raise QueryError(f"hops must be between 1 and {MAX_HOPS}", hops=hops)
    nodes: dict[str, GNode] = {}
    rels: dict[str, GRel] = {}
    opened: set[str] = set()

    def open_node(node_id: str) -> list[str]:
        if node_id in opened:
            return []
        opened.add(node_id)
        rows, total = neighbours(store, node_id, per_node)
        found = []
        centre_key = None
        for n, r, m in rows:
            assert isinstance(n, GNode) and isinstance(r, GRel) and isinstance(m, GNode)
            centre_key = n.key
            nodes.setdefault(n.key, n)
            nodes.setdefault(m.key, m)
            rels.setdefault(r.key, r)
            found.append(m.id)
        if centre_key is not None and total > len(rows):
            key = f"more:{centre_key}"
            nodes[key] = GNode(key, MORE_LABEL, {"id": f"{MORE_LABEL}:{node_id}", "more": total - len(rows),
                                                 "of": node_id})
            rels[f"more-rel:{centre_key}"] = GRel(f"more-rel:{centre_key}", MORE_LABEL, centre_key, key, {})
        return found

    frontier = [str(i) for i in node_ids]
    for _ in range(hops):
        frontier = [m for node_id in frontier for m in open_node(node_id)]
    for node_id in expanded:
        open_node(str(node_id))
    if not rels:  # a node without neighbours is still drawn
        for node_id in node_ids:
            label = label_of(store, str(node_id))
            for (n,) in store.read(f"MATCH (n:`{label}`) WHERE n.id = $id RETURN n", {"id": str(node_id)},
                                   name="node").rows:
                if isinstance(n, GNode):
                    nodes.setdefault(n.key, n)
    return nodes, rels
