// name: kin_benefit
// title: 村干部近亲属享受低保 (cadres' close relatives receiving benefits)
// description: Beneficiaries one recorded link (a shared household or a 备案 row) from a cadre of the same village, or a town official of the same town, within the legal 近亲属 scope (legal_only; other presets and kinship composed along several records: `qinyou detect --scope`), while the cadre held the post; filters: place (village or town), programme (part of its name), since/until (benefit period overlapping), for household benefits (低保, 特困) and personal ones (残疾人补贴); one row per cadre, relative and programme. declared says whether a 近亲属备案 row covers the pair. Evidence: the cadre rows, every row of the kin links, the beneficiary's rows.
// params: place: string = "", programme: string = "", since: date = 1900-01-01, until: date = 2999-12-31, legal_only: bool = true, limit: int = 500
// returns: table
// private: beneficiary
MATCH (c:Person)-[:HOLDS]->(post:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(op:Place)
MATCH (c)-[k:KIN]->(b:Person)-[:MEMBER_OF]->(:Household)-[:LOCATED_IN]->(hp:Place)
WHERE b.id <> c.id
  AND (k.legal_scope = true OR k.legal_scope IS NULL OR $legal_only = false)
  AND (op.id = hp.id OR (op.level = 'town' AND EXISTS { MATCH (hp)-[:PART_OF]->(op) }))
  AND ($place = '' OR hp.name = $place OR op.name = $place
       OR EXISTS { MATCH (hp)-[:PART_OF]->(t:Place) WHERE t.name = $place })
MATCH got = (b)-[:MEMBER_OF|RECEIVES*1..2]->(ben:Benefit)
WHERE ($programme = '' OR ben.programme CONTAINS $programme)
  AND (ben.start_date IS NULL OR ben.start_date <= $until) AND (ben.end_date IS NULL OR ben.end_date >= $since)
  AND (post.end_date IS NULL OR ben.start_date IS NULL OR ben.start_date <= post.end_date)
  AND (ben.end_date IS NULL OR post.start_date IS NULL OR post.start_date <= ben.end_date)
WITH c, b, ben, hp, post, op, k, relationships(got)[0] AS first
WITH c, b, ben, hp, collect(DISTINCT post.title) AS posts, collect(DISTINCT op.name) AS post_places,
     collect(DISTINCT k.relation) AS relations, collect(DISTINCT k.basis) AS bases,
     collect(post.sources) + collect(k.sources) + collect(first.sources) AS nested
WITH c, b, ben, hp, posts, post_places, relations, bases, nested,
     EXISTS { MATCH (c)-[d:KIN]-(b) WHERE d.basis = 'declared' } AS declared
RETURN c.name AS cadre, coalesce(c.idno, c.idno_masked) AS cadre_idno, posts, post_places, b.name AS beneficiary,
       coalesce(b.idno, b.idno_masked) AS beneficiary_idno, relations, bases, ben.programme AS programme, hp.name AS village,
       declared, reduce(acc = [], s IN nested | acc + s) AS evidence
ORDER BY declared, village, cadre, beneficiary, programme, c.id, b.id, ben.id
LIMIT $limit
// variant: ladybug
MATCH (c:Person)-[:HOLDS]->(post:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(op:Place)
MATCH (c)-[k:KIN]->(b:Person)-[:MEMBER_OF]->(:Household)-[:LOCATED_IN]->(hp:Place)
WHERE b.id <> c.id
  AND (k.legal_scope = true OR k.legal_scope IS NULL OR $legal_only = false)
  AND (op.id = hp.id OR (op.level = 'town' AND EXISTS { MATCH (hp)-[:PART_OF]->(op) }))
  AND ($place = '' OR hp.name = $place OR op.name = $place
       OR EXISTS { MATCH (hp)-[:PART_OF]->(t:Place) WHERE t.name = $place })
MATCH got = (b)-[:MEMBER_OF|RECEIVES*1..2]->(ben:Benefit)
WHERE ($programme = '' OR ben.programme CONTAINS $programme)
  AND (ben.start_date IS NULL OR ben.start_date <= $until) AND (ben.end_date IS NULL OR ben.end_date >= $since)
  AND (post.end_date IS NULL OR ben.start_date IS NULL OR ben.start_date <= post.end_date)
  AND (ben.end_date IS NULL OR post.start_date IS NULL OR post.start_date <= ben.end_date)
WITH c, b, ben, hp, post, op, k, rels(got)[1] AS first
WITH c, b, ben, hp, collect(DISTINCT post.title) AS posts, collect(DISTINCT op.name) AS post_places,
     collect(DISTINCT k.relation) AS relations, collect(DISTINCT k.basis) AS bases,
     list_concat(list_concat(collect(post.sources), collect(k.sources)), collect(first.sources)) AS nested
WITH c, b, ben, hp, posts, post_places, relations, bases, nested,
     EXISTS { MATCH (c)-[d:KIN]-(b) WHERE d.basis = 'declared' } AS declared
RETURN c.name AS cadre, coalesce(c.idno, c.idno_masked) AS cadre_idno, posts, post_places, b.name AS beneficiary,
       coalesce(b.idno, b.idno_masked) AS beneficiary_idno, relations, bases, ben.programme AS programme, hp.name AS village,
       declared, list_reduce(nested, (x, y) -> list_concat(x, y)) AS evidence
ORDER BY declared, village, cadre, beneficiary, programme, c.id, b.id, ben.id
LIMIT $limit
