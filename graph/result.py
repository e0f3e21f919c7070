"""Store-neutral query results: both stores hand back these plain values."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class GNode:
    """A node: ``key`` is the store's internal id, ``id`` the project's id."""

    key: str
    label: str
    props: dict[str, Any] = field(hash=False)

    @property
    def id(self) -> str:
        return str(self.props.get("id", self.key))


@dataclass(frozen=True)
class GRel:
    key: str
    type: str
    start: str  # internal key of the start node
    end: str
    props: dict[str, Any] = field(hash=False)


@dataclass(frozen=True)
class GPath:
    nodes: tuple[GNode, ...]
    rels: tuple[GRel, ...]


@dataclass
class Result:
    """Columns and rows of a query; values are plain Python or GNode/GRel/GPath."""

    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


def graph_elements(result: Result) -> tuple[dict[str, GNode], dict[str, GRel]]:
    """Every node and relationship found anywhere in a result (for drawing)."""
    nodes: dict[str, GNode] = {}
    rels: dict[str, GRel] = {}

    def visit(value: Any) -> None:
        if isinstance(value, GNode):
            nodes[value.key] = value
        elif isinstance(value, GRel):
            rels[value.key] = value
        elif isinstance(value, GPath):
            for n in value.nodes:
                nodes[n.key] = n
            for r in value.rels:
                rels[r.key] = r
        elif isinstance(value, (list, tuple)):
            for v in value:
                visit(v)

    for row in result.rows:
        for value in row:
            visit(value)
    rels = {k: r for k, r in rels.items() if r.start in nodes and r.end in nodes}
    return nodes, rels


def plain(value: Any, node_props: Callable[[GNode], Mapping[str, Any]],
          text: Callable[[str], str] = str) -> Any:
    """A JSON-ready value: nodes (with the properties ``node_props`` lets show, empty ones and
    ``raw`` left out), relationships and paths become dicts, dates ISO text, every string passed
    through ``text`` (the callers mask with these two: the command line's output and the app's
    masked rows).

    >>> plain([GNode("k", "Person", {"name": "王建国", "raw": ["王 建国"], "tags": []}), dt.date(2024, 3, 1)],
    ...       lambda n: n.props, lambda s: s[:1] + "*" * (len(s) - 1))
    [{'label': 'Person', 'name': '王**'}, '2024-03-01']
    """
    if isinstance(value, GNode):
        shown = node_props(value)
        return {"label": value.label, **{k: plain(v, node_props, text) for k, v in shown.items()
                                         if v not in (None, []) and k != "raw"}}
    if isinstance(value, GRel):
        return {"type": value.type, **{k: plain(v, node_props, text) for k, v in value.props.items()
                                       if v not in (None, [])}}
    if isinstance(value, GPath):
        return {"nodes": [plain(n, node_props, text) for n in value.nodes],
                "rels": [plain(r, node_props, text) for r in value.rels]}
    if isinstance(value, (list, tuple)):
        return [plain(v, node_props, text) for v in value]
    if isinstance(value, dict):
        return {k: plain(v, node_props, text) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return text(value) if isinstance(value, str) else value
