"""The embedded store: LadybugDB, in-process, data in one directory.

Bulk writes go through ``COPY FROM`` on Arrow tables: the ids a batch brings
are compared with the ids already stored, new ones are copied, known ones
gain their new provenance through one ``LOAD FROM … SET``. Loading the same
batch twice therefore changes nothing, at bulk speed.
"""
from __future__ import annotations

import datetime as dt
from itertools import chain
from pathlib import Path
from typing import Any

import ladybug
import numpy as np
import pandas as pd
import pyarrow as pa

from graph.batch import GraphBatch
from graph.model import Schema
from graph.result import GNode, GPath, GRel, Result
from graph.store import GraphStore, LoadReport, Progress
from qinyou.errors import ReadOnlyError, SchemaError, StoreError, StoreInUseError, StoreUnavailableError

DB_FILE = "graph.lbug"
DDL_TYPES = {"string": "STRING", "int": "INT64", "float": "DOUBLE", "bool": "BOOLEAN",
             "date": "DATE", "string[]": "STRING[]", "float[]": "DOUBLE[]"}
ARROW_TYPES = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
               "date": pa.date32(), "string[]": pa.list_(pa.string()), "float[]": pa.list_(pa.float64())}


def node_ddl(sch: Schema) -> list[str]:
    """``CREATE NODE TABLE`` statements derived from the schema."""
    out = []
    for node in sch.nodes.values():
        cols = ", ".join(f"{name} {DDL_TYPES[t]}" for name, t in node.all_props().items())
        out.append(f"CREATE NODE TABLE IF NOT EXISTS `{node.name}`({cols}, PRIMARY KEY(id))")
    return out


def rel_ddl(sch: Schema) -> list[str]:
    """``CREATE REL TABLE`` statements derived from the schema."""
    out = []
    for rel in sch.rels.values():
        ends = ", ".join(f"FROM `{a}` TO `{b}`" for a, b in rel.ends)
        cols = ", ".join(f"{name} {DDL_TYPES[t]}" for name, t in rel.all_props().items())
        out.append(f"CREATE REL TABLE IF NOT EXISTS `{rel.name}`({ends}, {cols})")
    return out


def _cell(value: Any, kind: str) -> Any:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return [] if kind.endswith("[]") else None
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, pd.Timestamp):
            return value.date()
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return None
    if kind.endswith("[]"):
        return list(value) if isinstance(value, (list, tuple)) else [value]
    return value


def _cells(series: pd.Series, kind: str) -> pa.Array:
    """The per-cell conversion (:func:`_cell`): for messy object columns."""
    values = [_cell(v, kind) for v in series.tolist()]
    if kind == "string":
        values = [None if v is None else str(v) for v in values]
    return pa.array(values, ARROW_TYPES[kind])


def _list_column(series: pd.Series, kind: str) -> pa.Array:
    """A list column: whole-column build when every cell is a list of clean values."""
    values = series.tolist()
    if all(type(v) is list for v in values):
        try:
            lens = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
            offsets = np.zeros(len(values) + 1, dtype=np.int32)
            np.cumsum(lens, out=offsets[1:])
            inner = pa.array(list(chain.from_iterable(values)), ARROW_TYPES[kind].value_type)
            return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), inner)
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            pass
    return _cells(series, kind)


def _column(series: pd.Series, kind: str) -> pa.Array:
    """One stored column as Arrow; equal to converting every cell with :func:`_cell`."""
    if kind.endswith("[]"):
        return _list_column(series, kind)
    inferred = pd.api.types.infer_dtype(series, skipna=True)
    if kind == "string" and inferred in ("string", "empty"):
        try:
            return pa.array(series.to_numpy(dtype=object), pa.string(), from_pandas=True)
        except (pa.ArrowException, TypeError, ValueError):
            pass
        return _cells(series, kind)
    if kind == "date":
        if inferred in ("string", "date", "empty", "datetime"):
            try:  # few distinct dates: convert each once
                codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
                table = pa.array([_cell(u, kind) for u in uniques.tolist()] + [None], pa.date32())
                return table.take(pa.array(np.where(codes < 0, len(uniques), codes)))
            except (pa.ArrowException, TypeError, ValueError):
                pass
        return _cells(series, kind)
    if kind == "string" or series.dtype == object:
        if kind != "string" and inferred in ("integer", "floating", "mixed-integer-float", "boolean", "empty"):
            try:
                return pa.array(series.tolist(), ARROW_TYPES[kind], from_pandas=True)
            except (pa.ArrowException, TypeError, ValueError, OverflowError):
                pass
        return _cells(series, kind)
    try:
        return pa.array(series, ARROW_TYPES[kind], from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return pa.array([None if pd.isna(v) else v for v in series.tolist()], ARROW_TYPES[kind])


def to_arrow(frame: pd.DataFrame, types: dict[str, str], lead: list[str] | None = None) -> pa.Table:
    """An Arrow table with exactly the stored columns, typed from the schema.

    >>> t = to_arrow(pd.DataFrame({"id": ["a", "b"], "sources": [["f#r1"], None], "n": [1.0, None],
    ...                            "d": ["2020-01-02", None]}),
    ...              {"id": "string", "sources": "string[]", "n": "int", "d": "date", "x": "string"})
    >>> t.to_pylist()[1]
    {'id': 'b', 'sources': [], 'n': None, 'd': None, 'x': None}
    >>> t.schema.types
    [DataType(string), ListType(list<item: string>), DataType(int64), DataType(date32[day]), DataType(string)]
    """
    arrays: dict[str, pa.Array] = {}
    for col in lead or []:
        series = frame[col]
        if pd.api.types.infer_dtype(series, skipna=False) == "string":
            arrays[col] = pa.array(series.to_numpy(dtype=object), pa.string())
        else:
            arrays[col] = pa.array(series.astype(str).tolist(), pa.string())
    n = len(frame)
    for name, kind in types.items():
        if name in frame.columns:
            arrays[name] = _column(frame[name], kind)
        else:
            arrays[name] = pa.nulls(n, ARROW_TYPES[kind]) if not kind.endswith("[]") else \
                pa.ListArray.from_arrays(pa.array(np.zeros(n + 1, dtype=np.int32)), pa.array([], pa.string())
                                         ).cast(ARROW_TYPES[kind])
    return pa.table(arrays)


class EmbeddedStore(GraphStore):
    """LadybugDB in ``directory/graph.lbug``; one writer at a time."""

    dialect = "ladybug"

    def __init__(self, directory: Path, read_only: bool = False, sch: Schema | None = None) -> None:
        super().__init__(sch)
        self.directory = Path(directory)
        self.read_only = read_only
        path = self.directory / DB_FILE
        if read_only and not path.exists():
            raise StoreUnavailableError("no graph has been built yet: run `qinyou ingest` or `qinyou demo`",
                                        store=str(self.directory))
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            self._db = ladybug.Database(str(path), read_only=read_only)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            if "lock" in str(exc).lower():
                raise StoreInUseError("the store is in use by another qinyou process (one writer at a time)",
                                      store=str(self.directory)) from exc
            raise StoreError(f"cannot open the embedded store: {exc}", store=str(self.directory)) from exc
        if not read_only:
            self.ensure_schema()

    # -- schema -------------------------------------------------------------
    def _columns(self, table: str) -> list[str]:
        info = self._exec(f"CALL table_info('{table}') RETURN *").get_as_df()
        return [str(c) for c in info["name"].tolist()]

    def _tables(self) -> set[str]:
        return {str(t) for t in self._exec("CALL show_tables() RETURN *").get_as_df()["name"]}

    def ensure_schema(self) -> None:
        existing = self._tables()
        for stmt in node_ddl(self.schema) + rel_ddl(self.schema):
            self._conn.execute(stmt)
        declared = {**{n: list(t.all_props()) for n, t in self.schema.nodes.items()},
                    **{n: list(t.all_props()) for n, t in self.schema.rels.items()}}
        for name, columns in declared.items():
            if name in existing and self._columns(name) != columns:
                raise SchemaError("the store was built with another schema version; "
                                  "remove it (or set QINYOU_DB elsewhere) and ingest again",
                                  store=str(self.directory), table=name)

    # -- writing ------------------------------------------------------------
    def _exec(self, cypher: str, params: dict[str, Any] | None = None) -> ladybug.QueryResult:
        try:
            result = self._conn.execute(cypher, params) if params else self._conn.execute(cypher)
        except RuntimeError as exc:
            raise StoreError(f"embedded store: {exc}") from exc
        return result[-1] if isinstance(result, list) else result

    def _existing(self, match: str) -> pd.DataFrame:
        table = self._exec(f"{match} RETURN x.id AS id, x.sources AS sources").get_as_arrow()
        return table.to_pandas()

    def load(self, batch: GraphBatch, progress: Progress | None = None) -> LoadReport:
        if self.read_only:
            raise ReadOnlyError("the store is open read-only")
        report = LoadReport()
        nodes = batch.node_frames()
        rels = batch.rel_frames()
        total = len(nodes) + len(rels)
        step = 0
        for label, frame in nodes.items():
            self.schema.check_label(label)
            types = self.schema.node(label).all_props()
            created, updated = self._merge(frame, types, f"MATCH (x:`{label}`)", label, None)
            report.add(label, created, updated)
            step += 1
            if progress:
                progress(label, step, total)
        for (rtype, a, b), frame in rels.items():
            for name in (rtype, a, b):
                self.schema.check_label(name)
            types = {k: v for k, v in self.schema.rel(rtype).all_props().items()}
            created, updated = self._merge(frame, types, f"MATCH (:`{a}`)-[x:`{rtype}`]->(:`{b}`)", rtype, (a, b))
            report.add(rtype, created, updated)
            step += 1
            if progress:
                progress(rtype, step, total)
        return report

    def _merge(self, frame: pd.DataFrame, types: dict[str, str], match: str, table: str,
               ends: tuple[str, str] | None) -> tuple[int, int]:
        existing = self._existing(match)
        known = frame["id"].isin(existing["id"]) if len(existing) else pd.Series(False, index=frame.index)
        new = frame[~known]
        if len(new):
            arrow = to_arrow(new, types, lead=["from", "to"] if ends else None)
            opts = f" (from='{ends[0]}', to='{ends[1]}')" if ends else ""
            try:
                self._copy(table, arrow, opts)
            except RuntimeError as exc:
                raise StoreError(f"bulk load of {table} failed: {exc}", table=table) from exc
        updated = 0
        if known.any():
            old = frame[known]
            stored = dict(zip(existing["id"], existing["sources"]))
            merged, changed = [], []
            for nid, sources in zip(old["id"], old["sources"]):
                got = stored.get(nid)
                have = [] if got is None else list(got)  # Arrow lists arrive as numpy arrays
                extra = [s for s in (sources if isinstance(sources, (list, tuple)) else []) if s not in have]
                merged.append(have + extra)
                changed.append(bool(extra))
            old = old.assign(sources=merged)[changed]
            if len(old):
                self._update(old, types, match, table)
                updated = len(old)
        return len(new), updated

    def _copy(self, table: str, arrow: pa.Table, opts: str) -> None:
        new_rows = arrow  # noqa: F841 - LadybugDB resolves the Python variable by name
        self._conn.execute(f"COPY `{table}` FROM new_rows{opts}")

    def _update(self, frame: pd.DataFrame, types: dict[str, str], match: str, table: str) -> None:
        props = [p for p in types if p in frame.columns and p not in ("id",)]
        renamed = frame[["id", *props]].rename(columns={p: f"u_{p}" for p in ["id", *props]})
        upd = to_arrow(renamed, {f"u_{p}": types[p] for p in ["id", *props]})
        sets = ", ".join(
            f"x.{p} = u_{p}" if p in ("sources", "raw") else f"x.{p} = coalesce(u_{p}, x.{p})"
            for p in props)
        # `match` binds the element as x; LOAD FROM joins the update rows on the id
        self._conn.execute(f"LOAD FROM upd {match} WHERE x.id = u_id SET {sets}")

    # -- reading ------------------------------------------------------------
    def read(self, cypher: str, params: dict[str, Any] | None = None,
             name: str | None = None) -> Result:
        params = {k: v for k, v in (params or {}).items()}
        began = False
        try:
            if not self.read_only:
                self._conn.execute("BEGIN TRANSACTION READ ONLY")
                began = True
            result = self._conn.execute(cypher, params) if params else self._conn.execute(cypher)
            if isinstance(result, list):  # several statements: the last one answers
                result = result[-1]
            columns = list(result.get_column_names())
            rows = [[self._trim(_convert(v)) for v in row] for row in result.get_all()]
            if began:
                self._conn.execute("COMMIT")
                began = False
            return Result(columns, rows)
        except RuntimeError as exc:
            text = str(exc)
            if "read-only" in text or "read only" in text.lower():
                raise ReadOnlyError("saved queries are read-only: this one tries to write",
                                    query=name) from exc
            raise StoreError(f"query failed: {text}", query=name) from exc
        finally:
            if began:
                try:
                    self._conn.execute("ROLLBACK")
                except RuntimeError:
                    pass

    def _trim(self, value: Any) -> Any:
        """Drop the null columns an unlabelled variable brings from other tables."""
        if isinstance(value, GNode) and value.label in self.schema.nodes:
            keep = self.schema.node(value.label).all_props()
            return GNode(value.key, value.label, {k: v for k, v in value.props.items() if k in keep})
        if isinstance(value, GRel) and value.type in self.schema.rels:
            keep = self.schema.rel(value.type).all_props()
            return GRel(value.key, value.type, value.start, value.end,
                        {k: v for k, v in value.props.items() if k in keep})
        if isinstance(value, GPath):
            return GPath(tuple(self._trim(n) for n in value.nodes), tuple(self._trim(r) for r in value.rels))
        if isinstance(value, list):
            return [self._trim(v) for v in value]
        return value

    def _count(self, cypher: str) -> int:
        rows: Any = self._exec(cypher).get_all()
        return int(rows[0][0])

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {label: self._count(f"MATCH (x:`{label}`) RETURN count(x)") for label in self.schema.nodes}
        rels = {rtype: self._count(f"MATCH ()-[x:`{rtype}`]->() RETURN count(x)") for rtype in self.schema.rels}
        return {"nodes": nodes, "relationships": rels}

    def close(self) -> None:
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        if conn is not None:
            conn.close()
            self._conn = None  # type: ignore[assignment]
        if db is not None:
            db.close()
            self._db = None  # type: ignore[assignment]


def _key(internal: Any) -> str:
    if isinstance(internal, dict):
        return f"{internal.get('table')}:{internal.get('offset')}"
    return str(internal)


def _convert(value: Any) -> Any:
    """Ladybug's dict encoding of nodes, rels and paths → GNode / GRel / GPath."""
    if isinstance(value, dict):
        if "_NODES" in value and "_RELS" in value:
            return GPath(tuple(_convert(n) for n in value["_NODES"]),
                         tuple(_convert(r) for r in value["_RELS"]))
        if "_SRC" in value and "_DST" in value:
            props = {k: v for k, v in value.items() if not k.startswith("_")}
            return GRel(_key(value.get("_ID")), str(value.get("_LABEL")), _key(value["_SRC"]),
                        _key(value["_DST"]), props)
        if "_LABEL" in value and "_ID" in value:
            props = {k: v for k, v in value.items() if not k.startswith("_")}
            return GNode(_key(value["_ID"]), str(value["_LABEL"]), props)
        return {k: _convert(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_convert(v) for v in value]
    return value
