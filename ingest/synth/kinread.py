"""What the synthetic county's records allow between two people: the truth's own reading of rows.

Independent of :mod:`qinyou.graph.kinship` by design (this is the oracle that
checks it), written from the dictionary definitions of the words the generator
writes.

A row says "the member is the holder's <word>" (a 户籍/低保 row: the head's
member; a 备案 row: the cadre's relative). Each word is a chain of primitive
steps — parent ``P``, child ``C``, spouse ``S``, sibling ``G`` — each with the
sex of the person it reaches and, for a sibling, whether that person is older
(``+1``) or younger (``-1``) than the one before (``0``: the word does not say).
The people inside a word (the son in 儿媳, the elder sister in 姐夫) are not
named by any record; the people at the ends of a row are, with sex and birth
date (ID number).

Walking a path of rows from ego, the steps are stacked and simplified by
definition; wherever an unnamed person may or may not be someone already on
the path, both readings are kept:

* a parent's child is the person before or a sibling of that person;
* a child's parent is the person before or that person's spouse (other sex);
* a sibling's sibling is the person before or another sibling;
* a spouse's spouse is the person before;
* a sibling's parent, a parent's spouse are a parent; a spouse's child, a
  child's sibling are a child (step relations count as what they stand for).

"May be the person before" also means the sexes fit and the ages fit: an
unnamed elder sister of a brother cannot be a named sister younger than him.

**Seniority** (the project's contract, docs/rules.md): readings that differ
only in which of two siblings is older are one reading whose seniority is
unknown (妻兄弟, 夫姐妹, 伯父或叔父), and that reading is certain. Equal birth
dates (twins) say nothing about seniority either.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: a step: (kind, sex "M"/"F"/None, age +1 older / -1 younger / 0 unknown, than the person before)
Step = tuple[str, "str | None", int]
Reading = tuple[Step, ...]

_M, _F = "M", "F"
#: every word the generator writes → its chain (the register's forms and the 备案 forms)
WORD_CHAIN: dict[str, Reading] = {
    "配偶": (("S", None, 0),), "妻子": (("S", _F, 0),), "丈夫": (("S", _M, 0),),
    "子": (("C", _M, 0),), "儿子": (("C", _M, 0),), "女": (("C", _F, 0),), "女儿": (("C", _F, 0),),
    "父亲": (("P", _M, 0),), "母亲": (("P", _F, 0),),
    "弟": (("G", _M, -1),), "弟弟": (("G", _M, -1),), "哥哥": (("G", _M, 1),),
    "姐姐": (("G", _F, 1),), "妹妹": (("G", _F, -1),),
    "儿媳": (("C", _M, 0), ("S", _F, 0)), "女婿": (("C", _F, 0), ("S", _M, 0)),
    "孙子": (("C", _M, 0), ("C", _M, 0)), "孙女": (("C", _M, 0), ("C", _F, 0)),
    "外孙": (("C", _F, 0), ("C", _M, 0)), "外孙女": (("C", _F, 0), ("C", _F, 0)),
    "嫂子": (("G", _M, 1), ("S", _F, 0)), "弟媳": (("G", _M, -1), ("S", _F, 0)),
    "姐夫": (("G", _F, 1), ("S", _M, 0)), "妹夫": (("G", _F, -1), ("S", _M, 0)),
    "侄子": (("G", _M, 0), ("C", _M, 0)), "侄女": (("G", _M, 0), ("C", _F, 0)),
    "外甥": (("G", _F, 0), ("C", _M, 0)), "外甥女": (("G", _F, 0), ("C", _F, 0)),
}
SELF = frozenset({"户主", "本人"})
_INVERSE = {"P": "C", "C": "P", "S": "S", "G": "G"}


@dataclass(frozen=True)
class People:
    """Sex and birth date (days) of the named people, by id."""

    male: np.ndarray
    birth: np.ndarray

    def sex(self, pid: int) -> str:
        return _M if self.male[pid] else _F

    def older(self, a: int | None, b: int | None) -> int:
        """+1 when b is older than a, -1 younger, 0 when either is unnamed or they were born the same day."""
        if a is None or b is None or self.birth[a] == self.birth[b]:
            return 0
        return 1 if self.birth[b] < self.birth[a] else -1


#: one hop of a walk: a step and the named person it reaches (None: unnamed)
Hop = tuple[Step, "int | None"]


def hops(word: str, holder: int, member: int, forward: bool, people: People) -> list[Hop]:
    """The hops of one row, walked from the holder to the member (forward) or back."""
    chain = WORD_CHAIN[word]
    if forward:
        out: list[Hop] = [(s, None) for s in chain]
        kind, _, age = chain[-1]
        out[-1] = ((kind, people.sex(member), age), member)
        return out
    back: list[Hop] = []
    for i in range(len(chain) - 1, -1, -1):
        kind, _, age = chain[i]
        start = holder if i == 0 else None
        sex = people.sex(holder) if i == 0 else chain[i - 1][1]
        back.append(((_INVERSE[kind], sex, -age), start))
    return back


@dataclass(frozen=True)
class _Walk:
    ego: int
    hops: tuple[Hop, ...]

    def person(self, i: int) -> int | None:
        return self.ego if i < 0 else self.hops[i][1]

    def sex(self, i: int, people: People) -> str | None:
        who = self.person(i)
        return people.sex(who) if who is not None else self.hops[i][0][1]


def _fits(walk: _Walk, i: int, hop: Hop, people: People) -> bool:
    """Whether the person the hop reaches may be the person after hop i (the one before the top)."""
    who, (_, sex, age), end = walk.person(i), hop[0], hop[1]
    if who is not None and end is not None:
        return who == end
    have = walk.sex(i, people)
    if sex is not None and have is not None and sex != have:
        return False
    if age:  # the hop's person is older/younger than the top person: so must the person before be
        top = walk.person(len(walk.hops) - 1)
        known = people.older(top, who) or -walk.hops[-1][0][2]
        if known and known != age:
            return False
    return True


def _differs(walk: _Walk, i: int, hop: Hop) -> bool:
    who = walk.person(i)
    return not (who is not None and hop[1] is not None and who == hop[1])


def _sibling_age(walk: _Walk, i: int, hop: Hop, people: People, via_sibling: bool) -> int:
    """The age of a new sibling (the hop's person) against the person after hop i."""
    named = people.older(walk.person(i), hop[1])
    if named or not via_sibling:
        return named
    top = walk.person(len(walk.hops) - 1)
    top_age = people.older(walk.person(i), top) or walk.hops[-1][0][2]
    return top_age if top_age and top_age == hop[0][2] else 0


def step(walk: _Walk, hop: Hop, people: People) -> list[_Walk]:
    """Every walk that results from one more hop."""
    if not walk.hops:
        return [walk] if hop[1] == walk.ego else [_Walk(walk.ego, (hop,))]
    top, new = walk.hops[-1][0][0], hop[0][0]
    rest = _Walk(walk.ego, walk.hops[:-1])
    before = len(walk.hops) - 2
    out: list[_Walk] = []
    if (top, new) in (("P", "C"), ("G", "G"), ("C", "P"), ("S", "S")):
        if _fits(walk, before, hop, people):  # the same person: named now, if the hop names them
            out.append(_Walk(walk.ego, rest.hops[:-1] + ((rest.hops[-1][0], hop[1]),))
                       if rest.hops and hop[1] is not None else rest)
        if (top, new) == ("S", "S") or not _differs(walk, before, hop):
            return out
        if top == "C":  # the other parent: the spouse of the person before
            if hop[0][1] is None or hop[0][1] != walk.sex(before, people):
                out.extend(step(rest, (("S", hop[0][1], 0), hop[1]), people))
            return out
        age = _sibling_age(walk, before, hop, people, via_sibling=top == "G")
        out.extend(step(rest, (("G", hop[0][1], age), hop[1]), people))
        return out
    if (top, new) in (("G", "P"), ("P", "S")):
        return step(rest, (("P", hop[0][1], 0), hop[1]), people)
    if (top, new) in (("S", "C"), ("C", "G")):
        return step(rest, (("C", hop[0][1], 0), hop[1]), people)
    return [_Walk(walk.ego, walk.hops + (hop,))]


def path_readings(ego: int, rows: Sequence[tuple[str, int, int, bool]], people: People) -> frozenset[Reading]:
    """Every reading of the last person of a path of rows (word, holder, member, forward) from ego."""
    walks = [_Walk(ego, ())]
    for word, holder, member, forward in rows:
        for hop in hops(word, holder, member, forward, people):
            walks = [w for walk in walks for w in step(walk, hop, people)]
    word, holder, member, forward = rows[-1]
    target = member if forward else holder
    out = set()
    for walk in walks:
        if not walk.hops or walk.hops[-1][1] != target:
            continue
        out.add(_ages_filled(walk, people))
    return merge_seniority(out)


def _ages_filled(walk: _Walk, people: People) -> Reading:
    steps = []
    for i, ((kind, sex, age), who) in enumerate(walk.hops):
        if kind == "G" and not age:
            age = people.older(walk.person(i - 1), who)
        steps.append((kind, sex, age))
    return tuple(steps)


def merge_seniority(readings: set[Reading] | frozenset[Reading]) -> frozenset[Reading]:
    """Readings that differ only in seniority are one reading, seniority unknown where they differ."""
    groups: dict[tuple[tuple[str, str | None], ...], list[Reading]] = {}
    for r in readings:
        groups.setdefault(tuple((k, s) for k, s, _ in r), []).append(r)
    out = set()
    for key, rs in groups.items():
        out.add(tuple((k, s, rs[0][i][2] if all(r[i][2] == rs[0][i][2] for r in rs) else 0)
                      for i, (k, s) in enumerate(key)))
    return frozenset(out)


def combine(per_path: list[frozenset[Reading]]) -> frozenset[Reading]:
    """The readings every path allows (seniority pinned when any path pins it); all of them if none agree."""
    keyed: list[dict[tuple[tuple[str, str | None], ...], Reading]] = [
        {tuple((k, s) for k, s, _ in r): r for r in rs} for rs in per_path if rs]
    if not keyed:
        return frozenset()
    common = set(keyed[0]).intersection(*keyed[1:])
    if not common:
        return merge_seniority({r for d in keyed for r in d.values()})
    out = set()
    for key in common:
        ages = [[d[key][i][2] for d in keyed if d[key][i][2]] for i in range(len(key))]
        out.add(tuple((k, s, a[0] if a and all(x == a[0] for x in a) else 0) for (k, s), a in zip(key, ages)))
    return frozenset(out)
