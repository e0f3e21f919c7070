"""Every stored element with every property, read the same way from either store.

The statements are plain Cypher that both dialects understand, one per node
type and per relationship (type, from label, to label), with the property
columns taken from the schema. A relationship is read with the ids of its ends
and without its own ``id``: the embedded store derives that id instead of
storing it (:func:`graph.embedded.stored_rel_props`), and :func:`graph.batch.rel_id`
gives it back from the ends and the identity properties.

Used by ``qinyou export`` and by the tests that compare two stores property
by property.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qinyou.graph.batch import rel_id
from qinyou.graph.model import Schema
from qinyou.graph.result import Result
from qinyou.graph.store import GraphStore

RelKey = tuple[str, str, str]


def node_columns(sch: Schema, label: str) -> list[str]:
    """``id`` first, then the node type's other properties in schema order."""
    return ["id", *(p for p in sch.node(label).all_props() if p != "id")]


def rel_columns(sch: Schema, rel_type: str) -> list[str]:
    """The stored properties of a relationship type (without ``id``)."""
    return [p for p in sch.rel(rel_type).all_props() if p != "id"]


def node_statement(sch: Schema, label: str) -> str:
    name = sch.check_label(label)
    cols = ", ".join(f"n.{p} AS {p}" for p in node_columns(sch, label))
    return f"MATCH (n:`{name}`) RETURN {cols} ORDER BY id"


def rel_statement(sch: Schema, key: RelKey) -> str:
    rel_type, a, b = (sch.check_label(part) for part in key)
    cols = "".join(f", r.{p} AS {p}" for p in rel_columns(sch, rel_type))
    return f"MATCH (a:`{a}`)-[r:`{rel_type}`]->(b:`{b}`) RETURN a.id AS from_id, b.id AS to_id{cols}"


def rel_keys(sch: Schema) -> list[RelKey]:
    """Every (type, from label, to label) the schema allows."""
    return [(r.name, a, b) for r in sch.rels.values() for a, b in r.ends]


def nodes(store: GraphStore, label: str) -> Result:
    """Every ``label`` node: one row per node, ordered by id."""
    return store.read(node_statement(store.schema, label), name=f"nodes {label}")


def rels(store: GraphStore, key: RelKey) -> Result:
    """Every relationship of ``key``: its ends' ids, then its stored properties."""
    return store.read(rel_statement(store.schema, key), name=f"relationships {' '.join(key)}")


def rel_records(store: GraphStore, key: RelKey) -> Iterator[dict[str, Any]]:
    """Relationships as records with their derived ``id`` (the one every store agrees on)."""
    result = rels(store, key)
    for row in result.rows:
        record = dict(zip(result.columns, row))
        record["id"] = rel_id(key[0], record["from_id"], record["to_id"], record, store.schema)
        yield record
