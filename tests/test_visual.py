"""The pyvis drawing: schema colours, escaped tooltips, masking, no network needed."""
from __future__ import annotations

import doctest
import json
import re

import networkx as nx
import pytest

import qinyou.graph.explore
import qinyou.graph.visual
from qinyou.graph.model import schema
from qinyou.graph.result import GNode, GRel
from qinyou.graph.visual import legend_items, node_rows, pyvis_html, to_networkx

IDNO = "350102199001011234"
HOSTILE = "<script>alert(1)</script>"

HEAD = GNode("8:0", "Person", {"id": "Person:a", "name": "王建国", "idno": IDNO, "gender": "男",
                               "birth_date": "1990-01-01", "raw": [f"王建国 {IDNO}"],
                               "sources": ["huji.csv#r2"]})
NAMED = GNode("8:1", "Person", {"id": "Person:b", "name": HOSTILE, "scope": "D001",
                                "sources": ["D001#c3-9"]})
HOUSEHOLD = GNode("4:0", "Household", {"id": "Household:h", "hh_no": "H1", "head_name": "王建国",
                                       "head_idno": IDNO, "sources": ["huji.csv#r2"]})
CASE = GNode("1:0", "Case", {"id": "Case:c", "title": "黄山村村委主任王某优亲厚友问题", "doc": "D001"})
KIN = GRel("15:0", "KIN", "8:0", "8:1", {"relation": "弟", "sources": ["D001#c3-9"]})
MEMBER = GRel("16:0", "MEMBER_OF", "8:0", "4:0", {"relation_to_head": "户主"})
INVOLVED = GRel("17:0", "INVOLVED_IN", "8:1", "1:0", {"role": "relative"})
NODES = {n.key: n for n in (HEAD, NAMED, HOUSEHOLD, CASE)}
RELS = {r.key: r for r in (KIN, MEMBER, INVOLVED)}


def drawn(page: str, kind: str = "nodes") -> list[dict]:
    """The node (or edge) data a page hands to vis-network."""
    match = re.search(rf"{kind} = new vis\.DataSet\(qinyouTips\((.*)\)\);", page)
    assert match, f"{kind} data not found"
    return json.loads(match.group(1))


@pytest.mark.parametrize("module", [qinyou.graph.visual, qinyou.graph.explore])
def test_doctests(module: object) -> None:
    failed, _ = doctest.testmod(module)  # type: ignore[arg-type]
    assert failed == 0


def test_to_networkx_keeps_parallel_edges_and_drops_dangling_ones() -> None:
    again = GRel("15:1", "KIN", "8:0", "8:1", {"relation": "兄弟"})
    dangling = GRel("15:2", "KIN", "8:0", "9:9", {})
    graph = to_networkx(NODES, {r.key: r for r in (KIN, again, dangling, MEMBER)})
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_nodes() == 4 and graph.number_of_edges() == 3
    assert graph.nodes["4:0"]["label"] == "Household"
    assert graph.number_of_edges("8:0", "8:1") == 2


def test_colours_and_legend_come_from_the_schema() -> None:
    page = pyvis_html((NODES, RELS))
    colours = {n["id"]: n["color"] for n in drawn(page)}
    assert colours["1:0"] == schema().node("Case").color == "#e15759"
    assert set(colours.values()) == {schema().node(t).color for t in ("Person", "Household", "Case")}
    edges = {e["label"]: e["color"] for e in drawn(page, "edges")}
    assert edges == {"弟": "#e15759", "家庭成员": "#f28e2b", "relative": "#ff9d9a"}
    items = legend_items()
    assert [name for name, _, _ in items] == list(schema().nodes)
    assert ("Household", "户", "#f28e2b") in items


def test_hostile_text_is_escaped_in_tooltips() -> None:
    page = pyvis_html((NODES, RELS))
    assert HOSTILE not in page
    tips = {n["id"]: n["tip"] for n in drawn(page)}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in tips["8:1"]
    assert "<script" not in tips["8:1"]
    assert "<b>" in tips["8:1"]  # our own markup survives
    label = {n["id"]: n["label"] for n in drawn(page)}["8:1"]
    assert label.startswith("<script>")  # captions are drawn on a canvas as text


def test_personal_data_is_masked_unless_revealed() -> None:
    page = pyvis_html((NODES, RELS))
    for secret in (IDNO, "19900101", "1990-01-01", "王建国"):
        assert secret not in json.dumps(drawn(page), ensure_ascii=False)
    nodes = {n["id"]: n for n in drawn(page)}
    assert nodes["8:0"]["label"] == "王**" and nodes["4:0"]["label"] == "王**"
    assert "350102********1234" in nodes["8:0"]["tip"]
    assert "Person:a" not in nodes["8:0"]["tip"]  # ids hash the ID number
    revealed = {n["id"]: n for n in drawn(pyvis_html((NODES, RELS), reveal=True))}
    assert revealed["8:0"]["label"] == "王建国"
    assert IDNO in revealed["8:0"]["tip"] and IDNO in revealed["4:0"]["tip"]


def test_page_needs_no_network() -> None:
    page = pyvis_html((NODES, RELS), height="500px")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "vis.Network" in page and "height: 500px" in page
    assert page.count("qinyouTips(") == 3  # defined once, applied to nodes and edges


def test_empty_graph_still_draws() -> None:
    page = pyvis_html(({}, {}))
    assert drawn(page) == [] and drawn(page, "edges") == []


def test_node_rows_are_masked_table_rows() -> None:
    rows = node_rows([HEAD, NAMED, HOUSEHOLD, CASE])
    assert rows[0] == {"类型": "人员", "名称": "王**", "详情": "350102********1234", "来源": "huji.csv#r2"}
    assert rows[1]["名称"] == HOSTILE and rows[1]["详情"] == "D001"  # st.dataframe shows text as text
    assert rows[2]["名称"] == "王**" and rows[2]["详情"] == "H1"  # a household shows its number, not its head's
    assert rows[3]["详情"] == "D001"
    assert node_rows([HEAD], reveal=True)[0]["详情"] == IDNO


def test_highlighted_nodes_are_ringed() -> None:
    nodes = {n["id"]: n for n in drawn(pyvis_html((NODES, RELS), highlight=["8:0"]))}
    assert nodes["8:0"]["color"] == {"background": "#4e79a7", "border": "#222222"}
    assert nodes["8:0"]["size"] > nodes["8:1"]["size"]
    assert nodes["8:1"]["color"] == "#4e79a7"
