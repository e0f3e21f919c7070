"""Saved queries: a form from the query's header, run read-only, a table (or graph), CSV/xlsx export;
and a read-only Cypher box for analysts, naming the store's dialect."""
from __future__ import annotations

from typing import Any

import streamlit as st

from qinyou import api
from qinyou.access.session import Answer
from qinyou.app import common

SHOWN_ROWS = 500
DIALECTS = {"ladybug": "LadybugDB (Kùzu) Cypher", "neo4j": "Neo4j Cypher"}
s, m = common.page()
store = common.store()
who = common.session()


def show(answer: Answer, stem: str, key: str) -> None:
    """The session's masked rows as a table, downloads, and a graph when the answer has paths."""
    rows = [{k: _cell(v) for k, v in r.items()} for r in answer.rows]
    st.caption(f"{len(rows)} 行 rows" + (f"，显示前 {SHOWN_ROWS} 行" if len(rows) > SHOWN_ROWS else ""))
    st.dataframe(rows[:SHOWN_ROWS], hide_index=True, width="stretch")
    common.downloads(rows, answer.columns, stem, key)
    returns = answer.query.returns if answer.query else "table"
    if returns == "graph" or answer.rels:
        common.draw((answer.nodes, answer.rels))


def _cell(value: Any) -> Any:
    return str(value) if isinstance(value, (list, dict)) else value


def answered(kind: str, ask: tuple[Any, ...], run: Any) -> Answer | None:
    """The answer to ``ask``, run (and audited) once, not again on each rerun of the page."""
    cache = st.session_state.setdefault("_answers", {})
    key = (kind, repr(ask), who.trainer)
    if key not in cache:
        answer = common.run_api(run)
        if answer is None:
            return None
        cache.clear()
        cache[key] = answer
    return cache[key]  # type: ignore[no-any-return]


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
    out = answered("query", ran, lambda: who.query(name, ran[1], store=store))
    if out is not None:
        show(out, name, "saved")
    st.caption("命令行 / CLI: `qinyou query " + name + "".join(f" -p {k}={v}" for k, v in ran[1].items()) + "`")

st.divider()
if not who.principal.may("cypher"):
    st.caption("自由 Cypher 查询不适用于此角色 / this role runs saved queries only")
    st.stop()
st.subheader("Cypher (只读 / read-only)")
st.caption(f"方言 / dialect: **{DIALECTS.get(store.dialect, store.dialect)}** · 写入语句会被拒绝 / writes are "
           "refused · 结果中的身份证号和姓名列均隐去 / ID numbers and name columns come back masked")
text = st.text_area("Cypher", key="cypher_text", placeholder="MATCH (c:`Case`) RETURN c.title LIMIT 10")
if st.button("运行 Cypher / run", key="cypher_run") and text.strip():
    st.session_state["cypher_ran"] = text
if st.session_state.get("cypher_ran"):
    text_ran = st.session_state["cypher_ran"]
    result = answered("cypher", (text_ran,), lambda: who.cypher(text_ran, store))
    if result is not None:
        show(result, "cypher", "cypher")
