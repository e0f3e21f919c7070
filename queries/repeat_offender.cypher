// name: repeat_offender
// title: 屡查屡犯 (one person in several case notices)
// description: A person named (unmasked) in two or more case notices in the same county, or linked across notices by a stored judgement that they are the same person. Evidence: the notice spans.
// params: min_cases: int = 2, limit: int = 200
// returns: table
MATCH (p:Person)-[:INVOLVED_IN]->(c:`Case`)
WHERE p.masked = false OR p.masked IS NULL
OPTIONAL MATCH (p)-[:LOCATED_IN]->(pl:Place)
OPTIONAL MATCH (p)-[j:SAME_AS]-(q:Person)
WITH p, c, pl, CASE WHEN j.verdict = 'same' AND q.id < p.id THEN q.id ELSE p.id END AS anchor
WITH CASE WHEN anchor <> p.id THEN anchor ELSE p.name + '@' + coalesce(split(pl.path, '/')[0], '') END AS who,
     p, c
WITH who, collect(DISTINCT p.name) AS names, collect(DISTINCT c.id) AS cases, collect(DISTINCT c.doc) AS notices,
     collect(p.sources) AS spans
WHERE size(cases) >= $min_cases
RETURN names[0] AS name, size(cases) AS n_cases, notices, reduce(acc = [], s IN spans | acc + s) AS evidence
ORDER BY n_cases DESC, name
LIMIT $limit
// variant: ladybug
MATCH (p:Person)-[:INVOLVED_IN]->(c:`Case`)
WHERE p.masked = false OR p.masked IS NULL
OPTIONAL MATCH (p)-[:LOCATED_IN]->(pl:Place)
OPTIONAL MATCH (p)-[j:SAME_AS]-(q:Person)
WITH p, c, pl, CASE WHEN j.verdict = 'same' AND q.id < p.id THEN q.id ELSE p.id END AS anchor
WITH CASE WHEN anchor <> p.id THEN anchor ELSE p.name + '@' + coalesce(string_split(pl.path, '/')[1], '') END AS who,
     p, c
WITH who, collect(DISTINCT p.name) AS names, collect(DISTINCT c.id) AS cases, collect(DISTINCT c.doc) AS notices,
     collect(p.sources) AS spans
WHERE size(cases) >= $min_cases
RETURN names[1] AS name, size(cases) AS n_cases, notices, list_reduce(spans, (x, y) -> list_concat(x, y)) AS evidence
ORDER BY n_cases DESC, name
LIMIT $limit
