"""Synthetic county: every bad row rejected with its class, no good row rejected, patterns in the graph."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from qinyou.graph.batch import GraphBatch
from qinyou.graph.embedded import EmbeddedStore
from qinyou.ingest.rosters import read_roster
from qinyou.ingest.synth import generate
from idkeys import TEST_KEY

VILLAGES, SEED = 8, 3


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("county")
    return out, generate(out, VILLAGES, SEED)


@pytest.fixture(scope="module")
def read(county: tuple[Path, dict]) -> tuple[GraphBatch, dict]:  # type: ignore[type-arg]
    out, truth = county
    batch, reports = GraphBatch(id_key=TEST_KEY), {}
    for name in truth["files"]:
        b, rep = read_roster(out / name, key=TEST_KEY)
        batch.extend(b)
        reports[name] = rep
    return batch, reports


def test_truth_file_matches_return(county: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    out, truth = county
    assert json.loads((out / "truth.json").read_text(encoding="utf-8"))["files"] == truth["files"]
    assert set(truth["patterns"]) == {"kin_benefit", "self_benefit", "deceased_paid", "duplicate_benefit"}
    assert all(truth["patterns"][k]["count"] >= 1 for k in truth["patterns"])
    assert truth["patterns"]["kin_benefit"]["declared"] >= 1 and truth["patterns"]["kin_benefit"]["undeclared"] >= 1


def test_every_file_as_expected(county: tuple[Path, dict], read: tuple[GraphBatch, dict]) -> None:  # type: ignore[type-arg]
    _, truth = county
    _, reports = read
    for name, expected in truth["files"].items():
        rep = reports[name]
        assert rep.kind == expected["kind"], name
        assert (rep.loaded, rep.rejected) == (expected["loaded"], expected["rejected"]), name
        got = Counter(r.reason.split(":")[0] for r in rep.rejects)
        assert dict(got) == expected["bad_rows"], name
        assert all(r.row >= expected["first_data_row"] for r in rep.rejects)
        # a relation word nobody knows loads, and is listed as a warning (never rejected)
        assert rep.unrecognised == expected["warnings"].get("unknown_relation", 0), name
        assert not any("relation" in r.reason for r in rep.rejects), name
    assert any(f["warnings"] for f in truth["files"].values())
    classes = set().union(*(f["bad_rows"] for f in truth["files"].values()))
    assert {"idno_check", "idno_excel", "idno_birth", "idno_format", "missing_value", "duplicate", "bad_date",
            "bad_number", "total_row"} <= classes


def test_formats_present(county: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    out, truth = county
    fmts = {f["fmt"] for f in truth["files"].values()}
    assert {"csv-gb18030", "csv-utf8-bom", "csv-utf8", "xlsx"} <= fmts
    gb = next(n for n, f in truth["files"].items() if f["fmt"] == "csv-gb18030")
    with pytest.raises(UnicodeDecodeError):
        (out / gb).read_bytes().decode("utf-8")


def test_deterministic(county: tuple[Path, dict], tmp_path: Path) -> None:  # type: ignore[type-arg]
    out, truth = county
    again = generate(tmp_path, VILLAGES, SEED)
    assert again == json.loads(json.dumps(truth, default=str))
    for name in truth["files"]:
        if name.endswith(".csv"):
            assert (out / name).read_bytes() == (tmp_path / name).read_bytes()


def test_people_and_patterns_in_graph(county: tuple[Path, dict], read: tuple[GraphBatch, dict]) -> None:  # type: ignore[type-arg]
    _, truth = county
    batch, _ = read
    nodes, rels = batch.node_frames(), batch.rel_frames()
    people = nodes["Person"]
    assert len(people) == truth["persons"]  # overlapping rosters (and 15-digit IDs) merge into one person
    assert people["idno"].is_unique
    by_idno = people.set_index("idno")["id"]
    # deceased paid: payments dated after the death
    death = nodes["Death"].set_index("person")["date"]
    pay = nodes["Payment"]
    late = pay[pay["date"] > pay["payee"].map(death).fillna("9999")]
    assert sorted(set(late["payee"])) == sorted(by_idno[truth["patterns"]["deceased_paid"]["idnos"]])
    assert len(late) == truth["patterns"]["deceased_paid"]["payments"]
    # declared kin pairs are KIN links with basis declared (the others are composed along the records)
    kin = rels[("KIN", "Person", "Person")]
    declared = set(zip(kin[kin["basis"] == "declared"]["from"], kin[kin["basis"] == "declared"]["to"]))
    for pair in truth["patterns"]["kin_benefit"]["pairs"]:
        key = (by_idno[pair["cadre"]], by_idno[pair["beneficiary"]])
        assert (key in declared or key[::-1] in declared) == pair["declared"]
    # every node and relationship carries provenance
    for frame in [*nodes.values(), *rels.values()]:
        assert frame["sources"].map(len).min() >= 1


def test_ingest_twice_changes_nothing(county: tuple[Path, dict], tmp_path: Path) -> None:  # type: ignore[type-arg]
    out, truth = county
    store = EmbeddedStore(tmp_path / "db")
    try:
        for _ in range(2):
            batch = GraphBatch(id_key=TEST_KEY)
            for name in truth["files"]:
                batch.extend(read_roster(out / name, key=TEST_KEY)[0])
            store.load(batch)
            if _ == 0:
                first = store.counts()
        assert store.counts() == first
        assert first["nodes"]["Person"] == truth["persons"]
    finally:
        store.close()
