"""Review: identity candidates waiting for a decision, with the features that agreed and disagreed;
decide same / different / unsure; undo the latest judgement on a pair."""
from __future__ import annotations

import streamlit as st

from qinyou import api
from qinyou.app import common
from qinyou.graph.judgements import VERDICTS
from qinyou.identity.resolution import Resolution
from qinyou.settings import Settings

PAGE_SIZE = 20
s, m = common.page()
store = common.store()
who = common.session()


@st.cache_data(show_spinner="比对身份 / scoring candidates…", max_entries=4)
def queue(store_label: str, _settings: Settings) -> Resolution:
    return api.pending_identities(_settings, store=common.store())


def side(p: object) -> str:
    return f"{m.name(p.name.text, personal=not p.doc)} ({p.doc or '花名册'})"  # type: ignore[attr-defined]


st.header("身份核对 / identity review")
found = common.run_api(queue, s.store_label, s)
if found is None:
    st.stop()
pending = found.pending
st.caption(f"{len(found.candidates)} 对候选 candidates · {len(pending)} 对待核对 pending · "
           f"命令行 / CLI: `qinyou review`, `qinyou judge A B --verdict …`")
if not pending:
    st.info("没有待核对的候选 / nothing waits for review")
else:
    pages = max(1, -(-len(pending) // PAGE_SIZE))
    page_no = int(st.number_input(f"页 / page (共 {pages} 页)", 1, pages, 1, key="r_page"))
    shown = pending[(page_no - 1) * PAGE_SIZE: page_no * PAGE_SIZE]
    st.dataframe([{"分数": round(c.score, 3), "甲": side(c.a), "乙": side(c.b),
                   "一致 / agreed": "；".join(f.detail for f in c.comparison.agreed()),
                   "不一致 / disagreed": "；".join(f.detail for f in c.comparison.disagreed())} for c in shown],
                 hide_index=True, width="stretch")
    pairs = {f"{c.a.id}|{c.b.id}": c for c in shown}
    key = st.selectbox("候选 / candidate", list(pairs), key="r_pair",
                       format_func=lambda k: f"{side(pairs[k].a)} ↔ {side(pairs[k].b)} · {pairs[k].score:.3f}")
    if not who.principal.may("judge"):
        st.caption("此角色不做判断 / this role does not judge")
        st.stop()
    with st.form("judge"):
        verdict = st.radio("判断 / verdict", list(VERDICTS), horizontal=True,
                           format_func=lambda v: {"same": "同一人 same", "different": "不同人 different",
                                                  "unsure": "不确定 unsure"}.get(v, v))
        st.caption(f"核对人 / by: {who.principal.user}")
        if st.form_submit_button("记录 / record"):
            a, b = key.split("|")
            common.release_store()  # the embedded store has one writer: let go of the read-only one
            if common.attempt(who.judge, a, b, verdict):
                st.cache_data.clear()
                st.success(f"已记录 / recorded: {verdict}")

st.divider()
if not who.principal.may("judge"):
    st.stop()
st.subheader("撤销 / undo a judgement")
with st.form("undo"):
    a = st.text_input("甲 id (Person:…)")
    b = st.text_input("乙 id (Person:…)")
    if st.form_submit_button("撤销最近一次判断 / undo the latest"):
        common.release_store()
        gone = common.run_api(who.undo_judgement, a.strip(), b.strip())
        if gone is not None:
            st.cache_data.clear()
            st.success(f"已撤销 / undone: {gone.verdict} by {gone.judged_by} at {gone.judged_at}")
