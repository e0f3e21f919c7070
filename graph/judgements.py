"""Identity judgements: "these two 王某 are one person" is stored, never merged.

A judgement is a ``SAME_AS`` relationship (verdict same / different / unsure, who,
when, score). All judgements are kept; for each pair the latest is in force, so
undoing a judgement is recording a later ``unsure``. Reading them is a pure
function: :func:`resolve` turns the judgements in force into clusters of
persons, transitively, and reports clusters that a ``different`` contradicts.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from qinyou.graph.batch import GraphBatch

VERDICTS = ("same", "different", "unsure")


@dataclass(frozen=True)
class Judgement:
    a: str
    b: str
    verdict: str
    judged_by: str
    judged_at: str
    score: float | None = None


def judgement_batch(j: Judgement) -> GraphBatch:
    """The batch that records one judgement (ends ordered, so a–b equals b–a)."""
    if j.verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {VERDICTS}")
    a, b = sorted((j.a, j.b))
    batch = GraphBatch()
    batch.rel("SAME_AS", "Person", a, "Person", b, f"judgement:{j.judged_by}@{j.judged_at}",
              verdict=j.verdict, judged_by=j.judged_by, judged_at=j.judged_at, score=j.score)
    return batch


def now() -> str:
    """UTC to the microsecond: two judgements by one person never share an identity."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def in_force(judgements: Iterable[Judgement]) -> dict[tuple[str, str], Judgement]:
    """The latest judgement per unordered pair.

    >>> js = [Judgement("p1", "p2", "same", "li", "2024-01-01"),
    ...       Judgement("p2", "p1", "unsure", "wang", "2024-02-01")]
    >>> in_force(js)[("p1", "p2")].verdict
    'unsure'
    """
    latest: dict[tuple[str, str], Judgement] = {}
    for j in judgements:
        a, b = sorted((j.a, j.b))
        key = (a, b)
        if key not in latest or j.judged_at >= latest[key].judged_at:
            latest[key] = j
    return latest


def resolve(judgements: Iterable[Judgement]) -> tuple[list[set[str]], list[tuple[str, str]]]:
    """Clusters of persons judged the same (transitively), and contradicted pairs.

    A ``different`` in force between two members of one cluster is a conflict to
    review; it does not split the cluster silently.

    >>> js = [Judgement("a", "b", "same", "li", "1"), Judgement("b", "c", "same", "li", "2"),
    ...       Judgement("a", "c", "different", "wang", "3"), Judgement("d", "e", "unsure", "li", "4")]
    >>> clusters, conflicts = resolve(js)
    >>> [sorted(c) for c in clusters], conflicts
    ([['a', 'b', 'c']], [('a', 'c')])
    """
    current = in_force(judgements)
    graph = nx.Graph()
    graph.add_edges_from(pair for pair, j in current.items() if j.verdict == "same")
    clusters = sorted((set(c) for c in nx.connected_components(graph)), key=lambda c: sorted(c))
    member = {n: i for i, c in enumerate(clusters) for n in c}
    conflicts = sorted(pair for pair, j in current.items()
                       if j.verdict == "different" and pair[0] in member
                       and member.get(pair[0]) == member.get(pair[1]))
    return clusters, conflicts


class Verdicts:
    """What the judgements in force say of any pair, directly or by transitivity (built once).

    ``same`` when a chain of "same" joins two persons; ``different`` when a "different" in force
    joins their clusters (A≠B and B=C gives A≠C); otherwise None (unknown, or only "unsure").

    >>> v = Verdicts([Judgement("a", "b", "different", "li", "1"), Judgement("b", "c", "same", "li", "2")])
    >>> v.between("a", "c"), v.between("c", "b"), v.between("a", "d")
    ('different', 'same', None)
    """

    def __init__(self, judgements: Iterable[Judgement]) -> None:
        current = in_force(judgements)
        graph = nx.Graph()
        graph.add_edges_from(pair for pair, j in current.items() if j.verdict == "same")
        self._cluster = {n: i for i, c in enumerate(nx.connected_components(graph)) for n in c}
        self._apart = {frozenset((self._of(x), self._of(y)))
                       for (x, y), j in current.items() if j.verdict == "different"}

    def _of(self, person: str) -> str | int:
        return self._cluster.get(person, person)

    def between(self, a: str, b: str) -> str | None:
        x, y = self._of(a), self._of(b)
        if x == y:
            return "same"
        return "different" if frozenset((x, y)) in self._apart else None
