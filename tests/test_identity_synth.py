"""Identity and the notice rules on synthetic counties with notices, against their truth.

``qinyou synth --notices`` writes case notices about the county's cadres with traps
(same full name in two villages, a masked name with only a town, one person in full
and masked) and a truth computed from the generator, not from identity or the
extractor. The whole pipeline runs: rosters and notices ingested, notices read by
the real extractor, candidates scored, automatic judgements written, rules run.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from qinyou import api
from qinyou.detect.rules import detect
from qinyou.graph.embedded import EmbeddedStore
from qinyou.identity.evaluation import evaluate
from qinyou.identity.network import offenders
from qinyou.identity.resolution import resolve
from qinyou.idstore import installation_key
from qinyou.ingest.synth import generate
from qinyou.settings import load

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=[1, 3])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp(f"county{request.param}")
    truth = generate(out / "files", 100, request.param, notices=8)
    # the raw numbers are kept (QINYOU_STORE_IDNO=on) so findings can be compared with the truth's numbers
    api.ingest([out / "files"], load(store="embedded", db_path=out / "db", store_idno=True))
    return out / "db", truth


def test_automatic_judgements_are_right_and_traps_wait(world: tuple[Path, dict[str, Any]]) -> None:
    db, truth = world
    traps = Counter(m["trap"] for m in truth["notices"]["mentions"])
    assert traps["same_name"] == 2 and traps["town_only"] == 1 and traps["full_then_masked"] >= 2
    with EmbeddedStore(db) as store:
        result = resolve(store)
        key = installation_key(load(store="embedded", db_path=db), create=False)
        assert key is not None
        score = evaluate(store, truth, result, key)
    assert score.auto >= 15 and score.wrong_links == [] and score.precision == 1.0
    assert score.trap_links == 0
    assert score.recall >= 0.85  # the misses are items whose place the extractor does not read (和-places)
    # the relatives the notices name, joined to roster persons who are not cadres
    assert score.rel_linkable >= 10 and score.rel_auto >= 1 and score.rel_precision == 1.0
    assert score.rel_recall >= 0.7 and score.rel_ambiguous_linked == 0


def test_repeat_offenders_and_post_after_punishment(world: tuple[Path, dict[str, Any]]) -> None:
    db, truth = world
    mentions = [m for m in truth["notices"]["mentions"] if m.get("role", "subject") == "subject"]
    counts = Counter(m["idno"] for m in mentions if m["idno"])
    want_repeat = {idno for idno, n in counts.items() if n >= 2}
    want_post = {m["idno"] for m in mentions if m["idno"] and m["severe"] and m["in_post_after"]}
    assert len(want_repeat) >= 4 and len(want_post) >= 2
    with EmbeddedStore(db, read_only=True) as store:
        found = detect(store, ["repeat_offender", "post_after_punishment"])
    repeat = [f.people[0].idno for f in found if f.rule == "repeat_offender"]
    post = [f.people[1].idno for f in found if f.rule == "post_after_punishment"]
    assert set(repeat) <= want_repeat and len(repeat) == len(set(repeat))  # precision 1.0, one finding each
    assert set(post) <= want_post
    assert len(set(repeat) & want_repeat) >= len(want_repeat) - 1
    assert set(post) == want_post


def test_co_offenders_form_their_groups(world: tuple[Path, dict[str, Any]]) -> None:
    db, truth = world
    pairs = {tuple(p) for p in truth["notices"]["co_offenders"]}
    assert pairs
    with EmbeddedStore(db, read_only=True) as store:
        report = offenders(store)
        idno = dict(store.read("MATCH (p:Person) WHERE p.idno IS NOT NULL RETURN p.id, p.idno").rows)
    groups = [{idno.get(k) for k in g} for g in report.groups]
    assert all(any(set(pair) <= g for g in groups) for pair in pairs)
    assert all(len(g) >= 2 for g in report.groups)


def test_places_ranked_at_their_own_level(world: tuple[Path, dict[str, Any]]) -> None:
    """Villages rank villages and towns rank towns, whatever level a notice's place path starts at."""
    db, _ = world
    with EmbeddedStore(db, read_only=True) as store:
        report = offenders(store)
        level = dict(store.read("MATCH (pl:Place) RETURN pl.path, pl.level").rows)
        cases_in = dict(store.read("MATCH (c:`Case`)-[:LOCATED_IN]->(pl:Place) WHERE pl.level = 'village' "
                                   "RETURN pl.path, count(DISTINCT c)").rows)
    assert report.villages and report.towns
    assert {level[r.place] for r in report.villages} == {"village"}
    assert {level[r.place] for r in report.towns} == {"town"}
    assert sum(r.cases for r in report.villages) >= sum(cases_in.values()) > 0


@pytest.mark.parametrize("path, want", [
    ("青石镇/柳溪村", ("青石镇", "青石镇/柳溪村")),                       # a notice that names no county
    ("东岭县/青石镇/柳溪村", ("东岭县/青石镇", "东岭县/青石镇/柳溪村")),
    ("东岭县/柳溪村", (None, "东岭县/柳溪村")),                           # no town named
    ("东岭县/青石镇/柳溪村/三组", ("东岭县/青石镇", "东岭县/青石镇/柳溪村")),  # a villagers' group
    ("东岭县", (None, None)),
    (None, (None, None)),
])
def test_town_and_village_read_from_levels_not_depth(path: str | None, want: tuple[str | None, str | None]) -> None:
    from qinyou.identity.network import _levels

    level_of = {"青石镇": "town", "青石镇/柳溪村": "village", "东岭县": "county", "东岭县/青石镇": "town",
                "东岭县/青石镇/柳溪村": "village", "东岭县/柳溪村": "village", "东岭县/青石镇/柳溪村/三组": "group"}
    assert _levels(path, level_of) == want
