"""What the cadre rules read: the cadres, the people within a few records of them, and their benefits.

Instead of the whole graph, :func:`gather` starts from the cadres (every person
holding a post) and reads, round after round, the households of the people
reached so far with all their members, and the 备案 rows naming them — enough
for every path of up to ``depth`` record facts from a cadre. Then it reads the
benefits covering the people reached and the places of their households.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from qinyou.detect import facts as q
from qinyou.detect.facts import Facts, rows_for, text
from qinyou.graph.kinship.vocabulary import is_self


@dataclass
class Neighbourhood:
    members: list[dict[str, Any]] = field(default_factory=list)      # MEMBERS_OF rows of the households read
    declared: list[dict[str, Any]] = field(default_factory=list)     # 备案 rows touching the people reached
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → person row
    head_of: dict[str, str] = field(default_factory=dict)            # household → head's person id
    covered: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # person → (benefit, row)
    benefits: dict[str, dict[str, Any]] = field(default_factory=dict)
    places: dict[str, set[str]] = field(default_factory=dict)        # person → household place paths


def _first(sources: list[str] | None) -> list[str]:
    return sorted(sources or [])[:1]


def gather(f: Facts, cadres: set[str], depth: int = 3) -> Neighbourhood:
    """The neighbourhood of ``cadres`` (any people) up to ``depth`` record facts (kept on ``f``)."""
    key = ("gather", depth, tuple(sorted(cadres)))
    if key not in f.memo:
        f.memo[key] = _gather(f, cadres, depth)
    return f.memo[key]  # type: ignore[no-any-return]


def _frames(f: Facts) -> tuple[Any, Any, list[dict[str, Any]]]:
    """Every household membership and person (bulk, columns the rules need) and every 备案 row (kept on ``f``)."""
    if "frames" not in f.memo:
        members = f.store.read_table(q.MEMBERS, name="detect")
        persons = f.store.read_table(q.PERSONS, name="detect")
        f.memo["frames"] = (members, persons, f.rows(q.DECLARED))
    return f.memo["frames"]  # type: ignore[no-any-return]


def _where(table: Any, column: str, values: set[str]) -> Any:
    """The rows of an Arrow table whose ``column`` is one of ``values``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return table.filter(pc.is_in(table[column], value_set=pa.array(sorted(values), type=table[column].type)))


def _listed(value: Any) -> list[str]:
    return [] if value is None else [str(x) for x in value]


def _gather(f: Facts, cadres: set[str], depth: int) -> Neighbourhood:
    out = Neighbourhood()
    members, persons, declared_rows = _frames(f)
    partners: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in declared_rows:
        partners[d["a"]].append(d)
        partners[d["b"]].append(d)
    reached, frontier = set(cadres), set(cadres)
    seen_hh: set[str] = set()
    seen_decl: set[int] = set()
    for _ in range(depth):
        households = set(_where(members, "person", frontier)["household"].to_pylist()) - seen_hh
        seen_hh |= households
        new = set(_where(members, "household", households)["person"].to_pylist())
        for pid in frontier:
            for d in partners.get(pid, ()):
                if id(d) not in seen_decl:
                    seen_decl.add(id(d))
                    out.declared.append(d)
                    new |= {d["a"], d["b"]}
        frontier = new - reached
        reached |= frontier
    picked = _where(members, "household", seen_hh).to_pylist()
    out.members = [dict(r, sources=_listed(r["sources"])) for r in picked]
    # heads: the member whose word is 户主/本人, else the household's head (its keyed person id)
    by_hh: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in out.members:
        by_hh[r["household"]].append(r)
    missing: dict[str, str] = {}
    for hh, rows in by_hh.items():
        head = next((r["person"] for r in rows if is_self(str(r["word"] or ""))), None)
        if head:
            out.head_of[hh] = head
        elif rows[0]["head"]:
            missing[hh] = rows[0]["head"]
    if missing:
        known = set(_where(persons, "id", set(missing.values()))["id"].to_pylist())
        out.head_of.update({hh: i for hh, i in missing.items() if i in known})
        reached |= {i for i in missing.values() if i in known}
    out.people = {r["id"]: r for r in _where(persons, "id", reached).to_pylist()}
    covered: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in rows_for(f, q.COVERED_BY_HOUSEHOLD, reached):
        out.benefits.setdefault(r["benefit"], dict(r, start=text(r["since"]), end=text(r["until"]), kind="household"))
        shared = sorted(set(r["member_sources"] or []) & set(r["sources"] or []))
        if shared:
            covered[r["person"]].append((r["benefit"], shared[0]))
    for r in rows_for(f, q.COVERED_IN_PERSON, reached):
        out.benefits.setdefault(r["benefit"], dict(r, start=text(r["since"]), end=text(r["until"]), kind="person"))
        for src in _first(r["sources"]):
            covered[r["holder"]].append((r["benefit"], src))
    out.covered = dict(covered)
    places: dict[str, set[str]] = defaultdict(set)
    for r in rows_for(f, q.PLACES_OF, set(covered)):
        if r["path"]:
            places[r["person"]].add(r["path"])
    out.places = dict(places)
    return out
