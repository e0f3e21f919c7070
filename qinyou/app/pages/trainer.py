"""Trainer walk: each case pattern of the corpus in presenting order — the pattern, the rule it breaks,
the path and the evidence — with every name and ID masked the way notices mask them."""
from __future__ import annotations

import streamlit as st

from qinyou import api
from qinyou.app import common
from qinyou.explore.walk import Stop
from qinyou.graph.privacy import Masking
from qinyou.settings import Settings

s, _ = common.page()
store = common.store()
shown = Masking(trainer=True)  # the walk is masked notice-style whatever the sidebar says


@st.cache_data(show_spinner="准备案例 / preparing the walk…", max_entries=4)
def stops(store_label: str, _settings: Settings) -> list[Stop]:
    return api.training_walk(_settings, store=common.store())


st.header("培训：典型问题 / trainer walk through the case patterns")
st.caption("所有姓名和身份证号按通报方式隐去 / every name and ID number is masked as notices mask them · "
           "命令行 / CLI: `qinyou walk`")
walk = common.run_api(stops, s.store_label, s)
if not walk:
    st.info("图谱中没有可用于培训的案例 / no case patterns found in this graph")
    st.stop()
n = int(st.number_input(f"第几步 / step (共 {len(walk)} 步)", 1, len(walk), 1, key="walk_step"))
stop = walk[n - 1]
f = stop.finding
st.subheader(f"{n}. {stop.title}")
st.markdown(f"**模式 / pattern:** {stop.pattern.pattern}")
st.markdown(f"**违反的规定 / rule broken:** {stop.pattern.basis}")
st.markdown("**人员 / people:** " + common.md(" · ".join(f"{p['role']}: {p['name']} {p.get('idno_masked') or ''}"
                                                        for p in f["people"])))
if f.get("relation"):
    st.markdown(f"**关系 / relation:** {f['relation']}" + ("（已备案）" if f.get("declared") else "（未备案）"))
common.finding_path_and_evidence(f, s, shown, store, label="**路径 / path:**", detail=False)
