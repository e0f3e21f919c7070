"""What every page shares: settings, the cached store, masking, errors, graphs, evidence, downloads.

Streamlit stays here and in the pages; everything they show comes from
:mod:`qinyou.api`. A page calls :func:`store` first: a missing, empty,
misconfigured or unreachable store becomes a clear message and the page stops.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from qinyou import api
from qinyou import settings as qinyou_settings
from qinyou.access.roles import Principal
from qinyou.access.session import Session
from qinyou.app import auth
from qinyou.errors import QinyouError
from qinyou.explore.evidence import Evidence
from qinyou.detect.ledger import evidence_text
from qinyou.graph.privacy import Masking
from qinyou.graph.provenance import row_source, span_source
from qinyou.graph.result import GNode, GRel
from qinyou.graph.store import GraphStore
from qinyou.graph.visual import Elements, legend_html, legend_items, pyvis_html

TITLE = "亲友 qinyou"
MAIN_PAGE = Path(__file__).resolve().parent / "page.py"
RELOAD_LABEL = "重新载入 / reload the graph"
HINT = f"Run `qinyou demo` (a synthetic county) or `qinyou ingest FILES…` to build a graph, then press “{RELOAD_LABEL}”."
REVEAL_LABEL = "显示 / reveal"
TRAINER_LABEL = "培训模式 / trainer mode"
GRAPH_HEIGHT = 560


def _close(store: GraphStore) -> None:
    store.close()


@st.cache_resource(show_spinner=False, on_release=_close)
def get_store(store_label: str, _settings: qinyou_settings.Settings) -> GraphStore:
    """One read-only store per configured location, shared by all sessions."""
    from qinyou.stores import open_store

    return open_store(_settings, read_only=True)


def settings() -> qinyou_settings.Settings:
    """The settings, or a clear error and a stopped page."""
    try:
        return qinyou_settings.load()
    except QinyouError as exc:
        st.error(str(exc))
        st.stop()
        raise  # unreachable: st.stop() ends the run


@st.cache_data(show_spinner=False, max_entries=4)
def notice_names(store_label: str, _settings: qinyou_settings.Settings) -> list[str]:
    """The names notices print (trainer mode masks them inside case titles and notice texts)."""
    try:
        return api.notice_names(_settings, get_store(store_label, _settings))
    except QinyouError:
        return []


def principal() -> Principal:
    """Who is logged in (page.py lets no page run before a login)."""
    who = auth.current()
    if who is None:  # a page run without page.py's gate (Streamlit runs pages/ by itself before any
        # st.navigation call in the process): back to the main script, which asks for a login
        st.error("请先登录 / log in first")
        try:
            st.switch_page(MAIN_PAGE)
        except Exception:  # noqa: BLE001 - no main page to switch to: the error above stays
            pass
        st.stop()
        raise RuntimeError("unreachable")
    return who


def session() -> Session:
    """The guarded API for the logged-in user, with the sidebar's trainer switch."""
    return Session(settings(), principal(), trainer=bool(st.session_state.get("trainer")))


def masking() -> Masking:
    """Masking as the role, the sidebar and ``QINYOU_TRAINER`` set it: never revealing."""
    s = settings()
    trainer = session().trainer
    names = notice_names(s.store_label, s) if trainer else []
    return Masking(reveal=False, trainer=trainer, names=names)


def search(text: str, limit: int, store: GraphStore) -> list[GNode]:
    """The session's (audited, masked) search; a rerun of the page with the same text is not a new search."""
    key = ("search", text, limit, session().trainer)
    cache = st.session_state.setdefault("_searches", {})
    if key not in cache:
        found = run_api(session().search, text, limit, store=store)
        if found is None:
            return []
        cache.clear()
        cache[key] = found
    return list(cache[key])


def store() -> GraphStore:
    """The store, or a clear message (not configured, unreachable, no graph, empty) and a stopped page."""
    s = settings()
    try:
        opened = get_store(s.store_label, s)
        counts = opened.counts()
    except QinyouError as exc:
        st.error(str(exc))
        st.info(HINT)
        st.stop()
        raise
    if not sum(counts["nodes"].values()):
        st.warning("图谱为空 / the graph is empty.")
        st.info(HINT)
        st.stop()
    return opened


def release_store() -> None:
    """Close the shared read-only store (before a write, or after `qinyou ingest`)."""
    get_store.clear()


def fail(exc: QinyouError) -> None:
    st.error(str(exc))


def md(text: object) -> str:
    """Text for ``st.markdown`` with Markdown's marks escaped (a masked name ``王**`` is not bold)."""
    out = str(text)
    for mark in ("\\", "*", "_", "`", "[", "]", "#", "<", ">", "~", "|", "$"):
        out = out.replace(mark, "\\" + mark)
    return out


def _keep(widget: str, key: str) -> None:
    """Copy a sidebar widget's new value to a plain session key (widget state does not survive a page switch)."""
    st.session_state[key] = bool(st.session_state.get(widget))


def sidebar() -> None:
    """Title, user and role, store, trainer switch, reload and logout buttons, and the legend.

    The trainer switch's value lives in a plain session key (``trainer``), so it holds
    across pages; a trainer's role and ``QINYOU_TRAINER`` force it on.
    """
    s = settings()
    who = principal()
    st.sidebar.title(TITLE)
    st.sidebar.markdown(auth.badge(who))
    if who.demo:
        st.sidebar.info("演示账户 / demo account (qinyou demo): synthetic data only")
    st.sidebar.markdown(f"**Store:** `{s.store_label}`")
    if who.trainer or s.trainer:
        st.session_state["trainer"] = True
        why = "角色 / role trainer" if who.trainer else "QINYOU_TRAINER"
        st.sidebar.info(f"培训模式已开启 / trainer mode is forced by {why}")
    else:
        st.session_state["trainer_box"] = bool(st.session_state.get("trainer"))
        st.sidebar.toggle(TRAINER_LABEL, key="trainer_box", on_change=_keep, args=("trainer_box", "trainer"),
                          help="every name and ID masked as notices mask them (王某某)")
    st.sidebar.caption("姓名和身份证号均已隐去 / names and ID numbers are masked"
                       + ("；调查人员可在人员卡片上说明理由后显示一项 / an investigator may reveal one field "
                          "on a person card, giving a reason" if who.may("reveal") else ""))
    if st.sidebar.button(RELOAD_LABEL, help="after `qinyou ingest`: reopen the store"):
        release_store()
        st.cache_data.clear()
    st.sidebar.button("退出 / log out", key="logout", on_click=auth.logout, args=(s,))
    st.sidebar.markdown(legend_html(legend_items()), unsafe_allow_html=True)


def page() -> tuple[qinyou_settings.Settings, Masking]:
    """Start a page: the sidebar, then the settings and masking it set."""
    s = settings()
    sidebar()
    return s, masking()


def draw(elements: Elements, highlight: Sequence[str] = ()) -> None:
    """A pyvis drawing, masked as the sidebar says."""
    nodes, rels = elements
    m = masking()
    shown = elements if not m.trainer else _trainer_elements(nodes, rels, m)
    st.caption(f"{len(nodes)} 节点 nodes · {len(rels)} 关系 relationships")
    page = pyvis_html(shown, reveal=m.reveal, height=f"{GRAPH_HEIGHT - 20}px", highlight=list(highlight))
    st.iframe(page, height=GRAPH_HEIGHT, alt="关系图 / graph")


def _trainer_elements(nodes: Mapping[str, GNode], rels: Mapping[str, GRel], m: Masking) -> Elements:
    from qinyou.graph.model import schema

    sch = schema()
    masked = {k: GNode(n.key, n.label, m.props(n.label, n.props, sch)) for k, n in nodes.items()}
    return masked, rels


def show_evidence(ev: Evidence, cells: Sequence[Mapping[str, Any]] = ()) -> None:
    """One piece of evidence: the notice excerpt with the span marked, or the roster file and row."""
    if ev.span is not None:
        st.markdown(f"**{ev.label}** · 通报 / notice")
        if ev.marked or ev.before:
            st.markdown(f'<div class="qinyou-evidence" style="line-height:1.8">{ev.html()}</div>',
                        unsafe_allow_html=True)
        else:
            st.warning("通报原文不在库中 / the notice text is not in the store")
        return
    kind = f" · {ev.roster_kind}" if ev.roster_kind else ""
    loaded = f" · 共载入 {ev.rows_loaded} 行" if ev.rows_loaded is not None else ""
    st.markdown(f"**{ev.label}** · 花名册 / roster{kind}{loaded}")
    if cells:
        st.caption("该行载入的内容 / what this row says")
        st.dataframe(list(cells), hide_index=True, width="stretch")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def downloads(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], stem: str, key: str) -> None:
    """CSV and .xlsx download buttons for a (masked) table; the file is made, and the export
    audited, when the button is pressed. Roles that may not export see why instead."""
    who = session()
    if not who.principal.may("export"):
        st.caption("导出不适用于此角色 / this role does not export")
        return
    rows, columns = list(rows), list(columns)
    left, right = st.columns(2)
    left.download_button("下载 CSV", lambda: who.export_table(rows, columns, "csv", stem), f"{stem}.csv",
                         "text/csv", key=f"{key}-csv", on_click="ignore")
    right.download_button("下载 Excel", lambda: who.export_table(rows, columns, "xlsx", stem), f"{stem}.xlsx",
                          XLSX, key=f"{key}-xlsx", on_click="ignore")


def stream_downloads(export: Callable[[str, Path], int], stem: str, key: str) -> None:
    """CSV and .xlsx downloads of a whole answer: when a button is pressed the session streams the
    answer, masked and audited, chunk by chunk into a temporary file, whose bytes are sent."""
    who = session()
    if not who.principal.may("export"):
        st.caption("导出不适用于此角色 / this role does not export")
        return

    def made(fmt: str) -> Callable[[], bytes]:
        def make() -> bytes:
            with tempfile.TemporaryDirectory(prefix="qinyou-export-") as tmp:
                path = Path(tmp) / f"{stem}.{fmt}"
                export(fmt, path)
                return path.read_bytes()
        return make

    left, right = st.columns(2)
    left.download_button("下载 CSV", made("csv"), f"{stem}.csv", "text/csv", key=f"{key}-csv",
                         on_click="ignore", help="the whole answer, not only this page")
    right.download_button("下载 Excel", made("xlsx"), f"{stem}.xlsx", XLSX, key=f"{key}-xlsx",
                          on_click="ignore", help="the whole answer, not only this page")


def run_api(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call the API; a :class:`QinyouError` becomes an error message and ``None``."""
    try:
        return fn(*args, **kwargs)
    except QinyouError as exc:
        fail(exc)
        return None


def attempt(fn: Any, *args: Any, **kwargs: Any) -> bool:
    """Call the API for its effect; True when it succeeded, else an error message and False."""
    try:
        fn(*args, **kwargs)
    except QinyouError as exc:
        fail(exc)
        return False
    return True


__all__ = ["api"]


def finding_path_and_evidence(f: Mapping[str, Any], s: qinyou_settings.Settings, m: Masking,
                              store: GraphStore, label: str = "路径 / path:", detail: bool = True) -> None:
    """A finding's kin path, drawn, and each evidence row or span opened (findings and trainer pages)."""
    if f.get("path"):
        st.markdown(f"{label} " + md(" ".join(f["path"])))
        names, links = f["path"][0::2], f["path"][1::2]
        nodes = {f"p{i}": GNode(f"p{i}", "Person", {"name": n}) for i, n in enumerate(names)}
        rels = {f"l{i}": GRel(f"l{i}", "KIN", f"p{i}", f"p{i + 1}", {"relation": w}) for i, w in enumerate(links)}
        draw((nodes, rels), highlight=["p0", f"p{len(names) - 1}"])
    if detail and f.get("detail"):
        st.caption("；".join(f"{k}: {v}" for k, v in f["detail"].items()))
    st.markdown("**证据 / evidence**")
    for ev_dict in f["evidence"]:
        source = (row_source(ev_dict["source"], ev_dict["row"]) if "row" in ev_dict else
                  span_source(ev_dict["source"], *ev_dict["span"]) if "span" in ev_dict else ev_dict["source"])
        with st.expander(evidence_text(ev_dict), expanded="span" in ev_dict):
            ev = run_api(api.evidence, source, s, m, store=store)
            if ev is not None:
                show_evidence(ev)
