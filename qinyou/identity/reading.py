"""Profiles read from a store: every notice person, and every roster person who held a post.

A few flat read-only queries (they run on both stores), assembled here: a
person's places come from where they are located (notice persons) or where
their posts' orgs are (cadres); years from posts held, penalties and case
periods; relatives from KIN in either direction.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from qinyou.graph.store import GraphStore
from qinyou.identity.names import NamePattern, simplified
from qinyou.identity.profile import LEVELS, Profile
from qinyou.ingest.notices.posts import clean_title

NOTICE_PERSONS = "MATCH (p:Person) WHERE p.scope IS NOT NULL RETURN p.id, p.name, p.scope, p.sources"
CADRES = ("MATCH (p:Person)-[:HOLDS]->(:Post) WHERE p.scope IS NULL "
          "RETURN DISTINCT p.id, p.name, p.sources")
PLACES = "MATCH (pl:Place) RETURN pl.path, pl.level"
LOCATED = "MATCH (p:Person)-[:LOCATED_IN]->(pl:Place) RETURN p.id, pl.path"
POSTS = "MATCH (p:Person)-[:HOLDS]->(po:Post) RETURN p.id, po.title, po.start_date, po.end_date"
POST_PLACES = ("MATCH (p:Person)-[:HOLDS]->(:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(pl:Place) "
               "WHERE p.scope IS NULL RETURN p.id, pl.path")
PENALTIES = "MATCH (p:Person)-[:PENALISED]->(pen:Penalty) RETURN p.id, pen.date"
CASES = "MATCH (p:Person)-[i:INVOLVED_IN]->(c:`Case`) RETURN p.id, c.period, i.role"
RELATIVES = ("MATCH (p:Person)-[:HOLDS]->(:Post) WITH DISTINCT p MATCH (p)-[:KIN]-(r:Person) "
             "RETURN p.id, r.name")
NOTICE_RELATIVES = "MATCH (p:Person)-[:KIN]-(r:Person) WHERE p.scope IS NOT NULL RETURN p.id, r.name"
_YEAR = re.compile(r"(?:19|20)\d{2}")
_OF_KIN = re.compile(r"之.+$")  # 王某之弟: an unnamed relative, known by the relation only


def _rows(store: GraphStore, cypher: str) -> list[tuple[Any, ...]]:
    """The rows of a read of plain values, through Arrow (no per-value conversion in the store)."""
    table = store.read_table(cypher, name="identity")
    return list(zip(*(column.to_pylist() for column in table.columns)))


def _years(start: Any, end: Any, today: dt.date) -> set[int]:
    if not isinstance(start, dt.date):
        return {end.year} if isinstance(end, dt.date) else set()
    last = end.year if isinstance(end, dt.date) else today.year
    return set(range(start.year, last + 1))


def _levels(path: str, level_of: dict[str, str]) -> list[tuple[str, str]]:
    parts = path.split("/")
    out = []
    for i in range(len(parts)):
        level = level_of.get("/".join(parts[: i + 1]))
        if level in LEVELS:
            out.append((level, simplified(parts[i])))
    return out


def read_profiles(store: GraphStore, today: dt.date | None = None, pairable: bool = False) -> list[Profile]:
    """Every notice person and every cadre of the store, as profiles (sorted by id).

    ``pairable``: only the cadres that can form a candidate pair, those sharing a surname with a
    notice person (:func:`qinyou.identity.candidates.candidates` pairs within a surname); with no
    notice persons, nobody is read at all.
    """
    today = today or dt.date.today()
    notice_rows = [(pid, name, doc, src) for pid, name, doc, src in _rows(store, NOTICE_PERSONS)
                   if name and not _OF_KIN.search(name)]
    if pairable and not notice_rows:
        return []
    cadre_rows = [(pid, name, src) for pid, name, src in _rows(store, CADRES) if name]
    if pairable:
        surnames = {NamePattern.parse(name).surname for _, name, _, _ in notice_rows}
        cadre_rows = [r for r in cadre_rows if NamePattern.parse(r[1]).surname in surnames]
    wanted = {r[0] for r in notice_rows} | {r[0] for r in cadre_rows}
    level_of = {path: level for path, level in _rows(store, PLACES) if path}
    places: dict[str, dict[str, str]] = defaultdict(dict)
    for pid, path in _rows(store, LOCATED) + _rows(store, POST_PLACES):
        if pid not in wanted:
            continue
        for level, name in _levels(path or "", level_of):
            places[pid].setdefault(level, name)
    posts: dict[str, set[str]] = defaultdict(set)
    years: dict[str, set[int]] = defaultdict(set)
    for pid, title, start, end in _rows(store, POSTS):
        if pid not in wanted:
            continue
        if title:
            posts[pid].add(clean_title(simplified(title)))
        years[pid] |= _years(start, end, today)
    for pid, date in _rows(store, PENALTIES):
        if isinstance(date, dt.date):
            years[pid].add(date.year)
    roles: dict[str, str] = {}
    for pid, period, role in _rows(store, CASES):
        years[pid] |= {int(y) for y in _YEAR.findall(period or "")}
        if role and roles.get(pid) != "subject":  # a subject in any item is an official
            roles[pid] = role
    relatives: dict[str, set[str]] = defaultdict(set)
    for pid, name in _rows(store, RELATIVES) + _rows(store, NOTICE_RELATIVES):
        if name and pid in wanted and not _OF_KIN.search(name):
            relatives[pid].add(simplified(name))

    def profile(pid: str, name: str, kind: str, doc: str | None, sources: list[str] | None) -> Profile:
        return Profile(id=pid, kind=kind, name=NamePattern.parse(name), doc=doc,
                       places=tuple(sorted(places[pid].items())), posts=frozenset(posts[pid]),
                       years=frozenset(years[pid]), relatives=frozenset(relatives[pid]),
                       role=roles.get(pid, "") if kind == "notice" else "", evidence=tuple(sources or ()))

    out = [profile(pid, name, "notice", doc, src) for pid, name, doc, src in notice_rows]
    out += [profile(pid, name, "roster", None, src) for pid, name, src in cadre_rows]
    return sorted(out, key=lambda p: p.id)
