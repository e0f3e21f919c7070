"""The graph-store interface; :mod:`qinyou.stores` chooses and opens one."""
from __future__ import annotations

import abc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Self

from qinyou.graph.batch import GraphBatch
from qinyou.graph.model import Schema, schema as default_schema
from qinyou.graph.paging import Page, window
from qinyou.graph.result import Result
from qinyou.errors import SchemaError

#: rows converted and handed over per chunk when an answer is streamed
CHUNK_ROWS = 2000

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
    #: rows read from the database's cursor by :meth:`stream`, ever (tests check pages pull only a page)
    pulled: int = 0

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

    @abc.abstractmethod
    def stream(self, cypher: str, params: dict[str, Any] | None = None, name: str | None = None,
               skip: int = 0, take: int | None = None, chunk: int = CHUNK_ROWS) -> Iterator[Result]:
        """A read-only query's answer in chunks of at most ``chunk`` rows, read from the database's
        cursor: ``skip`` rows passed over, then at most ``take`` (all when None); the rest is never
        fetched. At least one (maybe empty) chunk comes, so the columns are always known."""

    def read_page(self, cypher: str, params: dict[str, Any] | None = None, offset: int = 0,
                  size: int = 100, name: str | None = None) -> Page:
        """Rows ``[offset, offset + size)`` of a read-only query's answer, and whether more follow,
        with only the page (and one row more) fetched (:func:`qinyou.graph.paging.window`)."""
        w = window(cypher, params, offset, size)
        before = self.pulled
        columns: list[str] = []
        rows: list[list[Any]] = []
        for part in self.stream(w.cypher, w.params, name, skip=w.skip, take=w.take, chunk=max(w.take, 1)):
            columns = part.columns
            rows.extend(part.rows)
        return Page(columns, rows[:size], offset, more=len(rows) > size, pulled=self.pulled - before)

    def read_table(self, cypher: str, params: dict[str, Any] | None = None, name: str | None = None) -> Any:
        """A read-only query of plain values as a ``pyarrow.Table`` (bulk reads; stores may do it faster)."""
        import pyarrow as pa

        result = self.read(cypher, params, name=name)
        return pa.table({c: [row[i] for row in result.rows] for i, c in enumerate(result.columns)})

    @abc.abstractmethod
    def delete_relationships(self, rel_type: str, from_id: str, to_id: str,
                             where: dict[str, Any] | None = None) -> int:
        """Delete the ``rel_type`` relationships from ``from_id`` to ``to_id`` whose properties
        equal ``where`` (all of them when None); returns how many went. The one delete the
        library makes: undoing a stored judgement."""

    def _delete_statement(self, rel_type: str, where: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
        """Cypher and parameters for :meth:`delete_relationships` (type and property names from the schema)."""
        rel = self.schema.rel(rel_type)
        (a, b), *_ = rel.ends
        unknown = sorted(set(where or {}) - set(rel.props))
        if unknown:
            raise SchemaError(f"{rel_type} has no properties {unknown}")
        conds = " AND ".join(f"r.{k} = $w{i}" for i, k in enumerate(where or {}))
        cypher = (f"MATCH (x:`{a}`)-[r:`{rel_type}`]->(y:`{b}`) WHERE x.id = $from_id AND y.id = $to_id"
                  + (f" AND {conds}" if conds else ""))
        params = {f"w{i}": v for i, v in enumerate((where or {}).values())}
        return cypher, params

    @abc.abstractmethod
    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}``, every schema type listed."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
