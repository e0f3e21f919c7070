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

import hashlib
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from graph.ids import SEP, norm_text
from graph.model import Schema, schema as default_schema
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


def hash_ids(type_name: str, payloads: pd.Series) -> pd.Series:
    """``type_name:`` + the blake2b digest of each payload (as :func:`graph.ids.make_id`)."""
    prefix = f"{type_name}:"
    blake = hashlib.blake2b
    values = payloads.to_numpy(dtype=object)
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    if len(uniques) * 4 < len(values) * 3:  # many repeats: hash each distinct payload once
        hashed = np.array([prefix + blake(p.encode("utf-8"), digest_size=10).hexdigest()
                           for p in uniques.tolist()], dtype=object)
        return pd.Series(hashed[codes], index=payloads.index, dtype=object)
    out = [prefix + blake(p.encode("utf-8"), digest_size=10).hexdigest() for p in values.tolist()]
    return pd.Series(out, index=payloads.index, dtype=object)


def node_ids(label: str, props: Mapping[str, pd.Series], sch: Schema | None = None) -> pd.Series:
    """Ids of ``label`` nodes, one per row of the property columns."""
    node_type = (sch or default_schema()).node(label)
    index = next(iter(props.values())).index
    out = pd.Series(None, index=index, dtype=object)
    pending = np.ones(len(index), dtype=bool)
    normed: dict[str, pd.Series] = {}
    for alternative in node_type.identity:
        if not all(f in props for f in alternative):
            continue
        for f in alternative:
            if f not in normed:
                normed[f] = norm_column(props[f])
        usable = pending.copy()
        for f in alternative:
            usable &= (normed[f] != "").to_numpy()
        if not usable.any():
            continue
        payload = pd.Series(SEP.join(alternative), index=index[usable], dtype=object)
        for f in alternative:
            payload = payload + SEP + normed[f][usable]
        out[usable] = hash_ids(label, payload)
        pending &= ~usable
    if pending.any():
        raise SchemaError(f"{int(pending.sum())} {label} rows lack every identity "
                          f"{list(node_type.identity)}")
    return out


def rel_ids(rel_type: str, from_ids: pd.Series, to_ids: pd.Series,
            props: Mapping[str, pd.Series] | None = None, sch: Schema | None = None) -> pd.Series:
    """Ids of ``rel_type`` relationships (type, ends and identity properties)."""
    rtype = (sch or default_schema()).rel(rel_type)
    props = props or {}
    payload = norm_column(from_ids) + SEP + norm_column(to_ids)
    for key in rtype.identity:
        column = props.get(key)
        part = norm_column(column) if column is not None else pd.Series("", index=from_ids.index)
        payload = payload + SEP + part
    return hash_ids(rel_type, payload)
