"""The Streamlit page through AppTest, and the explore queries it runs, on a real embedded store.

The small village below is built once per module and closed before the app
opens it read-only (the embedded store has one writer at a time).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from qinyou.graph.batch import GraphBatch
from qinyou.graph.embedded import EmbeddedStore
from qinyou.graph.explore import neighbourhood, nodes_of, overview, search
from qinyou.graph.provenance import row_source, span_source
from qinyou.graph.result import GPath, graph_elements
from qinyou.errors import QueryError
from qinyou.resources import data_path
from idkeys import TEST_KEY

APP = data_path("qinyou.app", "page.py")  # the page the installed package serves
SHIM = Path(__file__).resolve().parent.parent / "app.py"  # `streamlit run app.py` from a checkout
IDNO_HEAD = "350102199001011234"   # 王建国, household head, village committee director
IDNO_BROTHER = "350102199203051256"  # 王建军, his brother
HOSTILE = '<img src=x onerror="document.body.dataset.pwned=1">'


def village_batch() -> GraphBatch:
    """黄山村: a household of two brothers (KIN), a place chain, a case naming both."""
    b = GraphBatch(id_key=TEST_KEY)
    roster, notice = row_source("huji_2023.csv", 2), span_source("D001", 0, 80)
    province = b.node("Place", roster, name="福建省", level="province", path="福建省")
    county = b.node("Place", roster, name="闽侯县", level="county", path="福建省/闽侯县")
    village = b.node("Place", roster, name="黄山村", level="village", path="福建省/闽侯县/黄山村")
    b.rel("PART_OF", "Place", county, "Place", province, roster)
    b.rel("PART_OF", "Place", village, "Place", county, roster)
    head = b.node("Person", roster, raw=[f"王建国 {IDNO_HEAD}"], name="王建国", idno=IDNO_HEAD,
                  gender="男", birth_date="1990-01-01")
    brother = b.node("Person", row_source("huji_2023.csv", 3), name="王建军", idno=IDNO_BROTHER)
    household = b.node("Household", roster, hh_no="H0001", head_name="王建国", head_idno=IDNO_HEAD, size=2)
    b.rel("MEMBER_OF", "Person", head, "Household", household, roster, relation_to_head="户主")
    b.rel("MEMBER_OF", "Person", brother, "Household", household, roster, relation_to_head="兄弟")
    b.rel("LOCATED_IN", "Household", household, "Place", village, roster)
    b.rel("KIN", "Person", head, "Person", brother, roster, relation="弟", legal_scope=True,
          basis="household")
    case = b.node("Case", notice, doc="D001", item="1", title="黄山村村委主任王某优亲厚友问题",
                  violations=["优亲厚友"], amounts_yuan=[6230.0])
    b.rel("INVOLVED_IN", "Person", head, "Case", case, notice, role="subject")
    b.rel("INVOLVED_IN", "Person", brother, "Case", case, notice, role="relative")
    named = b.node("Person", notice, name=HOSTILE, scope="D001")
    b.rel("INVOLVED_IN", "Person", named, "Case", case, notice, role="other")
    b.rel("LOCATED_IN", "Case", case, "Place", village, notice)
    return b


def build_store(directory: Path, batch: GraphBatch | None = None) -> Path:
    """Load ``batch`` (the village by default) into a new embedded store and close it."""
    store = EmbeddedStore(directory)
    try:
        store.load(batch if batch is not None else village_batch())
    finally:
        store.close()
    return directory


@pytest.fixture(scope="module")
def village_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("village"))


@pytest.fixture()
def village(village_db: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(village_db, read_only=True)
    yield store
    store.close()


def sign_in(monkeypatch: pytest.MonkeyPatch, folder: Path, role: str = "investigator") -> Path:
    """A user file holding one demo account of ``role``, logged in at once (as `qinyou demo` does);
    the audit log beside it. Returns the audit log's path."""
    from qinyou.access import users

    path = folder / f"users-{role}.json"
    if f"demo-{role}" not in users.load(path):
        users.add(path, f"demo-{role}", role, "demo-password", demo=True)
    monkeypatch.setenv("QINYOU_USERS", str(path))
    monkeypatch.setenv("QINYOU_AUDIT", str(folder / "audit.jsonl"))
    monkeypatch.setenv("QINYOU_DEMO_USER", f"demo-{role}")
    return folder / "audit.jsonl"


def run_app(monkeypatch: pytest.MonkeyPatch, db: Path) -> AppTest:
    monkeypatch.setenv("QINYOU_DB", str(db))
    monkeypatch.setenv("QINYOU_STORE", "embedded")
    sign_in(monkeypatch, db.parent)
    at = AppTest.from_file(str(APP), default_timeout=30)
    return at.run()


def graph_html(at: AppTest) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1, "one pyvis graph on the page"
    return str(frames[0].proto.srcdoc)


def page_text(at: AppTest) -> str:
    """Everything the page shows as text: markdown, tables, messages and the graph HTML."""
    parts = [m.value for m in [*at.markdown, *at.sidebar.markdown, *at.caption]]
    parts += [e.value for e in [*at.error, *at.warning, *at.info, *at.subheader, *at.title]]
    parts += [df.value.to_string() for df in at.dataframe]
    parts += [str(f.proto.srcdoc) for f in at.get("iframe")]
    return "\n".join(str(p) for p in parts)


# -- the explore queries ------------------------------------------------------

def test_search_matches_name_id_fragment_place_and_case(village: EmbeddedStore) -> None:
    def found(text: str) -> list[tuple[str, Any]]:
        return [(n.label, n.props.get("name") or n.props.get("title")) for n in nodes_of(search(village, text))]

    assert found("王建军") == [("Person", "王建军")]
    assert found("1256") == [("Person", "王建军")]  # the last four, shown in the masked form
    assert sorted(found("350102")) == [("Person", "王建军"), ("Person", "王建国")]
    assert found("19920305") == []  # the birth date is hidden in the masked form: no match on it
    assert ("Place", "黄山村") in found("黄山")
    assert ("Case", "黄山村村委主任王某优亲厚友问题") in found("黄山")
    assert found("   ") == []


def test_search_text_is_a_parameter_not_cypher(village: EmbeddedStore) -> None:
    for hostile in ("' OR 1=1 //", '"}) RETURN n //', "`Case`) DETACH DELETE n //"):
        assert len(search(village, hostile)) == 0
    assert village.counts()["nodes"]["Person"] == 3


def test_neighbourhood_is_bounded_by_hops_and_limit(village: EmbeddedStore) -> None:
    (brother,) = nodes_of(search(village, "王建军"))
    one_hop, _ = graph_elements(neighbourhood(village, [brother.id], hops=1))
    two_hops, _ = graph_elements(neighbourhood(village, [brother.id], hops=2))
    labels = sorted(n.label for n in one_hop.values())
    assert labels == ["Case", "Household", "Person", "Person"]
    assert {"Place"} <= {n.label for n in two_hops.values()}
    assert len(neighbourhood(village, [brother.id], hops=2, limit=2)) == 2
    assert all(isinstance(p, GPath) for (p,) in neighbourhood(village, [brother.id]).rows)
    with pytest.raises(QueryError):
        neighbourhood(village, [brother.id], hops=3)
    assert len(neighbourhood(village, [])) == 0


def test_overview_starts_from_cases(village: EmbeddedStore) -> None:
    nodes, rels = graph_elements(overview(village, limit=50))
    assert "Case" in {n.label for n in nodes.values()}
    assert {r.type for r in rels.values()} == {"INVOLVED_IN", "LOCATED_IN"}
    with pytest.raises(QueryError):
        overview(village, limit=0)


def test_overview_falls_back_without_cases(tmp_path: Path) -> None:
    b = GraphBatch(id_key=TEST_KEY)
    county = b.node("Place", "r.csv#r2", name="闽侯县", level="county", path="福建省/闽侯县")
    village = b.node("Place", "r.csv#r2", name="黄山村", level="village", path="福建省/闽侯县/黄山村")
    b.rel("PART_OF", "Place", village, "Place", county, "r.csv#r2")
    with EmbeddedStore(build_store(tmp_path, b), read_only=True) as store:
        nodes, rels = graph_elements(overview(store))
    assert len(nodes) == 2 and [r.type for r in rels.values()] == ["PART_OF"]


# -- the pages ------------------------------------------------------------------

def open_page(at: AppTest, page: str) -> AppTest:
    """Switch to ``pages/<page>.py`` and run it."""
    return at.switch_page(f"pages/{page}.py").run()


def test_status_page_shows_counts_and_the_sidebar_legend(
        monkeypatch: pytest.MonkeyPatch, village_db: Path) -> None:
    at = open_page(run_app(monkeypatch, village_db), "status")
    assert not at.exception
    assert not at.error
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert str(village_db) in sidebar
    assert "人员" in sidebar and "#4e79a7" in sidebar  # the legend, from the schema
    node_counts = at.dataframe[0].value.set_index("type")["数量"].to_dict()
    rel_counts = at.dataframe[1].value.set_index("type")["数量"].to_dict()
    assert node_counts == {"Person": 3, "Place": 3, "Household": 1, "Case": 1}
    assert rel_counts["KIN"] == 1 and rel_counts["INVOLVED_IN"] == 3
    assert "正常" in page_text(at)


def test_search_finds_a_person_by_name_masked_by_default(
        monkeypatch: pytest.MonkeyPatch, village_db: Path) -> None:
    at = run_app(monkeypatch, village_db)
    at.text_input[0].input("王建军").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table.to_dict("records") == [
        {"类型": "人员", "名称": "王**", "详情": "350102********1256", "来源": "huji_2023.csv#r3"}]
    assert "人员卡片 / card: 王\\*\\*" in page_text(at)
    for secret in (IDNO_HEAD, IDNO_BROTHER, "19900101", "1990-01-01", "王建国"):
        assert secret not in page_text(at)


def test_an_investigator_reveals_one_field_with_a_reason(monkeypatch: pytest.MonkeyPatch, village_db: Path) -> None:
    at = run_app(monkeypatch, village_db)
    at.text_input(key="search_text").input("王建军").run()
    reveal = next(b for b in at.button if b.label == "显示 / reveal")
    reveal.click().run()  # with no reason given
    assert "needs a reason" in at.error[0].value
    assert IDNO_BROTHER not in page_text(at)
    at.radio(key="reveal_field").set_value("idno")
    at.text_input(key="reveal_reason").input("案件 D001 核查")
    next(b for b in at.button if b.label == "显示 / reveal").click().run()
    assert not at.exception
    assert at.success[0].value.startswith(f"身份证号: {IDNO_BROTHER}")
    assert at.dataframe[0].value.to_dict("records")[0]["名称"] == "王**"  # one field, nothing else
    assert "王建军" not in page_text(at)


def test_graph_page_draws_a_masked_neighbourhood_with_escaped_names(
        monkeypatch: pytest.MonkeyPatch, village_db: Path) -> None:
    at = open_page(run_app(monkeypatch, village_db), "graph")
    at.text_input(key="graph_text").input("黄山村").run()
    assert not at.exception
    html = graph_html(at)
    assert "#e15759" in html  # Case colour from the schema
    assert "350102********1256" not in html  # the brother is two hops away: not drawn at one hop
    at.radio(key="graph_hops").set_value(2).run()
    html = graph_html(at)
    assert "350102********1256" in html and IDNO_BROTHER not in html and IDNO_HEAD not in html
    assert "img src=x" in html and HOSTILE not in html  # the hostile name is there, as text only


def test_reload_reopens_the_store(monkeypatch: pytest.MonkeyPatch, village_db: Path) -> None:
    at = open_page(run_app(monkeypatch, village_db), "status")
    at.sidebar.button[0].click().run()
    assert not at.exception and not at.error
    assert at.dataframe[0].value.set_index("type")["数量"]["Person"] == 3


def test_search_by_id_fragment_and_nothing_found(monkeypatch: pytest.MonkeyPatch, village_db: Path) -> None:
    at = run_app(monkeypatch, village_db)
    at.text_input[0].input("1256").run()
    assert at.dataframe[0].value["名称"].tolist() == ["王**"]
    at.text_input[0].input("' OR 1=1 //").run()
    assert not at.exception
    assert "nothing found" in at.info[0].value
    assert not at.dataframe


def test_no_graph_yet_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    at = run_app(monkeypatch, tmp_path)
    assert not at.exception
    assert "no graph has been built yet" in at.error[0].value
    assert "qinyou demo" in at.info[0].value
    assert not at.text_input and not at.get("iframe")


def test_empty_graph_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    EmbeddedStore(tmp_path).close()  # tables, no data
    at = run_app(monkeypatch, tmp_path)
    assert not at.exception
    assert "the graph is empty" in at.warning[0].value
    assert "qinyou ingest" in at.info[0].value


def test_bad_configuration_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QINYOU_STORE", "sqlite")
    monkeypatch.setenv("QINYOU_DB", str(tmp_path))
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert "QINYOU_STORE must be one of" in at.error[0].value


def test_checkout_shim_runs_the_packaged_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`streamlit run app.py` in a checkout shows the same page as `qinyou app`."""
    monkeypatch.setenv("QINYOU_STORE", "embedded")
    monkeypatch.setenv("QINYOU_DB", str(tmp_path))
    sign_in(monkeypatch, tmp_path)
    at = AppTest.from_file(str(SHIM), default_timeout=30).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["亲友 qinyou"]
    assert "no graph has been built yet" in at.error[0].value
