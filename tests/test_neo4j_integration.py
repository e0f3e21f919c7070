"""Integration tier: the Neo4j store against a real Neo4j 5 server.

Runs whenever ``QINYOU_NEO4J_URI`` is set (with ``QINYOU_NEO4J_USER`` /
``_PASSWORD`` / ``_DATABASE``); see docs/neo4j.md for a throw-away server.
Use a scratch database: the tests write elements whose every source is an
``itest-`` file and delete them again before and after.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import neo4j
import pytest

if not os.environ.get("QINYOU_NEO4J_URI"):
    pytest.skip("QINYOU_NEO4J_URI not set: Neo4j integration tier skipped", allow_module_level=True)

from qinyou.graph.batch import GraphBatch  # noqa: E402
from qinyou.graph.model import schema  # noqa: E402
from qinyou.graph.neo4j_store import Neo4jStore  # noqa: E402
from qinyou.graph.result import GNode, GPath, GRel  # noqa: E402
from qinyou import settings as qsettings  # noqa: E402
from qinyou.errors import ReadOnlyError, StoreError, StoreUnavailableError  # noqa: E402
from qinyou.queries.catalog import load_queries  # noqa: E402
from idkeys import TEST_KEY

pytestmark = pytest.mark.neo4j
CLEAN = ("MATCH (n) WHERE size(n.sources) > 0 AND all(s IN n.sources WHERE s STARTS WITH 'itest-') "
         "DETACH DELETE n")
CADRE, BROTHER, WIFE = "110101197003074518", "110101197205061237", "110101197508093026"


def small_batch() -> GraphBatch:
    """A village cadre, his household, his brother on 低保 and a case about him."""
    b = GraphBatch(id_key=TEST_KEY)
    src = "itest-hh.csv#r{}".format
    cadre = b.node("Person", src(2), raw=["王 建国"], idno=CADRE, name="王建国", gender="男",
                   birth_date=dt.date(1970, 3, 7))
    wife = b.node("Person", src(3), idno=WIFE, name="李秀英", gender="女")
    brother = b.node("Person", src(4), idno=BROTHER, name="王建民", gender="男")
    county = b.node("Place", src(2), path="测试县", name="测试县", level="county")
    town = b.node("Place", src(2), path="测试县/石桥镇", name="石桥镇", level="town")
    village = b.node("Place", src(2), path="测试县/石桥镇/上坪村", name="上坪村", level="village")
    b.rel("PART_OF", "Place", village, "Place", town, src(2))
    b.rel("PART_OF", "Place", town, "Place", county, src(2))
    home = b.node("Household", src(2), hh_no="ITEST-H001", head_name="王建国", size=2)
    other = b.node("Household", src(4), hh_no="ITEST-H002", head_name="王建民", size=1)
    for hh in (home, other):
        b.rel("LOCATED_IN", "Household", hh, "Place", village, src(2))
    b.rel("MEMBER_OF", "Person", cadre, "Household", home, src(2), relation_to_head="户主")
    b.rel("MEMBER_OF", "Person", wife, "Household", home, src(3), relation_to_head="配偶")
    b.rel("MEMBER_OF", "Person", brother, "Household", other, src(4), relation_to_head="户主")
    b.rel("KIN", "Person", cadre, "Person", brother, src(4), relation="兄弟姐妹", legal_scope=True,
          basis="household", declared_on=dt.date(2022, 1, 5))
    org = b.node("Org", "itest-cadres.csv#r2", name="上坪村村委会", org_type="village",
                 place_path="测试县/石桥镇/上坪村")
    b.rel("LOCATED_IN", "Org", org, "Place", village, "itest-cadres.csv#r2")
    post = b.node("Post", "itest-cadres.csv#r2", title="村委会主任", org=org, holder=cadre,
                  start_date=dt.date(2018, 1, 1), level="village")
    b.rel("HOLDS", "Person", cadre, "Post", post, "itest-cadres.csv#r2")
    b.rel("IN_ORG", "Post", post, "Org", org, "itest-cadres.csv#r2")
    grant = b.node("Benefit", "itest-dibao.csv#r7", programme="低保", holder=other, monthly_yuan=560.0,
                   persons_covered=1, start_date=dt.date(2021, 6, 1))
    b.rel("RECEIVES", "Household", other, "Benefit", grant, "itest-dibao.csv#r7")
    doc = b.node("Document", "itest-notice.txt#c0-10", name="itest-notice", doc_kind="notice")
    case = b.node("Case", "itest-notice.txt#c0-80", doc="itest-notice", item="1", title="王建国优亲厚友案",
                  violations=["优亲厚友"], amounts_yuan=[6720.0], recovered=True)
    b.rel("REPORTED_IN", "Case", case, "Document", doc, "itest-notice.txt#c0-80")
    b.rel("INVOLVED_IN", "Person", cadre, "Case", case, "itest-notice.txt#c3-6", role="subject")
    b.rel("INVOLVED_IN", "Person", brother, "Case", case, "itest-notice.txt#c40-43", role="relative")
    return b


@pytest.fixture(scope="module")
def driver() -> Iterator[neo4j.Driver]:
    s = qsettings.load()
    auth = (s.neo4j_user, s.neo4j_password) if s.neo4j_password else None
    drv = neo4j.GraphDatabase.driver(s.neo4j_uri or "", auth=auth, connection_timeout=10)
    try:
        drv.verify_connectivity()  # fail once, fast, rather than retrying in every test
    except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError) as exc:
        drv.close()
        pytest.fail(f"QINYOU_NEO4J_URI={s.neo4j_uri} is set but unusable: {exc}")
    yield drv
    drv.execute_query(CLEAN, database_=s.neo4j_database)
    drv.close()


@pytest.fixture()
def store(driver: neo4j.Driver) -> Neo4jStore:
    """A store holding just the small batch (over the module's driver, which it does not close)."""
    database = qsettings.load().neo4j_database
    driver.execute_query(CLEAN, database_=database)
    store = Neo4jStore(driver, database, batch_size=7)  # several batches per frame
    store.ensure_schema()
    assert store.load(small_batch()).created["Person"] == 3
    return store


def test_from_settings_reaches_the_server() -> None:
    with Neo4jStore.from_settings(qsettings.load(), read_only=True) as ro:
        assert set(ro.counts()["nodes"]) == set(schema().nodes)


def test_constraints_exist_for_every_node_type(store: Neo4jStore, driver: neo4j.Driver) -> None:
    found = driver.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type, entityType "
        "WHERE entityType = 'NODE' AND properties = ['id'] RETURN labelsOrTypes, type",
        database_=store.database, routing_=neo4j.RoutingControl.READ).records
    unique = {r["labelsOrTypes"][0] for r in found if "UNIQUE" in r["type"]}
    assert unique >= set(schema().nodes)


def test_loading_twice_changes_nothing(store: Neo4jStore) -> None:
    before = store.counts()
    again = store.load(small_batch())
    assert again.changed == 0, (again.created, again.updated)
    assert store.counts() == before
    mine = store.read("MATCH (p:Person) WHERE p.idno IN $ids RETURN count(p)",
                      {"ids": [CADRE, WIFE, BROTHER]})
    assert mine.rows == [[3]]


def test_a_new_source_is_unioned_and_values_kept(store: Neo4jStore) -> None:
    extra = GraphBatch(id_key=TEST_KEY)
    extra.node("Person", "itest-dibao.csv#r9", idno=BROTHER, name="王建民")
    extra.node("Person", "itest-hh.csv#r4", idno=BROTHER)  # a source it already has
    report = store.load(extra)
    assert report.created.get("Person", 0) == 0 and report.updated["Person"] == 1
    row = store.read("MATCH (p:Person {idno: $i}) RETURN p.sources, p.gender", {"i": BROTHER}).rows[0]
    assert row == [["itest-hh.csv#r4", "itest-dibao.csv#r9"], "男"]


def test_reads_come_back_as_store_neutral_values(store: Neo4jStore) -> None:
    result = store.read(
        "MATCH path = (c:Person {idno: $i})-[k:KIN]->(b:Person)-[:MEMBER_OF]->(:Household)"
        "-[:RECEIVES]->(g:Benefit) RETURN c, k, path, g.start_date AS since, c.birth_date AS born",
        {"i": CADRE}, name="kin")
    assert result.columns == ["c", "k", "path", "since", "born"]
    (c, k, path, since, born), = result.rows
    assert isinstance(c, GNode) and c.label == "Person" and c.props["idno"] == CADRE and c.id == c.props["id"]
    assert isinstance(k, GRel) and k.type == "KIN" and k.start == c.key
    assert k.props["declared_on"] == dt.date(2022, 1, 5)
    assert isinstance(path, GPath) and len(path.nodes) == 4 and len(path.rels) == 3
    assert path.nodes[0] == c and since == dt.date(2021, 6, 1) and born == dt.date(1970, 3, 7)
    assert isinstance(path.nodes[1].props["sources"], list)


def test_a_write_through_read_is_refused(store: Neo4jStore) -> None:
    with pytest.raises(ReadOnlyError) as caught:
        store.read("MATCH (p:Person {idno: $i}) SET p.name = 'x' RETURN p", {"i": CADRE}, name="evil")
    assert caught.value.context["query"] == "evil"
    assert store.read("MATCH (p:Person {idno: $i}) RETURN p.name", {"i": CADRE}).rows == [["王建国"]]


def test_a_relationship_to_a_missing_node_fails_and_writes_nothing(store: Neo4jStore) -> None:
    bad = GraphBatch(id_key=TEST_KEY)
    cadre = bad.node("Person", "itest-x.csv#r1", idno=CADRE)
    bad.rel("KIN", "Person", cadre, "Person", "no-such-person", "itest-x.csv#r1", relation="子女")
    bad_rows = bad.rel_frames()
    with pytest.raises(StoreError, match="not in the store"):
        store.load(bad)
    assert bad_rows and store.read(
        "MATCH ()-[k:KIN {relation: '子女'}]->() WHERE 'itest-x.csv#r1' IN k.sources RETURN count(k)").rows == [[0]]


def test_every_saved_query_runs_with_its_defaults(store: Neo4jStore) -> None:
    for query in load_queries().values():
        result = store.read(query.text_for("neo4j"), query.bind(), name=query.name)
        assert result.columns, query.name


def test_wrong_credentials_are_a_clear_error_without_the_password() -> None:
    secret = "definitely-not-the-password-51c"
    wrong = qsettings.load(neo4j_password=secret, neo4j_user="qinyou_itest_nobody")
    with pytest.raises(StoreUnavailableError, match="credentials") as caught:
        Neo4jStore.from_settings(wrong)
    assert secret not in str(caught.value)
