"""亲友 qinyou — the Streamlit shell: widgets, caching and the store connection only.

Searching, neighbourhoods, masking and drawing live in :mod:`qinyou.graph.explore`,
:mod:`qinyou.graph.privacy` and :mod:`qinyou.graph.visual`. ``qinyou app`` serves this
file; from a checkout, ``streamlit run app.py`` runs it through the two-line shim there.
The store comes from ``QINYOU_*`` settings.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from qinyou.graph.explore import neighbourhood, nodes_of, overview, search
from qinyou.graph.result import graph_elements
from qinyou.graph.store import GraphStore
from qinyou.stores import open_store
from qinyou.graph.visual import (
    Elements,
    count_rows,
    legend_html,
    legend_items,
    node_rows,
    pyvis_html,
)
from qinyou import settings as qinyou_settings
from qinyou.errors import QinyouError

TITLE = "亲友 qinyou"
RELOAD_LABEL = "重新载入 / reload the graph"
HINT = f"Run `qinyou demo` (a synthetic county) or `qinyou ingest FILES…` to build a graph, then press “{RELOAD_LABEL}”."
REVEAL_LABEL = "显示身份证号 / reveal personal data"
SEARCH_LABEL = "搜索 / search"
SEARCH_LIMIT = 50
GRAPH_LIMIT = 300
GRAPH_HEIGHT = 620


def _close(store: GraphStore) -> None:
    store.close()


@st.cache_resource(show_spinner=False, on_release=_close)
def get_store(store_label: str, _settings: qinyou_settings.Settings) -> GraphStore:
    """One read-only store per configured location, shared by all sessions."""
    return open_store(_settings, read_only=True)


def draw(elements: Elements, reveal: bool, highlight: list[str] | None = None) -> None:
    nodes, rels = elements
    st.caption(f"{len(nodes)} 节点 nodes · {len(rels)} 关系 relationships")
    page = pyvis_html(elements, reveal=reveal, height=f"{GRAPH_HEIGHT - 20}px", highlight=highlight or [])
    st.iframe(page, height=GRAPH_HEIGHT, alt="关系图 / graph")


def show_search(store: GraphStore, text: str, hops: int, reveal: bool) -> None:
    hits = nodes_of(search(store, text, SEARCH_LIMIT))
    if not hits:
        st.info("没有找到 / nothing found")
        return
    st.subheader(f"{len(hits)} 个结果 / matches")
    st.dataframe(pd.DataFrame(node_rows(hits, reveal)), hide_index=True, width="stretch")
    nodes, rels = graph_elements(neighbourhood(store, [n.id for n in hits], hops, GRAPH_LIMIT))
    nodes.update({n.key: n for n in hits})
    draw((nodes, rels), reveal, highlight=[n.key for n in hits])


def show_overview(store: GraphStore, counts: dict[str, dict[str, int]], reveal: bool) -> None:
    st.subheader("概览 / overview")
    draw(graph_elements(overview(store, GRAPH_LIMIT)), reveal)
    left, right = st.columns(2)
    left.dataframe(pd.DataFrame(count_rows(counts["nodes"])), hide_index=True, width="stretch")
    right.dataframe(pd.DataFrame(count_rows(counts["relationships"])), hide_index=True, width="stretch")


def main() -> None:
    st.set_page_config(page_title=TITLE, layout="wide")
    st.title(TITLE)
    try:
        settings = qinyou_settings.load()
    except QinyouError as exc:
        st.error(str(exc))
        st.stop()
    st.sidebar.markdown(f"**Store:** `{settings.store_label}`")
    reveal = st.sidebar.checkbox(REVEAL_LABEL, value=False,
                                 help="ID numbers and household members' names are masked unless ticked.")
    if reveal:
        st.sidebar.warning("个人信息已显示 / personal data is shown: untick when you are done.")
    hops = st.sidebar.radio("邻居层数 / hops", [1, 2], horizontal=True)
    if st.sidebar.button(RELOAD_LABEL, help="after `qinyou ingest`: reopen the store"):
        get_store.clear()
    st.sidebar.markdown(legend_html(legend_items()), unsafe_allow_html=True)
    try:
        store = get_store(settings.store_label, settings)
        counts = store.counts()
        if not sum(counts["nodes"].values()):
            st.warning("图谱为空 / the graph is empty.")
            st.info(HINT)
            return
        st.sidebar.markdown(f"{sum(counts['nodes'].values())} 节点 nodes · "
                            f"{sum(counts['relationships'].values())} 关系 relationships")
        text = st.text_input(SEARCH_LABEL, placeholder="姓名、村名或身份证号片段 / name, village or ID-number fragment")
        if text.strip():
            show_search(store, text, int(hops), reveal)
        else:
            show_overview(store, counts, reveal)
    except QinyouError as exc:
        st.error(str(exc))
        st.info(HINT)


if __name__ == "__main__":  # streamlit runs the page as __main__
    main()
