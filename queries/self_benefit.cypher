// name: self_benefit
// title: 村干部本人家庭享受低保 (cadres in beneficiary households)
// description: A cadre who is a member of a household that receives a benefit while holding the post. Evidence: the cadre row and the beneficiary rows.
// params: place: string = "", limit: int = 500
// returns: table
MATCH (c:Person)-[:HOLDS]->(post:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(op:Place)
MATCH (c)-[m:MEMBER_OF]->(h:Household)-[:RECEIVES]->(ben:Benefit)
WHERE (post.end_date IS NULL OR ben.start_date IS NULL OR ben.start_date <= post.end_date)
  AND (ben.end_date IS NULL OR post.start_date IS NULL OR post.start_date <= ben.end_date)
  AND ($place = '' OR op.name = $place)
RETURN c.name AS cadre, c.idno AS cadre_idno, post.title AS post, op.name AS post_place,
       m.relation_to_head AS relation_to_head, ben.programme AS programme, ben.monthly_yuan AS monthly_yuan,
       post.sources + m.sources AS evidence
ORDER BY post_place, cadre
LIMIT $limit
