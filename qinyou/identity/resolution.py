"""Resolving identities in a store: automatic judgements, the review queue, undo.

Nothing is ever merged. :func:`resolve` writes a "same" judgement (by
:data:`AUTO_BY`, with its score) for each candidate :func:`automatic` allows
and no judgement in force already decides; everything else that no judgement
decides, directly or by transitivity, is pending for review. A person's
decision always wins: an automatic judgement is never written over a pair
already judged, and undoing deletes the judgement, so the store is exactly as
it was before it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from qinyou.errors import QueryError
from qinyou.graph.batch import GraphBatch
from qinyou.graph.judgements import Judgement, Verdicts, judgement_batch, now
from qinyou.graph.judgements import resolve as resolve_clusters
from qinyou.graph.store import GraphStore
from qinyou.identity.candidates import AUTO, Candidate, automatic, candidates
from qinyou.identity.reading import read_profiles

AUTO_BY = "auto"
JUDGEMENTS = ("MATCH (a:Person)-[j:SAME_AS]->(b:Person) RETURN a.id, b.id, j.verdict, j.judged_by, "
              "j.judged_at, j.score")


@dataclass
class Resolution:
    candidates: list[Candidate] = field(default_factory=list)
    judged: list[Candidate] = field(default_factory=list)    # written automatically by this run
    pending: list[Candidate] = field(default_factory=list)   # nothing decides them yet


def stored_judgements(store: GraphStore) -> list[Judgement]:
    return [Judgement(*row) for row in store.read(JUDGEMENTS, name="judgements").rows]


def resolve(store: GraphStore, write: bool = True, auto: float = AUTO) -> Resolution:
    """Score every candidate, write the automatic judgements (``write``), list what is pending.

    ``auto`` is the score a likely and unique candidate needs to be judged without review.
    """
    found = candidates(read_profiles(store, pairable=True))
    judgements = stored_judgements(store)
    verdicts = Verdicts(judgements)
    judged: list[Candidate] = []
    new: list[Judgement] = []
    at = now()
    for c in automatic(found, auto=auto):
        if verdicts.between(c.a.id, c.b.id) is None:
            judged.append(c)
            new.append(Judgement(c.a.id, c.b.id, "same", AUTO_BY, at, round(c.score, 4)))
            verdicts = Verdicts([*judgements, *new])
    if write and new:
        batch = GraphBatch()
        for j in new:
            batch.extend(judgement_batch(j))
        store.load(batch)
    verdicts = Verdicts([*judgements, *new])
    pending = [c for c in found if verdicts.between(c.a.id, c.b.id) is None]
    return Resolution(found, judged, pending)


def undo(store: GraphStore, a: str, b: str) -> Judgement:
    """Delete the latest judgement on the pair; the store is then as it was before it was made."""
    x, y = sorted((a, b))
    mine = [j for j in stored_judgements(store) if (j.a, j.b) == (x, y)]
    if not mine:
        raise QueryError(f"no judgement between {x} and {y}")
    last = max(mine, key=lambda j: j.judged_at)
    gone = store.delete_relationships("SAME_AS", x, y, {"judged_by": last.judged_by, "judged_at": last.judged_at})
    if gone != 1:
        raise QueryError(f"expected one judgement to undo, found {gone}")
    return last


def identities(store: GraphStore, auto: float = AUTO) -> dict[str, str]:
    """Person id → the id of the person it is, for every person some judgement joins to another.

    Read-only: the judgements in force plus the automatic ones :func:`resolve` would write
    (an "unsure" or a pending candidate joins nothing). A cluster is named by its roster
    person when it has one (the smallest id among several), else by its smallest id.
    """
    found = resolve(store, write=False, auto=auto)
    at = now()
    every = [*stored_judgements(store), *(Judgement(c.a.id, c.b.id, "same", AUTO_BY, at) for c in found.judged)]
    kinds = {p.id: p.kind for c in found.candidates for p in (c.a, c.b)}
    clusters, _ = resolve_clusters(every)
    out: dict[str, str] = {}
    for cluster in clusters:
        rosters = sorted(x for x in cluster if kinds.get(x) == "roster")
        name = rosters[0] if rosters else min(cluster)
        out.update({x: name for x in cluster})
    return out
