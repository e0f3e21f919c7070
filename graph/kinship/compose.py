"""Composing record facts into every reading the records allow.

A *fact* is one record's statement "b is a's <word>" (a 与户主关系 row: the
member is the head's word; a 备案 row: the relative is the cadre's word); its
word may denote several chains. A *path* is a sequence of facts walked forwards
or backwards from ego. Walking expands each fact into hops (a step and the person
it reaches: a known :class:`Node` at the fact's ends, an unnamed person inside a
word such as the son in 儿媳) and pushes them onto the chain so far, rewriting as
kinship does:

* parent's child → ego (only when that child is unnamed or ego) or a sibling;
* child's parent → ego (same proviso, same sex) or ego's spouse;
* sibling's sibling → ego (same proviso, and ages that fit) or a sibling; sibling's parent → parent;
* spouse's spouse → ego; spouse's child → child; child's sibling → child;
  parent's spouse → parent (step relations count as the relation they stand for).

Every branch is kept: a head's 子 and the head's 儿媳 come out as spouses *and*
as brother and sister-in-law, and the caller reports the pair as ambiguous.

>>> head, son, dil = Node("h", "M", "1950-01-01"), Node("s", "M", "1975-01-01"), Node("w", "F", "1977-01-01")
>>> from qinyou.graph.kinship.vocabulary import readings
>>> from qinyou.graph.kinship.chain import ids
>>> facts = [(Fact(head, son, readings("子")), False), (Fact(head, dil, readings("儿媳")), True)]
>>> sorted(ids(c) for c in readings_of_path(son, facts))
['w', 'xb,w']
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qinyou.graph.kinship.chain import INVERSE, Chain, Step, merge_ages


@dataclass(frozen=True)
class Node:
    """A person named by the records: id, sex (M/F/None) and birth date (ISO text or None)."""

    id: str
    sex: str | None = None
    birth: str | None = None


@dataclass(frozen=True)
class Fact:
    """One record's statement: ``b`` is ``a``'s relation, any of ``chains``."""

    a: Node
    b: Node
    chains: frozenset[Chain]
    word: str = ""
    source: str = ""


@dataclass(frozen=True)
class Hop:
    """A step and the person it reaches (None: a person the records do not name)."""

    step: Step
    end: Node | None


def _older(a: Node | None, b: Node | None) -> bool | None:
    """Whether b is older than a, from their birth dates (None when unknown or equal)."""
    if a is None or b is None or not a.birth or not b.birth or a.birth == b.birth:
        return None
    return b.birth < a.birth


def _sex_fits(want: str | None, node: Node | None, sex: str | None) -> bool:
    have = node.sex if node is not None else sex
    return want is None or have is None or want == have


def expand(fact: Fact, chain: Chain, forward: bool) -> list[Hop]:
    """The hops of one chain of a fact, walked from a to b (forward) or from b to a."""
    if forward:
        hops = [Hop(s, None) for s in chain]
        if hops:
            last = chain[-1]
            sex = fact.b.sex or last.sex
            hops[-1] = Hop(Step(last.kind, sex, last.older), fact.b)
        return hops
    # backwards: the inverse of each step, last first; its target is the start of that step
    out: list[Hop] = []
    for i in range(len(chain) - 1, -1, -1):
        step = chain[i]
        start_node = fact.a if i == 0 else None
        start_sex = fact.a.sex if i == 0 else chain[i - 1].sex
        older = None if step.older is None else not step.older
        out.append(Hop(Step(INVERSE[step.kind], start_sex, older), start_node))
    return out


@dataclass(frozen=True)
class _State:
    ego: Node
    hops: tuple[Hop, ...]

    def at(self, i: int) -> Node | None:
        """The person reached after hop i (-1: ego)."""
        return self.ego if i < 0 else self.hops[i].end

    def sex_at(self, i: int) -> str | None:
        node = self.at(i)
        if node is not None and node.sex:
            return node.sex
        return None if i < 0 else self.hops[i].step.sex


def _same(state: _State, i: int, hop: Hop) -> bool:
    """Whether the hop may reach the person after hop i again (same person, named or not)."""
    node = state.at(i)
    if hop.end is not None and node is not None:
        return hop.end.id == node.id
    return _sex_fits(hop.step.sex, node, state.sex_at(i))


def _distinct(state: _State, i: int, hop: Hop) -> bool:
    node = state.at(i)
    return not (hop.end is not None and node is not None and hop.end.id == node.id)


def _age_fits(state: _State, i: int, hop: Hop) -> bool:
    """Whether the hop's sibling may be the person after hop i by age: a brother's elder sister
    cannot be a sister younger than him (from birth dates, or else from the words)."""
    if hop.step.older is None:
        return True
    top = state.at(len(state.hops) - 1)
    known = _older(top, state.at(i))  # the person before older than the top one
    if known is None and state.hops[-1].step.older is not None:
        known = not state.hops[-1].step.older
    return known is None or known == hop.step.older


def push(state: _State, hop: Hop) -> list[_State]:
    """Every state that results from walking one more hop."""
    if not state.hops:
        if hop.end is not None and hop.end.id == state.ego.id:
            return [state]
        return [_State(state.ego, (hop,))]
    last = state.hops[-1].step.kind
    kind = hop.step.kind
    base = _State(state.ego, state.hops[:-1])
    prior = len(state.hops) - 2  # index of the person before the last hop
    out: list[_State] = []

    def back_to_prior() -> None:
        if _same(state, prior, hop):
            out.append(base)

    if last == "P" and kind == "C":
        back_to_prior()
        if _distinct(state, prior, hop):
            older = _older(state.at(prior), hop.end)
            out.extend(push(base, Hop(Step("G", hop.step.sex, older), hop.end)))
        return out
    if last == "C" and kind == "P":
        back_to_prior()
        if _distinct(state, prior, hop) and not (hop.step.sex and hop.step.sex == state.sex_at(prior)):
            out.extend(push(base, Hop(Step("S", hop.step.sex), hop.end)))
        return out
    if last == "G" and kind == "G":
        if _age_fits(state, prior, hop):
            back_to_prior()
        if _distinct(state, prior, hop):
            older = _older(state.at(prior), hop.end)
            out.extend(push(base, Hop(Step("G", hop.step.sex, older), hop.end)))
        return out
    if last == "S" and kind == "S":
        if _same(state, prior, hop):
            out.append(base)
        return out
    if (last, kind) in (("G", "P"), ("P", "S")):
        return push(base, Hop(Step("P", hop.step.sex), hop.end))
    if (last, kind) in (("S", "C"), ("C", "G")):
        return push(base, Hop(Step("C", hop.step.sex), hop.end))
    return [_State(state.ego, state.hops + (hop,))]


def readings_of_path(ego: Node, path: Sequence[tuple[Fact, bool]]) -> frozenset[Chain]:
    """Every chain from ego to the far end of a path of (fact, forward) pairs.

    A reading that comes back to ego, or whose last person is not the path's
    far end, is dropped (two records never name one person twice).
    """
    if not path:
        return frozenset()
    states = [_State(ego, ())]
    for fact, forward in path:
        nxt: list[_State] = []
        for chain in fact.chains:
            hops = expand(fact, chain, forward)
            for st in states:
                cur = [st]
                for hop in hops:
                    cur = [x for s in cur for x in push(s, hop)]
                nxt.extend(cur)
        states = nxt
    last_fact, last_forward = path[-1]
    target = last_fact.b if last_forward else last_fact.a
    out = set()
    for st in states:
        if not st.hops or target.id == ego.id:
            continue
        end = st.hops[-1].end
        if end is not None and end.id != target.id:
            continue
        out.add(tuple(_final(st, target)))
    return merge_ages(out)


def _final(state: _State, target: Node) -> list[Step]:
    """The steps of a state, with the last sibling's age from birth dates where the records give them."""
    steps = [h.step for h in state.hops]
    last = steps[-1]
    if last.kind == "G" and last.older is None:
        older = _older(state.at(len(steps) - 2), target)
        steps[-1] = Step("G", last.sex or target.sex, older)
    elif last.sex is None and target.sex:
        steps[-1] = Step(last.kind, target.sex, last.older)
    return steps
