"""Rendering query results for people and pipes: table, CSV, JSON Lines.

Personal data is masked unless the user asks for it: columns whose name ends
in ``idno`` and the columns a saved query declares ``// private:``; node
properties the schema marks ``sensitive``.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable
from typing import Any

from qinyou.graph.model import schema
from qinyou.graph.privacy import mask_idno, mask_name, mask_props
from qinyou.graph.provenance import parse_source
from qinyou.graph.result import Result, plain as to_plain


def plain(value: Any, reveal: bool = False) -> Any:
    """A JSON-ready value: nodes, rels and paths become dicts; node properties masked unless ``reveal``."""
    sch = schema()
    return to_plain(value, lambda n: mask_props(n.label, n.props, sch, reveal))


def evidence(value: Any) -> list[dict[str, Any]]:
    """Provenance strings → evidence dicts (``source`` + ``row`` or ``span``), each once, in order."""
    seen: list[str] = []
    for item in value if isinstance(value, (list, tuple)) else [value]:
        if isinstance(item, str) and item not in seen:
            seen.append(item)
    return [parse_source(s) for s in seen]


def masked_records(result: Result, private: Iterable[str] = (), reveal: bool = False) -> list[dict[str, Any]]:
    """Records with personal data masked unless ``reveal``."""
    private = set(private)
    out = []
    for record in result.records():
        row = {}
        for col, value in record.items():
            value = plain(value, reveal)
            if col == "evidence" and value is not None:
                value = evidence(value)
            if not reveal and value is not None:
                if col.endswith("idno"):
                    value = [mask_idno(v) for v in value] if isinstance(value, list) else mask_idno(value)
                elif col in private:
                    value = [mask_name(v) for v in value] if isinstance(value, list) else mask_name(value)
            row[col] = value
        out.append(row)
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and value and all(isinstance(v, dict) and "source" in v for v in value):
        return "; ".join(f"{v['source']}:{v['row']}" if "row" in v else
                         f"{v['source']}@{v['span'][0]}-{v['span'][1]}" if "span" in v else v["source"]
                         for v in value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render(records: list[dict[str, Any]], columns: list[str], fmt: str) -> str:
    """Records as ``table``, ``csv`` or ``json`` (JSON Lines) text."""
    if fmt == "json":
        return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        for r in records:
            writer.writerow([_cell(r.get(c)) for c in columns])
        return buf.getvalue()
    cells = [[_cell(r.get(c)) for c in columns] for r in records]
    widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c + " " * (w - _width(c)) for c, w in zip(columns, widths))]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(v + " " * (w - _width(v)) for v, w in zip(row, widths)))
    lines.append(f"({len(records)} row{'s' if len(records) != 1 else ''})")
    return "\n".join(lines) + "\n"
