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
        members = f.table(q.MEMBERS)
        persons = f.store.read_table(q.PERSONS, name="detect")
        f.memo["frames"] = (members, persons, f.rows(q.DECLARED, bulk=True))
    return f.memo["frames"]  # type: ignore[no-any-return]


def _benefit_frames(f: Facts) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    """Every benefit by the household and by the person receiving it (kept on ``f``): a few ten
    thousand rows, read whole, cost less than a join from a list of people."""
    if "benefits" not in f.memo:
        grouped: list[dict[str, list[dict[str, Any]]]] = []
        for cypher in (q.HOUSEHOLD_BENEFITS, q.PERSON_BENEFITS):
            out: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for r in f.store.read_table(cypher, name="detect").to_pylist():
                out[r["holder"]].append(r)
            grouped.append(dict(out))
        f.memo["benefits"] = tuple(grouped)
    return f.memo["benefits"]  # type: ignore[no-any-return]


def _where(table: Any, column: str, values: set[str]) -> Any:
    """The rows of an Arrow table whose ``column`` is one of ``values``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return table.filter(pc.is_in(table[column], value_set=pa.array(sorted(values), type=table[column].type)))


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
    out.members = [dict(r, sources=r["sources"] or []) for r in picked]
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
    by_household, by_person = _benefit_frames(f)
    # a member of a receiving household is covered by its benefit when the membership and the
    # benefit come from one roster row (the 低保 roster lists the members it covers)
    mine = _where(_where(members, "person", reached), "household", set(by_household))
    for pid, hh, member_sources in zip(mine["person"].to_pylist(), mine["household"].to_pylist(),
                                       mine["sources"].to_pylist()):
        for r in by_household[hh]:
            out.benefits.setdefault(r["benefit"], dict(r, start=text(r["since"]), end=text(r["until"]),
                                                       kind="household"))
            shared = sorted(set(member_sources or []) & set(r["sources"] or []))
            if shared:
                covered[pid].append((r["benefit"], shared[0]))
    for pid in sorted(reached & set(by_person)):
        for r in by_person[pid]:
            out.benefits.setdefault(r["benefit"], dict(r, start=text(r["since"]), end=text(r["until"]), kind="person"))
            for src in _first(r["sources"]):
                covered[pid].append((r["benefit"], src))
    out.covered = dict(covered)
    out.places = _places(f, members, set(covered))
    return out


def _places(f: Facts, members: Any, persons: set[str]) -> dict[str, set[str]]:
    """Person → the place paths of their households: households from the memberships already read,
    places by household id (a person-id join in LadybugDB would scan every membership)."""
    if not persons:
        return {}
    mine = _where(members, "person", persons)
    path_of: dict[str, str] = {}
    for r in rows_for(f, q.HOUSEHOLD_PLACES_BY_ID, set(mine["household"].to_pylist())):
        if r["path"]:
            path_of[r["household"]] = r["path"]
    places: dict[str, set[str]] = defaultdict(set)
    for pid, hh in zip(mine["person"].to_pylist(), mine["household"].to_pylist()):
        if hh in path_of:
            places[pid].add(path_of[hh])
    return dict(places)
