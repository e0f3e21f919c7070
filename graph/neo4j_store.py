"""The production store: Neo4j 5 through the official driver.

The driver is created in :meth:`Neo4jStore.from_settings` and handed to the
store; every session names its database. Constraints on ``id`` (derived from
the schema) exist before anything is loaded; writes are ``UNWIND $rows …
MERGE`` batches run as transaction functions, so the driver retries transient
errors and loading the same batch twice changes nothing. Reads run in READ
access mode: a saved query that writes fails with :class:`ReadOnlyError`.
"""
from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
from neo4j import exceptions as nx
from neo4j.graph import Node, Path, Relationship

from qinyou.graph.batch import GraphBatch
from qinyou.graph.model import NodeType, RelType, Schema, schema as default_schema
from qinyou.graph.neo4j_rows import prefetch, rows
from qinyou.graph.result import GNode, GPath, GRel, Result
from qinyou.graph.store import CHUNK_ROWS, GraphStore, LoadReport, Progress
from qinyou.errors import ReadOnlyError, StoreError, StoreUnavailableError
from qinyou.settings import Settings

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
ACCESS_MODE = "Neo.ClientError.Statement.AccessMode"
NODE_KEEP = ("id", "sources", "raw")  # handled apart from the other properties
REL_KEEP = ("id", "from", "to", "sources")
Chunk = tuple[int, str, str, str, "list[dict[str, Any]] | None"]


def _q(sch: Schema, name: str) -> str:
    """A label or type checked against the schema, back-quoted for Cypher."""
    return f"`{sch.check_label(name)}`"


def constraint_ddl(sch: Schema) -> dict[str, str]:
    """One uniqueness constraint on ``id`` per node type."""
    return {f"constraint:{n}": f"CREATE CONSTRAINT {n}_id IF NOT EXISTS "
            f"FOR (n:{_q(sch, n)}) REQUIRE n.id IS UNIQUE" for n in sch.nodes}


def index_ddl(sch: Schema) -> dict[str, str]:
    """Indexes on each node type's caption and single-field identities (idno, path, …)."""
    out = {}
    for node in sch.nodes.values():
        props = [node.caption, *(alt[0] for alt in node.identity if len(alt) == 1)]
        for prop in dict.fromkeys(props):
            out[f"index:{node.name}.{prop}"] = (f"CREATE INDEX {node.name}_{prop} IF NOT EXISTS "
                                                f"FOR (n:{_q(sch, node.name)}) ON (n.{prop})")
    return out


def _upsert(find: str, merge: str, var: str, keep: tuple[str, ...], props: dict[str, str]) -> str:
    """``UNWIND $rows`` … ``MERGE`` … ``SET``: provenance lists unioned, other values ``coalesce``d.

    Every stored element has ``sources`` (evidence is never empty), so right after the MERGE a
    null ``sources`` marks a created element; the values it had tell rows that bring something
    new, so a repeated load reports nothing created or updated. One SET serves both cases (on a
    new element each expression reduces to the row's value). A list property is always stored,
    empty when no row brought a value (as in the embedded store), and an empty list never
    replaces a stored one. Nothing is looked up before the MERGE, so each element is read once.

    Atomic union: the lists are read inside SET, which Neo4j (5.26) evaluates after taking the
    element's write lock, so two writers adding to one element both keep theirs; reading them
    into a variable first (``WITH n.sources AS s … SET n.sources = s + …``) would lose one
    (tests/test_concurrent_use.py, writers adding sources to one node at once). ``created`` and
    ``updated`` only count, so reading for them before the lock is harmless.
    """
    lists = [k for k in ("sources", "raw") if k in keep]
    skip = ", ".join(f"'{k}'" for k in keep)
    grew = [f"any(s IN coalesce(r.{p}, []) WHERE NOT s IN coalesce({var}.{p}, []))" for p in lists]
    grew.append(f"any(k IN keys(r) WHERE NOT k IN [{skip}] AND ({var}[k] IS NULL OR {var}[k] <> r[k]))")
    sets = [f"{var}.{p} = coalesce({var}.{p}, []) + [s IN coalesce(r.{p}, []) "
            f"WHERE NOT s IN coalesce({var}.{p}, [])]" for p in lists]
    sets += [f"{var}.{p} = CASE WHEN size(coalesce(r.{p}, [])) > 0 THEN r.{p} ELSE coalesce({var}.{p}, []) END"
             if t.endswith("[]") else f"{var}.{p} = coalesce(r.{p}, {var}.{p})" for p, t in props.items()]
    return (f"UNWIND $rows AS r\n{find}{merge}\n"
            f"WITH {var}, r, {var}.sources IS NULL AS created\n"
            f"WITH {var}, r, created, NOT created AND ({' OR '.join(grew)}) AS updated\n"
            f"SET {', '.join(sets)}\n"
            "RETURN count(*) AS rows, count(CASE WHEN created THEN 1 END) AS created, "
            "count(CASE WHEN updated THEN 1 END) AS updated")


def node_merge(sch: Schema, node: NodeType) -> str:
    """The write statement of one node type; returns rows, created, updated."""
    label = _q(sch, node.name)
    return _upsert("", f"MERGE (n:{label} {{id: r.id}})", "n", NODE_KEEP,
                   {p: t for p, t in node.all_props().items() if p not in NODE_KEEP})


def rel_merge(sch: Schema, rel: RelType, a: str, b: str) -> str:
    """The write statement of one relationship (type, from, to) between stored nodes."""
    t = _q(sch, rel.name)
    find = f"MATCH (a:{_q(sch, a)} {{id: r.from}})\nMATCH (b:{_q(sch, b)} {{id: r.to}})\n"
    return _upsert(find, f"MERGE (a)-[e:{t} {{id: r.id}}]->(b)", "e", REL_KEEP,
                   {p: t for p, t in rel.all_props().items() if p not in REL_KEEP})


def count_queries(sch: Schema) -> dict[str, str]:
    out = {f"count:{n}": f"MATCH (x:{_q(sch, n)}) RETURN count(x) AS n" for n in sch.nodes}
    out.update({f"count:{t}": f"MATCH ()-[x:{_q(sch, t)}]->() RETURN count(x) AS n" for t in sch.rels})
    return out


def statements(sch: Schema | None = None) -> dict[str, str]:
    """Every Cypher statement the store can send for this schema, by name (for the linter)."""
    sch = sch or default_schema()
    out = {**constraint_ddl(sch), **index_ddl(sch)}
    out.update({f"merge:{n.name}": node_merge(sch, n) for n in sch.nodes.values()})
    out.update({f"merge:{r.name}:{a}->{b}": rel_merge(sch, r, a, b)
                for r in sch.rels.values() for a, b in r.ends})
    out.update(count_queries(sch))
    return out


def _value(value: Any, labels: Collection[str]) -> Any:
    """Driver values → GNode / GRel / GPath and plain Python (dates as ``datetime``)."""
    if isinstance(value, Node):
        known = sorted(value.labels, key=lambda name: (name not in labels, name))
        props = {k: _value(v, labels) for k, v in value.items()}
        props.setdefault("id", value.element_id)
        return GNode(value.element_id, known[0] if known else "", props)
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return GRel(value.element_id, value.type, start.element_id if start else "",
                    end.element_id if end else "", {k: _value(v, labels) for k, v in value.items()})
    if isinstance(value, Path):
        return GPath(tuple(_value(n, labels) for n in value.nodes),
                     tuple(_value(r, labels) for r in value.relationships))
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime, neo4j.time.Time)):
        return value.to_native()
    if isinstance(value, neo4j.time.Duration):
        return value.iso_format()
    if isinstance(value, list):
        return [_value(v, labels) for v in value]
    if isinstance(value, dict):
        return {k: _value(v, labels) for k, v in value.items()}
    return value


def _run(tx: neo4j.ManagedTransaction, statement: str) -> None:
    tx.run(statement).consume()


class Neo4jStore(GraphStore):
    """A Neo4j database reached through a driver the store owns (and closes)."""

    dialect = "neo4j"

    def __init__(self, driver: neo4j.Driver, database: str = "neo4j", read_only: bool = False,
                 batch_size: int = 5000, sch: Schema | None = None) -> None:
        super().__init__(sch)
        self._driver = driver
        self.database = database
        self.read_only = read_only
        self.batch_size = max(1, batch_size)
        self._schema_ready = False

    @classmethod
    def from_settings(cls, settings: Settings, read_only: bool = False,
                      connection_timeout: float | None = None) -> Neo4jStore:
        """Create the driver (the one place it is created) and check the server answers."""
        uri, user, secret = settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password
        if not uri:
            raise StoreUnavailableError("QINYOU_STORE=neo4j needs QINYOU_NEO4J_URI "
                                        "(e.g. bolt://localhost:7687); see docs/neo4j.md")
        if uri.split("://", 1)[0] not in SCHEMES:
            raise StoreUnavailableError("QINYOU_NEO4J_URI must start with one of "
                                        f"{', '.join(s + '://' for s in SCHEMES)}", uri=uri)

        def unavailable(what: str, exc: Exception) -> StoreUnavailableError:
            text = " ".join(str(getattr(exc, "message", None) or exc).split())  # one line
            return StoreUnavailableError(f"{what}: {text.replace(secret, '***') if secret else text}", uri=uri)

        try:
            driver = neo4j.GraphDatabase.driver(uri, auth=(user, secret) if secret else None,
                                                connection_timeout=connection_timeout or settings.neo4j_timeout,
                                                user_agent="qinyou",
                                                # the server's hints (an unknown label in an empty graph, …)
                                                # are not the user's business; errors still raise
                                                notifications_min_severity="OFF")
        except (nx.ConfigurationError, ValueError) as exc:
            raise unavailable("invalid Neo4j settings", exc) from exc
        try:
            driver.verify_connectivity()
        except BaseException as exc:
            driver.close()
            if isinstance(exc, (nx.AuthError, nx.Forbidden)):
                raise unavailable(f"Neo4j refused the credentials of user {user!r} (check "
                                  "QINYOU_NEO4J_USER / QINYOU_NEO4J_PASSWORD)", exc) from exc
            if isinstance(exc, (nx.ServiceUnavailable, nx.SessionExpired, OSError)):
                raise unavailable("Neo4j is not reachable", exc) from exc
            if isinstance(exc, nx.Neo4jError):
                raise unavailable("Neo4j refused the connection", exc) from exc
            raise
        return cls(driver, settings.neo4j_database, read_only=read_only, batch_size=settings.batch_size)

    @contextmanager
    def _session(self, mode: str, query: str | None = None, **config: Any) -> Iterator[neo4j.Session]:
        try:
            with self._driver.session(database=self.database, default_access_mode=mode, **config) as session:
                yield session
        except (nx.ServiceUnavailable, nx.SessionExpired) as exc:
            raise StoreUnavailableError(f"Neo4j is not reachable: {exc}", query=query) from exc
        except nx.Neo4jError as exc:
            if exc.code == ACCESS_MODE or "read access mode" in (exc.message or ""):
                raise ReadOnlyError("saved queries are read-only: this one tries to write",
                                    query=query) from exc
            raise StoreError(f"Neo4j: {exc.message}", code=exc.code, query=query) from exc
        except nx.DriverError as exc:
            raise StoreError(f"Neo4j driver: {exc}", query=query) from exc

    # -- schema -------------------------------------------------------------
    def ensure_schema(self) -> None:
        if self.read_only:
            raise ReadOnlyError("the store is open read-only")
        ddl = {**constraint_ddl(self.schema), **index_ddl(self.schema)}  # constraints first
        with self._session(neo4j.WRITE_ACCESS, "ensure_schema") as session:
            # the names the server has (a constraint's backing index carries its name too):
            # each DDL statement is a schema transaction of its own, so only the missing ones run
            have = {r["name"] for r in session.run("SHOW INDEXES YIELD name RETURN name")}
            have |= {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name RETURN name")}
            missing = [stmt for stmt in ddl.values() if stmt.split()[2] not in have]
            for stmt in missing:
                session.execute_write(_run, stmt)
            if missing:  # new indexes are built in the background: wait until they serve
                session.run("CALL db.awaitIndexes($seconds)", seconds=300).consume()
        self._schema_ready = True

    def complete_import(self) -> dict[str, int]:
        """After ``neo4j-admin database import``: the constraints and indexes, and every absent
        list property stored as an empty list (the importer cannot write one), as loads leave them.

        Returns how many elements gained an empty list, per ``Type.property``.
        """
        self.ensure_schema()
        filled: dict[str, int] = {}
        targets = [(f"(x:{_q(self.schema, n)})", n, t.all_props()) for n, t in self.schema.nodes.items()]
        targets += [(f"()-[x:{_q(self.schema, n)}]->()", n, t.all_props()) for n, t in self.schema.rels.items()]
        with self._session(neo4j.WRITE_ACCESS, "complete_import") as session:
            for pattern, name, props in targets:
                for prop, kind in props.items():
                    if not kind.endswith("[]"):
                        continue
                    summary = session.run(f"MATCH {pattern} WHERE x.{prop} IS NULL "
                                          f"CALL (x) {{ SET x.{prop} = [] }} IN TRANSACTIONS OF 10000 ROWS").consume()
                    filled[f"{name}.{prop}"] = summary.counters.properties_set
        return filled

    # -- writing ------------------------------------------------------------
    def load(self, batch: GraphBatch, progress: Progress | None = None, consume: bool = False) -> LoadReport:
        if self.read_only:
            raise ReadOnlyError("the store is open read-only")
        if not self._schema_ready:
            self.ensure_schema()
        report, total = LoadReport(), len(batch.node_labels()) + len(batch.rel_keys())
        counted: dict[int, list[int]] = {}
        with self._session(neo4j.WRITE_ACCESS, "load") as session:
            # the parameter rows of the next batch are prepared while the server writes this one
            for step, kind, what, cypher, chunk in prefetch(self._chunks(batch, consume)):
                tally = counted.setdefault(step, [0, 0])
                if chunk is not None:
                    c, u = session.execute_write(self._work, cypher, chunk, what)
                    tally[0], tally[1] = tally[0] + c, tally[1] + u
                    continue
                report.add(kind, *counted.pop(step))  # the frame is done
                if progress:
                    progress(kind, step, total)
        return report

    def _chunks(self, batch: GraphBatch, consume: bool) -> Iterator[Chunk]:
        """(step, kind, what, statement, rows) per write transaction; rows None closes a frame."""
        sch, size = self.schema, self.batch_size
        for step, (key, frame) in enumerate(batch.frames(take=consume), 1):
            if isinstance(key, str):
                kind, what, cypher, types = key, key, node_merge(sch, sch.node(key)), sch.node(key).all_props()
            else:
                t, a, b = key
                kind, what, cypher, types = t, f"{t} {a}->{b}", rel_merge(sch, sch.rel(t), a, b), sch.rel(t).all_props()
            for start in range(0, len(frame), size):
                yield step, kind, what, cypher, rows(frame.iloc[start:start + size], types)
            del frame
            yield step, kind, what, cypher, None

    @staticmethod
    def _work(tx: neo4j.ManagedTransaction, cypher: str, chunk: list[dict[str, Any]],
              what: str) -> tuple[int, int]:
        """One batch, one transaction (retried by the driver on transient errors)."""
        record = tx.run(cypher, rows=chunk).single(strict=True)
        if record["rows"] != len(chunk):  # raising here rolls the batch back
            raise StoreError(f"{len(chunk) - record['rows']} relationships point at nodes "
                             "that are not in the store", element=what)
        return int(record["created"]), int(record["updated"])

    def delete_relationships(self, rel_type: str, from_id: str, to_id: str,
                             where: dict[str, Any] | None = None) -> int:
        if self.read_only:
            raise ReadOnlyError("the store is open read-only")
        match, params = self._delete_statement(rel_type, where)
        params.update(from_id=from_id, to_id=to_id)

        def work(tx: neo4j.ManagedTransaction) -> int:
            return int(tx.run(f"{match} DELETE r RETURN count(*) AS n", params).single(strict=True)["n"])

        with self._session(neo4j.WRITE_ACCESS, f"delete {rel_type}") as session:
            return session.execute_write(work)

    def clear(self, chunk: int = 10_000) -> int:
        """Delete every node and relationship of the database, in chunks (``qinyou rebuild``)."""
        if self.read_only:
            raise ReadOnlyError("the store is open read-only")

        def work(tx: neo4j.ManagedTransaction) -> int:
            return int(tx.run("MATCH (n) WITH n LIMIT $chunk DETACH DELETE n RETURN count(*) AS n",
                              {"chunk": chunk}).single(strict=True)["n"])

        total = 0
        with self._session(neo4j.WRITE_ACCESS, "clear") as session:
            while (gone := session.execute_write(work)):
                total += gone
        return total

    # -- reading ------------------------------------------------------------
    def read(self, cypher: str, params: dict[str, Any] | None = None,
             name: str | None = None) -> Result:
        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
            result = tx.run(cypher, params or {})
            return list(result.keys()), [list(record.values()) for record in result]

        with self._session(neo4j.READ_ACCESS, name) as session:
            columns, data = session.execute_read(work)
        labels = set(self.schema.nodes)
        return Result(columns, [[_value(v, labels) for v in row] for row in data])

    def stream(self, cypher: str, params: dict[str, Any] | None = None, name: str | None = None,
               skip: int = 0, take: int | None = None, chunk: int = CHUNK_ROWS) -> Iterator[Result]:
        """Records read from the driver's result cursor in a READ transaction, pulled from the
        server ``fetch_size`` at a time; when the transaction ends after ``skip + take`` rows the
        driver discards the rest on the server, which never sends it."""
        labels = set(self.schema.nodes)
        stop = None if take is None else skip + take
        fetch = max(1, min(chunk, stop)) if stop is not None else chunk
        with self._session(neo4j.READ_ACCESS, name, fetch_size=fetch) as session:
            with session.begin_transaction() as tx:
                result = tx.run(cypher, params or {})
                columns = list(result.keys())
                seen, sent = 0, False
                buf: list[list[Any]] = []
                if stop != 0:
                    for record in result:
                        seen += 1
                        self.pulled += 1
                        if seen > skip:
                            buf.append([_value(v, labels) for v in record.values()])
                            if len(buf) >= chunk:
                                yield Result(columns, buf)
                                buf, sent = [], True
                        if stop is not None and seen >= stop:
                            break
                if buf or not sent:
                    yield Result(columns, buf)
                tx.rollback()  # a read: nothing to keep; the unread rest is discarded

    def counts(self) -> dict[str, dict[str, int]]:
        queries = count_queries(self.schema)

        def work(tx: neo4j.ManagedTransaction) -> dict[str, int]:
            return {name.split(":", 1)[1]: int(tx.run(q).single(strict=True)["n"])
                    for name, q in queries.items()}

        with self._session(neo4j.READ_ACCESS, "counts") as session:
            found = session.execute_read(work)
        return {"nodes": {n: found[n] for n in self.schema.nodes},
                "relationships": {t: found[t] for t in self.schema.rels}}

    def statements(self) -> dict[str, str]:
        """Every statement this store can send (see :func:`statements`)."""
        return statements(self.schema)

    def close(self) -> None:
        self._driver.close()
