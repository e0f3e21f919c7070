"""Schema documentation generated from graph/schema (never written by hand)."""
from __future__ import annotations

from qinyou.graph.model import NODE_COMMON, REL_COMMON, Schema, schema as default_schema


def schema_markdown(sch: Schema | None = None) -> str:
    sch = sch or default_schema()
    out = ["# Graph schema", "",
           "Generated from `graph/schema/*.yaml` by `qinyou docs`; do not edit by hand.", "",
           f"Every node has {', '.join(f'`{k}`' for k in NODE_COMMON)}; every relationship has "
           f"{', '.join(f'`{k}`' for k in REL_COMMON)}. `id` is derived from the type and the identity "
           "fields (`graph/ids.py`); `sources` lists where the fact was read (`file#r<row>` or "
           "`doc#c<start>-<end>`); `raw` keeps strings as read before normalisation.", "",
           "## Nodes", ""]
    for n in sch.nodes.values():
        ident = " or ".join("(" + ", ".join(a) + ")" for a in n.identity)
        out += [f"### {n.name} — {n.label_zh}", "", n.description, "",
                f"Identity: {ident}. Caption: `{n.caption}`. Colour: `{n.color}`.", "",
                "| property | type | 中文 | notes |", "|---|---|---|---|"]
        for p in n.props.values():
            notes = "; ".join(x for x in [p.description, "personal data (masked)" if p.sensitive else "",
                                           ("one of " + ", ".join(p.enum)) if p.enum else ""] if x)
            out.append(f"| `{p.name}` | {p.type} | {p.label_zh} | {notes} |")
        out.append("")
    out += ["## Relationships", ""]
    for r in sch.rels.values():
        ends = ", ".join(f"({a})→({b})" for a, b in r.ends)
        out += [f"### {r.name} — {r.label_zh}", "", r.description, "", f"Ends: {ends}.", ""]
        if r.props:
            out += ["| property | type | 中文 | notes |", "|---|---|---|---|"]
            for p in r.props.values():
                notes = "; ".join(x for x in [p.description, ("one of " + ", ".join(p.enum)) if p.enum else ""] if x)
                out.append(f"| `{p.name}` | {p.type} | {p.label_zh} | {notes} |")
            out.append("")
    return "\n".join(out) + "\n"
