"""Search and person card: find a person, place or case; open a card; open each fact's evidence;
an investigator may reveal one field of the person, giving a reason (audited)."""
from __future__ import annotations

import streamlit as st

from qinyou import api
from qinyou.app import common
from qinyou.access.session import FIELD_ZH, REVEALABLE
from qinyou.explore.card import SECTION_ZH, SECTIONS, card_rows
from qinyou.graph.visual import node_rows

SEARCH_LABEL = "搜索 / search"
SEARCH_LIMIT = 50

s, m = common.page()
store = common.store()
st.header("搜索与人员卡片 / search and person card")
text = st.text_input(SEARCH_LABEL, key="search_text",
                     placeholder="姓名、王某某、身份证号片段、村名或案件 / name, masked name, ID fragment, village, case")
if text.strip():
    shown = common.search(text, SEARCH_LIMIT, store)  # masked by the session, audited
    hits = shown
    if not hits:
        st.info("没有找到 / nothing found")
        st.stop()
    st.subheader(f"{len(hits)} 个结果 / matches")
    st.dataframe(node_rows(shown, reveal=True), hide_index=True, width="stretch")
    people = {h.id: n for h, n in zip(hits, shown) if h.label == "Person"}
    if not people:
        st.caption("没有人员；地点和案件请在关系图页查看 / no persons: see places and cases on the Graph page")
        st.stop()

    def caption(pid: str) -> str:
        node = people[pid]
        return f"{node.props.get('name') or '?'} · {node.props.get('idno') or node.props.get('idno_masked') or '通报人员'} · {node.props.get('sources', [''])[0] if node.props.get('sources') else ''}"

    pid = st.selectbox("打开人员卡片 / open a person card", list(people), format_func=caption, key="card_person")
    card = common.run_api(common.session().card, pid, store=store)
    if card is None:
        st.stop()
    st.subheader(f"人员卡片 / card: {common.md(card.name)}")
    st.markdown(f"身份证号 / ID: `{card.idno or '—'}` · 性别 / sex: {card.gender or '—'} · "
                f"来源 / read from: {common.md('；'.join(card.sources)) or '—'}")
    if card.same_as:
        st.info("认定同一人 / judged the same person as: " + common.md("、".join(n for _, n in card.same_as)) +
                " — their facts are on this card too (column “经由 / via”)")
    who = common.session()
    if who.principal.may("reveal") and not who.trainer:
        with st.expander("显示一项个人信息 / reveal one field (需说明理由 / give a reason; audited)"):
            with st.form("reveal"):
                field = st.radio("字段 / field", list(REVEALABLE), format_func=lambda f: FIELD_ZH[f],
                                 horizontal=True, key="reveal_field")
                reason = st.text_input("理由 / reason (如案件编号 / e.g. the case file)", key="reveal_reason")
                if st.form_submit_button(common.REVEAL_LABEL):
                    value = common.run_api(who.reveal, pid, field, reason, store=store)
                    st.session_state["revealed"] = (pid, field, value) if value is not None else None
        shown_value = st.session_state.get("revealed")
        if shown_value and shown_value[0] == pid:
            st.success(f"{FIELD_ZH[shown_value[1]]}: {shown_value[2]}（已记录到审计日志 / logged）")
    else:
        st.caption("此角色不能显示个人信息 / this role sees personal data masked only")
    for kind in SECTIONS:
        rows = card_rows(card, kind)
        if kind == "payment" and card.payments_total > len(rows):
            st.caption(f"资金发放共 {card.payments_total} 笔，显示前 {len(rows)} 笔")
        if rows:
            st.markdown(f"**{SECTION_ZH[kind]}**")
            st.dataframe(rows, hide_index=True, width="stretch")
    timeline = card.timeline()
    if timeline:
        st.markdown("**时间线 / timeline**")
        st.dataframe([{"日期": f.date, "类型": SECTION_ZH[f.kind], "内容": f.what, "来源": "；".join(f.sources)}
                      for f in timeline], hide_index=True, width="stretch")
    sources = card.all_sources()
    st.markdown("**证据 / evidence**")
    source = st.selectbox("打开证据 / open evidence", sources, key="card_evidence")
    if source:
        ev = common.run_api(api.evidence, source, s, m, store=store)
        if ev is not None:
            cells = [{"类型": SECTION_ZH.get(f.kind, f.kind), **{k: v for k, v in f.row().items() if k != "id"}}
                     for f in card.facts if source in f.sources]
            common.show_evidence(ev, cells)
