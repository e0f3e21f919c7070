"""The demo corpus end to end: build, stats, idempotence, every saved query's rows.

The corpus is the project's own (``corpus/``, rebuilt by ``python -m corpus.build``);
``corpus/expected.json`` holds what its planted patterns must produce.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qinyou.graph.embedded import EmbeddedStore
from qinyou import api
from qinyou.cli import main
from qinyou.output import masked_records
from qinyou.settings import Settings, load

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = json.loads((ROOT / "corpus" / "expected.json").read_text(encoding="utf-8"))
TRUTH = json.loads((ROOT / "corpus" / "rosters" / "truth.json").read_text(encoding="utf-8"))["patterns"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    # raw numbers kept (QINYOU_STORE_IDNO=on): the revealed answers are compared with the truth's numbers
    settings = load(db_path=tmp_path_factory.mktemp("demo") / "db", store="embedded", store_idno=True)
    summary = api.build_demo(settings)
    assert summary is not None
    assert all(r.read == r.loaded + r.rejected for r in summary.reports)
    return settings


def rows(settings: Settings, name: str, reveal: bool = False, **params: Any) -> list[dict[str, Any]]:
    query, result = api.run_query(name, params, settings)
    return masked_records(result, query.private, reveal=reveal)


def test_demo_builds_once(demo: Settings) -> None:
    assert api.build_demo(demo) is None  # already there: nothing rebuilt


def test_ingesting_the_corpus_again_changes_nothing(demo: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo.db_path), "stats", "--format", "json"]) == 0
    before = json.loads(capsys.readouterr().out)
    paths = [str(p) for p in api.demo_paths()]
    assert main(["--db", str(demo.db_path), "ingest", *paths]) == 0
    out = capsys.readouterr().out
    assert "graph: 0 created, 0 updated" in out
    assert main(["--db", str(demo.db_path), "stats", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == before
    assert before["nodes"]["Person"] > 1000 and before["nodes"]["Case"] >= 3


def test_kin_benefit(demo: Settings) -> None:
    # the saved query reaches the pairs one recorded link joins (a household, a 备案 row); kinship
    # composed along several records is `qinyou detect`'s (test_kin_benefit_detect_finds_every_pair)
    found = rows(demo, "kin_benefit")
    assert len(found) == EXPECTED["kin_benefit_query"] < EXPECTED["kin_benefit"]
    revealed = rows(demo, "kin_benefit", reveal=True)
    pairs = {(r["cadre_idno"], r["beneficiary_idno"], r["programme"], r["declared"]) for r in revealed}
    assert pairs == {(p["cadre"], p["beneficiary"], p["programme"], p["declared"])
                     for p in TRUTH["kin_benefit"]["pairs"] if p["one_link"]}
    assert sum(r["declared"] for r in found) == EXPECTED["kin_benefit_query_declared"]
    for r in found:
        sources = {e["source"] for e in r["evidence"]}
        assert any("干部" in s for s in sources), "the cadre row is evidence"
        assert all("row" in e for e in r["evidence"])
        assert "*" in r["beneficiary_idno"] and "*" in r["beneficiary"], "personal data masked"


def test_kin_benefit_detect_finds_every_pair(demo: Settings, tmp_path: Path) -> None:
    out = tmp_path / "kin.jsonl"
    assert main(["--db", str(demo.db_path), "detect", "--rule", "kin_benefit", "--reveal", "--reason", "test oracle",
                 "--out", str(out)]) == 0
    found = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        f = json.loads(line)
        found.setdefault((f["people"][0]["idno"], f["people"][1]["idno"]), f)
    truth = {(p["cadre"], p["beneficiary"]): p for p in TRUTH["kin_benefit"]["pairs"]}
    assert set(found) == set(truth) and len(truth) == EXPECTED["kin_benefit"]
    for pair, p in truth.items():
        f = found[pair]
        assert (f["certainty"], f["declared"]) == (p["certainty"], p["declared"]), (p, f)
        assert f["certainty"] == "ambiguous" or f["relation"] == p["relation"], (p, f)
    # some of them only composed kinship reaches (a 备案 row, then the relative's household)
    assert any(not p["one_link"] for p in truth.values())


def test_kin_benefit_place_filter(demo: Settings) -> None:
    village = rows(demo, "kin_benefit")[0]["village"]
    assert {r["village"] for r in rows(demo, "kin_benefit", place=village)} == {village}
    assert rows(demo, "kin_benefit", place="没有这个村") == []


def test_self_benefit(demo: Settings) -> None:
    found = rows(demo, "self_benefit", reveal=True)
    assert {r["cadre_idno"] for r in found} == set(TRUTH["self_benefit"]["idnos"])


def test_deceased_paid(demo: Settings) -> None:
    found = rows(demo, "deceased_paid")
    assert len(found) == EXPECTED["deceased_paid"]
    revealed = rows(demo, "deceased_paid", reveal=True)
    assert {r["payee_idno"] for r in revealed} == set(TRUTH["deceased_paid"]["idnos"])
    assert sum(r["payments"] for r in found) == EXPECTED["deceased_paid_payments"]
    evidence = found[0]["evidence"]
    assert len(evidence) == 1 + found[0]["payments"]  # the death row and each payment row


def test_duplicate_benefit(demo: Settings) -> None:
    found = rows(demo, "duplicate_benefit")
    assert len(found) == EXPECTED["duplicate_benefit"]
    revealed = {r["person_idno"] for r in rows(demo, "duplicate_benefit", reveal=True)}
    truth = TRUTH["duplicate_benefit"]
    assert revealed == set(truth["two_households"]) | set(truth["dibao_and_tekun"])
    assert {r["two_households"] for r in found} == {True, False}


def test_repeat_offender(demo: Settings) -> None:
    found = rows(demo, "repeat_offender")
    assert [r["name"] for r in found] == EXPECTED["repeat_offender"]
    assert all("span" in e for e in found[0]["evidence"])


def test_post_after_punishment(demo: Settings) -> None:
    found = rows(demo, "post_after_punishment")
    assert sorted({r["name"] for r in found}) == EXPECTED["post_after_punishment"]
    sources = {e["source"] for r in found for e in r["evidence"]}
    assert any(s.endswith(".xlsx") for s in sources) and any("span" in e for r in found for e in r["evidence"])


def test_case_list_and_violation_filter(demo: Settings) -> None:
    cases = rows(demo, "case_list")
    assert len(cases) == EXPECTED["cases"]
    kin_cases = rows(demo, "case_list", violation="优亲厚友")
    assert kin_cases and all("优亲厚友" in c["violations"] for c in kin_cases)


def test_village_overview_and_network(demo: Settings) -> None:
    villages = rows(demo, "village_overview")
    assert len(villages) >= 8 and sum(v["households"] for v in villages) > 100
    name = EXPECTED["repeat_offender"][0]
    with EmbeddedStore(demo.db_path, read_only=True) as store:
        _, result = api.run_query("person_network", {"name": name}, demo, store=store)
    assert len(result) > 0


def test_query_command_masks_unless_revealed(demo: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo.db_path), "query", "deceased_paid", "--format", "json"]) == 0
    masked = json.loads(capsys.readouterr().out.splitlines()[0])
    assert main(["--db", str(demo.db_path), "query", "deceased_paid", "--format", "json", "--reveal", "--reason", "test oracle"]) == 0
    revealed = json.loads(capsys.readouterr().out.splitlines()[0])
    assert "*" in masked["payee_idno"] and "*" not in revealed["payee_idno"]
    assert len(revealed["payee_idno"]) == 18


def test_graph_query_renders_as_json_and_table(demo: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    name = EXPECTED["repeat_offender"][0]
    for fmt in ("json", "table", "csv"):
        assert main(["--db", str(demo.db_path), "query", "person_network", "-p", f"name={name}",
                     "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert out.strip()
    assert main(["--db", str(demo.db_path), "query", "person_network", "-p", f"name={name}",
                 "--format", "json"]) == 0
    paths = [json.loads(line)["path"] for line in capsys.readouterr().out.splitlines()]
    people = [n for p in paths for n in p["nodes"] if n["label"] == "Person" and "idno" in n]
    assert people and all("*" in n["idno"] and n["id"].endswith("***") for n in people)


def test_query_csv_export(demo: Settings, tmp_path: Path) -> None:
    out = tmp_path / "ledger.csv"
    assert main(["--db", str(demo.db_path), "query", "kin_benefit", "--format", "csv", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("cadre,cadre_idno,posts") and len(lines) == 1 + EXPECTED["kin_benefit_query"]


# -- analyst parameters of the rule queries filter what they say (place, programme, date range) --------------

@pytest.mark.parametrize("name", ["kin_benefit", "self_benefit", "deceased_paid", "duplicate_benefit",
                                  "post_after_punishment", "repeat_offender"])
def test_rule_queries_filter_by_place(demo: Settings, name: str) -> None:
    everything = rows(demo, name, reveal=True)
    assert everything, name
    assert rows(demo, name, place="没有这个村") == []
    if name == "repeat_offender":  # a notice names the county: filtering by it keeps everything
        assert rows(demo, name, reveal=True, place="东岭县") == everything
        return
    # every village and town keeps only its own findings, and together they give them all back
    overview = rows(demo, "village_overview", limit=1000)
    villages = sorted({v["village"] for v in overview})
    towns = sorted({v["path"].split("/")[-2] for v in overview})
    key = lambda r: json.dumps(r, sort_keys=True, default=str)  # noqa: E731
    per_place = {pl: {key(r) for r in rows(demo, name, reveal=True, place=pl)} for pl in villages + towns}
    assert set().union(*per_place.values()) == {key(r) for r in everything}
    if name in ("kin_benefit", "duplicate_benefit"):  # findings in several villages here
        assert any(0 < len(per_place[v]) < len(everything) for v in villages), name


def test_kin_benefit_programme_and_dates(demo: Settings) -> None:
    everything = rows(demo, "kin_benefit", reveal=True)
    programmes = {r["programme"] for r in everything}
    assert len(programmes) >= 2
    for prog in programmes:
        got = rows(demo, "kin_benefit", reveal=True, programme=prog)
        assert got and {r["programme"] for r in got} == {prog}
    # benefits all start by 2022: a range that ends earlier keeps fewer, one in the future none before it starts
    assert rows(demo, "kin_benefit", until="1990-01-01") == []
    early = rows(demo, "kin_benefit", until="2018-12-31")
    assert 0 < len(early) < len(everything)
    assert len(rows(demo, "kin_benefit", since="2030-01-01")) == len(everything)  # no end dates: still running


def test_deceased_paid_programme_and_dates(demo: Settings) -> None:
    everything = rows(demo, "deceased_paid", reveal=True)
    assert rows(demo, "deceased_paid", programme="没有这个项目") == []
    assert rows(demo, "deceased_paid", since="2024-01-01") == []       # all payments are in 2023
    late = rows(demo, "deceased_paid", reveal=True, since="2023-12-01")
    assert sum(r["payments"] for r in late) < sum(r["payments"] for r in everything)
    assert all(str(r["first_paid"]) >= "2023-12-01" for r in late)


def test_duplicate_and_self_benefit_programme_and_dates(demo: Settings) -> None:
    dup = rows(demo, "duplicate_benefit")
    tekun = rows(demo, "duplicate_benefit", programme="特困")
    assert tekun and len(tekun) < len(dup) and all(not r["two_households"] for r in tekun)
    assert rows(demo, "duplicate_benefit", until="1990-01-01") == []
    assert rows(demo, "self_benefit", until="1990-01-01") == []
    assert rows(demo, "self_benefit", programme="特困") == []


def test_notice_rules_place_and_dates(demo: Settings) -> None:
    punished = rows(demo, "post_after_punishment")
    assert rows(demo, "post_after_punishment", until="1990-01-01") == []
    assert rows(demo, "post_after_punishment", place=punished[0]["place"]) == punished[:1] or \
        {r["place"] for r in rows(demo, "post_after_punishment", place=punished[0]["place"])} == {punished[0]["place"]}
