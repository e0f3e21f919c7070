"""The graph schema, read from ``graph/schema/*.yaml`` (one file per type).

Everything that depends on the schema derives from :func:`schema`: the
embedded store's DDL, Neo4j's constraints, batch validation, roster-mapping
validation, the app legend and ``docs/schema.md``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from qinyou.errors import SchemaError
from qinyou.resources import data_path

SCHEMA_DIR = data_path("qinyou.graph", "schema")
TYPES = ("string", "int", "float", "bool", "date", "string[]", "float[]")
NAME_RE = re.compile(r"^[A-Z][A-Za-z]*$|^[A-Z][A-Z_]*[A-Z]$")
PROP_RE = re.compile(r"^[a-z][a-z0-9_]*$")

#: properties every node has: its deterministic id, where it was read, raw strings
NODE_COMMON: dict[str, str] = {"id": "string", "sources": "string[]", "raw": "string[]"}
#: properties every relationship has
REL_COMMON: dict[str, str] = {"id": "string", "sources": "string[]"}


@dataclass(frozen=True)
class Prop:
    name: str
    type: str
    label_zh: str = ""
    description: str = ""
    sensitive: bool = False
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class NodeType:
    name: str
    label_zh: str
    description: str
    caption: str
    color: str
    identity: tuple[tuple[str, ...], ...]
    props: dict[str, Prop]

    def all_props(self) -> dict[str, str]:
        """Property name → type, common ones first (the stored column order)."""
        out = dict(NODE_COMMON)
        out.update({p.name: p.type for p in self.props.values()})
        return out


@dataclass(frozen=True)
class RelType:
    name: str
    label_zh: str
    description: str
    color: str
    ends: tuple[tuple[str, str], ...]
    identity: tuple[str, ...]
    props: dict[str, Prop]

    def all_props(self) -> dict[str, str]:
        out = dict(REL_COMMON)
        out.update({p.name: p.type for p in self.props.values()})
        return out


@dataclass(frozen=True)
class Schema:
    nodes: dict[str, NodeType]
    rels: dict[str, RelType]

    def node(self, name: str) -> NodeType:
        try:
            return self.nodes[name]
        except KeyError:
            raise SchemaError(f"unknown node type {name!r}") from None

    def rel(self, name: str) -> RelType:
        try:
            return self.rels[name]
        except KeyError:
            raise SchemaError(f"unknown relationship type {name!r}") from None

    def check_label(self, name: str) -> str:
        """Return ``name`` if it is a declared node or relationship type.

        Labels and types are the only names ever interpolated into Cypher;
        this is the gate they pass first.
        """
        if name in self.nodes or name in self.rels:
            return name
        raise SchemaError(f"{name!r} is not a type declared in graph/schema")

    def sensitive_props(self) -> set[str]:
        """Names of properties that hold personal data in any type."""
        out: set[str] = set()
        for props in [*(n.props for n in self.nodes.values()), *(r.props for r in self.rels.values())]:
            out |= {p.name for p in props.values() if p.sensitive}
        return out


def _props(raw: dict[str, Any] | None, where: str) -> dict[str, Prop]:
    props: dict[str, Prop] = {}
    for name, spec in (raw or {}).items():
        if not isinstance(spec, dict) or "type" not in spec:
            raise SchemaError("property needs a mapping with a type", file=where, property=name)
        if not PROP_RE.match(name):
            raise SchemaError("property names are lower_snake_case", file=where, property=name)
        if spec["type"] not in TYPES:
            raise SchemaError(f"type must be one of {TYPES}", file=where, property=name)
        if name in NODE_COMMON or name in REL_COMMON:
            raise SchemaError("property name is reserved", file=where, property=name)
        props[name] = Prop(
            name=name,
            type=spec["type"],
            label_zh=str(spec.get("label_zh", "")),
            description=str(spec.get("description", "")),
            sensitive=bool(spec.get("sensitive", False)),
            enum=tuple(spec.get("enum", ()) or ()),
        )
    return props


def load_schema(directory: Path = SCHEMA_DIR) -> Schema:
    """Read and check every YAML file in ``directory``."""
    nodes: dict[str, NodeType] = {}
    rels: dict[str, RelType] = {}
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise SchemaError("no schema files", file=str(directory))
    for path in files:
        where = path.name
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise SchemaError(f"invalid YAML: {exc}", file=where) from exc
        if not isinstance(doc, dict):
            raise SchemaError("a schema file holds one mapping", file=where)
        name = doc.get("name")
        if name != path.stem or not isinstance(name, str) or not NAME_RE.match(name):
            raise SchemaError("name must match the file name", file=where)
        for key in ("label_zh", "description", "color"):
            if not doc.get(key):
                raise SchemaError(f"missing {key}", file=where)
        if not re.match(r"^#[0-9a-fA-F]{6}$", str(doc["color"])):
            raise SchemaError("color must be #rrggbb", file=where)
        props = _props(doc.get("properties"), where)
        if doc.get("kind") == "node":
            identity = tuple(tuple(alt) for alt in doc.get("identity") or ())
            if not identity:
                raise SchemaError("a node type needs an identity", file=where)
            for alt in identity:
                for key in alt:
                    if key not in props:
                        raise SchemaError(f"identity field {key!r} is not a property", file=where)
            caption = str(doc.get("caption", ""))
            if caption not in props:
                raise SchemaError("caption must be a property", file=where)
            nodes[name] = NodeType(name, doc["label_zh"], doc["description"].strip(), caption,
                                   doc["color"], identity, props)
        elif doc.get("kind") == "relationship":
            ends = tuple((str(a), str(b)) for a, b in doc.get("ends") or ())
            if not ends:
                raise SchemaError("a relationship type needs ends", file=where)
            identity_r = tuple(doc.get("identity") or ())
            for key in identity_r:
                if key not in props:
                    raise SchemaError(f"identity field {key!r} is not a property", file=where)
            rels[name] = RelType(name, doc["label_zh"], doc["description"].strip(), doc["color"],
                                 ends, identity_r, props)
        else:
            raise SchemaError("kind must be node or relationship", file=where)
    for rel in rels.values():
        for a, b in rel.ends:
            if a not in nodes or b not in nodes:
                raise SchemaError(f"end {a}->{b} names an unknown node type", file=f"{rel.name}.yaml")
    return Schema(nodes, rels)


@functools.cache
def schema() -> Schema:
    """The project's schema, loaded once."""
    return load_schema()
