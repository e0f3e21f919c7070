"""Repeat offenders: people in several cases, co-offender groups, places ranked, one person's history."""
from __future__ import annotations

import streamlit as st

from qinyou import api
from qinyou.app import common
from qinyou.identity.network import OffenderReport
from qinyou.settings import Settings

TOP = 50
s, m = common.page()
store = common.store()


@st.cache_data(show_spinner="读取通报人员 / reading the notices…", max_entries=4)
def report(store_label: str, _settings: Settings) -> OffenderReport:
    return api.repeat_offenders(_settings, store=common.store())


st.header("屡查屡犯 / repeat offenders")
data = common.run_api(report, s.store_label, s)
if data is None:
    st.stop()


def name(key: str) -> str:
    # a resolved offender is often named by the roster person they are: masked like any roster name
    return m.name(data.names.get(key, key), personal=True)


repeat = sorted(((n, k) for k, n in data.offenders.items() if n >= 2), key=lambda x: (-x[0], x[1]))
st.subheader("两案以上 / in two or more cases")
if repeat:
    st.dataframe([{"姓名": name(k), "案件数": n, "id": k} for n, k in repeat[:TOP]], hide_index=True, width="stretch")
else:
    st.info("没有人出现在两个以上案件中 / nobody is in two or more cases")
st.subheader("共同违纪 / offending together")
if data.groups:
    st.dataframe([{"组": i, "人数": len(g), "成员": "、".join(name(k) for k in g)}
                  for i, g in enumerate(data.groups[:TOP], 1)], hide_index=True, width="stretch")
else:
    st.info("没有人在同一案件中共同违纪 / nobody offended together with another person")
left, right = st.columns(2)
for column, title, key, ranked in ((left, "村 / villages by cases", "村", data.villages),
                                   (right, "乡镇 / towns by cases", "乡镇", data.towns)):
    column.markdown(f"**{title}**")
    if ranked:
        column.dataframe([{key: r.place, "案件数": r.cases, "人数": r.people} for r in ranked[:TOP]],
                         hide_index=True, width="stretch")
    else:
        column.caption("案件的地点未到这一级 / no case is placed at this level")

people = sorted(data.offenders, key=lambda k: (-data.offenders[k], k))
if people:
    st.subheader("个人履历 / a person's history")
    who = st.selectbox("人员 / person", people, format_func=lambda k: f"{name(k)} · {data.offenders[k]} 案 · {k}",
                       key="offender")
    events = common.run_api(api.history_of, who, s, store=store) or []
    rows = [{"日期": e.date, "类型": {"post": "职务", "case": "案件", "penalty": "处分"}.get(e.kind, e.kind),
             "内容": m.text(e.what, [data.names.get(who, "")]), "来源": e.source} for e in events]
    punished = [e for e in events if e.kind == "penalty" and e.date]
    later_posts = [e for e in events if e.kind == "post" and punished and e.date >= min(p.date for p in punished)]
    if later_posts:
        st.error("受处分后仍任职 / punished before and in post again (带病上岗)")
    st.dataframe(rows, hide_index=True, width="stretch")
