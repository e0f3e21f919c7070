// name: kin_benefit
// title: 村干部近亲属享受低保 (cadres' close relatives receiving benefits)
// description: Beneficiaries within the legal 近亲属 scope of a cadre of the same village, or of a town official of the same town, for household benefits (低保, 特困) and personal ones (残疾人补贴); declared says whether a 近亲属备案 row covers the pair. Evidence: the cadre row, every row of the kin link, the beneficiary's rows.
// params: place: string = "", legal_only: bool = true, limit: int = 500
// returns: table
// private: beneficiary
MATCH (c:Person)-[:HOLDS]->(post:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(op:Place)
MATCH (c)-[k:KIN]->(b:Person)-[:MEMBER_OF]->(:Household)-[:LOCATED_IN]->(hp:Place)
WHERE b.id <> c.id
  AND (k.legal_scope = true OR $legal_only = false)
  AND (op.id = hp.id OR (op.level = 'town' AND EXISTS { MATCH (hp)-[:PART_OF]->(op) }))
  AND ($place = '' OR hp.name = $place OR op.name = $place)
MATCH got = (b)-[:MEMBER_OF|RECEIVES*1..2]->(ben:Benefit)
WITH DISTINCT c, post, op, k, b, ben, hp, relationships(got)[0] AS first,
     EXISTS { MATCH (c)-[d:KIN]-(b) WHERE d.basis = 'declared' } AS declared
RETURN c.name AS cadre, c.idno AS cadre_idno, post.title AS post, op.name AS post_place,
       b.name AS beneficiary, b.idno AS beneficiary_idno, k.relation AS relation, k.basis AS basis,
       ben.programme AS programme, hp.name AS village, declared,
       post.sources + k.sources + first.sources AS evidence
ORDER BY declared, village, cadre, beneficiary, programme
LIMIT $limit
// variant: ladybug
MATCH (c:Person)-[:HOLDS]->(post:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(op:Place)
MATCH (c)-[k:KIN]->(b:Person)-[:MEMBER_OF]->(:Household)-[:LOCATED_IN]->(hp:Place)
WHERE b.id <> c.id
  AND (k.legal_scope = true OR $legal_only = false)
  AND (op.id = hp.id OR (op.level = 'town' AND EXISTS { MATCH (hp)-[:PART_OF]->(op) }))
  AND ($place = '' OR hp.name = $place OR op.name = $place)
MATCH got = (b)-[:MEMBER_OF|RECEIVES*1..2]->(ben:Benefit)
WITH DISTINCT c, post, op, k, b, ben, hp, rels(got)[1] AS first,
     EXISTS { MATCH (c)-[d:KIN]-(b) WHERE d.basis = 'declared' } AS declared
RETURN c.name AS cadre, c.idno AS cadre_idno, post.title AS post, op.name AS post_place,
       b.name AS beneficiary, b.idno AS beneficiary_idno, k.relation AS relation, k.basis AS basis,
       ben.programme AS programme, hp.name AS village, declared,
       list_concat(list_concat(post.sources, k.sources), first.sources) AS evidence
ORDER BY declared, village, cadre, beneficiary, programme
LIMIT $limit
