"""What relative candidates are read from: the relatives notices name, and the roster persons they may be.

A notice names a relative beside an official (其弟杨某某, 为其妻子李某某办理低保).
:func:`notice_relatives` reads each such relative with the official, the
relation word, the item (its period and the benefit programmes its text names)
and the official's place. :func:`roster_persons` reads, for a few roster
persons, what a comparison needs: name, sex, place, benefits, whether they hold
a post. Every read is blocked: the relatives of given cadres (KIN from the
rosters), or the members of given villages — never the whole county.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from qinyou.graph.provenance import parse_source
from qinyou.graph.store import GraphStore
from qinyou.ingest.notices.script import to_simplified

NOTICE_KIN = ("MATCH (o:Person)-[k:KIN]->(r:Person) WHERE k.basis = 'notice' AND r.scope IS NOT NULL "
              "MATCH (r)-[i:INVOLVED_IN]->(c:`Case`) WHERE i.role <> 'subject' "
              "OPTIONAL MATCH (o)-[:LOCATED_IN]->(pl:Place) "
              "RETURN o.id, r.id, r.name, r.scope, k.relation, k.sources, c.period, pl.path")
NOTICE_TEXTS = "MATCH (d:Document) WHERE d.doc_kind = 'notice' RETURN d.name, d.text"
PLACES = "MATCH (pl:Place) RETURN pl.id, pl.path"
#: one cadre at a time (:func:`_each`): an UNWIND of the cadres is a join over every KIN row (3 M in a county)
KIN_OF = "MATCH (c:Person {id: $id})-[k:KIN]->(r:Person) RETURN r.id, r.name, k.relation, k.basis"
#: the beneficiaries of given places: members of a household that receives, or receiving themselves
#: (the members first, then the household's benefits: the other order joins every membership of the county)
PAID_IN = ("UNWIND $ids AS x MATCH (pl:Place {id: x})<-[:LOCATED_IN]-(h:Household)<-[:MEMBER_OF]-(p:Person) "
           "MATCH (h)-[:RECEIVES]->(:Benefit) RETURN DISTINCT p.id, p.name")
PAID_SELF_IN = ("UNWIND $ids AS x MATCH (pl:Place {id: x})<-[:LOCATED_IN]-(:Household)<-[:MEMBER_OF]-(p:Person)"
                "-[:RECEIVES]->(:Benefit) RETURN DISTINCT p.id, p.name")
PERSONS = "UNWIND $ids AS x MATCH (p:Person {id: x}) RETURN x, p.name, p.gender, p.sources"
HOLDERS = "UNWIND $ids AS x MATCH (p:Person {id: x})-[:HOLDS]->(:Post) RETURN DISTINCT x"
HOME = ("UNWIND $ids AS x MATCH (p:Person {id: x})-[:MEMBER_OF]->(:Household)-[:LOCATED_IN]->(pl:Place) "
        "RETURN DISTINCT x, pl.path")
BENEFITS = ("UNWIND $ids AS x MATCH (p:Person {id: x})-[:MEMBER_OF]->(:Household)-[:RECEIVES]->(b:Benefit) "
            "RETURN x, b.programme, b.start_date, b.end_date")
OWN_BENEFITS = ("UNWIND $ids AS x MATCH (p:Person {id: x})-[:RECEIVES]->(b:Benefit) "
                "RETURN x, b.programme, b.start_date, b.end_date")
#: every household membership and every household's place, read whole through Arrow (for :data:`Tables`);
#: MEMBERS is the text ``qinyou detect`` reads the memberships with, so one read serves both
MEMBERS = ("MATCH (p:Person)-[m:MEMBER_OF]->(h:Household) "
           "RETURN p.id AS person, h.id AS household, h.head AS head, m.relation_to_head AS word, "
           "m.sources AS sources")
HOUSEHOLD_PLACES = "MATCH (h:Household)-[:LOCATED_IN]->(pl:Place) RETURN h.id AS household, pl.path AS path"
#: a reader of whole tables through Arrow (query → ``pyarrow.Table``), kept by its caller: ``qinyou detect``
#: passes the one its rules read with, so the memberships it has read already are not read again
Tables = Callable[[str], Any]
#: a benefit programme as notices and rosters name it: key → words that name it
PROGRAMMES = {"低保": ("低保", "最低生活保障"), "特困": ("特困", "五保"), "残疾人补贴": ("残疾",),
              "临时救助": ("临时救助",), "危房改造": ("危房",), "易地搬迁": ("搬迁",)}
_YEAR = re.compile(r"(?:19|20)\d{2}")


def programmes_in(text: str) -> frozenset[str]:
    """The programmes a text names (keys of :data:`PROGRAMMES`).

    >>> sorted(programmes_in("违规将其弟纳入农村低保，虚报冒领残疾人补贴"))
    ['低保', '残疾人补贴']
    """
    return frozenset(k for k, words in PROGRAMMES.items() if any(w in text for w in words))


@dataclass(frozen=True)
class NoticeRelative:
    """A relative as one notice item names them, beside the official."""

    id: str
    name: str
    doc: str
    official: str                 # the notice person whose relative this is
    relation: str                 # normalised word: the relative is the official's <relation>
    place: str | None             # the official's place path (simplified), the relative's likely home
    programmes: frozenset[str]    # benefit programmes the clause naming the relative names
    years: frozenset[int]         # the item's period


@dataclass
class RosterPerson:
    id: str
    name: str
    gender: str | None = None
    sources: tuple[str, ...] = ()
    holds_post: bool = False
    places: set[str] = field(default_factory=set)
    benefits: list[tuple[str, dt.date | None, dt.date | None]] = field(default_factory=list)  # (key, start, end)


def _rows(store: GraphStore, cypher: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
    return store.read(cypher, params, name="identity").rows


def _each(store: GraphStore, cypher: str, ids: set[str]) -> list[list[Any]]:
    """The rows of a one-person query (``$id``) for each id in sorted order, each row led by its id.

    A node looked up by its key and its relationships followed cost milliseconds; LadybugDB
    plans ``UNWIND $ids … MATCH (p {id: x})-[…]->`` as a join over the whole relationship
    table instead (about a second, however few the ids). The rows come in the UNWIND's order.
    """
    return [[x, *row] for x in sorted(ids) for row in _rows(store, cypher, {"id": x})]


def _clause(text: str, start: int, end: int) -> str:
    """The clause (between ，；。 and line ends) around a span."""
    lo = max(text.rfind(ch, 0, start) for ch in "，；。\n,;") + 1
    his = [i for i in (text.find(ch, end) for ch in "，；。\n,;") if i >= 0]
    return text[lo: min(his) if his else len(text)]


def notice_relatives(store: GraphStore) -> list[NoticeRelative]:
    """Every named relative of a notice official (unnamed ones, 王某之弟, are known by the relation only)."""
    rows = _rows(store, NOTICE_KIN)
    if not rows:
        return []
    texts = {name: to_simplified(text or "") for name, text in _rows(store, NOTICE_TEXTS)}
    seen: dict[tuple[str, str], NoticeRelative] = {}
    for official, rid, name, doc, relation, sources, period, path in rows:
        if not name or "之" in name or not relation:
            continue
        item = ""  # the clause that names the relative: 违规将其弟杨某某纳入农村低保
        for src in sources or []:
            span = parse_source(src).get("span")
            if span:
                item += _clause(texts.get(doc, ""), span[0], span[1])
        years = frozenset(int(y) for y in _YEAR.findall(period or ""))
        rel = NoticeRelative(rid, to_simplified(name), doc, official, relation, to_simplified(path) if path else None,
                             programmes_in(item), years)
        key = (rid, official)
        if key not in seen or (rel.place or "").count("/") > (seen[key].place or "").count("/"):
            seen[key] = rel
    return sorted(seen.values(), key=lambda r: (r.id, r.official))


def place_ids(store: GraphStore) -> dict[str, list[str]]:
    """Simplified place path → the Place ids written so (a notice in traditional script has its own)."""
    out: dict[str, list[str]] = defaultdict(list)
    for pid, path in _rows(store, PLACES):
        if path:
            out[to_simplified(path)].append(pid)
    return out


def kin_of(store: GraphStore, cadres: set[str]) -> dict[str, list[tuple[str, str, str, str]]]:
    """Cadre id → (roster person, name, relation word, basis) for each relative the rosters give the cadre."""
    out: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    if cadres:
        for x, rid, name, word, basis in _each(store, KIN_OF, cadres):
            if basis != "notice" and name:
                out[x].append((rid, to_simplified(name), word or "", basis or ""))
    return out


def beneficiaries_in(store: GraphStore, places: set[str]) -> list[tuple[str, str]]:
    """(person id, name) of every beneficiary living in the given places (households located there)."""
    if not places:
        return []
    params = {"ids": sorted(places)}
    rows = _rows(store, PAID_IN, params) + _rows(store, PAID_SELF_IN, params)
    return sorted({(pid, to_simplified(name)) for pid, name in rows if name})


def _homes(tables: Tables, ids: set[str]) -> list[tuple[str, str]]:
    """(person, place path) of the households of ``ids``, joined in Python from whole tables: the
    same pairs as :data:`HOME`, which LadybugDB joins over every membership and location (~1 s)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    members = tables(MEMBERS)
    mine = members.filter(pc.is_in(members["person"], value_set=pa.array(sorted(ids), type=members["person"].type)))
    households = set(mine["household"].to_pylist())
    places = tables(HOUSEHOLD_PLACES)
    here = places.filter(pc.is_in(places["household"],
                                  value_set=pa.array(sorted(households), type=places["household"].type)))
    path_of: dict[str, set[str]] = defaultdict(set)
    for hh, path in zip(here["household"].to_pylist(), here["path"].to_pylist()):
        path_of[hh].add(path)
    return sorted({(x, path) for x, hh in zip(mine["person"].to_pylist(), mine["household"].to_pylist())
                   for path in path_of.get(hh, ())})


def roster_persons(store: GraphStore, ids: set[str], tables: Tables | None = None) -> dict[str, RosterPerson]:
    """What a comparison needs of each roster person in ``ids`` (``tables``: homes from whole tables)."""
    if not ids:
        return {}
    params = {"ids": sorted(ids)}
    out = {x: RosterPerson(x, to_simplified(name or ""), gender, tuple(src or ()))
           for x, name, gender, src in _rows(store, PERSONS, params)}
    for (x,) in _rows(store, HOLDERS, params):
        out[x].holds_post = True
    for x, path in (_homes(tables, ids) if tables is not None else _rows(store, HOME, params)):
        if path:
            out[x].places.add(to_simplified(path))
    for x, programme, start, end in _rows(store, BENEFITS, params) + _rows(store, OWN_BENEFITS, params):
        for key in programmes_in(programme or ""):
            out[x].benefits.append((key, start if isinstance(start, dt.date) else None,
                                    end if isinstance(end, dt.date) else None))
    return out
