"""The embedded store: LadybugDB, in-process, data in one directory.

Bulk writes go through ``COPY FROM`` on Arrow tables: the ids a batch brings
are compared with the ids already stored, new ones are copied, known ones
gain their new provenance through one ``LOAD FROM … SET``. Loading the same
batch twice therefore changes nothing, at bulk speed.
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import Any

import ladybug
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from qinyou.graph.batch import GraphBatch
from qinyou.graph.column_ids import norm_column
from qinyou.graph.folding import union_arrow
from qinyou.graph.model import Schema
from qinyou.graph.result import GNode, GPath, GRel, Result
from qinyou.graph.store import CHUNK_ROWS, GraphStore, LoadReport, Progress
from qinyou.graph.store_lock import StoreLock
from qinyou.compat import object_text, release_memory
from qinyou.errors import ReadOnlyError, SchemaError, StoreError, StoreInUseError, StoreUnavailableError

DB_FILE = "graph.lbug"
#: LadybugDB lets one process write or several read: what the second comer is told
IN_USE_WRITING = ("the store is in use by another qinyou process (the app, or another command): "
                  "close it, or wait until it is done, and run this again")
IN_USE_READING = ("the store is in use: another qinyou process is writing it (`qinyou ingest`?); "
                  "try again when it is done")
#: rows per Parquet row group when flushing: LadybugDB reads row groups in parallel, and from
#: groups of this size a copy runs as fast as from memory (1M-row groups were 20 % slower)
COPY_ROW_GROUP = 131_072
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


def stored_rel_props(rel: Any) -> dict[str, str]:
    """The properties a relationship table stores: all but ``id``.

    A relationship's id is a hash of its ends and its identity properties
    (:func:`graph.batch.rel_id`), so the embedded store derives it when it needs
    it instead of storing it: one string fewer per relationship (3.5 s and 0.3 GB
    of the 12.7 s copy of 2.9M household KIN relationships).
    """
    return {name: t for name, t in rel.all_props().items() if name != "id"}


def rel_ddl(sch: Schema) -> list[str]:
    """``CREATE REL TABLE`` statements derived from the schema (without ``id``: see :func:`stored_rel_props`)."""
    out = []
    for rel in sch.rels.values():
        ends = ", ".join(f"FROM `{a}` TO `{b}`" for a, b in rel.ends)
        cols = ", ".join(f"{name} {DDL_TYPES[t]}" for name, t in stored_rel_props(rel).items())
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
    """A list column: as it is when held in Arrow, else built whole when every cell is a list of clean values."""
    if isinstance(series.dtype, pd.ArrowDtype):
        try:
            held = pa.array(series.array)
            if isinstance(held, pa.ChunkedArray):
                held = held.combine_chunks()
            return held.cast(ARROW_TYPES[kind])
        except (pa.ArrowException, TypeError, ValueError):
            pass
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


def _gained(have: pa.ChunkedArray | pa.Array, incoming: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Row i held ``have[i]`` and brings ``incoming[i]``: whether it gains a source, and for the rows
    that do (in order) the union: the held list followed by the new strings, in order.

    Lists are sets here: a repeat within a list is never new. Rows bringing the
    very list they hold (every row, when a file is loaded again) are settled by
    one vectorised comparison before any union is built.

    >>> grown, union = _gained(pa.array([["f#r1"], ["f#r2"], None]), pa.array([["f#r1"], ["g#r1", "f#r2"], []]))
    >>> grown.tolist(), union.to_pylist()
    ([False, True, False], [['f#r2', 'g#r1']])
    >>> grown, union = _gained(pa.array([["a", "b"], ["a", "b"], ["a"]]), pa.array([["a", "c"], ["b", "a"], ["a"]]))
    >>> grown.tolist(), union.to_pylist()
    ([True, False, False], [['a', 'b', 'c']])
    """
    have = have.combine_chunks() if isinstance(have, pa.ChunkedArray) else have
    incoming = incoming.combine_chunks() if isinstance(incoming, pa.ChunkedArray) else incoming
    incoming = incoming.cast(have.type)
    n = len(have)
    grown = np.zeros(n, dtype=bool)
    h_len = pc.list_value_length(have).fill_null(0).to_numpy(zero_copy_only=False)
    i_len = pc.list_value_length(incoming).fill_null(0).to_numpy(zero_copy_only=False)
    differ = h_len != i_len
    same = np.flatnonzero(~differ)
    if len(same):  # same length: equal element by element?
        h_same = have if len(same) == n else have.take(pa.array(same))
        i_same = incoming if len(same) == n else incoming.take(pa.array(same))
        equal = pc.equal(pc.list_flatten(h_same), pc.list_flatten(i_same)).fill_null(False)
        unequal = ~equal.to_numpy(zero_copy_only=False)
        if unequal.any():
            owner = np.repeat(np.arange(len(same)), h_len[same])
            differ[same[np.unique(owner[unequal])]] = True
    rows = np.flatnonzero(differ)
    if not len(rows):
        return grown, pa.array([], have.type)
    have, incoming = have.take(pa.array(rows)), incoming.take(pa.array(rows))
    m = len(rows)
    codes = np.arange(m)
    union = union_arrow(np.concatenate([codes, codes]), pa.concat_arrays([have, incoming]), m)
    alone = union_arrow(codes, have, m)
    more = pc.list_value_length(union).to_numpy(zero_copy_only=False) > \
        pc.list_value_length(alone).to_numpy(zero_copy_only=False)
    grown[rows[more]] = True
    return grown, union.filter(pa.array(more))


def _normal(values: pa.ChunkedArray | pa.Array) -> pa.Array:
    """:func:`graph.ids.norm_text` of each value as Arrow text (null → ""), normalising each distinct value once."""
    codes = pc.dictionary_encode(values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values)
    distinct = pd.Series(codes.dictionary.to_pylist(), dtype=object)
    normed = pa.array(norm_column(distinct).tolist() + [""], pa.string())
    indices = codes.indices.fill_null(len(distinct))
    return normed.take(indices)


def _meeting(waiting: pa.ChunkedArray, incoming: pa.ChunkedArray) -> tuple[pa.Array, pa.Array]:
    """Which waiting ids come again, and which incoming ids are waiting: one hash set, on the smaller side."""
    if len(incoming) <= len(waiting):
        met = pc.is_in(waiting, value_set=incoming.combine_chunks())
        again = pc.is_in(incoming, value_set=waiting.filter(met).combine_chunks())
    else:
        again = pc.is_in(incoming, value_set=waiting.combine_chunks())
        met = pc.is_in(waiting, value_set=incoming.filter(again).combine_chunks())
    return met, again


def _union_pairs(held: pa.ChunkedArray | pa.Array, incoming: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Row by row: the held list followed by the incoming strings it lacks (nulls are empty).

    >>> _union_pairs(pa.array([["a"], None]), pa.array([["b", "a"], ["c"]])).to_pylist()
    [['a', 'b'], ['c']]
    """
    held = held.combine_chunks() if isinstance(held, pa.ChunkedArray) else held
    incoming = incoming.combine_chunks() if isinstance(incoming, pa.ChunkedArray) else incoming
    codes = np.arange(len(held))
    union = union_arrow(np.concatenate([codes, codes]), pa.concat_arrays([held, incoming.cast(held.type)]),
                        len(held))
    return union.cast(held.type)


def _value_or_null(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """An empty list counts as no value (as a missing one): it never replaces a stored list."""
    if not pa.types.is_list(column.type):
        return column
    return pc.if_else(pc.greater(pc.list_value_length(column).fill_null(0), 0), column,
                      pa.scalar(None, column.type))


def _fold_pending(rows: pa.Table, hits: pa.Table, props: list[str]) -> tuple[pa.Table, np.ndarray]:
    """Waiting elements met again (``rows[i]`` and ``hits[i]`` share an id): the ones that gain
    provenance, updated as :meth:`EmbeddedStore._update` would, and which rows those are.

    Sources and raw texts become the waiting list followed by the new strings,
    in order; a property takes the new value unless it is null (or an empty list).
    """
    grown, union = _gained(rows.column("sources"), hits.column("sources"))
    if not grown.any():
        return rows.slice(0, 0), grown
    mask = pa.array(grown)
    rows, hits = rows.filter(mask), hits.filter(mask)
    columns = {}
    for name in rows.column_names:
        if name == "sources":
            columns[name] = union.cast(rows.schema.field(name).type)
        elif name == "raw" and name in props:
            columns[name] = _union_pairs(rows.column(name), hits.column(name))
        elif name in props:
            columns[name] = pc.coalesce(_value_or_null(hits.column(name)), rows.column(name))
        else:
            columns[name] = rows.column(name)
    return pa.table(columns, schema=rows.schema), grown


class _Waiting:
    """New elements of one table waiting for the bulk copy: Arrow pieces, and which rows still count.

    A waiting row met again by a later load is superseded (its folded version is
    appended) rather than cut out, so the big pieces are never copied before the
    one copy that normalises them for the store (:meth:`table`).
    """

    def __init__(self, table: pa.Table) -> None:
        self.rows = table
        self.alive = np.ones(table.num_rows, dtype=bool)

    def append(self, table: pa.Table, alive: np.ndarray | None = None) -> None:
        """More rows; ``alive`` (default: all) says which of them count."""
        self.rows = pa.concat_tables([self.rows, table])
        self.alive = np.concatenate([self.alive, np.ones(table.num_rows, dtype=bool) if alive is None else alive])

    def supersede(self, positions: np.ndarray) -> None:
        self.alive[positions] = False

    def table(self) -> pa.Table:
        """The rows that count, one chunk per column (LadybugDB 0.22 lost rows copying chunked tables)."""
        if self.alive.all():
            return self.rows.combine_chunks()
        return self.rows.take(pa.array(np.flatnonzero(self.alive))).combine_chunks()


def _spill(key: tuple[str, ...], waiting: _Waiting, path: Path) -> Path:
    """Write a waiting table, as it is copied, to a Parquet file (see :meth:`EmbeddedStore.flush`)."""
    pq.write_table(_stored(key, waiting), path, compression="none", row_group_size=COPY_ROW_GROUP)
    return path


def _stored(key: tuple[str, ...], waiting: _Waiting) -> pa.Table:
    """A waiting table as it is copied: relationships wait with their id (to fold) but are stored without it."""
    table = waiting.table()
    return table.drop_columns(["id"]) if len(key) == 3 else table


class EmbeddedStore(GraphStore):
    """LadybugDB in ``directory/graph.lbug``; one writer at a time."""

    dialect = "ladybug"

    def __init__(self, directory: Path, read_only: bool = False, sch: Schema | None = None) -> None:
        super().__init__(sch)
        self.directory = Path(directory)
        self.read_only = read_only
        self._pending: dict[tuple[str, ...], _Waiting] = {}
        path = self.directory / DB_FILE
        if read_only and not path.exists():
            raise StoreUnavailableError("no graph has been built yet: run `qinyou ingest` or `qinyou demo`",
                                        store=str(self.directory))
        if not read_only:
            self.directory.mkdir(parents=True, exist_ok=True)
        # one writer or several readers (LadybugDB itself only keeps writers apart)
        self._lock = StoreLock(self.directory, exclusive=not read_only)
        if not self._lock.acquire():
            raise StoreInUseError(IN_USE_READING if read_only else IN_USE_WRITING, store=str(self.directory))
        try:
            self._db = ladybug.Database(str(path), read_only=read_only)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            self._lock.release()
            if "lock" in str(exc).lower():
                raise StoreInUseError(IN_USE_READING if read_only else IN_USE_WRITING,
                                      store=str(self.directory)) from exc
            raise StoreError(f"cannot open the embedded store: {exc}", store=str(self.directory)) from exc
        if not read_only:
            try:
                self.ensure_schema()
            except BaseException:  # a store of another schema: let it go for the next opener
                self.close()
                raise
            for stale in self.directory.glob(".copy-*"):  # a flush that was killed; this writer owns the store
                shutil.rmtree(stale, ignore_errors=True)

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
                    **{n: list(stored_rel_props(t)) for n, t in self.schema.rels.items()}}
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

    def _existing(self, match: str, rel_type: str | None = None) -> pa.Table:
        """What is stored of the elements ``match`` binds as x: nodes ``id`` and ``sources``;
        relationships their ends ``f`` and ``t``, identity properties ``k_*`` (normalised as
        ids normalise them), ``off`` and ``sources``."""
        if rel_type is None:
            return self._exec(f"{match} RETURN x.id AS id, x.sources AS sources, x.raw AS raw").get_as_arrow()
        keys = "".join(f", x.{k} AS k_{k}" for k in self.schema.rel(rel_type).identity)
        stored = self._exec(f"{match} RETURN a.id AS f, b.id AS t{keys}, offset(id(x)) AS off, "
                            f"x.sources AS sources").get_as_arrow()
        for k in self.schema.rel(rel_type).identity:
            at = stored.schema.get_field_index(f"k_{k}")
            stored = stored.set_column(at, f"k_{k}", _normal(stored.column(at)))
        return stored

    def _stored_rels(self, arrow: pa.Table, existing: pa.Table, rel_type: str) -> tuple[np.ndarray, np.ndarray]:
        """Incoming relationships (rows of ``arrow``) that are stored, and the rows of ``existing`` they are.

        A relationship's id is a hash of its ends and normalised identity
        properties, so matching on those (one hash join in Arrow) finds exactly
        the ids the store holds without hashing every stored relationship again.
        """
        identity = [f"k_{k}" for k in self.schema.rel(rel_type).identity]
        left = pa.table({"f": arrow.column("from"), "t": arrow.column("to"),
                         **{k: _normal(arrow.column(k[2:])) for k in identity},
                         "i": pa.array(np.arange(arrow.num_rows))})
        right = existing.select(["f", "t", *identity]).append_column("j", pa.array(np.arange(existing.num_rows)))
        pairs = left.join(right, keys=["f", "t", *identity], join_type="inner")
        i = pairs.column("i").to_numpy()
        j = pairs.column("j").to_numpy()
        i, first = np.unique(i, return_index=True)  # one stored match per incoming row, in row order
        return i, j[first]

    def load(self, batch: GraphBatch, progress: Progress | None = None, consume: bool = False) -> LoadReport:
        if self.read_only:
            raise ReadOnlyError("the store is open read-only")
        with object_text():
            return self._load(batch, progress, consume)

    def _load(self, batch: GraphBatch, progress: Progress | None, consume: bool) -> LoadReport:
        report = LoadReport()
        total = len(batch.node_labels()) + len(batch.rel_keys())
        for step, (key, frame) in enumerate(batch.frames(take=consume), 1):
            if isinstance(key, str):
                self.schema.check_label(key)
                types = self.schema.node(key).all_props()
                created, updated = self._stage(frame, types, (key,), f"MATCH (x:`{key}`)")
                name = key
            else:
                rtype, a, b = key
                for part in key:
                    self.schema.check_label(part)
                types = dict(self.schema.rel(rtype).all_props())
                created, updated = self._stage(frame, types, key, f"MATCH (a:`{a}`)-[x:`{rtype}`]->(b:`{b}`)")
                name = rtype
            del frame
            report.add(name, created, updated)
            if progress:
                progress(name, step, total)
        return report

    def _stage(self, frame: pd.DataFrame, types: dict[str, str], key: tuple[str, ...], match: str
               ) -> tuple[int, int]:
        """Known ids gain their new provenance now; new ones wait (see :meth:`flush`).

        ``key`` is ``(label,)`` for nodes and ``(type, from label, to label)``
        for relationships. Copying into a table that already holds rows is slow
        in LadybugDB (each copy checkpoints, and a relationship table's
        adjacency lists are rewritten), while one copy into an empty table runs
        at bulk speed. New elements are therefore kept as Arrow tables, folded
        by id exactly as separate loads would fold them (:func:`_fold_pending`),
        and copied once per table when the store is read or closed: nodes
        first, then the relationships between them.
        """
        rel_type = key[0] if len(key) == 3 else None
        lead = ["from", "to"] if len(key) == 3 else None
        present = [c for c in frame.columns if c in types and c != "id"]  # absent ones are left alone
        arrow = to_arrow(frame, types, lead=lead)
        updated = 0
        existing = self._existing(match, rel_type)
        if existing.num_rows:
            if rel_type is None:
                at = pc.index_in(arrow.column("id"), value_set=existing.column("id").combine_chunks())
                hit_rows = np.flatnonzero(pc.is_valid(at).to_numpy(zero_copy_only=False))
                stored_rows = at.take(pa.array(hit_rows)).to_numpy(zero_copy_only=False)
            else:
                hit_rows, stored_rows = self._stored_rels(arrow, existing, rel_type)
            # only what the comparison and the update need, aligned with hits
            stored = existing.select([c for c in ("sources", "raw", "off") if c in existing.column_names])
            del existing
            if len(hit_rows):
                every = len(hit_rows) == arrow.num_rows  # (a file loaded again): no copies
                hits = arrow if every else arrow.take(pa.array(hit_rows))
                stored = stored.take(pa.array(stored_rows))
                known = np.zeros(arrow.num_rows, dtype=bool)
                known[hit_rows] = True
                arrow = arrow.filter(pa.array(~known))
                grown, union = _gained(stored.column("sources"), hits.column("sources"))
                if grown.any():
                    mask = pa.array(grown)
                    changed = hits.filter(mask).set_column(hits.schema.get_field_index("sources"), "sources",
                                                             union.cast(hits.schema.field("sources").type))
                    if "raw" in present:  # raw texts are unioned like sources
                        changed = changed.set_column(
                            changed.schema.get_field_index("raw"), "raw",
                            _union_pairs(stored.column("raw").filter(mask), changed.column("raw")))
                    if rel_type is not None:  # stored relationships are found by their offset
                        changed = changed.append_column("off", stored.column("off").filter(mask))
                    self._update(changed, types, present, match)
                    updated = int(grown.sum())
            del stored
        if not arrow.num_rows:
            return 0, updated
        waiting = self._pending.get(key)
        if waiting is None:
            self._pending[key] = _Waiting(arrow)
            return arrow.num_rows, updated
        met, again = _meeting(waiting.rows.column("id"), arrow.column("id"))
        met_at = np.flatnonzero(met.to_numpy(zero_copy_only=False) & waiting.alive)
        fresh = np.ones(arrow.num_rows, dtype=bool)
        if len(met_at):
            # rows met again never count as new: they are appended superseded (no copy of the big side)
            fresh = ~again.to_numpy(zero_copy_only=False).astype(bool)
            hits = arrow.filter(pa.array(~fresh))
            rows = waiting.rows.take(pa.array(met_at))  # live rows: one per id
            at = pc.index_in(hits.column("id"), value_set=rows.column("id")).to_numpy()
            rows, met_at = rows.take(pa.array(at)), met_at[at]  # aligned with hits
            folded, grown = _fold_pending(rows, hits, [c for c in present if c != "sources"])
            if grown.any():
                waiting.supersede(met_at[grown])
                waiting.append(folded)
                updated += int(grown.sum())
        waiting.append(arrow, fresh)
        return int(fresh.sum()), updated

    def flush(self) -> None:
        """Copy the nodes, then the relationships, waiting since :meth:`load` into their tables.

        The waiting tables are first written to Parquet files beside the store
        and let go, so the process holds none of them while LadybugDB builds a
        table (its copy of the 2.9M household KIN of the 3000-village county
        needs about 1.9 GB on its own); each file is then copied and removed.
        On that county this lowers the peak of the flush from 4.2 GB to 2.5 GB;
        the 2 s of writing overlap the copies (a writer thread runs while
        LadybugDB copies). A store whose path cannot be quoted in a COPY
        statement copies from memory instead.
        """
        pending, self._pending = self._pending, {}
        if not pending:
            return
        order = sorted(pending, key=len)  # nodes (label,) before relationships (type, from, to)
        spill = Path(tempfile.mkdtemp(prefix=".copy-", dir=self.directory)).resolve()
        if "'" in str(spill) or "\\" in str(spill):
            spill.rmdir()
            for key in order:
                self._copy_checked(key, _stored(key, pending.pop(key)))
            return
        # a writer thread spills table after table while LadybugDB (which lets go of the GIL) copies
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qinyou-spill")
        try:
            spilled = [(key, writer.submit(_spill, key, pending.pop(key), spill / f"{i}.parquet"))
                       for i, key in enumerate(order)]
            for key, job in spilled:
                try:
                    path = job.result()
                except (OSError, pa.ArrowException) as exc:
                    raise StoreError(f"bulk load of {key[0]} failed: cannot write {spill}: {exc}",
                                     table=key[0]) from exc
                release_memory()
                self._copy_checked(key, f"'{path}'")
                path.unlink()
        finally:
            writer.shutdown(wait=True, cancel_futures=True)
            shutil.rmtree(spill, ignore_errors=True)
            release_memory()

    def _copy_checked(self, key: tuple[str, ...], source: pa.Table | str) -> None:
        opts = f" (from='{key[1]}', to='{key[2]}')" if len(key) == 3 else ""
        try:
            self._copy(key[0], source, opts)
        except RuntimeError as exc:
            raise StoreError(f"bulk load of {key[0]} failed: {exc}", table=key[0]) from exc

    def _copy(self, table: str, source: pa.Table | str, opts: str) -> None:
        """``COPY`` from an Arrow table or from a quoted file path."""
        if isinstance(source, str):
            self._conn.execute(f"COPY `{table}` FROM {source}{opts}")
            return
        new_rows = source  # noqa: F841 - LadybugDB resolves the Python variable by name
        self._conn.execute(f"COPY `{table}` FROM new_rows{opts}")

    def _update(self, changed: pa.Table, types: dict[str, str], present: list[str], match: str) -> None:
        """Stored elements gain ``changed``'s sources (whole lists) and its non-null values of ``present``."""
        props = [p for p in types if p in present]
        # nodes are joined on their id, relationships (no stored id) on their offset in the table
        key = "off" if "off" in changed.column_names else "id"
        upd = changed.select([key, *props])
        for p in props:  # an empty list is no value: it keeps the stored one (as a null does)
            if p not in ("sources", "raw"):
                at = upd.schema.get_field_index(p)
                upd = upd.set_column(at, p, _value_or_null(upd.column(at)))
        upd = upd.rename_columns([f"u_{c}" for c in (key, *props)])  # noqa: F841
        sets = ", ".join(
            f"x.{p} = u_{p}" if p in ("sources", "raw") else f"x.{p} = coalesce(u_{p}, x.{p})"
            for p in props)
        where = "offset(id(x)) = u_off" if key == "off" else "x.id = u_id"
        # `match` binds the element as x; LOAD FROM joins the update rows on it
        self._conn.execute(f"LOAD FROM upd {match} WHERE {where} SET {sets}")

    # -- reading ------------------------------------------------------------
    @contextmanager
    def _reading(self, cypher: str, params: dict[str, Any] | None, name: str | None) -> Iterator[Any]:
        """The answer of one query in a read-only transaction (rolled back at the end); a write is a
        :class:`ReadOnlyError`, any other failure a :class:`StoreError` (also while rows are read)."""
        if self._pending:
            self.flush()
        began = False
        try:
            if not self.read_only:
                self._conn.execute("BEGIN TRANSACTION READ ONLY")
                began = True
            result = self._conn.execute(cypher, params) if params else self._conn.execute(cypher)
            if isinstance(result, list):  # several statements: the last one answers
                result = result[-1]
            yield result
        except RuntimeError as exc:
            text = str(exc)
            if "read-only" in text or "read only" in text.lower():
                raise ReadOnlyError("saved queries are read-only: this one tries to write", query=name) from exc
            raise StoreError(f"query failed: {text}", query=name) from exc
        finally:
            if began:
                try:
                    self._conn.execute("ROLLBACK")
                except RuntimeError:
                    pass

    def read(self, cypher: str, params: dict[str, Any] | None = None,
             name: str | None = None) -> Result:
        with self._reading(cypher, dict(params or {}), name) as result:
            columns = list(result.get_column_names())
            return Result(columns, [[self._trim(_convert(v)) for v in row] for row in result.get_all()])

    def read_table(self, cypher: str, params: dict[str, Any] | None = None, name: str | None = None) -> Any:
        """A read-only query of plain values as a ``pyarrow.Table`` (no per-value Python)."""
        with self._reading(cypher, params, name) as result:
            return result.get_as_arrow()

    def stream(self, cypher: str, params: dict[str, Any] | None = None, name: str | None = None,
               skip: int = 0, take: int | None = None, chunk: int = CHUNK_ROWS) -> Iterator[Result]:
        """Rows converted one at a time from LadybugDB's result cursor (``has_next``/``get_next``),
        in a read-only transaction; it stops after ``skip + take`` rows. (LadybugDB computes a
        query's whole answer before the first row is read: :meth:`read_page` narrows the query
        itself with SKIP/LIMIT where it can.)"""
        with self._reading(cypher, params, name) as result:
            columns = list(result.get_column_names())
            stop = None if take is None else skip + take
            seen, buf, sent = 0, [], False
            while (stop is None or seen < stop) and result.has_next():
                row = result.get_next()
                seen += 1
                self.pulled += 1
                if seen <= skip:
                    continue
                buf.append([self._trim(_convert(v)) for v in row])
                if len(buf) >= chunk:
                    yield Result(columns, buf)
                    buf, sent = [], True
            result.close()
            if buf or not sent:
                yield Result(columns, buf)

    def delete_relationships(self, rel_type: str, from_id: str, to_id: str,
                             where: dict[str, Any] | None = None) -> int:
        if self.read_only:
            raise ReadOnlyError("the store is open read-only")
        if self._pending:
            self.flush()
        match, params = self._delete_statement(rel_type, where)
        params.update(from_id=from_id, to_id=to_id)
        rows: Any = self._exec(f"{match} RETURN count(r)", params).get_all()
        found = rows[0][0]
        if found:
            self._exec(f"{match} DELETE r", params)
        return int(found)

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
        if self._pending:
            self.flush()
        nodes = {label: self._count(f"MATCH (x:`{label}`) RETURN count(x)") for label in self.schema.nodes}
        rels = {rtype: self._count(f"MATCH ()-[x:`{rtype}`]->() RETURN count(x)") for rtype in self.schema.rels}
        return {"nodes": nodes, "relationships": rels}

    def close(self) -> None:
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        try:
            if conn is not None and getattr(self, "_pending", None):
                self.flush()
        finally:
            self._close(conn, db)

    def _close(self, conn: Any, db: Any) -> None:
        try:
            if conn is not None:
                conn.close()
                self._conn = None  # type: ignore[assignment]
            if db is not None:
                db.close()
                self._db = None  # type: ignore[assignment]
        finally:
            lock = getattr(self, "_lock", None)
            if lock is not None:
                lock.release()


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
