// name: case_list
// title: 案件清单 (cases from notices)
// description: Every case read from the notices with its violations, amounts, people and penalties; filter by a violation label (优亲厚友, 虚报冒领 ...).
// params: violation: string = "", limit: int = 500
// returns: table
MATCH (c:`Case`)
WHERE $violation = '' OR $violation IN c.violations
OPTIONAL MATCH (p:Person)-[i:INVOLVED_IN]->(c)
WITH c, collect(DISTINCT p.name) AS people
OPTIONAL MATCH (pen:Penalty)-[:PENALTY_IN]->(c)
RETURN c.doc AS notice, c.item AS item, c.title AS title, c.violations AS violations, c.amounts_yuan AS amounts_yuan,
       c.period AS period, c.recovered AS recovered, people, collect(pen.penalty) AS penalties, c.sources AS evidence
ORDER BY notice, size(item), item
LIMIT $limit
