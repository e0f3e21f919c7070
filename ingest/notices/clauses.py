"""Sentences and clauses of one item: the units over which relations (whose relative, who was
punished with what, when) are decided."""
from __future__ import annotations

import re

SENT_END = re.compile(r"[。;；!！?？\n]")
_ENDS = "。;；!！?？\n"
_CLAUSE_END = re.compile(r"[;；]")


def sentence_bounds(s: str, pos: int) -> tuple[int, int]:
    """(start, end) of the sentence holding ``pos``: between sentence-ending marks."""
    left = max(s.rfind(c, 0, pos) for c in _ENDS) + 1
    right = SENT_END.search(s, pos)
    return left, right.start() if right else len(s)


def clause_start(s: str, lo: int, pos: int) -> int:
    """Start of the clause holding ``pos`` inside a sentence starting at ``lo`` (after a ；)."""
    return max([lo] + [m.end() for m in _CLAUSE_END.finditer(s, lo, pos)])
