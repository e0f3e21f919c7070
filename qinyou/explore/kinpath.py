""""How are these two people related?": the kin path between two persons and its composed word.

The records around the first person are read a household at a time (member
rows of the households its members belong to, and 备案 rows), for as many
rounds as a path may have facts; the path is then walked and composed exactly
as ``kin_benefit`` does (:class:`qinyou.detect.kin.KinGraph`), so the word is
the one a finding would give ("B is A's 岳母").
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from qinyou.detect.facts import text
from qinyou.detect.kin import KinGraph
from qinyou.errors import QueryError
from qinyou.graph.kinship import Node, scope, word
from qinyou.graph.kinship.sex import sex_of
from qinyou.graph.privacy import Masking
from qinyou.graph.store import GraphStore

# every lookup is by one id (``= $id``): the embedded store answers that from its primary-key
# index, while ``IN $ids`` scans the table (about 1 s on a county of a million persons)
PEOPLE = "MATCH (p:Person) WHERE p.id = $id RETURN p.id, p.name, p.idno_masked, p.gender, p.birth_date"
HOUSEHOLDS = "MATCH (p:Person)-[:MEMBER_OF]->(h:Household) WHERE p.id = $id RETURN DISTINCT h.id"
MEMBERS = ("MATCH (q:Person)-[m:MEMBER_OF]->(h:Household) WHERE h.id = $id "
           "RETURN q.id, h.id, h.head, m.relation_to_head, m.sources")
DECLARED_FROM = ("MATCH (a:Person)-[k:KIN]->(b:Person) WHERE a.id = $id AND k.basis = 'declared' "
                 "RETURN a.id, b.id, k.relation_raw, k.sources")
DECLARED_TO = ("MATCH (a:Person)-[k:KIN]->(b:Person) WHERE b.id = $id AND k.basis = 'declared' "
               "RETURN a.id, b.id, k.relation_raw, k.sources")
DEPTH = 3


@dataclass
class KinAnswer:
    """The relation of ``b`` to ``a`` (``b`` is ``a``'s …), or nothing found within :data:`DEPTH` facts."""

    a: str
    b: str
    words: list[str] = field(default_factory=list)
    certain: bool = False
    in_scope: bool = False
    path: list[str] = field(default_factory=list)       # name, fact, name, … (masked as asked)
    people: list[str] = field(default_factory=list)     # person ids along the path
    steps: list[dict[str, Any]] = field(default_factory=list)  # from, to, word, source

    @property
    def found(self) -> bool:
        return bool(self.words)

    @property
    def relation(self) -> str:
        return "或".join(self.words)


def kin_path(store: GraphStore, a: str, b: str, masking: Masking | None = None,
             scope_name: str = "dibao") -> KinAnswer:
    """The kin path from ``a`` to ``b`` (person ids) and the word for what ``b`` is to ``a``."""
    m = masking or Masking()
    answer = KinAnswer(a, b)
    if a == b:
        raise QueryError("choose two different people")
    def each(cypher: str, ids: Iterable[str]) -> list[list[Any]]:
        return [row for i in ids for row in store.read(cypher, {"id": i}, name="kin path").rows]

    people = {r[0]: r for r in each(PEOPLE, [a, b])}
    missing = sorted({a, b} - set(people))
    if missing:
        raise QueryError(f"no person with id {', '.join(missing)}")
    member_rows: dict[tuple[str, str], dict[str, Any]] = {}
    declared: dict[tuple[str, str], list[Any]] = {}
    seen_people, seen_households, frontier = {a}, set(), [a]
    for _ in range(DEPTH):
        if not frontier:
            break
        households = sorted({h for (h,) in each(HOUSEHOLDS, frontier) if h not in seen_households})
        seen_households.update(households)
        reached: set[str] = set()
        if households:
            for qid, hid, head, rel, src in each(MEMBERS, households):
                member_rows[(qid, hid)] = {"person": qid, "household": hid, "head": head,
                                           "word": rel, "sources": src}
                reached.add(qid)
        for x, y, rel, src in [*each(DECLARED_FROM, frontier), *each(DECLARED_TO, frontier)]:
            declared[(x, y)] = [rel, src]
            reached |= {x, y}
        frontier = sorted(reached - seen_people)
        seen_people |= reached
    people.update({r[0]: r for r in each(PEOPLE, sorted(seen_people - set(people)))})
    nodes = {pid: Node(pid, sex_of(None, r[3]), text(r[4])) for pid, r in people.items()}
    graph = KinGraph(nodes)
    head_of = {row["household"]: row["head"] for row in member_rows.values() if row["head"] in people}
    graph.households(member_rows.values(), head_of)
    for (x, y), (rel, src) in declared.items():
        graph.add(x, y, str(rel or ""), src[0] if src else "", "declared")
    paths = graph.paths_from(a, DEPTH).get(b)
    rel = graph.relation(a, paths) if paths else None
    if rel is None:
        return answer
    ego, tgt = nodes.get(a), nodes.get(b)
    older = None if not (ego and tgt and ego.birth and tgt.birth and ego.birth != tgt.birth) \
        else tgt.birth < ego.birth
    answer.words = sorted({word(r, older) for r in rel.readings})
    answer.certain = len(rel.readings) == 1
    answer.in_scope = any(scope(scope_name).contains(r) for r in rel.readings)

    def name(pid: str) -> str:
        row = people.get(pid)
        if row is None:
            return "户主(未列)" if pid.startswith("head-of:") else pid
        return m.name(row[1], personal=bool(row[2]))

    answer.path, answer.people = [name(a)], [a]
    at = a
    for fact, forward in rel.path:
        nxt = fact.b.id if forward else fact.a.id
        household = "备案" not in (fact.source or "")
        label = (f"{fact.word}←户主" if forward else f"户主→{fact.word}") if household else \
            (f"备案→{fact.word}" if forward else f"{fact.word}←备案")
        answer.path += [label, name(nxt)]
        answer.people.append(nxt)
        answer.steps.append({"from": at, "to": nxt, "word": fact.word, "forward": forward, "source": fact.source})
        at = nxt
    return answer
