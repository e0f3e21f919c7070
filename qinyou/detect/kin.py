"""Kin paths from each cadre: facts of households and 备案 rows, walked and composed.

Every 与户主关系 row is a fact between the household's head and the member;
every 备案 row a fact between the cadre and the relative. From a cadre, simple
paths of up to ``depth`` facts are walked; each path's readings are composed
(:func:`qinyou.graph.kinship.readings_of_path`). Records that reach one person
by several paths constrain each other: the pair's readings are those every path
allows (all of them, if the records contradict each other).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from qinyou.graph.kinship import Fact, Node, readings, readings_of_path
from qinyou.graph.kinship.chain import Chain
from qinyou.graph.kinship.vocabulary import is_self

Step = tuple[Fact, bool]  # a fact and whether it is walked from a to b


@dataclass
class KinPath:
    target: str
    readings: frozenset[Chain]
    path: list[Step]


class KinGraph:
    """Persons linked by record facts."""

    def __init__(self, nodes: dict[str, Node]) -> None:
        self.nodes = nodes
        self.adj: dict[str, list[Step]] = defaultdict(list)
        self.kind: dict[int, str] = {}

    def node(self, pid: str) -> Node:
        return self.nodes.get(pid) or Node(pid)

    def add(self, a: str, b: str, word: str, source: str, kind: str) -> None:
        chains = readings(word)
        if not chains or a == b:
            return
        fact = Fact(self.node(a), self.node(b), chains, word, source)
        self.kind[id(fact)] = kind
        self.adj[a].append((fact, True))
        self.adj[b].append((fact, False))

    def households(self, members: Iterable[dict[str, object]], head_of: dict[str, str]) -> None:
        """Facts head → member for every member row whose word the vocabulary knows."""
        by_hh: dict[str, list[dict[str, object]]] = defaultdict(list)
        for m in members:
            by_hh[str(m["household"])].append(m)
        for hh, rows in by_hh.items():
            head = next((str(r["person"]) for r in rows if is_self(str(r["word"] or ""))), None)
            head = head or head_of.get(hh) or f"head-of:{hh}"
            for r in rows:
                word = str(r["word"] or "")
                if str(r["person"]) == head or not word or is_self(word):
                    continue
                sources = r["sources"]
                src = sources[0] if isinstance(sources, list) and sources else ""
                self.add(head, str(r["person"]), word, str(src), "household")

    def paths_from(self, start: str, depth: int = 3) -> dict[str, list[list[Step]]]:
        """Every simple path of up to ``depth`` facts from ``start``, by the person it reaches."""
        out: dict[str, list[list[Step]]] = defaultdict(list)
        stack: list[tuple[str, list[Step], frozenset[str]]] = [(start, [], frozenset({start}))]
        while stack:
            at, path, seen = stack.pop()
            for fact, forward in self.adj.get(at, ()):
                nxt = fact.b.id if forward else fact.a.id
                if nxt in seen:
                    continue
                step_path = path + [(fact, forward)]
                if not nxt.startswith("head-of:"):
                    out[nxt].append(step_path)
                if len(step_path) < depth:
                    stack.append((nxt, step_path, seen | {nxt}))
        return out

    def relation(self, start: str, paths: list[list[Step]]) -> KinPath | None:
        """The readings of a pair from all its paths, and the path to show (shortest, then fewest readings)."""
        ego = self.node(start)
        scored = []
        for p in paths:
            r = readings_of_path(ego, p)
            if r:
                scored.append((len(p), len(r), [f.source for f, _ in p], r, p))
        if not scored:
            return None
        common = frozenset.intersection(*(s[3] for s in scored))
        final = common or frozenset().union(*(s[3] for s in scored))
        scored.sort(key=lambda s: (s[0], s[1], s[2]))
        best = next((s for s in scored if final <= s[3]), scored[0])
        target = best[4][-1][0].b.id if best[4][-1][1] else best[4][-1][0].a.id
        return KinPath(target, final, best[4])
