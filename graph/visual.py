"""Drawing query results: networkx graphs and self-contained pyvis HTML.

Colours, legend names and captions come from the schema; personal data is
masked by :mod:`qinyou.graph.privacy` unless the caller reveals it. Tooltips are
HTML built from :func:`html.escape`-d text, so a hostile name such as
``<script>`` is shown, never run. The HTML needs no network: vis-network is
inlined and pyvis's CDN links (bootstrap) are removed.
"""
from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any, TypeAlias

import networkx as nx
from pyvis.network import Network

from qinyou.graph.explore import MORE_LABEL
from qinyou.graph.model import Schema
from qinyou.graph.model import schema as default_schema
from qinyou.graph.privacy import mask_props
from qinyou.graph.result import GNode, GRel

Elements: TypeAlias = tuple[Mapping[str, GNode], Mapping[str, GRel]]
GraphLike: TypeAlias = "nx.MultiDiGraph | Elements"

#: characters of a caption drawn on the canvas, and of one tooltip value
CAPTION_CHARS, VALUE_CHARS, SOURCES_SHOWN = 16, 120, 5
UNKNOWN_COLOR = "#999999"
MORE_COLOR = "#d9d9d9"
HIGHLIGHT_BORDER = "#222222"

# pyvis 0.3.2 always links bootstrap from a CDN, even with inlined resources
_CDN_TAGS = re.compile(
    r"<link[^>]*href=\"https?://[^\"]*\"[^>]*/?>|<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>",
    re.DOTALL)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")
# vis-network shows a string title as plain text; turn our escaped HTML into elements
_TIPS_JS = """
              function qinyouTips(items) {
                  return items.map(function (item) {
                      if (item.tip) {
                          var div = document.createElement("div");
                          div.innerHTML = item.tip;  // built from html.escape()d text only
                          item.title = div;
                      }
                      return item;
                  });
              }
"""


def to_networkx(nodes: Mapping[str, GNode], rels: Mapping[str, GRel]) -> nx.MultiDiGraph:
    """A networkx multigraph of result elements, keyed by the store's internal keys.

    Nodes carry ``label`` and ``props``; edges carry ``type`` and ``props`` and
    are keyed by the relationship's key.

    >>> a = GNode("0:1", "Person", {"name": "王建国"})
    >>> b = GNode("0:2", "Person", {"name": "王建军"})
    >>> r = GRel("5:0", "KIN", "0:1", "0:2", {"relation": "弟"})
    >>> g = to_networkx({a.key: a, b.key: b}, {r.key: r})
    >>> g.nodes["0:1"]["label"], g.edges["0:1", "0:2", "5:0"]["type"]
    ('Person', 'KIN')
    """
    graph = nx.MultiDiGraph()
    for key, node in nodes.items():
        graph.add_node(key, label=node.label, props=dict(node.props))
    for key, rel in rels.items():
        if rel.start in graph and rel.end in graph:
            graph.add_edge(rel.start, rel.end, key=key, type=rel.type, props=dict(rel.props))
    return graph


def legend_items(sch: Schema | None = None) -> list[tuple[str, str, str]]:
    """``(label, label_zh, colour)`` for every node type of the schema.

    >>> ("Person", "人员", "#4e79a7") in legend_items()
    True
    """
    sch = sch or default_schema()
    return [(t.name, t.label_zh, t.color) for t in sch.nodes.values()]


def legend_html(items: Iterable[tuple[str, str, str]]) -> str:
    """A compact HTML legend: one coloured dot and name per type.

    >>> legend_html([("Person", "人员", "#4e79a7")]).count("#4e79a7")
    1
    """
    chips = [
        f'<span style="white-space:nowrap;margin-right:0.8em">'
        f'<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:50%;'
        f'background:{html.escape(color)};margin-right:0.3em"></span>'
        f'{html.escape(label_zh)} <small style="opacity:0.6">{html.escape(label)}</small></span>'
        for label, label_zh, color in items]
    return '<div style="line-height:1.8">' + " ".join(chips) + "</div>"


def _text(value: Any, limit: int = VALUE_CHARS) -> str:
    if isinstance(value, (list, tuple)):
        value = "、".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != ()


def tooltip(title: str, labels: Mapping[str, str], props: Mapping[str, Any]) -> str:
    """Tooltip HTML: a bold title, then ``label: value`` lines, every piece escaped.

    >>> tooltip("人员 <b>", {"name": "姓名"}, {"name": "<script>x</script>", "gender": None})
    '<b>人员 &lt;b&gt;</b><br>姓名: &lt;script&gt;x&lt;/script&gt;'
    """
    lines = [f"<b>{html.escape(title)}</b>"]
    for prop, value in props.items():
        if not _shown(value):
            continue
        if prop == "sources" and isinstance(value, (list, tuple)) and len(value) > SOURCES_SHOWN:
            value = [*value[:SOURCES_SHOWN], f"… (+{len(value) - SOURCES_SHOWN})"]
        lines.append(f"{html.escape(labels.get(prop, prop))}: {html.escape(_text(value))}")
    return "<br>".join(lines)


def _node_view(label: str, props: Mapping[str, Any], sch: Schema,
               reveal: bool) -> tuple[str, str, str]:
    """Caption, colour and tooltip of one node."""
    if label == MORE_LABEL:
        more = f"…还有 {props.get('more', '?')} 个"
        return more, MORE_COLOR, tooltip(f"{more} / and {props.get('more', '?')} more",
                                            {}, {"展开 / expand": "在侧栏选择该节点展开"})
    shown = mask_props(label, props, sch, reveal)
    node_type = sch.nodes.get(label)
    if node_type is None:
        return label, UNKNOWN_COLOR, tooltip(label, {}, shown)
    caption = shown.get(node_type.caption)
    caption = _text(caption, CAPTION_CHARS) if _shown(caption) else node_type.label_zh
    labels = {p.name: p.label_zh or p.name for p in node_type.props.values()}
    labels.update({"sources": "来源", "raw": "原文", "id": "id"})
    ordered = {k: shown.get(k) for k in [*node_type.props, "sources", *(["raw", "id"] if reveal else [])]}
    return caption, node_type.color, tooltip(f"{node_type.label_zh} {caption}", labels, ordered)


def _edge_view(rtype: str, props: Mapping[str, Any], sch: Schema,
               reveal: bool) -> tuple[str, str, str]:
    """Label, colour and tooltip of one relationship."""
    shown = mask_props(rtype, props, sch, reveal)
    rel_type = sch.rels.get(rtype)
    if rel_type is None:
        return rtype, UNKNOWN_COLOR, tooltip(rtype, {}, shown)
    named = [shown[k] for k in rel_type.identity if _shown(shown.get(k))]
    label = _text(named[0], CAPTION_CHARS) if named else rel_type.label_zh
    labels = {p.name: p.label_zh or p.name for p in rel_type.props.values()}
    labels["sources"] = "来源"
    ordered = {k: shown.get(k) for k in [*rel_type.props, "sources"]}
    return label, rel_type.color, tooltip(rel_type.label_zh, labels, ordered)


def network(graph_or_elements: GraphLike, reveal: bool = False, height: str = "600px",
            sch: Schema | None = None, highlight: Collection[str] = ()) -> Network:
    """The pyvis network of a graph (or of ``graph_elements`` output), masked unless ``reveal``.

    Nodes whose keys are in ``highlight`` (search hits, say) are drawn larger with a dark ring.
    """
    sch = sch or default_schema()
    marked = {str(k) for k in highlight}
    graph = (graph_or_elements if isinstance(graph_or_elements, nx.MultiDiGraph)
             else to_networkx(*graph_or_elements))
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    for key, data in graph.nodes(data=True):
        caption, color, tip = _node_view(data.get("label", ""), data.get("props", {}), sch, reveal)
        if str(key) in marked:
            net.add_node(str(key), label=caption, tip=tip, shape="dot", size=24, borderWidth=4,
                         color={"background": color, "border": HIGHLIGHT_BORDER})
        else:
            net.add_node(str(key), label=caption, color=color, tip=tip, shape="dot", size=16)
    for start, end, key, data in graph.edges(keys=True, data=True):
        if data.get("type") == MORE_LABEL:
            net.add_edge(str(start), str(end), id=str(key), color=MORE_COLOR, dashes=True)
            continue
        label, color, tip = _edge_view(data.get("type", ""), data.get("props", {}), sch, reveal)
        net.add_edge(str(start), str(end), id=str(key), label=label, color=color, tip=tip,
                     font={"size": 10, "color": "#555555"}, arrows="to")
    # vis-network's own defaults: pyvis's (gravity -80000) scatter small graphs off screen
    net.barnes_hut(gravity=-3000, central_gravity=0.3, spring_length=110, spring_strength=0.04,
                   damping=0.09)
    return net


def pyvis_html(graph_or_elements: GraphLike, reveal: bool = False, height: str = "600px",
               sch: Schema | None = None, highlight: Collection[str] = ()) -> str:
    """Self-contained HTML drawing the graph, for ``st.iframe`` or a file (see :func:`network`)."""
    page = network(graph_or_elements, reveal, height, sch, highlight).generate_html()
    page = _CDN_TAGS.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = page.replace("function drawGraph() {", _TIPS_JS + "              function drawGraph() {", 1)
    page = re.sub(r"(nodes|edges) = new vis\.DataSet\((.*)\);",
                  lambda m: f"{m.group(1)} = new vis.DataSet(qinyouTips({m.group(2)}));", page)
    return page


def node_rows(nodes: Iterable[GNode], reveal: bool = False,
              sch: Schema | None = None) -> list[dict[str, str]]:
    """One table row per node: type, caption, identifying details, sources (masked unless ``reveal``).

    >>> node_rows([GNode("0:1", "Person", {"name": "王建国", "idno": "350102199001011234"})])
    [{'类型': '人员', '名称': '王**', '详情': '350102********1234', '来源': ''}]
    """
    sch = sch or default_schema()
    rows = []
    for node in nodes:
        node_type = sch.nodes.get(node.label)
        shown = mask_props(node.label, node.props, sch, reveal)
        if node_type is None:
            rows.append({"类型": node.label, "名称": "", "详情": "", "来源": ""})
            continue
        keys = [k for alt in node_type.identity for k in alt if k not in (node_type.caption, "head")]
        if node.label == "Person":  # the ID number: raw if stored (masked unless revealed), else the masked form
            keys.insert(0, "idno" if _shown(shown.get("idno")) else "idno_masked")
        details = [_text(shown[k]) for k in dict.fromkeys(keys) if _shown(shown.get(k))]
        rows.append({"类型": node_type.label_zh,
                     "名称": _text(shown.get(node_type.caption) or ""),
                     "详情": " / ".join(details),
                     "来源": _text(shown.get("sources") or "")})
    return rows


def count_rows(counts: Mapping[str, int], sch: Schema | None = None) -> list[dict[str, Any]]:
    """Table rows for ``store.counts()["nodes"]`` (or ``["relationships"]``), non-empty types, largest first.

    >>> count_rows({"Person": 3, "Place": 0, "KIN": 1})
    [{'类型': '人员', 'type': 'Person', '数量': 3}, {'类型': '亲属关系', 'type': 'KIN', '数量': 1}]
    """
    sch = sch or default_schema()
    names = {**{k: t.label_zh for k, t in sch.nodes.items()}, **{k: t.label_zh for k, t in sch.rels.items()}}
    rows = [{"类型": names.get(k, k), "type": k, "数量": int(n)} for k, n in counts.items() if n]
    return sorted(rows, key=lambda r: -r["数量"])
