// name: duplicate_benefit
// title: 重复享受 (duplicate benefits)
// description: One person in two beneficiary households with overlapping periods, or receiving two programmes that exclude each other (低保 and 特困供养). Evidence: both rows.
// params: limit: int = 500
// returns: table
// private: person
MATCH (p:Person)-[m1:MEMBER_OF]->(h1:Household)-[:RECEIVES]->(b1:Benefit)
WITH p, m1, h1, b1
MATCH (p)-[m2:MEMBER_OF]->(h2:Household)-[:RECEIVES]->(b2:Benefit)
WHERE b1.id < b2.id
  AND (h1.id <> h2.id
       OR (b1.programme CONTAINS '低保' AND b2.programme CONTAINS '特困')
       OR (b1.programme CONTAINS '特困' AND b2.programme CONTAINS '低保'))
  AND (b1.end_date IS NULL OR b2.start_date IS NULL OR b2.start_date <= b1.end_date)
  AND (b2.end_date IS NULL OR b1.start_date IS NULL OR b1.start_date <= b2.end_date)
RETURN p.name AS person, p.idno AS person_idno, b1.programme AS programme_1, b2.programme AS programme_2,
       h1.id <> h2.id AS two_households,
       m1.sources + m2.sources AS evidence
ORDER BY person, p.id, b1.id, b2.id
LIMIT $limit
