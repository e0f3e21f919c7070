"""The graph-store interface; :mod:`qinyou.stores` chooses and opens one."""
from __future__ import annotations

import abc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self

from qinyou.graph.batch import GraphBatch
from qinyou.graph.model import Schema, schema as default_schema
from qinyou.graph.result import Result

#: called with (what, done, total) while a load runs
Progress = Callable[[str, int, int], None]


@dataclass
class LoadReport:
    """What a load did: new and updated elements per type."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, created: int, updated: int) -> None:
        self.created[kind] = self.created.get(kind, 0) + created
        self.updated[kind] = self.updated.get(kind, 0) + updated

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


class GraphStore(abc.ABC):
    """What the library needs from a graph database."""

    dialect: str  # "neo4j" or "ladybug": picks saved-query variants
    read_only: bool

    def __init__(self, sch: Schema | None = None) -> None:
        self.schema = sch or default_schema()

    @abc.abstractmethod
    def ensure_schema(self) -> None:
        """Create tables / constraints derived from the schema (idempotent)."""

    @abc.abstractmethod
    def load(self, batch: GraphBatch, progress: Progress | None = None, consume: bool = False) -> LoadReport:
        """Merge a batch: new ids are created, known ids gain provenance.

        ``consume=True`` lets the store empty the batch as it goes
        (:meth:`GraphBatch.frames`), so a big batch is not held whole until the end.
        """

    @abc.abstractmethod
    def read(self, cypher: str, params: dict[str, Any] | None = None,
             name: str | None = None) -> Result:
        """Run a query that must not write; a write fails with ReadOnlyError."""

    def read_table(self, cypher: str, params: dict[str, Any] | None = None, name: str | None = None) -> Any:
        """A read-only query of plain values as a ``pyarrow.Table`` (bulk reads; stores may do it faster)."""
        import pyarrow as pa

        result = self.read(cypher, params, name=name)
        return pa.table({c: [row[i] for row in result.rows] for i, c in enumerate(result.columns)})

    @abc.abstractmethod
    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}``, every schema type listed."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
