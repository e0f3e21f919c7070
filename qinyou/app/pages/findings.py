"""Findings: filter, page, open one (path and evidence), triage it, export the selection as the clue ledger."""
from __future__ import annotations

from typing import Any

import streamlit as st

from qinyou import api
from qinyou.app import common, jobs
from qinyou.detect.finding import TITLES
from qinyou.explore.findings import CERTAINTIES, SEVERITIES, Filters, narrow
from qinyou.explore.triage import STATUS_ZH, STATUSES

PAGE_SIZE = 25
s, m = common.page()
store = common.store()
st.header("问题线索 / findings")
snap = jobs.findings_snapshot(s)
if not snap.current:
    if snap.state == "missing":
        st.warning("还没有线索快照 / no findings snapshot yet: detection has not been run on this store "
                   "(`qinyou detect`, or the button below).")
    else:
        st.error(f"线索快照已过期 / the findings snapshot is stale: it was computed at {snap.header.get('created')} "
                 "from an earlier state of the store, which has changed since. Run detection again.")
    if st.button("运行检测 / run detection", key="f_detect", type="primary"):
        if jobs.run_detection(s, store, snap):
            st.rerun()
    if snap.state == "missing" or not st.checkbox("仍查看过期的线索 / show the stale findings anyway", key="f_stale"):
        st.stop()
    st.warning("以下为过期快照中的线索，不代表当前数据 / the findings below are from the STALE snapshot")
else:
    st.caption(f"线索快照 / snapshot: {snap.header.get('findings')} 条, 生成于 {snap.header.get('created')} "
               f"(检测用时 {snap.header.get('seconds')} s) · 与当前数据一致 / current")

c1, c2, c3 = st.columns(3)
rules = c1.multiselect("规则 / rule", list(TITLES), format_func=lambda r: f"{TITLES[r][0]} ({r})", key="f_rules")
place = c2.text_input("地点 / place (村、乡镇或县名)", key="f_place")
severity = c3.multiselect("严重程度 / severity", list(SEVERITIES), key="f_severity")
c4, c5, c6 = st.columns(3)
certainty = c4.multiselect("确定性 / certainty", list(CERTAINTIES), key="f_certainty")
declared_word = c5.selectbox("已备案 / declared", ["全部 / any", "是 / yes", "否 / no"], key="f_declared")
status = c6.multiselect("状态 / status", list(STATUSES), format_func=lambda x: STATUS_ZH[x], key="f_status")
declared = None if declared_word.startswith("全部") else declared_word.startswith("是")
filters = Filters(rules or None, place.strip() or None, severity or None, certainty or None, declared, status or None)

everything = narrow(snap.findings, filters)
total = api.findings(s, filters, 0, 1, m, found=everything).total
pages = max(1, -(-total // PAGE_SIZE))
page_no = int(st.number_input(f"页 / page (共 {pages} 页, {total} 条)", 1, pages, 1, key="f_page"))
page = api.findings(s, filters, (page_no - 1) * PAGE_SIZE, PAGE_SIZE, m, found=everything)


def row(f: dict[str, Any]) -> dict[str, Any]:
    people = f["people"]
    return {"线索编号": f["id"], "问题类型": f["title"], "严重程度": f["severity"], "确定性": f["certainty"],
            "干部/当事人": people[0]["name"] if people else "", "对象": people[1]["name"] if len(people) > 1 else "",
            "关系": f.get("relation") or "", "备案": "" if f.get("declared") is None else ("是" if f["declared"] else "否"),
            "状态": STATUS_ZH[f["status"]], "备注": f["note"]}


st.dataframe([row(f) for f in page.findings], hide_index=True, width="stretch")
who = common.session()
if who.principal.may("export"):

    def kept() -> list[dict[str, Any]]:
        """The whole selection, gathered only when an export button is pressed."""
        return api.findings(s, filters, 0, max(total, 1), m, found=everything).findings

    left, right = st.columns(2)  # the ledger is made (masked) and the export audited when a button is pressed
    left.download_button(f"导出线索台账 CSV ({total} 条)", lambda: who.export_ledger(kept(), "csv"),
                         "问题线索台账.csv", "text/csv", key="ledger-csv", on_click="ignore")
    right.download_button(f"导出线索台账 Excel ({total} 条)", lambda: who.export_ledger(kept(), "xlsx"),
                          "问题线索台账.xlsx", common.XLSX, key="ledger-xlsx", on_click="ignore")
if not page.findings:
    st.info("没有符合条件的线索 / no findings match")
    st.stop()

by_id = {f["id"]: f for f in page.findings}
chosen = st.selectbox("查看线索 / open a finding", list(by_id),
                      format_func=lambda i: f"{by_id[i]['title']} · {row(by_id[i])['干部/当事人']} · {i}", key="f_open")
f = by_id[chosen]
st.subheader(f"{f['title']} · {f['id']}")
st.markdown(common.md(" · ".join(f"{p['role']}: {p['name']} {p.get('idno') or p.get('idno_masked') or ''}"
                                 for p in f["people"])))
if f.get("readings"):
    st.warning("存疑：记录允许多种读法 / ambiguous: " +
               "；".join(r["relation"] + ("" if r["in_scope"] else "(范围外)") for r in f["readings"]))
common.finding_path_and_evidence(f, s, m, store)

st.markdown("**核查状态 / triage**")
if not who.principal.may("triage"):
    st.caption(f"状态 / status: {STATUS_ZH[f['status']]} · 此角色不改状态 / this role does not triage")
    st.stop()
with st.form("triage"):
    new_status = st.radio("状态 / status", list(STATUSES), index=list(STATUSES).index(f["status"]),
                          format_func=lambda x: STATUS_ZH[x], horizontal=True)
    note = st.text_area("备注 / note", value=f["note"])
    st.caption(f"核查人 / by: {who.principal.user}")
    if st.form_submit_button("保存 / save"):
        if common.run_api(who.triage, f["id"], new_status, note) is not None:
            st.success(f"已保存 / saved: {STATUS_ZH[new_status]}")
            st.rerun()
