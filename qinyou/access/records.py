"""Query results masked for showing and exporting: no role sees them unmasked.

Nodes are masked by the schema (:meth:`Masking.props`); columns ending in ``idno``
and the columns a saved query declares private are masked; columns that look like
names are masked too (notice-style in trainer mode); and any ID number inside any
text is masked, so a free Cypher query cannot show one by renaming a column.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qinyou.access.audit import scrub
from qinyou.graph.model import schema
from qinyou.graph.privacy import Masking, mask_idno
from qinyou.graph.result import Result, plain

NAME_COLUMNS = ("name", "姓名", "cadre", "beneficiary", "person", "payee")


def value(v: Any, m: Masking) -> Any:
    """One cell masked: nodes by the schema, relationships and paths through, text scrubbed of ID numbers
    (and, in trainer mode, of the names notices print: a case title's 王建国 becomes 王某某)."""
    sch = schema()
    return plain(v, lambda n: m.props(n.label, n.props, sch), lambda s: m.text(scrub(s), m.names))


def _column(col: str, v: Any, private: set[str], m: Masking) -> Any:
    if v is None:
        return v
    many = v if isinstance(v, list) else [v]
    if col.endswith("idno"):
        out = [mask_idno(x) if isinstance(x, str) else x for x in many]
    elif col in private or col.lower().endswith(NAME_COLUMNS):
        out = [m.name(x, personal=True) if isinstance(x, str) else x for x in many]
    else:
        return v
    return out if isinstance(v, list) else out[0]


def masked_rows(result: Result, m: Masking, private: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Every record of ``result`` as a dict of masked cells."""
    keep = set(private)
    return [{col: _column(col, value(v, m), keep, m) for col, v in record.items()} for record in result.records()]
