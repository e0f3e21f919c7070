"""Saved queries: a form from the query's header, run read-only, a table (or graph), CSV/xlsx export;
and a read-only Cypher box for analysts, naming the store's dialect."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from qinyou import api
from qinyou.access.session import Answer, flat
from qinyou.app import common

PAGE_SIZES = (50, 100, 500)
DIALECTS = {"ladybug": "LadybugDB (Kùzu) Cypher", "neo4j": "Neo4j Cypher"}
s, m = common.page()
store = common.store()
who = common.session()


def show(answer: Answer, stem: str, key: str, export: Callable[[str, Path], int]) -> None:
    """One page of the session's masked rows as a table with page controls, downloads of the whole
    answer (streamed to a file when pressed), and a graph when the page has paths."""
    first, last = answer.offset + 1, answer.offset + len(answer.rows)
    if answer.total is not None:
        st.caption(f"共 {answer.total} 行 / {answer.total} rows" + (f" · 第 {first}–{last} 行 / rows {first}–{last}"
                                                                 if answer.offset or answer.more else ""))
    else:
        st.caption(f"第 {first}–{last} 行，后面还有 / rows {first}–{last}, more follow")
    st.dataframe([{k: flat(v) for k, v in r.items()} for r in answer.rows], hide_index=True, width="stretch")
    back, size_box, forward = st.columns([1, 2, 1])
    if back.button("‹ 上一页 / previous", key=f"{key}_prev", disabled=answer.offset == 0):
        st.session_state[f"{key}_offset"] = max(0, answer.offset - len_page(key))
        st.rerun()
    size_box.selectbox("每页行数 / rows per page", PAGE_SIZES, key=f"{key}_size", index=1,
                       on_change=lambda: st.session_state.update({f"{key}_offset": 0}))
    if forward.button("下一页 / next ›", key=f"{key}_next", disabled=not answer.more):
        st.session_state[f"{key}_offset"] = answer.offset + len(answer.rows)
        st.rerun()
    common.stream_downloads(export, stem, key)
    returns = answer.query.returns if answer.query else "table"
    if returns == "graph" or answer.rels:
        common.draw((answer.nodes, answer.rels))


def len_page(key: str) -> int:
    return int(st.session_state.get(f"{key}_size", PAGE_SIZES[1]))


def answered(key: str, ask: tuple[Any, ...], fetch: Callable[[int, int], Answer]) -> Answer | None:
    """The page of ``ask`` the controls point at, fetched (and audited) once, not again on each rerun;
    a new question starts again at its first page."""
    if st.session_state.get(f"{key}_asked") != ask:
        st.session_state[f"{key}_asked"] = ask
        st.session_state[f"{key}_offset"] = 0
    offset, size = int(st.session_state.get(f"{key}_offset", 0)), len_page(key)
    cache = st.session_state.setdefault(f"_{key}_pages", {})
    wanted = (repr(ask), who.trainer, offset, size)
    if wanted not in cache:
        answer = common.run_api(fetch, offset, size)
        if answer is None:
            return None
        cache.clear()
        cache[wanted] = answer
    return cache[wanted]  # type: ignore[no-any-return]


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
    given: dict[str, Any] = ran[1]
    out = answered("saved", ran, lambda offset, size: who.query_page(name, given, offset, size, store=store))
    if out is not None:
        show(out, name, "saved", lambda fmt, path: who.export_query(name, given, fmt, path, store=store))
        st.caption("命令行 / CLI: `qinyou query " + name + "".join(f" -p {k}={v}" for k, v in given.items())
                   + f" --page {out.offset // len_page('saved') + 1} --page-size {len_page('saved')}`")

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
    result = answered("cypher", (text_ran,), lambda offset, size: who.cypher_page(text_ran, store, offset, size))
    if result is not None:
        show(result, "cypher", "cypher", lambda fmt, path: who.export_cypher(text_ran, fmt, path, store))
