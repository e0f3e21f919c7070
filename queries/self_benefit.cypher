// name: self_benefit
// title: 村干部本人家庭享受低保 (cadres in beneficiary households)
// description: A cadre who is a member of a household that receives a benefit while holding the post. Evidence: the cadre row and the beneficiary rows.
// params: place: string = "", limit: int = 500
// returns: table
MATCH (c:Person)-[:HOLDS]->(pt:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(op:Place)
MATCH (c)-[m:MEMBER_OF]->(h:Household)-[:RECEIVES]->(ben:Benefit)
WHERE (pt.end_date IS NULL OR ben.start_date IS NULL OR ben.start_date <= pt.end_date)
  AND (ben.end_date IS NULL OR pt.start_date IS NULL OR pt.start_date <= ben.end_date)
  AND ($place = '' OR op.name = $place)
RETURN c.name AS cadre, c.idno AS cadre_idno, pt.title AS post, op.name AS post_place,
       m.relation_to_head AS relation_to_head, ben.programme AS programme, ben.monthly_yuan AS monthly_yuan,
       pt.sources + m.sources AS evidence
ORDER BY post_place, cadre, c.id, pt.id, ben.id
LIMIT $limit
