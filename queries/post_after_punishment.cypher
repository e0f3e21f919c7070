// name: post_after_punishment
// title: 带病上岗 (holding a post after a severe penalty)
// description: A person punished with 撤销党内职务, 留党察看, 开除党籍, 撤职 or 开除 (or a criminal sentence) in a notice who holds a post after that date: the roster cadre with the same name in the same village or town. Filters: place (the post's village or town), since/until (penalty date). Evidence: the notice span and the cadre row.
// params: place: string = "", since: date = 1900-01-01, until: date = 2999-12-31, limit: int = 200
// returns: table
MATCH (np:Person)-[:PENALISED]->(pen:Penalty)
WHERE pen.severe = true AND pen.date IS NOT NULL AND pen.date >= $since AND pen.date <= $until
MATCH (np)-[:LOCATED_IN]->(pl:Place)
MATCH (rp:Person)-[:HOLDS]->(pt:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(vp:Place)
WHERE rp.name = np.name AND rp.id <> np.id AND vp.name = pl.name
  AND (pt.end_date IS NULL OR pt.end_date > pen.date)
  AND ($place = '' OR vp.name = $place OR EXISTS { MATCH (vp)-[:PART_OF]->(t:Place) WHERE t.name = $place })
RETURN np.name AS name, pen.penalty AS penalty, pen.date AS punished_on, pt.title AS post,
       vp.name AS place, pt.start_date AS post_from, pt.end_date AS post_to,
       coalesce(rp.idno, rp.idno_masked) AS cadre_idno, pen.sources + pt.sources AS evidence
ORDER BY punished_on, name, np.id, pen.id, rp.id, pt.id, vp.id
LIMIT $limit
