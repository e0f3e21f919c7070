"""Provenance strings: where a fact was read.

A roster fact points at a file and a spreadsheet row, a notice fact at a
document and a character span. Both are kept in the ``sources`` list of every
node and relationship as short strings that parse back to evidence.

>>> row_source("dibao_2023.csv", 42)
'dibao_2023.csv#r42'
>>> span_source("D001", 12, 15)
'D001#c12-15'
>>> parse_source('dibao_2023.csv#r42')
{'source': 'dibao_2023.csv', 'row': 42}
>>> parse_source('D001#c12-15')
{'source': 'D001', 'span': [12, 15]}
"""
from __future__ import annotations

from typing import Any


def row_source(file: str, row: int) -> str:
    """Provenance of a roster row (1-based spreadsheet row number)."""
    return f"{file}#r{int(row)}"


def span_source(doc: str, start: int, end: int) -> str:
    """Provenance of a span of a document's text (end exclusive)."""
    return f"{doc}#c{int(start)}-{int(end)}"


def parse_source(text: str) -> dict[str, Any]:
    """Evidence dict (``source`` plus ``row`` or ``span``) from a provenance string."""
    name, sep, loc = text.rpartition("#")
    if not sep:
        return {"source": text}
    if loc.startswith("r") and loc[1:].isdigit():
        return {"source": name, "row": int(loc[1:])}
    if loc.startswith("c") and "-" in loc:
        start, _, end = loc[1:].partition("-")
        if start.isdigit() and end.isdigit():
            return {"source": name, "span": [int(start), int(end)]}
    return {"source": text}
