"""Numbered items of a notice (一、… 二、… / （一）…): one Case each.

>>> [(n, t[:4]) for n, _, t in split_items("通报\\n一、甲村问题。\\n二、乙村问题。")]
[('1', '一、甲村'), ('2', '二、乙村')]
>>> [n for n, _, _ in split_items("没有编号的一段。")]
['1']
"""
from __future__ import annotations

import re
from typing import Any

_ITEM_RE = re.compile(r"(?m)^[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])")


def split_items(text: str) -> list[tuple[str, int, str]]:
    """(item number, offset, item text); the whole text as item "1" when nothing is numbered."""
    starts = [m.start() for m in _ITEM_RE.finditer(text)]
    if len(starts) < 1:
        return [("1", 0, text)]
    bounds = starts + [len(text)]
    return [(str(i + 1), bounds[i], text[bounds[i]:bounds[i + 1]]) for i in range(len(starts))]


def shift_record(rec: dict[str, Any], off: int) -> dict[str, Any]:
    """Move every span of an extracted record by ``off`` characters (item → document offsets)."""
    if not off:
        return rec

    def mv(span: Any) -> Any:
        return [span[0] + off, span[1] + off] if span else span

    for p in rec.get("persons", []):
        p["spans"] = [mv(s) for s in p["spans"]]
        for q in p.get("posts", []):
            q["span"] = mv(q.get("span"))
    for key in ("kin", "amounts", "punishments"):
        for x in rec.get(key, []):
            x["span"] = mv(x.get("span"))
    rec["period_span"] = mv(rec.get("period_span"))
    return rec
