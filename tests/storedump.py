"""Every property of every node and relationship of a store, for tests that compare two stores."""
from __future__ import annotations

from qinyou.graph.model import schema
from qinyou.graph.store import GraphStore


def everything(store: GraphStore) -> list[str]:
    """Sorted reprs of every node's and relationship's properties: equal lists, equal stores."""
    out: list[str] = []
    for label, node in schema().nodes.items():
        props = ", ".join(f"x.{p}" for p in node.all_props())
        out += sorted(map(repr, store.read(f"MATCH (x:`{label}`) RETURN {props}").rows))
    for rtype, rel in schema().rels.items():
        props = ", ".join(f"x.{p}" for p in rel.all_props() if p != "id")
        out += sorted(map(repr, store.read(f"MATCH (a)-[x:`{rtype}`]->(b) RETURN a.id, b.id, {props}").rows))
    return out
