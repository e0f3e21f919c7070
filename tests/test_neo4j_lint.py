"""Neo4j-path Cypher checked offline by Neo4j's own linter (no server needed).

Every statement the Neo4j store can send and the Neo4j text of every saved
query go through ``lintCypherQuery`` of ``@neo4j-cypher/language-support``
(``tools/cypherlint``), with the labels, types, property keys and
(from)-[type]->(to) patterns of ``graph/schema``. Errors fail, and so do the
warnings that mean "not in the schema": with the whole schema declared, those
are typos or relationships drawn the wrong way round.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

import pytest

from qinyou.graph.model import schema
from qinyou.graph.neo4j_store import statements
from qinyou.queries.catalog import load_queries

LINT_DIR = Path(__file__).resolve().parents[1] / "tools" / "cypherlint"
PACKAGE = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support" / "package.json"
SCHEMA_WARNING = re.compile(r"is not present in the database|has no (incoming|outgoing)")
#: keys of the store's UNWIND rows that are not stored properties (read as r.from, r.to)
ROW_KEYS = ("from", "to")

pytestmark = pytest.mark.slow


def lint_schema() -> dict[str, Any]:
    """The linter's picture of the database, derived from graph/schema."""
    sch = schema()
    keys = {p for n in sch.nodes.values() for p in n.all_props()}
    keys |= {p for r in sch.rels.values() for p in r.all_props()}
    return {"labels": sorted(sch.nodes), "relationshipTypes": sorted(sch.rels),
            "propertyKeys": sorted(keys | set(ROW_KEYS)),
            "graphSchema": [{"from": a, "relType": r.name, "to": b}
                            for r in sch.rels.values() for a, b in r.ends]}


def run_linter(queries: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    """Exit status and report of ``lint.mjs``; missing node or package fails under CI."""
    problem = ("node is not installed" if shutil.which("node") is None else
               "the linter is not installed: run tools/cypherlint/install.sh" if not PACKAGE.exists()
               else None)
    if problem:
        message = f"Neo4j Cypher lint unavailable: {problem}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    proc = subprocess.run(["node", str(LINT_DIR / "lint.mjs")], cwd=LINT_DIR, capture_output=True,
                          text=True, timeout=600,
                          input=json.dumps({"schema": lint_schema(), "queries": queries}, default=str))
    assert proc.returncode in (0, 1), f"lint.mjs failed to run: {proc.stderr}"
    return proc.returncode, json.loads(proc.stdout)


def project_queries() -> list[dict[str, Any]]:
    out = [{"name": f"store {name}", "query": text, "params": {"rows": []}}
           for name, text in statements().items()]
    out += [{"name": f"query {q.name}", "query": q.text_for("neo4j"),
             "params": {p.name: p.default for p in q.params}} for q in load_queries().values()]
    return out


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return run_linter(project_queries())[1]


def problems(report: dict[str, Any], prefix: str) -> list[str]:
    """Errors and schema warnings of the queries whose name starts with ``prefix``."""
    out = []
    for result in report["results"]:
        if result["name"].startswith(prefix):
            out += [f"{result['name']} {d['line']}:{d['column']} error: {d['message']}" for d in result["errors"]]
            out += [f"{result['name']} {d['line']}:{d['column']} warning: {d['message']}"
                    for d in result["warnings"] if SCHEMA_WARNING.search(d["message"])]
    return out


def test_every_store_statement_passes_the_neo4j_linter(report: dict[str, Any]) -> None:
    linted = {r["name"] for r in report["results"]}
    assert {f"store {n}" for n in statements()} <= linted
    found = problems(report, "store ")
    assert not found, "Neo4j linter:\n" + "\n".join(found)


def test_every_saved_query_passes_the_neo4j_linter(report: dict[str, Any]) -> None:
    assert load_queries(), "no saved queries found"
    found = problems(report, "query ")
    assert not found, "Neo4j linter:\n" + "\n".join(found)
    other = [f"{r['name']}: {d['message']}" for r in report["results"] for d in r["warnings"]
             if not SCHEMA_WARNING.search(d["message"])]
    if other:  # deprecations and the like: shown in pytest's summary, not fatal
        warnings.warn("Neo4j linter warnings:\n" + "\n".join(other), stacklevel=1)


BROKEN = {
    "syntax": ("MATCH (p:Person RETURN p", {}, "Invalid input"),
    "undeclared parameter": ("MATCH (p:Person) WHERE p.name = $nme RETURN p", {"name": ""},
                             "Parameter $nme is not defined"),
    "LadybugDB-only function": ("MATCH (p:Person) RETURN list_transform(p.sources, s -> s)", {},
                                "list_transform is not present"),
    "misspelt label": ("MATCH (p:Persn) RETURN p", {}, "Label Persn is not present"),
    "wrong direction": ("MATCH (h:Household)-[:MEMBER_OF]->(p:Person) RETURN h", {}, "has no"),
    "unknown property": ("MATCH (p:Person) RETURN p.idnumber", {}, "idnumber is not present"),
}


def test_the_linter_catches_broken_cypher() -> None:
    queries = [{"name": name, "query": q, "params": params} for name, (q, params, _) in BROKEN.items()]
    status, found = run_linter(queries)
    assert status == 1 and not found["ok"]
    by_name = {r["name"]: r for r in found["results"]}
    for name, (_, _, expected) in BROKEN.items():
        flagged = problems({"results": [by_name[name]]}, name)
        assert any(expected in p for p in flagged), f"{name}: {by_name[name]}"
