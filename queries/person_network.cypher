// name: person_network
// title: 人员关系网络 (a person's network)
// description: Everything within two steps of the persons with this name: kin, households, posts, cases, benefits. Start an investigation from a name.
// params: name: string = "", limit: int = 300
// returns: graph
MATCH (p:Person)
WHERE p.name = $name
MATCH path = (p)-[*1..2]-(x)
RETURN path
LIMIT $limit
// variant: ladybug
// Neo4j never uses one relationship twice in a path (trail semantics); LadybugDB's default walks do.
// (LadybugDB 0.22 returns broken paths for `WHERE is_trail(path)` right after the MATCH: TRAIL instead.)
MATCH (p:Person)
WHERE p.name = $name
MATCH path = (p)-[* TRAIL 1..2]-(x)
RETURN path
LIMIT $limit
