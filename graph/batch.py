"""A batch of nodes and relationships to write, checked against the schema.

Producers add either whole frames (rosters, vectorised) or single facts
(notices, row by row); :meth:`GraphBatch.frames` hands the stores one
consolidated frame per node type and per relationship (type, from, to): one
row per id, ``sources`` and ``raw`` unioned, the first non-null value of every
other property kept.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pandas as pd
import pyarrow as pa

from qinyou.graph.folding import fold
from qinyou.graph.idkey import IdKey
from qinyou.graph.ids import make_id, norm_text
from qinyou.graph.privacy import mask_idno
from qinyou.graph.model import Schema, schema as default_schema
from qinyou.errors import SchemaError

RelKey = tuple[str, str, str]


def node_id(label: str, props: Mapping[str, Any], sch: Schema | None = None) -> str:
    """The deterministic id of a ``label`` node with these properties.

    The first identity alternative of the schema whose fields are all present
    decides; the field names are part of the hash so alternatives never collide.
    """
    node_type = (sch or default_schema()).node(label)
    for alternative in node_type.identity:
        values = [props.get(field) for field in alternative]
        if all(norm_text(v) for v in values):
            return make_id(label, *alternative, *values)
    raise SchemaError(f"a {label} needs one of its identities {list(node_type.identity)}",
                      given=sorted(k for k, v in props.items() if v not in (None, "")))


def rel_id(rel_type: str, from_id: str, to_id: str, props: Mapping[str, Any],
           sch: Schema | None = None) -> str:
    """The deterministic id of a relationship: type, ends and identity properties."""
    rtype = (sch or default_schema()).rel(rel_type)
    return make_id(rel_type, from_id, to_id, *(props.get(k) for k in rtype.identity))


class GraphBatch:
    """Nodes and relationships on their way into a store."""

    def __init__(self, sch: Schema | None = None, id_key: IdKey | None = None) -> None:
        """``id_key`` lets :meth:`node` take a Person by its ID number (``idno=``): the id is keyed,
        the masked form is kept, and the number itself only when ``id_key.store_idno``."""
        self.schema = sch or default_schema()
        self.id_key = id_key
        self._node_frames: dict[str, list[pd.DataFrame]] = defaultdict(list)
        self._rel_frames: dict[RelKey, list[pd.DataFrame]] = defaultdict(list)
        self._node_rows: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self._unique: set[int] = set()  # id() of added frames whose ids are known to be distinct
        self._rel_rows: dict[RelKey, dict[str, dict[str, Any]]] = defaultdict(dict)

    # -- pickling (a batch read in another process) ---------------------------
    def __getstate__(self) -> dict[str, Any]:
        """``_unique`` holds id()s, which mean nothing in another process: kept as positions."""
        state = dict(self.__dict__)
        state["id_key"] = None  # the secret never goes into a pickle
        state["_unique"] = [(kind, key, i)
                            for kind, table in (("node", self._node_frames), ("rel", self._rel_frames))
                            for key, frames in table.items() for i, f in enumerate(frames)
                            if id(f) in self._unique]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        positions: list[tuple[str, Any, int]] = state.pop("_unique")
        self.__dict__.update(state)
        self._unique = {id((self._node_frames[key] if kind == "node" else self._rel_frames[key])[i])
                        for kind, key, i in positions}

    # -- row by row ---------------------------------------------------------
    def node(self, label: str, source: str | Iterable[str], raw: Iterable[str] = (),
             **props: Any) -> str:
        """Add (or enrich) one node; returns its id."""
        node_type = self.schema.node(label)
        unknown = set(props) - set(node_type.props)
        if unknown:
            raise SchemaError(f"{label} has no properties {sorted(unknown)}")
        if label == "Person" and norm_text(props.get("idno")):
            nid, props = self._roster_person(props)
        else:
            nid = node_id(label, props, self.schema)
        self._merge_row(self._node_rows[label], nid, props, source, raw)
        return nid

    def _roster_person(self, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """A Person given by ID number: its keyed id and the properties kept (as the roster readers do)."""
        if self.id_key is None:
            raise SchemaError("a Person with an ID number needs the installation's ID key "
                              "(GraphBatch(id_key=...), see graph/idkey.py)")
        number = norm_text(props["idno"]).upper()
        kept = dict(props, idno_masked=mask_idno(number))
        if self.id_key.store_idno:
            kept["idno"] = number
        else:
            del kept["idno"]
        return self.id_key.person_id(number), kept

    def rel(self, rel_type: str, from_label: str, from_id: str, to_label: str, to_id: str,
            source: str | Iterable[str], **props: Any) -> str:
        """Add one relationship between two node ids; returns its id."""
        rtype = self.schema.rel(rel_type)
        if (from_label, to_label) not in rtype.ends:
            raise SchemaError(f"{rel_type} does not link {from_label} to {to_label}")
        unknown = set(props) - set(rtype.props)
        if unknown:
            raise SchemaError(f"{rel_type} has no properties {sorted(unknown)}")
        rid = rel_id(rel_type, from_id, to_id, props, self.schema)
        row = dict(props, **{"from": from_id, "to": to_id})
        self._merge_row(self._rel_rows[(rel_type, from_label, to_label)], rid, row, source, ())
        return rid

    @staticmethod
    def _merge_row(table: dict[str, dict[str, Any]], key: str, props: Mapping[str, Any],
                   source: str | Iterable[str], raw: Iterable[str]) -> None:
        sources = [source] if isinstance(source, str) else list(source)
        row = table.get(key)
        if row is None:
            table[key] = {"id": key, **props, "sources": sources, "raw": list(raw)}
            return
        for k, v in props.items():
            if row.get(k) in (None, "") and v not in (None, ""):
                row[k] = v
        row["sources"] += [s for s in sources if s not in row["sources"]]
        row["raw"] += [r for r in raw if r not in row["raw"]]

    # -- whole frames -------------------------------------------------------
    def add_nodes(self, label: str, frame: pd.DataFrame, unique: bool = False) -> None:
        """Add a frame of ``label`` nodes: an ``id`` and a ``sources`` column are required.

        ``unique=True`` promises one row per id (a folded frame), which spares the check.
        """
        allowed = set(self.schema.node(label).all_props())
        self._check_frame(label, frame, allowed, ("id", "sources"))
        self._node_frames[label].append(frame)
        if unique:
            self._unique.add(id(frame))

    def add_rels(self, rel_type: str, from_label: str, to_label: str, frame: pd.DataFrame,
                 unique: bool = False) -> None:
        """Add a frame of relationships: ``from``, ``to``, ``id``, ``sources`` required (``unique`` as for nodes)."""
        rtype = self.schema.rel(rel_type)
        if (from_label, to_label) not in rtype.ends:
            raise SchemaError(f"{rel_type} does not link {from_label} to {to_label}")
        allowed = set(rtype.all_props()) | {"from", "to"}
        self._check_frame(rel_type, frame, allowed, ("from", "to", "id", "sources"))
        self._rel_frames[(rel_type, from_label, to_label)].append(frame)
        if unique:
            self._unique.add(id(frame))

    @staticmethod
    def _check_frame(name: str, frame: pd.DataFrame, allowed: set[str], required: Iterable[str]) -> None:
        missing = [c for c in required if c not in frame.columns]
        if missing:
            raise SchemaError(f"{name} frame lacks columns {missing}")
        unknown = set(frame.columns) - allowed
        if unknown:
            raise SchemaError(f"{name} has no properties {sorted(unknown)}")

    def extend(self, other: GraphBatch) -> None:
        """Take everything of ``other`` into this batch."""
        for label, frames in other._node_frames.items():
            self._node_frames[label].extend(frames)
        for key, frames in other._rel_frames.items():
            self._rel_frames[key].extend(frames)
        self._unique |= other._unique
        for label, rows in other._node_rows.items():
            for nid, row in rows.items():
                props = {k: v for k, v in row.items() if k not in ("id", "sources", "raw")}
                self._merge_row(self._node_rows[label], nid, props, row["sources"], row["raw"])
        for rkey, rrows in other._rel_rows.items():
            for rid, row in rrows.items():
                props = {k: v for k, v in row.items() if k not in ("id", "sources", "raw")}
                self._merge_row(self._rel_rows[rkey], rid, props, row["sources"], ())

    # -- output -------------------------------------------------------------
    def node_frames(self) -> dict[str, pd.DataFrame]:
        """One consolidated frame per node label."""
        out = {label: self._frame(label, take=False) for label in self.node_labels()}
        return {k: v for k, v in out.items() if len(v)}

    def rel_frames(self) -> dict[RelKey, pd.DataFrame]:
        """One consolidated frame per (relationship type, from label, to label)."""
        out = {key: self._frame(key, take=False) for key in self.rel_keys()}
        return {k: v for k, v in out.items() if len(v)}

    def frames(self, take: bool = False) -> Iterator[tuple[str | RelKey, pd.DataFrame]]:
        """The frames of :meth:`node_frames`, then those of :meth:`rel_frames`, one at a time.

        With ``take=True`` each table is let go as it is handed out and the batch
        ends empty: a store loading a big batch this way holds one table twice
        (as frames and in its own form) at a time, not the whole batch.
        """
        keys: list[str | RelKey] = [*self.node_labels(), *self.rel_keys()]
        for key in keys:
            frame = self._frame(key, take)
            if len(frame):
                yield key, frame
            del frame

    def node_labels(self) -> list[str]:
        return sorted(set(self._node_frames) | set(self._node_rows))

    def rel_keys(self) -> list[RelKey]:
        return sorted(set(self._rel_frames) | set(self._rel_rows))

    def _frame(self, key: str | RelKey, take: bool) -> pd.DataFrame:
        """The consolidated frame of one node label or relationship key (let go when ``take``)."""
        is_node = isinstance(key, str)
        held: dict[Any, list[pd.DataFrame]] = self._node_frames if is_node else self._rel_frames
        by_id: dict[Any, dict[str, dict[str, Any]]] = self._node_rows if is_node else self._rel_rows
        frames = list(held.pop(key, []) if take else held.get(key, []))
        rows = by_id.pop(key, {}) if take else by_id.get(key, {})
        if rows:  # relationships keep no raw text
            frames.append(pd.DataFrame([r if is_node else {k: v for k, v in r.items() if k != "raw"}
                                        for r in rows.values()]))
        return self._consolidate(frames, take)

    def _consolidate(self, frames: list[pd.DataFrame], taken: bool = False) -> pd.DataFrame:
        unique = len(frames) == 1 and id(frames[0]) in self._unique
        if taken:  # a let-go frame's id() may be reused by a new frame
            self._unique.difference_update(id(f) for f in frames)
        if unique:
            return frames[0].reset_index(drop=True)
        return consolidate(frames)

    def __len__(self) -> int:
        return sum(len(f) for f in self.node_frames().values()) + sum(
            len(f) for f in self.rel_frames().values())


def _is_arrow_list(column: pd.Series) -> bool:
    return isinstance(column.dtype, pd.ArrowDtype) and pa.types.is_list(column.dtype.pyarrow_dtype)


def _python_lists(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """``columns`` of ``frame`` (those it has) as Python lists."""
    present = [c for c in columns if c in frame.columns]
    if not present:
        return frame
    return frame.assign(**{c: pd.Series(frame[c].tolist(), index=frame.index, dtype=object) for c in present})


def _same_list_types(frames: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """Frames to concatenate: a list column is Arrow in all of them, or Python lists in all."""
    columns = {c for f in frames for c in f.columns}
    mixed = [c for c in columns  # a column some frames lack is filled with nulls of its type
             if len({str(f[c].dtype) for f in frames if c in f.columns}) > 1
             and any(c in f.columns and _is_arrow_list(f[c]) for f in frames)]
    return [_python_lists(f, mixed) for f in frames]


def consolidate(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate frames and fold rows with the same id into one.

    >>> a = pd.DataFrame({"id": ["x", "y"], "name": ["A", None], "sources": [["f#r1"], ["f#r2"]]})
    >>> b = pd.DataFrame({"id": ["y"], "name": ["B"], "sources": [["g#r5"]]})
    >>> consolidate([a, b]).to_dict("records")
    [{'id': 'x', 'name': 'A', 'sources': ['f#r1']}, {'id': 'y', 'name': 'B', 'sources': ['f#r2', 'g#r5']}]
    """
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame()
    if len(frames) > 1:
        frames = _same_list_types(frames)
    frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True, sort=False)
    return fold(frame)
