"""Node and relationship ids for whole columns, equal to :func:`graph.batch.node_id`.

The same rule as :func:`graph.batch.node_id` / :func:`graph.batch.rel_id` (the
first identity alternative whose fields are all non-empty, field names hashed
with the values, :func:`graph.ids.norm_text` on every key), computed over
columns: normalisation runs once per distinct value, and text that is already
printable ASCII without spaces (ID numbers, ids, ISO dates) is left as it is,
which is exactly what ``norm_text`` would return for it. A test asserts the
equality with the row-by-row helpers.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from qinyou.graph.ids import SEP, hash_payloads, norm_text
from qinyou.graph.model import Schema, schema as default_schema
from qinyou.errors import SchemaError


_SPACE = re.compile(r"\s")


def _already_normal(values: list[object]) -> bool:
    """All str, all ASCII, no whitespace: what norm_text returns unchanged (NFKC keeps ASCII)."""
    if pd.api.types.infer_dtype(values, skipna=False) != "string":
        return False
    joined = "".join(values)  # type: ignore[arg-type]
    return joined.isascii() and _SPACE.search(joined) is None and all(values)


def norm_column(values: pd.Series) -> pd.Series:
    """:func:`graph.ids.norm_text` of every value, as an object column of str."""
    obj = values.astype(object)
    as_list = obj.tolist()
    if _already_normal(as_list):
        return pd.Series(as_list, index=values.index, dtype=object)
    is_str = obj.map(type).eq(str).to_numpy()
    out = pd.Series("", index=values.index, dtype=object)
    plain = np.zeros(len(obj), dtype=bool)
    if is_str.any():
        text = pd.Series(obj[is_str].tolist(), dtype="string")
        plain[is_str] = text.str.fullmatch(r"[!-~]*").fillna(False).to_numpy(dtype=bool)
    out[plain] = obj[plain]
    rest = obj[~plain]
    if len(rest):
        if pd.api.types.infer_dtype(rest, skipna=False) == "string":
            hashable = rest  # plain text: hashable as it is
        else:
            hashable = rest.map(lambda v: v if not isinstance(v, (list, dict, set)) else str(v))
        codes, uniques = pd.factorize(hashable.to_numpy(dtype=object), use_na_sentinel=False)
        normed = np.array([norm_text(u) for u in uniques.tolist()] + [""], dtype=object)
        out[~plain] = normed[codes]
    return out


class _Coded:
    """A key column as codes into its distinct normalised values: ``normed[codes]`` is :func:`norm_column`.

    Text columns are coded first and only their distinct values normalised
    (equal text normalises equally); any other column (numbers, dates, None)
    is normalised whole by :func:`norm_column` and coded on the text it gives.
    """

    def __init__(self, values: pd.Series) -> None:
        raw = values.to_numpy(dtype=object)
        if len(raw) and pd.api.types.infer_dtype(raw, skipna=False) == "string":
            self.codes, uniques = pd.factorize(raw)
            self.normed = norm_column(pd.Series(np.asarray(uniques, dtype=object), dtype=object)).to_numpy(dtype=object)
        else:
            self.codes, uniques = pd.factorize(norm_column(values).to_numpy(dtype=object))
            self.normed = np.asarray(uniques, dtype=object)
        self.codes = self.codes.astype(np.int64)

    def filled(self) -> np.ndarray:
        """Which rows have a non-empty normalised value."""
        return (self.normed != "")[self.codes] if len(self.codes) else np.zeros(0, dtype=bool)


def _hash_rows(type_name: str, head: str, parts: list[_Coded], rows: np.ndarray) -> np.ndarray:
    """:func:`graph.ids.hash_payloads` of ``head`` + the rows' normalised parts joined by SEP, for ``rows``.

    The payload of each distinct combination of parts is built and hashed once.
    """
    key = np.zeros(len(rows), dtype=np.int64)
    for part in parts:
        key = pd.factorize(key * max(len(part.normed), 1) + part.codes[rows])[0].astype(np.int64)
    _, first = np.unique(key, return_index=True)  # first row of each key, in key order
    at = rows[first]
    columns = [part.normed[part.codes[at]].tolist() for part in parts]
    if len(columns) == 1:
        payloads = [head + a for a in columns[0]]
    else:
        payloads = [head + SEP.join(combo) for combo in zip(*columns)]
    return np.array(hash_payloads(type_name, payloads), dtype=object)[key]


def node_ids(label: str, props: Mapping[str, pd.Series], sch: Schema | None = None) -> pd.Series:
    """Ids of ``label`` nodes, one per row of the property columns."""
    node_type = (sch or default_schema()).node(label)
    index = next(iter(props.values())).index
    out = np.full(len(index), None, dtype=object)
    pending = np.ones(len(index), dtype=bool)
    coded: dict[str, _Coded] = {}
    for alternative in node_type.identity:
        if not all(f in props for f in alternative):
            continue
        for f in alternative:
            if f not in coded:
                coded[f] = _Coded(props[f])
        usable = pending.copy()
        for f in alternative:
            usable &= coded[f].filled()
        if not usable.any():
            continue
        rows = np.flatnonzero(usable)
        out[rows] = _hash_rows(label, SEP.join(alternative) + SEP, [coded[f] for f in alternative], rows)
        pending &= ~usable
    if pending.any():
        raise SchemaError(f"{int(pending.sum())} {label} rows lack every identity "
                          f"{list(node_type.identity)}")
    return pd.Series(out, index=index, dtype=object)


def rel_ids(rel_type: str, from_ids: pd.Series, to_ids: pd.Series,
            props: Mapping[str, pd.Series] | None = None, sch: Schema | None = None) -> pd.Series:
    """Ids of ``rel_type`` relationships (type, ends and identity properties)."""
    rtype = (sch or default_schema()).rel(rel_type)
    props = props or {}
    parts = [_Coded(from_ids), _Coded(to_ids)]
    for key in rtype.identity:
        column = props.get(key)
        parts.append(_Coded(column if column is not None else pd.Series("", index=from_ids.index, dtype=object)))
    rows = np.arange(len(from_ids))
    return pd.Series(_hash_rows(rel_type, "", parts, rows), index=from_ids.index, dtype=object)
