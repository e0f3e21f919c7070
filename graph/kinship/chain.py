"""Primitive steps of kinship and chains of them.

A chain reads from ego outwards: ``(S♀, G♂ younger)`` is "my wife's younger
brother" (妻弟). Every step names the kind of link (P parent, C child, S spouse,
G sibling), the sex of the person it reaches (``"M"``, ``"F"`` or None when the
records do not say) and, for siblings, whether that person is older than the
one before (None: unknown).

>>> parse_ids("w,lb")
(Step(kind='S', sex='F', older=None), Step(kind='G', sex='M', older=False))
>>> ids(parse_ids("w,lb"))
'w,lb'
"""
from __future__ import annotations

from dataclasses import dataclass

KINDS = ("P", "C", "S", "G")
INVERSE = {"P": "C", "C": "P", "S": "S", "G": "G"}


@dataclass(frozen=True, order=True)
class Step:
    kind: str
    sex: str | None = None
    older: bool | None = None

    def generation(self) -> int:
        """+1 for a parent, -1 for a child, 0 otherwise."""
        return {"P": 1, "C": -1}.get(self.kind, 0)


Chain = tuple[Step, ...]

#: the primitive ids of the python3-relationship data (f father, lb younger brother …)
_ID_STEP: dict[str, Step] = {
    "f": Step("P", "M"), "m": Step("P", "F"), "h": Step("S", "M"), "w": Step("S", "F"),
    "s": Step("C", "M"), "d": Step("C", "F"),
    "ob": Step("G", "M", True), "lb": Step("G", "M", False), "xb": Step("G", "M"),
    "os": Step("G", "F", True), "ls": Step("G", "F", False), "xs": Step("G", "F"),
    # sex not said
    "p": Step("P"), "c": Step("C"), "sp": Step("S"), "g": Step("G"),
}
_STEP_ID = {v: k for k, v in _ID_STEP.items()}
_STEP_ID.update({Step("G", None, True): "g", Step("G", None, False): "g"})


def parse_ids(text: str) -> Chain:
    """A chain from comma-separated primitive ids (``""`` is ego)."""
    return tuple(_ID_STEP[t] for t in text.split(",") if t)


def ids(chain: Chain) -> str:
    """The comma-separated primitive ids of a chain."""
    return ",".join(_STEP_ID[s] for s in chain)


def kinds(chain: Chain) -> str:
    """The kinds of a chain without sex or age (``"S,G"`` for 妻弟); scopes are written on these."""
    return ",".join(s.kind for s in chain)


def generation(chain: Chain) -> int:
    """Generations above ego (+1 parents, -1 children)."""
    return sum(s.generation() for s in chain)


def merge_ages(chains: "frozenset[Chain] | set[Chain]") -> frozenset[Chain]:
    """Chains that differ only in which sibling is older become one chain whose age is unknown.

    >>> sorted(ids(c) for c in merge_ages({parse_ids("ob"), parse_ids("lb")}))
    ['xb']
    """
    groups: dict[tuple[tuple[str, str | None], ...], set[Chain]] = {}
    for c in chains:
        groups.setdefault(tuple((s.kind, s.sex) for s in c), set()).add(c)
    out: set[Chain] = set()
    for key, members in groups.items():
        if len(members) == 1:
            out |= members
            continue
        out.add(tuple(Step(k, sex, _agreed([m[i].older for m in members])) for i, (k, sex) in enumerate(key)))
    return frozenset(out)


def _agreed(values: list[bool | None]) -> bool | None:
    first = values[0]
    return first if all(v == first for v in values) else None
