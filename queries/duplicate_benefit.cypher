// name: duplicate_benefit
// title: 重复享受 (duplicate benefits)
// description: One person in two beneficiary households with overlapping periods, or receiving two programmes that exclude each other (低保 and 特困供养). Filters: place (either household's village or town), programme (either benefit), since/until (both periods overlapping it). Evidence: both rows.
// params: place: string = "", programme: string = "", since: date = 1900-01-01, until: date = 2999-12-31, limit: int = 500
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
  AND ($programme = '' OR b1.programme CONTAINS $programme OR b2.programme CONTAINS $programme)
  AND (b1.start_date IS NULL OR b1.start_date <= $until) AND (b1.end_date IS NULL OR b1.end_date >= $since)
  AND (b2.start_date IS NULL OR b2.start_date <= $until) AND (b2.end_date IS NULL OR b2.end_date >= $since)
  AND ($place = '' OR EXISTS { MATCH (hx:Household)-[:LOCATED_IN]->(pl:Place) WHERE (hx.id = h1.id OR hx.id = h2.id)
       AND (pl.name = $place OR EXISTS { MATCH (pl)-[:PART_OF]->(t:Place) WHERE t.name = $place }) })
RETURN p.name AS person, coalesce(p.idno, p.idno_masked) AS person_idno, b1.programme AS programme_1, b2.programme AS programme_2,
       h1.id <> h2.id AS two_households,
       m1.sources + m2.sources AS evidence
ORDER BY person, p.id, b1.id, b2.id
LIMIT $limit
