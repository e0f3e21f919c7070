"""Parity: the embedded store and a real Neo4j give the same answers on the same input.

The demo corpus, and a small synthetic county, are each loaded into a fresh
embedded store and into the scratch Neo4j database (the Neo4j tier: see
tests/conftest.py); then ``qinyou stats``, every stored property, and every
saved query, with its defaults and at least one other parameter set, must agree
row for row (in order; ``returns: graph`` queries have no order and are
compared as multisets of rows).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import neo4j_scratch_settings, wipe_neo4j, TEST_KEY_FILE
from store_compare import answer, canon, every_query_has_runs, first_difference, query_answers, store_snapshot
from qinyou import api
from qinyou.cli import main
from qinyou.queries.catalog import load_queries
from qinyou.settings import Settings, load
from qinyou.stores import open_store

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def parameter_sets(settings: Settings) -> dict[str, list[dict[str, Any]]]:
    """Defaults and other parameter sets for every saved query, with places and names from the data."""
    _, villages = api.run_query("village_overview", {}, settings)
    busy = next(r for r in villages.records() if r["households"] > 0)["village"]
    _, kin = api.run_query("kin_benefit", {"legal_only": False}, settings)
    cadre_village = kin.records()[0]["village"] if kin.rows else busy
    cadre = kin.records()[0]["cadre"] if kin.rows else ""
    _, cases = api.run_query("case_list", {}, settings)
    violation = next((v for r in cases.records() for v in (r["violations"] or [])), "优亲厚友")
    return {
        "case_list": [{}, {"violation": violation, "limit": 3}],
        "deceased_paid": [{}, {"min_days": 60, "limit": 3}],
        "duplicate_benefit": [{}, {"limit": 1}],
        "kin_benefit": [{}, {"place": cadre_village, "legal_only": False}, {"limit": 2}],
        "person_network": [{}, {"name": cadre, "limit": 100_000}],
        "post_after_punishment": [{}, {"limit": 1}],
        "repeat_offender": [{}, {"min_cases": 1, "limit": 20}],
        "self_benefit": [{}, {"place": busy}],
        "village_overview": [{}, {"limit": 3}],
    }


def detect_answers(settings: Settings, place: str) -> dict[str, Any]:
    """`qinyou detect` (every rule) with its defaults, another scope, and one place: findings, unmasked, in order."""
    from qinyou.detect import detect

    out = {}
    with open_store(settings, read_only=True) as store:
        for label, kwargs in (("defaults", {}), ("civil_code", {"scope": "civil_code"}), ("place", {"place": place})):
            found = detect(store, None, kwargs.get("place"), kwargs.get("scope", "dibao"))
            out[f"detect {label}"] = (["finding"], [canon(f.as_dict(reveal=True)) for f in found])
    return out


def unordered(answers: dict[str, Any]) -> dict[str, Any]:
    """Graph queries (``returns: graph``) promise no row order: their rows as a sorted list."""
    graph = {name for name, q in load_queries().items() if q.returns == "graph"}
    return {key: (cols, sorted(rows, key=repr)) if key.split(" ", 1)[0] in graph else (cols, rows)
            for key, (cols, rows) in answers.items()}


def inputs(kind: str, tmp: Path) -> list[Path]:
    if kind == "demo":
        return api.demo_paths()
    county = tmp / "county"
    assert main(["synth", "--out", str(county), "--villages", "4", "--seed", "13"]) == 0
    return [county]


@pytest.mark.parametrize("kind", ["demo", "county"])
def test_both_stores_give_the_same_answers(kind: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    neo = neo4j_scratch_settings()
    wipe_neo4j(neo)
    emb = load(store="embedded", db_path=tmp_path / "db", id_key_file=TEST_KEY_FILE)
    paths = inputs(kind, tmp_path)
    for settings in (emb, neo):
        summary = api.ingest(paths, settings)
        assert sum(summary.load.created.values()) > 0

    # qinyou stats, as the command prints it
    capsys.readouterr()
    printed = {}
    for settings in (emb, neo):
        assert main(["--store", settings.store, "--db", str(emb.db_path), "stats", "--format", "json"]) == 0
        printed[settings.store] = json.loads(capsys.readouterr().out)
    assert printed["neo4j"] == printed["embedded"]
    assert printed["embedded"]["nodes"]["Person"] > 1000

    # every element, every property
    left, right = store_snapshot(emb), store_snapshot(neo)
    assert left == right, first_difference(left, right)

    # every saved query, defaults and more
    runs = parameter_sets(emb)
    every_query_has_runs(runs)
    left, right = unordered(query_answers(emb, runs)), unordered(query_answers(neo, runs))
    assert left == right, first_difference(left, right)
    nonempty = [key for key, (_, rows) in left.items() if rows]
    assert len(nonempty) >= len(runs), f"too few queries found anything: {nonempty}"

    # qinyou detect: every rule's findings with their evidence, row for row
    place = runs["self_benefit"][1]["place"]
    left, right = detect_answers(emb, place), detect_answers(neo, place)
    assert left == right, first_difference(left, right)
    assert left["detect defaults"][1], "detect found nothing to compare"


def test_answers_compare_values_not_just_shapes() -> None:
    """The comparison itself tells different answers apart (a guard against a vacuous parity)."""
    from qinyou.graph.result import GNode, Result

    a = Result(["p", "n"], [[GNode("1", "Person", {"id": "P:1", "name": "王", "x": None}), 1.0]])
    same = Result(["p", "n"], [[GNode("9", "Person", {"id": "P:1", "name": "王", "y": []}), 1.0000000001]])
    other = Result(["p", "n"], [[GNode("1", "Person", {"id": "P:1", "name": "李"}), 1.0]])
    assert answer(a) == answer(same)
    assert answer(a) != answer(other)
