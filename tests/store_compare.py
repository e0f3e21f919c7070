"""Store-neutral pictures of a store, for tests that compare two stores (or two runs).

``canon`` turns a query answer into plain comparable values: nodes by label,
project id and properties; relationships by type, ends and properties; paths by
their node ids and relationship types. Null properties and empty lists are left
out (the embedded store has a column for every property, Neo4j only the ones
set), floats are rounded to 1e-6, and a list value is compared as a multiset
(``collect`` makes no promise of order on either store).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from qinyou import api
from qinyou.graph import elements
from qinyou.graph.result import GNode, GPath, GRel, Result
from qinyou.graph.store import GraphStore
from qinyou.queries.catalog import load_queries
from qinyou.settings import Settings
from qinyou.stores import open_store


def _props(props: dict[str, Any], drop: tuple[str, ...] = ()) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, canon(v)) for k, v in props.items()
                        if k not in drop and v is not None and v != []))


def canon(value: Any, keys: dict[str, str] | None = None) -> Any:
    """A comparable, hashable picture of one answer value (see the module docstring)."""
    if isinstance(value, GNode):
        return ("node", value.label, value.id, _props(value.props))
    if isinstance(value, GRel):
        ends = (keys or {}).get(value.start, "?"), (keys or {}).get(value.end, "?")
        return ("rel", value.type, ends, _props(value.props, drop=("id",)))
    if isinstance(value, GPath):
        ids = {n.key: n.id for n in value.nodes}
        return ("path", tuple(canon(n) for n in value.nodes), tuple(canon(r, ids) for r in value.rels))
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ("list", tuple(sorted((canon(v, keys) for v in value), key=repr)))
    if isinstance(value, dict):
        return ("map", _props(value))
    return value


def answer(result: Result) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Columns and canonical rows, in the order the store returned them."""
    return list(result.columns), [tuple(canon(v) for v in row) for row in result.rows]


def query_answers(settings: Settings, runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Every saved query with each of its parameter sets: name/params → canonical answer."""
    out: dict[str, Any] = {}
    with open_store(settings, read_only=True) as store:
        for name, param_sets in runs.items():
            for params in param_sets:
                _, result = api.run_query(name, params, settings, store=store)
                out[f"{name} {sorted(params.items())}"] = answer(result)
    return out


def every_query_has_runs(runs: dict[str, list[dict[str, Any]]]) -> None:
    """A new saved query must be given parameter sets here (defaults and at least one other)."""
    missing = set(load_queries()) - set(runs)
    assert not missing, f"give these saved queries parameter sets in the comparison: {sorted(missing)}"
    for name, sets in runs.items():
        assert {} in sets and len(sets) >= 2, f"{name}: its defaults and at least one other parameter set"


def snapshot(store: GraphStore) -> dict[str, Any]:
    """Every node and relationship with every stored property (empty and null ones left out)."""
    sch = store.schema
    out: dict[str, Any] = {}
    for label in sch.nodes:
        result = elements.nodes(store, label)
        out[label] = sorted((_props(dict(zip(result.columns, row))) for row in result.rows), key=repr)
    for key in elements.rel_keys(sch):
        result = elements.rels(store, key)
        out[" ".join(key)] = sorted((_props(dict(zip(result.columns, row))) for row in result.rows), key=repr)
    return out


def store_snapshot(settings: Settings) -> dict[str, Any]:
    with open_store(settings, read_only=True) as store:
        return snapshot(store)


def first_difference(a: dict[str, Any], b: dict[str, Any]) -> str:
    """Where two pictures first differ (for a readable assertion message)."""
    for key in sorted(set(a) | set(b)):
        left, right = a.get(key), b.get(key)
        if left == right:
            continue
        if isinstance(left, tuple) and isinstance(right, tuple) and len(left) == 2:  # (columns, rows)
            if left[0] != right[0]:
                return f"{key}: columns {left[0]} vs {right[0]}"
            rows_a, rows_b = left[1], right[1]
        else:
            rows_a, rows_b = left or [], right or []
        for i, (x, y) in enumerate(zip(rows_a, rows_b)):
            if x != y:
                return f"{key}: row {i}:\n  {x}\n  {y}"
        return f"{key}: {len(rows_a)} rows vs {len(rows_b)}"
    return "no difference"
