// name: self_benefit
// title: 村干部本人家庭享受低保 (cadres in beneficiary households)
// description: A cadre who is a member of a household that receives a benefit while holding the post; filters: place (the post's village or town, or the household's village), programme, since/until (benefit period overlapping). Evidence: the cadre row and the beneficiary rows.
// params: place: string = "", programme: string = "", since: date = 1900-01-01, until: date = 2999-12-31, limit: int = 500
// returns: table
MATCH (c:Person)-[:HOLDS]->(pt:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(op:Place)
MATCH (c)-[m:MEMBER_OF]->(h:Household)-[:RECEIVES]->(ben:Benefit)
WHERE (pt.end_date IS NULL OR ben.start_date IS NULL OR ben.start_date <= pt.end_date)
  AND (ben.end_date IS NULL OR pt.start_date IS NULL OR pt.start_date <= ben.end_date)
  AND ($programme = '' OR ben.programme CONTAINS $programme)
  AND (ben.start_date IS NULL OR ben.start_date <= $until) AND (ben.end_date IS NULL OR ben.end_date >= $since)
  AND ($place = '' OR op.name = $place OR EXISTS { MATCH (h)-[:LOCATED_IN]->(hp:Place) WHERE hp.name = $place
       OR EXISTS { MATCH (hp)-[:PART_OF]->(t:Place) WHERE t.name = $place } })
RETURN c.name AS cadre, coalesce(c.idno, c.idno_masked) AS cadre_idno, pt.title AS post, op.name AS post_place,
       m.relation_to_head AS relation_to_head, ben.programme AS programme, ben.monthly_yuan AS monthly_yuan,
       pt.sources + m.sources AS evidence
ORDER BY post_place, cadre, c.id, pt.id, ben.id
LIMIT $limit
