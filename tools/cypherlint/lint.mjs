#!/usr/bin/env node
// Lint Cypher for Neo4j 5 offline, with Neo4j's own language-support library.
//
// Usage:  node lint.mjs [input.json]        (reads stdin when no file is given)
//
// Input is either a JSON array of queries, or {"schema": {...}, "queries": [...]}:
//   query:  {"name": "...", "query": "MATCH ...", "params": {"rows": [], "limit": 10}}
//           `params` declares the $parameters the query may use (values are examples);
//           an undeclared $parameter is an error.
//   schema: {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...],
//            "graphSchema": [{"from": "Person", "relType": "KIN", "to": "Person"}]}
//           Labels, types and keys outside it are reported as warnings.
//
// Output (stdout): {"ok": bool, "errors": n, "warnings": n,
//                   "results": [{"name", "errors": [...], "warnings": [...]}]}
// each diagnostic being {"message", "line", "column"} (1-based).
// Exit status: 0 no errors, 1 some query has an error, 2 bad input.
import { readFileSync } from 'node:fs';
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const CYPHER_VERSION = 'CYPHER 5';
const ERROR = 1;
const WARNING = 2;

function fail(message) {
  process.stderr.write(`cypherlint: ${message}\n`);
  process.exit(2);
}

// Neo4j's built-in functions (the registry the library's own tests use, taken from a
// Neo4j 5 server), so a misspelt or non-Neo4j function is an error. Plugins are left out.
function builtInFunctions() {
  const out = {};
  for (const [version, registry] of Object.entries(testData.mockSchema.functions ?? {})) {
    out[version] = Object.fromEntries(
      Object.entries(registry).filter(([, fn]) => fn.isBuiltIn === true),
    );
  }
  return out;
}

function diagnostic(d) {
  return { message: d.message, line: d.range.start.line + 1, column: d.range.start.character + 1 };
}

let input;
try {
  const text = readFileSync(process.argv[2] ?? 0, 'utf8');
  input = JSON.parse(text);
} catch (err) {
  fail(`cannot read the input: ${err.message}`);
}
const queries = Array.isArray(input) ? input : input?.queries;
if (!Array.isArray(queries)) fail('input must be an array of queries or {"schema", "queries"}');
const schema = Array.isArray(input) ? {} : (input.schema ?? {});

const functions = builtInFunctions();
const results = [];
let errors = 0;
let warnings = 0;
for (const [i, item] of queries.entries()) {
  if (typeof item?.query !== 'string') fail(`query #${i} has no "query" string`);
  const params = Array.isArray(item.params)
    ? Object.fromEntries(item.params.map((p) => [p, null]))
    : (item.params ?? {});
  const dbSchema = {
    labels: schema.labels ?? [],
    relationshipTypes: schema.relationshipTypes ?? [],
    propertyKeys: schema.propertyKeys ?? [],
    graphSchema: schema.graphSchema,
    parameters: params,
    functions,
    defaultLanguage: CYPHER_VERSION,
  };
  const { diagnostics } = lintCypherQuery(item.query, dbSchema);
  const result = {
    name: item.name ?? `#${i}`,
    errors: diagnostics.filter((d) => d.severity === ERROR).map(diagnostic),
    warnings: diagnostics.filter((d) => d.severity !== ERROR).map(diagnostic),
  };
  errors += result.errors.length;
  warnings += result.warnings.length;
  results.push(result);
}
process.stdout.write(`${JSON.stringify({ ok: errors === 0, errors, warnings, results }, null, 1)}\n`);
process.exit(errors === 0 ? 0 : 1);
