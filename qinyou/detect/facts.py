"""What the rules read from a store: plain Cypher that runs on LadybugDB and Neo4j alike."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qinyou.graph.store import GraphStore
from qinyou.identity import kinreading

PERSONS = "MATCH (p:Person) WHERE p.idno_masked IS NOT NULL RETURN p.id AS id, p.name AS name, " \
          "coalesce(p.idno, p.idno_masked) AS idno, " \
          "p.gender AS gender, p.birth_date AS birth"
POSTS = ("MATCH (c:Person)-[:HOLDS]->(post:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(op:Place) "
         "RETURN c.id AS person, post.id AS post, post.title AS title, post.level AS level, "
         "post.start_date AS since, post.end_date AS until, post.sources AS sources, op.path AS path, op.name AS place")
#: the text identity reads memberships with: read once, through :meth:`Facts.table`, for both
MEMBERS = kinreading.MEMBERS
HOUSEHOLD_PLACES = "MATCH (h:Household)-[:LOCATED_IN]->(pl:Place) RETURN h.id AS household, pl.path AS path"
DECLARED = ("MATCH (a:Person)-[k:KIN]->(b:Person) WHERE k.basis = 'declared' "
            "RETURN a.id AS a, b.id AS b, k.relation_raw AS word, k.sources AS sources")
NOTICE_PEOPLE = ("MATCH (p:Person)-[i:INVOLVED_IN]->(c:`Case`) "
                 "OPTIONAL MATCH (p)-[:LOCATED_IN]->(pl:Place) OPTIONAL MATCH (c)-[:LOCATED_IN]->(cl:Place) "
                 "RETURN p.id AS person, p.name AS name, p.masked AS masked, c.id AS case_id, c.doc AS doc, "
                 "i.role AS role, i.sources AS sources, p.sources AS person_sources, pl.path AS path, cl.path AS case_path")
PENALTIES = ("MATCH (p:Person)-[:PENALISED]->(pen:Penalty) WHERE pen.severe = true AND pen.date IS NOT NULL "
             "OPTIONAL MATCH (p)-[:LOCATED_IN]->(pl:Place) "
             "RETURN p.id AS person, p.name AS name, pen.id AS penalty, pen.penalty AS what, pen.date AS date, "
             "pen.sources AS sources, pl.path AS path, pl.name AS place")
POST_NAMES = ("MATCH (c:Person)-[:HOLDS]->(post:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(op:Place) "
              "RETURN c.id AS person, c.name AS name, coalesce(c.idno, c.idno_masked) AS idno, post.id AS post, post.title AS title, "
              "post.start_date AS since, post.end_date AS until, post.sources AS sources, op.path AS path")


def text(value: Any) -> str | None:
    """Dates and other values as ISO text (None stays None)."""
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@dataclass
class Facts:
    """Rows of each query, read on demand and kept."""

    store: GraphStore
    _cache: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)  # derived data shared by several rules
    extra: dict[str, Any] = field(default_factory=dict)  # derived once per run (identities)

    def table(self, cypher: str) -> Any:
        """A whole table read through Arrow (``pyarrow.Table``), kept: the rules and identity share it."""
        key = ("table", cypher)
        if key not in self.memo:
            self.memo[key] = self.store.read_table(cypher, name="detect")
        return self.memo[key]

    def rows(self, cypher: str, bulk: bool = False) -> list[dict[str, Any]]:
        """The rows of a query of plain values; ``bulk``: read through Arrow (no per-value conversion)."""
        if cypher not in self._cache:
            self._cache[cypher] = self.store.read_table(cypher, name="detect").to_pylist() if bulk \
                else self.store.read(cypher, {}, name="detect").records()
        return self._cache[cypher]


#: every benefit with its receiver (a household or a person): joined to the memberships in Python
HOUSEHOLD_BENEFITS = ("MATCH (h:Household)-[:RECEIVES]->(b:Benefit) RETURN h.id AS holder, b.id AS benefit, "
                      "b.programme AS programme, b.start_date AS since, b.end_date AS until, b.sources AS sources")
PERSON_BENEFITS = ("MATCH (p:Person)-[:RECEIVES]->(b:Benefit) RETURN p.id AS holder, b.id AS benefit, "
                   "b.programme AS programme, b.start_date AS since, b.end_date AS until, b.sources AS sources")
# -- reads restricted to given people (``$ids``) or joined in the store: what the rules need, not the whole graph --
PERSONS_BY_ID = ("UNWIND $ids AS x MATCH (p:Person {id: x}) RETURN p.id AS id, p.name AS name, "
                 "coalesce(p.idno, p.idno_masked) AS idno, p.gender AS gender, p.birth_date AS birth")
PLACES_OF = ("UNWIND $ids AS x MATCH (p:Person {id: x})-[:MEMBER_OF]->(h:Household)-[:LOCATED_IN]->(pl:Place) "
             "RETURN p.id AS person, pl.path AS path")
HOUSEHOLD_PLACES_BY_ID = ("UNWIND $ids AS x MATCH (h:Household {id: x})-[:LOCATED_IN]->(pl:Place) "
                          "RETURN h.id AS household, pl.path AS path")
#: people covered by two or more benefits (the candidates of duplicate_benefit)
MULTI_COVERED = ("MATCH (p:Person)-[:MEMBER_OF]->(:Household)-[:RECEIVES]->(b:Benefit) "
                 "WITH p, count(DISTINCT b) AS n WHERE n >= 2 RETURN p.id AS id")
#: payments after the payee's death, joined in the store
LATE_PAYMENTS = ("MATCH (d:Death)-[:DEATH_OF]->(p:Person)<-[:PAID_TO]-(pay:Payment) WHERE pay.date > d.date "
                 "RETURN p.id AS person, d.id AS death, d.date AS died, d.sources AS death_sources, "
                 "pay.id AS payment, pay.date AS date, pay.amount_yuan AS amount, pay.sources AS sources")


def rows_for(f: "Facts", cypher: str, ids: "set[str] | list[str]") -> list[dict[str, Any]]:
    """Rows of a ``$ids`` query (sorted ids, so the same ids give the same rows; nothing read for none)."""
    if not ids:
        return []
    return f.store.read(cypher, {"ids": sorted(ids)}, name="detect").records()
