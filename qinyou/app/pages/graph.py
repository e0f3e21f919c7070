"""Relationship graph: a bounded neighbourhood (expand on demand) and the kin path between two people."""
from __future__ import annotations

import streamlit as st

from qinyou import api
from qinyou.app import common
from qinyou.graph.model import schema
from qinyou.graph.result import GNode, GRel

s, m = common.page()
store = common.store()
sch = schema()


def pick(label: str, key: str, persons_only: bool = False) -> str | None:
    """A search box and a choice among its hits; the chosen node's id."""
    text = st.text_input(label, key=f"{key}_text", placeholder="姓名、村名、案件或身份证号片段")
    if not text.strip():
        return None
    hits = common.search(text, 30, store)  # masked by the session, audited
    if persons_only:
        hits = [h for h in hits if h.label == "Person"]
    if not hits:
        st.info("没有找到 / nothing found")
        return None
    names = {h.id: h.props for h in hits}
    zh = {k: t.label_zh for k, t in sch.nodes.items()}

    def caption(node_id: str) -> str:
        props = names[node_id]
        node_type = sch.nodes[node_id.split(":", 1)[0]]
        shown = props.get(node_type.caption) or node_type.label_zh
        return f"{zh.get(node_type.name, node_type.name)} · {shown} · {props.get('idno') or props.get('idno_masked') or props.get('path') or ''}"

    return st.selectbox("选择 / choose", list(names), format_func=caption, key=f"{key}_choice")


st.header("关系图 / relationship graph")
centre = pick("中心节点 / centre: a person, household, village or case", "graph")
if centre and st.session_state.get("graph_centre") != centre:
    st.session_state["graph_centre"] = centre
    st.session_state["graph_expanded"] = []
if centre:
    left, right = st.columns(2)
    hops = int(left.radio("层数 / hops", [1, 2], horizontal=True, key="graph_hops"))
    per_node = int(right.slider("每个节点最多显示 / neighbours per node", 3, 40, 12, key="graph_per_node"))
    expanded: list[str] = list(st.session_state.get("graph_expanded", []))
    drawn = common.run_api(api.neighbourhood, [centre], s, hops, per_node, expanded, store=store)
    if drawn is not None:
        nodes, rels = drawn
        common.draw((nodes, rels), highlight=[k for k, n in nodes.items() if n.props.get("id") == centre])
        choices = {n.props["id"]: n for n in nodes.values()
                   if n.label in sch.nodes and n.props.get("id") and n.props["id"] != centre}

        def name_of(node_id: str) -> str:
            n = choices[node_id]
            shown = m.props(n.label, n.props, sch)
            return f"{sch.nodes[n.label].label_zh} · {shown.get(sch.nodes[n.label].caption) or ''}"

        st.multiselect("展开节点 / expand nodes", sorted(choices), format_func=name_of, key="graph_expanded",
                       help="each chosen node shows its own neighbours (at most the number per node above)")

st.divider()
st.subheader("这两个人是什么关系？/ how are these two people related?")
a_col, b_col = st.columns(2)
with a_col:
    a = pick("甲 / person A", "kin_a", persons_only=True)
with b_col:
    b = pick("乙 / person B", "kin_b", persons_only=True)
if a and b:
    answer = common.run_api(api.kin_path, a, b, s, m, store=store)
    if answer is not None and not answer.found:
        st.info("三步以内的户籍和备案记录中没有亲属关系 / no kin path of up to three records")
    elif answer is not None:
        flag = "确定" if answer.certain else "存疑（记录允许多种读法）"
        scope = "在近亲属范围内" if answer.in_scope else "不在近亲属范围内"
        st.success(f"乙是甲的 **{answer.relation}** · {flag} · {scope}")
        st.markdown("路径 / path: " + common.md(" ".join(answer.path)))
        names = answer.path[0::2]
        path_nodes = {pid: GNode(f"k{i}", "Person", {"name": names[i], "id": pid})
                      for i, pid in enumerate(answer.people)}
        path_rels = {f"r{i}": GRel(f"r{i}", "KIN",
                                   path_nodes[st_["from"] if st_["forward"] else st_["to"]].key,
                                   path_nodes[st_["to"] if st_["forward"] else st_["from"]].key,
                                   {"relation": st_["word"], "sources": [st_["source"]]})
                     for i, st_ in enumerate(answer.steps)}
        common.draw(({n.key: n for n in path_nodes.values()}, path_rels),
                    highlight=[path_nodes[a].key, path_nodes[b].key])
        st.dataframe([{"记录 / record": st_["source"], "关系 / word": st_["word"]} for st_ in answer.steps],
                     hide_index=True, width="stretch")
