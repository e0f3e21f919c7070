"""Saved queries: a form from the query's header, run read-only, a table (or graph), CSV/xlsx export;
and a read-only Cypher box for analysts, naming the store's dialect."""
from __future__ import annotations

from typing import Any

import streamlit as st

from qinyou import api
from qinyou.app import common
from qinyou.graph.result import Result, graph_elements
from qinyou.output import masked_records, plain

SHOWN_ROWS = 500
DIALECTS = {"ladybug": "LadybugDB (Kùzu) Cypher", "neo4j": "Neo4j Cypher"}
s, m = common.page()
store = common.store()


def show(result: Result, private: tuple[str, ...], stem: str, key: str, returns: str = "table") -> None:
    records = masked_records(result, private, reveal=m.reveal)
    rows = [{k: _cell(v) for k, v in r.items()} for r in records]
    if m.trainer:
        rows = [{k: (m.name(v) if isinstance(v, str) and k.endswith(("name", "姓名", "cadre", "beneficiary"))
                     else v) for k, v in r.items()} for r in rows]
    st.caption(f"{len(rows)} 行 rows" + (f"，显示前 {SHOWN_ROWS} 行" if len(rows) > SHOWN_ROWS else ""))
    st.dataframe(rows[:SHOWN_ROWS], hide_index=True, width="stretch")
    common.downloads(rows, list(result.columns), stem, key)
    nodes, rels = graph_elements(result)
    if returns == "graph" or rels:
        common.draw((nodes, rels))


def _cell(value: Any) -> Any:
    value = plain(value, m.reveal)
    if isinstance(value, (list, dict)):
        return str(value)
    return value


st.header("查询 / saved queries")
saved = {q.name: q for q in api.queries()}
name = st.selectbox("查询 / query", list(saved), format_func=lambda n: f"{saved[n].title} ({n})", key="q_name")
query = saved[name]
st.caption(query.description)
with st.form(f"params-{name}"):
    values: dict[str, Any] = {}
    for p in query.params:
        label = f"{p.name} ({p.type})"
        if p.type == "bool":
            values[p.name] = st.checkbox(label, value=bool(p.default), key=f"q_{name}_{p.name}")
        elif p.type == "int":
            values[p.name] = int(st.number_input(label, value=int(p.default or 0), step=1, key=f"q_{name}_{p.name}"))
        elif p.type == "float":
            values[p.name] = float(st.number_input(label, value=float(p.default or 0.0), key=f"q_{name}_{p.name}"))
        else:
            values[p.name] = st.text_input(label, value=str(p.default or ""), key=f"q_{name}_{p.name}")
    run = st.form_submit_button("运行 / run (read-only)")
if run:
    st.session_state["q_ran"] = (name, values)
ran = st.session_state.get("q_ran")
if ran and ran[0] == name:
    out = common.run_api(api.run_query, name, ran[1], s, store=store)
    if out is not None:
        show(out[1], out[0].private, name, "saved", out[0].returns)
    st.caption("命令行 / CLI: `qinyou query " + name + "".join(f" -p {k}={v}" for k, v in ran[1].items()) + "`")

st.divider()
st.subheader("Cypher (只读 / read-only)")
st.caption(f"方言 / dialect: **{DIALECTS.get(store.dialect, store.dialect)}** · 写入语句会被拒绝 / writes are refused")
text = st.text_area("Cypher", key="cypher_text", placeholder="MATCH (c:`Case`) RETURN c.title LIMIT 10")
if st.button("运行 Cypher / run", key="cypher_run") and text.strip():
    st.session_state["cypher_ran"] = text
if st.session_state.get("cypher_ran"):
    result = common.run_api(api.run_cypher, st.session_state["cypher_ran"], {}, store)
    if result is not None:
        show(result, (), "cypher", "cypher")
