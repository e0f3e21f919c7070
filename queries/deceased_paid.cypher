// name: deceased_paid
// title: 死亡仍领取 (payments after death)
// description: Payments dated after the payee's registered death. Evidence: the death row and each such payment row. Filters: place (the payee's village or town), programme, since/until (payment dates).
// params: min_days: int = 0, place: string = "", programme: string = "", since: date = 1900-01-01, until: date = 2999-12-31, limit: int = 500
// returns: table
// private: payee
MATCH (d:Death)-[:DEATH_OF]->(p:Person)<-[:PAID_TO]-(pay:Payment)
WHERE pay.date > d.date + duration({days: $min_days})
  AND ($programme = '' OR pay.programme CONTAINS $programme) AND pay.date >= $since AND pay.date <= $until
  AND ($place = '' OR EXISTS { MATCH (p)-[:MEMBER_OF]->(:Household)-[:LOCATED_IN]->(pl:Place) WHERE pl.name = $place OR EXISTS { MATCH (pl)-[:PART_OF]->(t:Place) WHERE t.name = $place } })
WITH p, d, count(pay) AS payments, sum(pay.amount_yuan) AS total_yuan, min(pay.date) AS first_paid,
     max(pay.date) AS last_paid, collect(pay.sources) AS pay_sources
RETURN p.name AS payee, coalesce(p.idno, p.idno_masked) AS payee_idno, d.date AS died, payments, total_yuan, first_paid, last_paid,
       d.sources + reduce(acc = [], s IN pay_sources | acc + s) AS evidence
ORDER BY total_yuan DESC, p.id, d.id
LIMIT $limit
// variant: ladybug
MATCH (d:Death)-[:DEATH_OF]->(p:Person)<-[:PAID_TO]-(pay:Payment)
WHERE pay.date > d.date + to_days($min_days)
  AND ($programme = '' OR pay.programme CONTAINS $programme) AND pay.date >= $since AND pay.date <= $until
  AND ($place = '' OR EXISTS { MATCH (p)-[:MEMBER_OF]->(:Household)-[:LOCATED_IN]->(pl:Place) WHERE pl.name = $place OR EXISTS { MATCH (pl)-[:PART_OF]->(t:Place) WHERE t.name = $place } })
WITH p, d, count(pay) AS payments, sum(pay.amount_yuan) AS total_yuan, min(pay.date) AS first_paid,
     max(pay.date) AS last_paid, collect(pay.sources) AS pay_sources
RETURN p.name AS payee, coalesce(p.idno, p.idno_masked) AS payee_idno, d.date AS died, payments, total_yuan, first_paid, last_paid,
       list_concat(d.sources, list_reduce(pay_sources, (x, y) -> list_concat(x, y))) AS evidence
ORDER BY total_yuan DESC, p.id, d.id
LIMIT $limit
