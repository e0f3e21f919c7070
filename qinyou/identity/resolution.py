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
from qinyou.identity.cache import cached
from qinyou.identity.candidates import AUTO, Candidate, automatic, candidates
from qinyou.identity.kinreading import Tables
from qinyou.identity.reading import read_profiles
from qinyou.identity.relatives import relative_candidates, roster_members

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


def resolve(store: GraphStore, write: bool = True, auto: float = AUTO, tables: Tables | None = None) -> Resolution:
    """Score every candidate, write the automatic judgements (``write``), list what is pending.

    ``auto`` is the score a likely and unique candidate needs to be judged without review.
    First notice persons are compared with cadres and with each other; then the relatives the
    notices name are compared with non-cadre roster persons, using who the officials are by then
    (:mod:`qinyou.identity.relatives`). A candidate is pending when no judgement decides it and
    it is not settled by ID numbers: a person judged the same as one roster person is not another.
    ``tables``: whole tables the caller has read or will read anyway (``qinyou detect``'s).
    """
    profiles = read_profiles(store, pairable=True)
    first = candidates(profiles)
    judgements = stored_judgements(store)
    at = now()
    early = [Judgement(c.a.id, c.b.id, "same", AUTO_BY, at) for c in automatic(first, auto=auto)]
    rosters = {p.id for p in profiles if p.kind == "roster"}
    clusters, _ = resolve_clusters([*judgements, *early])
    cadre_of = {x: members for x, members in roster_members(clusters, rosters).items() if members}
    second = relative_candidates(store, cadre_of, tables=tables)
    found = sorted([*first, *second], key=lambda c: (-c.score, c.pair))
    rosters |= {p.id for c in second for p in (c.a, c.b) if p.kind == "roster"}
    verdicts = Verdicts(judgements)
    judged: list[Candidate] = []
    new: list[Judgement] = []
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
    clusters, _ = resolve_clusters([*judgements, *new])
    known = roster_members(clusters, rosters)

    def settled(a: str, b: str) -> bool:  # two different roster persons (two ID numbers) are two people
        x, y = known.get(a, {a} & rosters), known.get(b, {b} & rosters)
        return bool(x and y and not x & y)

    pending = [c for c in found if verdicts.between(c.a.id, c.b.id) is None and not settled(c.a.id, c.b.id)]
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


def identities(store: GraphStore, auto: float = AUTO, tables: Tables | None = None) -> dict[str, str]:
    """Person id → the id of the person it is, for every person some judgement joins to another.

    Read-only: the judgements in force plus the automatic ones :func:`resolve` would write
    (an "unsure" or a pending candidate joins nothing). A cluster is named by its roster
    person when it has one (the smallest id among several), else by its smallest id. Kept beside
    an embedded store for its current state (:mod:`qinyou.identity.cache`). ``tables``: as for
    :func:`resolve`, used only when they are computed.
    """
    return cached(store, auto, lambda: _identities(store, auto, tables))


def _identities(store: GraphStore, auto: float, tables: Tables | None = None) -> dict[str, str]:
    found = resolve(store, write=False, auto=auto, tables=tables)
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
