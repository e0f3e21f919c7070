"""Repeat-offender analytics: pure functions over networkx graphs and plain records.

Inputs are already resolved: a person is a key (a roster person's id, or a cluster of
notice persons judged the same), so nothing here reads a store.

>>> g = co_offenders([("王", "C1"), ("李", "C1"), ("王", "C2"), ("赵", "C2"), ("钱", "C3")])
>>> sorted(g.edges(data="cases"))
[('王', '李', ['C1']), ('王', '赵', ['C2'])]
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

#: fixed, so the same graph always splits into the same communities
SEED = 7


def co_offenders(involvements: Iterable[tuple[str, str]]) -> nx.Graph:
    """People linked by the cases they were punished in together (edge attribute ``cases``, ``weight``).

    Every person is a node, with ``cases``: the cases they appear in.
    """
    by_case: dict[str, set[str]] = defaultdict(set)
    graph = nx.Graph()
    for person, case in involvements:
        by_case[case].add(person)
        graph.add_node(person)
        graph.nodes[person].setdefault("cases", set()).add(case)
    for case, people in sorted(by_case.items()):
        for a, b in combinations(sorted(people), 2):
            if graph.has_edge(a, b):
                graph.edges[a, b]["cases"].append(case)
                graph.edges[a, b]["weight"] += 1
            else:
                graph.add_edge(a, b, cases=[case], weight=1)
    return graph


def communities(graph: nx.Graph, min_size: int = 2) -> list[list[str]]:
    """Groups of people who offend together (Louvain, fixed seed), biggest first; singletons left out.

    >>> g = co_offenders([("a", "1"), ("b", "1"), ("c", "1"), ("d", "2"), ("e", "2"), ("f", "3")])
    >>> communities(g)
    [['a', 'b', 'c'], ['d', 'e']]
    """
    if graph.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    groups = [sorted(c) for c in found if len(c) >= min_size]
    return sorted(groups, key=lambda c: (-len(c), c))


@dataclass(frozen=True)
class PlaceRank:
    place: str
    cases: int
    people: int


def rank_places(case_places: Iterable[tuple[str, str, str]]) -> list[PlaceRank]:
    """Places by the cases in them and the people punished there: ``(case, place, person)`` records.

    >>> rank_places([("C1", "前堡村", "王"), ("C1", "前堡村", "李"), ("C2", "前堡村", "王"), ("C3", "铁堡村", "赵")])
    [PlaceRank(place='前堡村', cases=2, people=2), PlaceRank(place='铁堡村', cases=1, people=1)]
    """
    cases: dict[str, set[str]] = defaultdict(set)
    people: dict[str, set[str]] = defaultdict(set)
    for case, place, person in case_places:
        if place:
            cases[place].add(case)
            people[place].add(person)
    ranked = [PlaceRank(p, len(cases[p]), len(people[p])) for p in cases]
    return sorted(ranked, key=lambda r: (-r.cases, -r.people, r.place))


@dataclass(frozen=True)
class Event:
    date: str          # ISO date, or "" when undated (listed last)
    kind: str          # post, case, penalty
    what: str
    source: str        # provenance: roster row or notice span


def history(events: Iterable[Event]) -> list[Event]:
    """A person's posts, cases and penalties in date order (undated last, then by kind and text).

    >>> [e.what for e in history([Event("2024-05-01", "penalty", "党内警告", "D1#c1-2"),
    ...                           Event("2019-01-01", "post", "党支部书记", "cadres.xlsx#r3"),
    ...                           Event("", "case", "优亲厚友", "D1#c0-40")])]
    ['党支部书记', '党内警告', '优亲厚友']
    """
    return sorted(events, key=lambda e: (e.date == "", e.date, e.kind, e.what, e.source))
