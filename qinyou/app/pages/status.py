"""Store status: which store, whether it answers, counts, when it last changed."""
from __future__ import annotations

import streamlit as st

from qinyou import api
from qinyou.app import common
from qinyou.explore.status import STATE_ZH
from qinyou.graph.visual import count_rows

s, _ = common.page()
st.header("存储状态 / store status")
status = api.store_status(s)
st.markdown(f"**类型 / kind:** {'嵌入式 LadybugDB (embedded)' if status.kind == 'embedded' else 'Neo4j'}  \n"
            f"**位置 / where:** `{status.label}`  \n"
            f"**状态 / state:** {STATE_ZH[status.state]} ({status.state})")
if status.last_change:
    st.caption(f"最后更改 / last changed: {status.last_change} (UTC)")
if status.state in ("not_configured", "unreachable", "error"):
    st.error(status.message)
elif status.state in ("no_graph", "empty"):
    st.warning(status.message)
    st.info(common.HINT)
if status.counts:
    left, right = st.columns(2)
    left.markdown("**节点 / nodes**")
    left.dataframe(count_rows(status.counts["nodes"]), hide_index=True, width="stretch")
    right.markdown("**关系 / relationships**")
    right.dataframe(count_rows(status.counts["relationships"]), hide_index=True, width="stretch")
st.caption(f"线索核查记录 / triage log: `{s.triage_path}`")
