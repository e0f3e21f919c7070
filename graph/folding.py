"""Folding rows that share an id, with provenance lists held in Arrow.

Roster builders produce millions of one-element provenance lists; they live as
Arrow list columns (:func:`arrow_lists`) from the builders to the store's bulk
copy, and :func:`fold` unions them on integer codes. :func:`graph.batch.consolidate`
folds with the same function, so a batch and a builder agree on what "one row per id" means.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: columns holding lists that fold by union (provenance, raw text)
LIST_COLUMNS = ("sources", "raw")


def arrow_lists(values: pa.Array, offsets: np.ndarray) -> pd.arrays.ArrowExtensionArray:
    """A column of text lists held in Arrow: row i is ``values[offsets[i]:offsets[i + 1]]``.

    Provenance lists are built this way so that millions of them never exist
    as Python lists; :func:`graph.embedded.to_arrow` hands them to the store as they are.
    """
    return pd.arrays.ArrowExtensionArray(pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values))


def as_lists(values: pd.Series) -> pd.arrays.ArrowExtensionArray:
    """One one-element list per value (a row's provenance), positionally."""
    return arrow_lists(pa.array(values.to_numpy(dtype=object), pa.string()),
                       np.arange(len(values) + 1, dtype=np.int32))


def union_lists(codes: np.ndarray, lists: list[Any], groups: int) -> list[list[Any]]:
    """Per group code (0..groups-1): the values of its rows' lists, first occurrence first.

    Cells that are not lists (None, NaN) count as empty.

    >>> union_lists(np.array([0, 1, 0]), [["a"], None, ["b", "a"]], 2)
    [['a', 'b'], []]
    """
    clean = [list(v) if isinstance(v, (list, tuple, np.ndarray)) else None for v in lists]
    try:
        held = pa.array(clean, pa.list_(pa.string()))
    except (pa.ArrowException, TypeError, ValueError):  # not all text: the same union, in Python
        out: list[list[Any]] = [[] for _ in range(groups)]
        for code, values in zip(np.asarray(codes).tolist(), clean):
            out[code].extend(v for v in values or () if v not in out[code])
        return out
    return union_arrow_lists(codes, pd.Series(pd.arrays.ArrowExtensionArray(held)), groups).tolist()


def union_arrow_lists(codes: np.ndarray, column: pd.Series, groups: int) -> pd.arrays.ArrowExtensionArray:
    """:func:`union_lists` for a column held in Arrow, worked on integer codes, answering in Arrow."""
    held = pa.array(column.array)
    if isinstance(held, pa.ChunkedArray):
        held = held.combine_chunks()
    return pd.arrays.ArrowExtensionArray(union_arrow(codes, held, groups))


def union_arrow(codes: np.ndarray, held: pa.Array, groups: int) -> pa.ListArray:
    """Per group code: the values of the lists of its rows in ``held``, first occurrence first (nulls are empty).

    >>> union_arrow(np.array([1, 0, 1]), pa.array([["a", "b"], None, ["c", "a"]]), 2).to_pylist()
    [[], ['a', 'b', 'c']]
    >>> union_arrow(np.array([0, 0, 0]), pa.array([["a", None], ["a"], [None, "b"]]), 1).to_pylist()
    [['a', None, 'b']]
    """
    lens = pc.list_value_length(held).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    flat = pc.list_flatten(held)
    row = np.repeat(np.asarray(codes, dtype=np.int64), lens)
    # equal values share a code (a null one too), found in Arrow without Python strings
    encoded = pc.dictionary_encode(flat)
    distinct = len(encoded.dictionary) + 1
    value_codes = encoded.indices.fill_null(distinct - 1).to_numpy(zero_copy_only=False).astype(np.int64)
    _, first = np.unique(row * np.int64(distinct) + value_codes, return_index=True)
    first.sort()  # first occurrences, in row order
    order = first[np.argsort(row[first], kind="stable")]
    offsets = np.zeros(groups + 1, dtype=np.int64)
    np.cumsum(np.bincount(row[order], minlength=groups), out=offsets[1:])
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), flat.take(pa.array(order)))


def first_valid(codes: np.ndarray, column: pd.Series, groups: int) -> pd.Series:
    """Per group code (0..groups-1): the first non-null value of its rows, else null (as ``groupby.first``).

    >>> first_valid(np.array([1, 0, 1, 0]), pd.Series([None, None, "a", "b"], dtype=object), 2).tolist()
    ['b', 'a']
    >>> first_valid(np.array([0, 0]), pd.Series([float("nan"), None], dtype=object), 1).tolist()
    [None]
    """
    at = np.flatnonzero(column.notna().to_numpy())
    found, first = np.unique(np.asarray(codes)[at], return_index=True)
    take = np.full(groups, -1, dtype=np.int64)
    take[found] = at[first]
    missing = take < 0
    out = column.iloc[np.where(missing, 0, take)].reset_index(drop=True) if len(column) else column.iloc[:0]
    if missing.any():
        out[missing] = None
    return out


def fold(frame: pd.DataFrame, list_cols: tuple[str, ...] = LIST_COLUMNS) -> pd.DataFrame:
    """One row per id: list columns unioned in order, the first non-null of the others."""
    dup = frame["id"].duplicated(keep=False).to_numpy()
    if not dup.any():
        return frame.reset_index(drop=True)
    multi = frame[dup]
    lists = [c for c in list_cols if c in frame.columns]
    others = [c for c in frame.columns if c not in lists and c != "id"]
    codes, uniques = pd.factorize(multi["id"].to_numpy())
    out = pd.DataFrame({col: first_valid(codes, multi[col], len(uniques)) for col in others},
                       index=range(len(uniques)))
    out["id"] = uniques
    for col in lists:
        if isinstance(frame[col].dtype, pd.ArrowDtype):
            out[col] = union_arrow_lists(codes, multi[col], len(uniques))
        else:
            out[col] = union_lists(codes, multi[col].tolist(), len(uniques))
    return pd.concat([frame[~dup], out[frame.columns]], ignore_index=True)
