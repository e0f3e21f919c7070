"""What two members of one household are to each other, through their words for the head.

The household register says how each member stands to the head (与户主关系);
two members are related through the head (:mod:`qinyou.graph.kinship.compose`).
Work is done once per distinct (word of a, word of b, sexes, which is older),
so a county's millions of member pairs cost a few hundred compositions.
"""
from __future__ import annotations

import functools

from qinyou.graph.kinship import Fact, Node, readings, readings_of_path, scope, word
from qinyou.graph.kinship.chain import Chain

SEXES = (None, "M", "F")


@functools.cache
def pair_term(word_a: str, word_b: str, sex_a: str | None, sex_b: str | None, sex_head: str | None,
              b_older: bool | None) -> tuple[str, bool | None] | None:
    """(word, in the default scope) for "b is a's …"; None when the words give no relation.

    Several readings give the words joined by 或 and an in-scope flag that is
    None unless all readings agree.

    >>> pair_term("子", "弟", "M", "M", "M", None)
    ('叔父', True)
    >>> pair_term("子", "儿媳", "M", "F", "M", None)
    ('妻子或嫂子或弟媳', None)
    """
    ra, rb = readings(word_a), readings(word_b)
    if ra is None or rb is None:
        return None
    births = {True: ("1980-01-01", "1970-01-01"), False: ("1970-01-01", "1980-01-01"), None: (None, None)}[b_older]
    a, b = Node("a", sex_a, births[0]), Node("b", sex_b, births[1])
    head = Node("h", sex_head)
    found: set[Chain] = set()
    a_self, b_self = ra == frozenset({()}), rb == frozenset({()})
    if a_self and b_self:
        return None
    if a_self:
        path = [(Fact(a, b, rb), True)]
    elif b_self:
        path = [(Fact(b, a, ra), False)]
    else:
        path = [(Fact(head, a, ra), False), (Fact(head, b, rb), True)]
    found = set(readings_of_path(a, path))
    if not found:
        return None
    sc = scope()
    words = sorted({word(c, b_older) for c in found})
    inside = {sc.contains(c) for c in found}
    return "或".join(words), (inside.pop() if len(inside) == 1 else None)
