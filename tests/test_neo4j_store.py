"""The Neo4j store's parts that need no server: settings, errors, rows, statements."""
from __future__ import annotations

import datetime as dt
import re
import time
import traceback

import neo4j
import numpy as np
import pandas as pd
import pytest

from qinyou.graph.model import NodeType, schema
from qinyou.graph.neo4j_store import _value, node_merge, rows, statements
from qinyou.stores import open_store
from qinyou.errors import SchemaError, StoreUnavailableError
from qinyou.settings import Settings

SECRET = "Geheim-7f3a-口令"


def neo4j_settings(uri: str | None) -> Settings:
    return Settings(store="neo4j", neo4j_uri=uri, neo4j_user="neo4j", neo4j_password=SECRET)


def test_no_uri_is_a_clear_error() -> None:
    with pytest.raises(StoreUnavailableError, match="QINYOU_NEO4J_URI"):
        open_store(neo4j_settings(None))


def test_a_uri_that_is_not_bolt_or_neo4j_is_refused() -> None:
    with pytest.raises(StoreUnavailableError, match="bolt://"):
        open_store(neo4j_settings("http://127.0.0.1:7474"))


@pytest.mark.parametrize("uri", ["bolt://127.0.0.1:1", "neo4j://127.0.0.1:1"])
def test_an_unreachable_server_fails_fast_without_the_password(uri: str) -> None:
    began = time.monotonic()
    with pytest.raises(StoreUnavailableError, match="not reachable") as caught:
        open_store(neo4j_settings(uri))
    assert time.monotonic() - began < 15
    shown = "".join(traceback.format_exception(caught.value))  # with the driver's cause
    assert "127.0.0.1:1" in str(caught.value)
    assert SECRET not in shown


def test_rows_are_typed_and_leave_out_nulls() -> None:
    types = schema().node("Person").all_props()
    frame = pd.DataFrame({
        "id": ["a", "b"],
        "sources": [["f.csv#r2"], np.array(["f.csv#r3", "g.csv#r9"])],
        "raw": [["王 某"], None],
        "birth_date": ["1980-02-03", pd.Timestamp("1990-01-01")],
        "masked": [np.bool_(True), None],
        "name": ["王某", float("nan")],
    })
    assert rows(frame, types) == [
        {"id": "a", "sources": ["f.csv#r2"], "raw": ["王 某"], "birth_date": dt.date(1980, 2, 3),
         "masked": True, "name": "王某"},
        {"id": "b", "sources": ["f.csv#r3", "g.csv#r9"], "birth_date": dt.date(1990, 1, 1)},
    ]
    case = rows(pd.DataFrame({"id": ["c"], "sources": [["n#c1-5"]], "amounts_yuan": [np.array([1.5, 2])],
                              "violations": [[]], "recovered": [pd.NA]}), schema().node("Case").all_props())
    assert case == [{"id": "c", "sources": ["n#c1-5"], "amounts_yuan": [1.5, 2.0]}]
    assert all(type(v) is float for v in case[0]["amounts_yuan"])


def test_statements_cover_the_schema_with_checked_back_quoted_names() -> None:
    sch = schema()
    found = statements(sch)
    for label in sch.nodes:
        assert f"FOR (n:`{label}`) REQUIRE n.id IS UNIQUE" in found[f"constraint:{label}"]
        assert f"MERGE (n:`{label}` {{id: r.id}})" in found[f"merge:{label}"]
    for rel in sch.rels.values():
        for a, b in rel.ends:
            assert f"MERGE (a)-[e:`{rel.name}` {{id: r.id}}]->(b)" in found[f"merge:{rel.name}:{a}->{b}"]
    assert {"index:Person.name", "index:Place.path"} <= set(found)
    named = {n for text in found.values() for n in re.findall(r":`([^`]+)`", text)}
    assert named <= set(sch.nodes) | set(sch.rels)


def test_a_label_outside_the_schema_never_reaches_cypher() -> None:
    forged = NodeType("Person` {id: 1}) DETACH DELETE n //", "", "", "name", "#000000", (("name",),), {})
    with pytest.raises(SchemaError):
        node_merge(schema(), forged)


def test_driver_values_become_plain_python() -> None:
    value = [neo4j.time.Date(2021, 3, 4), {"at": neo4j.time.DateTime(2021, 3, 4, 5, 6, 7)},
             neo4j.time.Duration(days=2)]
    assert _value(value, set()) == [dt.date(2021, 3, 4), {"at": dt.datetime(2021, 3, 4, 5, 6, 7)}, "P2D"]
