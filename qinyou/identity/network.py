"""Repeat offenders over resolved identities: co-offender networks, places ranked, a person's history.

Reads the notice facts from a store, names each person by who they are
(:func:`qinyou.identity.resolution.identities`), and hands plain records to the
pure analytics of :mod:`qinyou.graph.networks`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from qinyou.graph.networks import Event, PlaceRank, co_offenders, communities, history, rank_places
from qinyou.graph.store import GraphStore
from qinyou.identity.resolution import identities

INVOLVED = ("MATCH (p:Person)-[i:INVOLVED_IN]->(c:`Case`) WHERE i.role = 'subject' OR i.role = 'accomplice' "
            "OPTIONAL MATCH (c)-[:LOCATED_IN]->(pl:Place) "
            "RETURN p.id, p.name, c.id, pl.path, pl.level")
PLACES = "MATCH (pl:Place) RETURN pl.path, pl.level"
NAMES = "MATCH (p:Person) WHERE p.id IN $ids RETURN p.id, p.name"
POSTS = ("MATCH (p:Person)-[h:HOLDS]->(post:Post) WHERE p.id IN $ids "
         "RETURN post.title, post.org, post.start_date, post.end_date, h.sources")
CASES = ("MATCH (p:Person)-[i:INVOLVED_IN]->(c:`Case`) WHERE p.id IN $ids "
         "RETURN c.title, c.period, c.doc, c.sources")
_YEAR = re.compile(r"(?:19|20)\d{2}")
PENALTIES = ("MATCH (p:Person)-[:PENALISED]->(pen:Penalty) WHERE p.id IN $ids "
             "RETURN pen.penalty, pen.date, pen.sources")


@dataclass
class OffenderReport:
    offenders: dict[str, int] = field(default_factory=dict)        # key → number of cases
    names: dict[str, str] = field(default_factory=dict)            # key → a name to show
    groups: list[list[str]] = field(default_factory=list)          # co-offender communities (keys)
    villages: list[PlaceRank] = field(default_factory=list)
    towns: list[PlaceRank] = field(default_factory=list)


def _levels(path: str | None, level_of: dict[str, str]) -> tuple[str | None, str | None]:
    """The town and the village a case's place lies in: the place itself or the ancestor on its path
    whose level is town / village. A path starts at the highest level a notice names, so its depth
    says nothing about levels (``青石镇/柳溪村`` is a town and its village)."""
    parts = (path or "").split("/")
    found: dict[str, str] = {}
    for end in range(len(parts), 0, -1):
        prefix = "/".join(parts[:end])
        found.setdefault(level_of.get(prefix, ""), prefix)
    return found.get("town"), found.get("village")


def offenders(store: GraphStore) -> OffenderReport:
    """Who offended in which cases, who offends together, and where cases cluster."""
    who = identities(store)
    rows = store.read(INVOLVED, name="offenders").rows
    level_of = {path: level for path, level in store.read(PLACES, name="offenders").rows if path}
    involvements, village_rows, town_rows = [], [], []
    report = OffenderReport()
    for pid, name, case, path, _level in rows:
        key = who.get(pid, pid)
        involvements.append((key, case))
        report.names.setdefault(key, name)
        town, village = _levels(path, level_of)
        if town:
            town_rows.append((case, town, key))
        if village:
            village_rows.append((case, village, key))
    roster_names = store.read(NAMES, {"ids": sorted(set(who.values()))}, name="offenders").rows
    report.names.update({pid: name for pid, name in roster_names if pid in report.names})
    graph = co_offenders(involvements)
    report.offenders = {k: len(graph.nodes[k]["cases"]) for k in graph.nodes}
    report.groups = communities(graph)
    report.villages, report.towns = rank_places(village_rows), rank_places(town_rows)
    return report


def person_history(store: GraphStore, person: str) -> list[Event]:
    """Posts, cases and penalties of ``person`` and of everyone judged the same, in date order."""
    who = identities(store)
    key = who.get(person, person)
    ids = sorted({person, *(p for p, k in who.items() if k == key)})
    events: list[Event] = []

    def first(sources: Any) -> str:
        return sorted(sources)[0] if sources else ""

    for title, org, start, end, src in store.read(POSTS, {"ids": ids}, name="history").rows:
        what = title + (f"（{org}）" if org else "") + (f"，至{end}" if end else "")
        events.append(Event(str(start or ""), "post", what, first(src)))
    for title, period, doc, src in store.read(CASES, {"ids": ids}, name="history").rows:
        year = _YEAR.search(period or "")
        events.append(Event(year.group(0) if year else "", "case", f"{title}（{doc}）", first(src)))
    for penalty, date, src in store.read(PENALTIES, {"ids": ids}, name="history").rows:
        events.append(Event(str(date or ""), "penalty", penalty, first(src)))
    return history(events)
