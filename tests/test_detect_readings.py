"""`qinyou detect` on the hand-written worlds of kinworlds.py: every reading the records allow, no more.

A brother's 备案 姐夫 seen from his sister, a 子's 备案 侄女 seen from a head's
儿媳, twins, and siblings whose seniority the records do not give (docs/rules.md:
one certain reading with a seniority-neutral word).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qinyou.cli import main
from qinyou.graph.embedded import EmbeddedStore
from qinyou.ingest.rosters import read_roster
from idkeys import TEST_KEY
from kinworlds import EXPECTED, OUTSIDE, PEOPLE, cadres_csv, dibao_csv, households_csv, relatives_csv


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, Any]]:
    root = tmp_path_factory.mktemp("readings")
    files = {"户籍.csv": households_csv(), "低保.csv": dibao_csv(), "干部.csv": cadres_csv(),
             "近亲属备案.csv": relatives_csv()}
    store = EmbeddedStore(root / "db")
    try:
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
            batch, report = read_roster(root / name, key=TEST_KEY)
            assert report.rejected == 0, report.rejects
            store.load(batch)
    finally:
        store.close()
    out = root / "out.jsonl"
    assert main(["--db", str(root / "db"), "detect", "--rule", "kin_benefit", "--reveal", "--reason", "test oracle",
                 "--out", str(out)]) == 0
    name = {no: n for n, (no, _, _) in PEOPLE.items()}
    got: dict[tuple[str, str], dict[str, Any]] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        f = json.loads(line)
        got.setdefault((name[f["people"][0]["idno"]], name[f["people"][1]["idno"]]), f)
    return got


@pytest.mark.parametrize("pair", sorted(EXPECTED), ids=["-".join(p) for p in sorted(EXPECTED)])
def test_each_planted_pair(found: dict[tuple[str, str], dict[str, Any]], pair: tuple[str, str]) -> None:
    certainty, readings = EXPECTED[pair]
    f = found[pair]
    assert f["certainty"] == certainty, f
    if certainty == "certain":
        assert {(f["relation"], True)} == readings
    else:
        assert {(r["relation"], r["in_scope"]) for r in f["readings"]} == readings
        assert f["relation"] == "或".join(sorted(w for w, _ in readings))


def test_nothing_else_reported(found: dict[tuple[str, str], dict[str, Any]]) -> None:
    assert not set(OUTSIDE) & set(found)
    assert set(found) == set(EXPECTED)
