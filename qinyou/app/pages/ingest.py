"""Ingest: upload rosters and notices, load them (``qinyou ingest --keep --detect``), see what each file gave."""
from __future__ import annotations

import streamlit as st

from qinyou import api
from qinyou.app import common, jobs
from qinyou.explore.loadreport import file_rows, problem_rows
from qinyou.explore.snapshot import snapshot_path
from qinyou.explore.uploads import uploads_dir
from qinyou.ingest.rosters.mapping import KINDS

ROWS_SHOWN = 50
AUTO = "自动识别 / from the header"
s, m = common.page()
st.header("导入数据 / ingest")
st.caption(f"上传的文件保存在 / uploads are kept in `{uploads_dir(s)}` (按内容摘要分目录 / one folder per content "
           f"digest), so every fact's evidence (file and row) points at a real file. After loading, the findings "
           f"snapshot `{snapshot_path(s)}` is brought up to date. 同一文件导入两次不会改变任何内容 / loading the "
           "same file twice changes nothing. CLI: `qinyou ingest --keep --detect FILES…`")

with st.form("ingest", clear_on_submit=False):
    files = st.file_uploader("花名册 (CSV UTF-8/GB18030, .xlsx, .xls) 与通报 (.txt, .jsonl) / rosters and notices",
                             type=["csv", "xlsx", "xls", "txt", "jsonl"], accept_multiple_files=True, key="i_files")
    kind_word = st.selectbox("花名册类型 / roster kind", [AUTO, *KINDS], key="i_kind",
                             help="only when a roster's header does not tell its kind")
    go = st.form_submit_button("导入 / load", type="primary")
if go:
    if not files:
        st.warning("请先选择文件 / choose files first")
    else:
        summary = jobs.ingest([(f.name, f.getvalue()) for f in files], s, None if kind_word == AUTO else kind_word)
        if summary is not None:
            st.session_state["i_summary"] = summary

summary = st.session_state.get("i_summary")
if summary is None:
    st.info("尚未导入 / nothing loaded in this session yet")
    st.stop()

created, updated = sum(summary.load.created.values()), sum(summary.load.updated.values())
if summary.load.changed:
    st.success(f"图谱 / graph: {created} 新建 created, {updated} 更新 updated ({s.store_label})")
else:
    st.info("图谱没有变化：这些文件已经导入过 / nothing changed: these files were loaded before")
if summary.snapshot is not None:
    st.caption(f"线索快照 / findings snapshot: {summary.snapshot.header.get('findings')} 条 "
               f"({summary.snapshot.header.get('created')})")
st.dataframe(file_rows(summary.reports), hide_index=True, width="stretch")
for report in summary.reports:
    if report.kind == "unreadable":
        st.error(f"{report.source}: {report.rejects[0].reason}")

tab_rejects, tab_warnings = st.tabs(["拒绝的行 / rejected rows", "警告 / warnings"])
for tab, which in ((tab_rejects, "rejects"), (tab_warnings, "warnings")):
    with tab:
        sources = [r.source for r in summary.reports if (r.rejects if which == "rejects" else r.warnings)]
        if not sources:
            st.caption("没有 / none")
            continue
        source = st.selectbox("文件 / file", ["全部 / all", *sources], key=f"i_{which}_file")
        chosen = None if source.startswith("全部") else source
        total = api.ingest_problems(summary, m, which, chosen, 0, 1).total
        pages = max(1, -(-total // ROWS_SHOWN))
        page_no = int(st.number_input(f"页 / page (共 {pages} 页, {total} 行)", 1, pages, 1, key=f"i_{which}_page"))
        page = api.ingest_problems(summary, m, which, chosen, (page_no - 1) * ROWS_SHOWN, ROWS_SHOWN)
        st.dataframe(page.rows, hide_index=True, width="stretch")
        if not m.reveal:
            st.caption("原始内容含个人信息，已隐藏 / raw cells are personal data and stay masked here; the rejects file of "
                       "`qinyou ingest --rejects FILE` holds them for whoever runs the load")
