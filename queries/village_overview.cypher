// name: village_overview
// title: 村情概览 (villages at a glance)
// description: Per village: households, beneficiary households, cadres and cases, to see where to look first.
// params: limit: int = 500
// returns: table
MATCH (v:Place)
WHERE v.level = 'village'
OPTIONAL MATCH (h:Household)-[:LOCATED_IN]->(v)
WITH v, count(DISTINCT h) AS households
OPTIONAL MATCH (bh:Household)-[:LOCATED_IN]->(v)
WHERE EXISTS { MATCH (bh)-[:RECEIVES]->(:Benefit) }
WITH v, households, count(DISTINCT bh) AS beneficiary_households
OPTIONAL MATCH (c:Person)-[:HOLDS]->(:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(v)
WITH v, households, beneficiary_households, count(DISTINCT c) AS cadres
OPTIONAL MATCH (k:`Case`)-[:LOCATED_IN]->(v)
RETURN v.name AS village, v.path AS path, households, beneficiary_households, cadres, count(DISTINCT k) AS cases
ORDER BY cases DESC, beneficiary_households DESC, village, path
LIMIT $limit
