// name: repeat_offender
// title: 屡查屡犯 (one person in several case notices)
// description: The same unmasked name in two or more cases under the same top-level place (usually the county) — a lead to confirm with `qinyou judge`. Filter: place (any level of the person's or the case's place). Evidence: the notice spans.
// params: min_cases: int = 2, place: string = "", limit: int = 200
// returns: table
MATCH (p:Person)-[:INVOLVED_IN]->(c:`Case`)
WHERE p.masked = false OR p.masked IS NULL
OPTIONAL MATCH (p)-[:LOCATED_IN]->(pl:Place)
OPTIONAL MATCH (c)-[:LOCATED_IN]->(cl:Place)
WITH p, c, coalesce(pl.path, cl.path, '') AS path
WHERE $place = '' OR $place IN split(path, '/')
WITH p.name + '@' + split(path, '/')[0] AS who, p, c
ORDER BY who, c.doc, c.id, p.id  // the lists below in one order on every run
WITH who, collect(DISTINCT p.name) AS names, collect(DISTINCT c.id) AS cases, collect(DISTINCT c.doc) AS notices,
     collect(p.sources) AS spans
WHERE size(cases) >= $min_cases
RETURN names[0] AS name, size(cases) AS n_cases, notices, reduce(acc = [], s IN spans | acc + s) AS evidence
ORDER BY n_cases DESC, name, who
LIMIT $limit
// variant: ladybug
MATCH (p:Person)-[:INVOLVED_IN]->(c:`Case`)
WHERE p.masked = false OR p.masked IS NULL
OPTIONAL MATCH (p)-[:LOCATED_IN]->(pl:Place)
OPTIONAL MATCH (c)-[:LOCATED_IN]->(cl:Place)
WITH p, c, coalesce(pl.path, cl.path, '') AS path
WHERE $place = '' OR list_contains(string_split(path, '/'), $place)
WITH p.name + '@' + string_split(path, '/')[1] AS who, p, c
WITH who, list_sort(collect(DISTINCT p.name)) AS names, collect(DISTINCT c.id) AS cases,
     list_sort(collect(DISTINCT c.doc)) AS notices, collect(p.sources) AS spans
WHERE size(cases) >= $min_cases
RETURN names[1] AS name, size(cases) AS n_cases, notices,
       list_sort(list_reduce(spans, (x, y) -> list_concat(x, y))) AS evidence
ORDER BY n_cases DESC, name, who
LIMIT $limit
