"""Pages of a query's answer come from the store one at a time, on both stores; exports stream.

A store of 250 villages (plain Place nodes) is queried page by page: only the page
and one row more are pulled from the database's cursor (``store.pulled``), the pages
join up to the whole answer, a query's own ``LIMIT`` still caps it, and a query the
window cannot narrow (``UNION``) is read through the cursor, which stops after the page.
The Neo4j cases run against the test session's server (skipped without one).
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from conftest import neo4j_scratch_settings, wipe_neo4j
from idkeys import TEST_KEY
from qinyou import api
from qinyou.access.roles import Principal
from qinyou.access.session import Session
from qinyou.errors import QueryError, ReadOnlyError
from qinyou.graph.batch import GraphBatch
from qinyou.graph.embedded import EmbeddedStore
from qinyou.graph.paging import window
from qinyou.graph.store import GraphStore
from qinyou.settings import load

VILLAGES = 250
ALL = "MATCH (v:Place) WHERE v.level = 'village' RETURN v.name AS village, v.path AS path ORDER BY village"


def villages() -> GraphBatch:
    b = GraphBatch(id_key=TEST_KEY)
    for i in range(VILLAGES):
        b.node("Place", f"ptest-places.csv#r{i + 2}", path=f"页县/页镇/村{i:03d}", name=f"村{i:03d}", level="village")
    return b


def names(n: int, start: int = 0) -> list[str]:
    return [f"村{i:03d}" for i in range(start, start + n)]


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    if request.param == "embedded":
        with EmbeddedStore(tmp_path_factory.mktemp("pages") / "db") as s:
            s.load(villages())
            yield s
        return
    settings = neo4j_scratch_settings()
    wipe_neo4j(settings)
    from qinyou.graph.neo4j_store import Neo4jStore

    with Neo4jStore.from_settings(settings) as s:
        s.ensure_schema()
        s.load(villages())
        yield s
    wipe_neo4j(settings)


def test_a_page_pulls_only_the_page_and_one_row_more(store: GraphStore) -> None:
    page = store.read_page(ALL, {}, offset=0, size=20)
    assert page.columns == ["village", "path"]
    assert [r[0] for r in page.rows] == names(20)
    assert page.more and page.total is None
    assert page.pulled == 21  # not 250


def test_pages_join_up_to_the_whole_answer(store: GraphStore) -> None:
    seen: list[str] = []
    offset, pages = 0, 0
    while True:
        page = store.read_page(ALL, {}, offset=offset, size=64)
        seen += [r[0] for r in page.rows]
        pages += 1
        assert page.pulled <= 65
        if not page.more:
            break
        offset += len(page)
    assert pages == 4 and seen == names(VILLAGES) and page.total == VILLAGES
    assert store.read_page(ALL, {}, offset=VILLAGES + 10, size=5).rows == []


def test_the_query_s_own_limit_and_skip_still_hold(store: GraphStore) -> None:
    capped = ALL + " SKIP $skip LIMIT $limit"
    first = store.read_page(capped, {"skip": 3, "limit": 30}, offset=0, size=20)
    assert [r[0] for r in first.rows] == names(20, 3) and first.more
    last = store.read_page(capped, {"skip": 3, "limit": 30}, offset=20, size=20)
    assert [r[0] for r in last.rows] == names(10, 23) and not last.more and last.total == 30
    assert last.pulled == 10
    literal = store.read_page(ALL + " LIMIT 7", {}, offset=5, size=20)
    assert [r[0] for r in literal.rows] == names(2, 5) and not literal.more


def test_a_query_the_window_cannot_narrow_stops_reading_after_the_page(store: GraphStore) -> None:
    union = ("MATCH (v:Place) WHERE v.name < '村100' RETURN v.name AS village ORDER BY village "
             "UNION ALL MATCH (v:Place) WHERE v.name >= '村100' RETURN v.name AS village ORDER BY village")
    assert not window(union, {}, 10, 5).rewritten
    page = store.read_page(union, {}, offset=10, size=5)
    assert len(page.rows) == 5 and page.more
    assert page.pulled == 16  # the 10 skipped, the page and one more: not the 250


def test_a_stream_gives_the_whole_answer_in_chunks(store: GraphStore) -> None:
    sizes = [len(part.rows) for part in store.stream(ALL, {}, chunk=100)]
    assert sizes == [100, 100, 50]
    empty = list(store.stream(ALL + " LIMIT 0", {}))
    assert len(empty) == 1 and empty[0].rows == [] and empty[0].columns == ["village", "path"]


def test_pages_stay_read_only_and_parameters_stay_parameters(store: GraphStore) -> None:
    with pytest.raises(ReadOnlyError):
        api.cypher_page("MATCH (v:Place) DETACH DELETE v RETURN 1", store)
    with pytest.raises(QueryError):
        store.read_page(ALL + " LIMIT $qy_take", {"qy_take": 5}, 0, 5)  # the window's own names
    with pytest.raises(QueryError):
        store.read_page(ALL, {}, -1, 5)
    hostile = "村000' RETURN 1 //"
    page = store.read_page("MATCH (v:Place) WHERE v.name = $name RETURN v.name AS n", {"name": hostile}, 0, 5)
    assert page.rows == [] and store.read_page(ALL, {}, 0, 1).rows[0][0] == "村000"


def test_window_rewrites_only_a_trailing_return_window() -> None:
    assert window("MATCH (n) RETURN n", {}, 0, 10).rewritten
    assert window("MATCH (n) RETURN n LIMIT $limit;", {"limit": 5}, 0, 10).params["qy_take"] == 5
    assert not window("MATCH (n) RETURN n LIMIT $limit", {"limit": "5"}, 0, 10).rewritten  # not an int
    assert not window("MATCH (n) RETURN n LIMIT 2 * 3", {}, 0, 10).rewritten
    assert not window("CALL db.labels()", {}, 0, 10).rewritten  # no RETURN
    assert not window("MATCH (n) CALL { WITH n RETURN n.x AS x LIMIT 1 }", {}, 0, 10).rewritten
    assert window("MATCH (n) WHERE n.t = 'RETURN x LIMIT 5' RETURN n // LIMIT 9", {}, 0, 10).rewritten
    comment = window("MATCH (n) RETURN n // LIMIT 9", {}, 2, 10)
    assert comment.cypher.split()[-4:] == ["SKIP", "$qy_skip", "LIMIT", "$qy_take"]
    assert comment.params == {"qy_skip": 2, "qy_take": 11}


# -- through the session: pages masked and audited, exports streamed ---------------------------------

def test_a_session_pages_the_cypher_box_and_streams_its_export(tmp_path: Path) -> None:
    settings = load(db_path=tmp_path / "db", audit_file=tmp_path / "audit.jsonl", id_key_file=tmp_path / "id.key")
    with EmbeddedStore(settings.db_path) as s:
        s.load(villages())
    with EmbeddedStore(settings.db_path, read_only=True) as store:
        me = Session(settings, Principal("li", "analyst"))
        answer = me.cypher_page(ALL, store, offset=100, size=50)
        assert [r["village"] for r in answer.rows] == names(50, 100) and answer.more and answer.offset == 100
        before = store.pulled
        rows = me.export_cypher(ALL, "csv", tmp_path / "all.csv", store)
        assert rows == VILLAGES and store.pulled - before == VILLAGES
        with (tmp_path / "all.csv").open(encoding="utf-8-sig", newline="") as f:
            table = list(csv.reader(f))
        assert table[0] == ["village", "path"] and [r[0] for r in table[1:]] == names(VILLAGES)
        assert me.export_cypher("MATCH (v:Place) RETURN '=1+1' AS f LIMIT 3", "xlsx", tmp_path / "f.xlsx", store) == 3
        cells = [c.value for row in openpyxl.load_workbook(tmp_path / "f.xlsx").active.iter_rows() for c in row]
        assert cells == ["f", "=1+1", "=1+1", "=1+1"]
        assert all(c.data_type == "s" for row in openpyxl.load_workbook(tmp_path / "f.xlsx").active.iter_rows()
                   for c in row)
        trainer = Session(settings, Principal("wu", "trainer"))
        with pytest.raises(Exception, match="may not"):
            trainer.export_cypher(ALL, "csv", tmp_path / "no.csv", store)
    logged = (tmp_path / "audit.jsonl").read_text(encoding="utf-8")
    assert '"offset": 100' in logged and '"rows": 250' in logged and '"action": "export"' in logged
    assert not (tmp_path / "no.csv").exists()
