"""The kinship algebra against a hand-written oracle (tests/data/kinship_oracle.tsv).

The table was written from the definitions of the words and of the legal scopes,
not produced by the code; where python3-relationship knows a word, the table is
also checked against it (so a slip in the table shows up too).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from qinyou.graph.kinship import Fact, Node, readings, readings_of_path, scope, word
from qinyou.graph.kinship.chain import Step, ids, parse_ids
from qinyou.graph.kinship.vocabulary import library_chains

TABLE = Path(__file__).parent / "data" / "kinship_oracle.tsv"
SCOPES = ("dibao", "civil_code", "civil_service")


@dataclass
class Case:
    case: str
    persons: dict[str, Node]
    facts: list[tuple[str, str, str]]
    ids: list[str]
    words: list[str]
    certain: bool
    scopes: dict[str, str]


def _cases() -> list[Case]:
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    head = lines[0].split("\t")
    out = []
    for line in lines[1:]:
        row = dict(zip(head, line.split("\t")))
        persons = {}
        for p in row["persons"].split():
            name, spec = p.split("=")
            persons[name] = Node(name, None if spec[0] == "?" else spec[0], f"{spec[1:]}-01-01")
        facts = []
        for f in row["facts"].split(";"):
            pair, w = f.strip().split(":")
            a, b = pair.split(">")
            facts.append((a, b, w))
        out.append(Case(row["case"], persons, facts,
                        [] if row["ids"] == "-" else row["ids"].split("|"),
                        [] if row["words"] == "-" else row["words"].split("|"),
                        row["certain"] == "1", {s: row[s] for s in SCOPES}))
    return out


CASES = _cases()


def _compose(c: Case) -> set[tuple[Step, ...]]:
    names = list(c.persons)
    ego, target = c.persons[names[0]], c.persons[names[-1]]
    path, at = [], ego.id
    for a, b, w in c.facts:
        chains = readings(w)
        if chains is None:
            return set()
        fact = Fact(c.persons[a], c.persons[b], chains, w)
        forward = a == at
        at = b if forward else a
        path.append((fact, forward))
    assert at == target.id, c.case
    return set(readings_of_path(ego, path))


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 150
    assert len({c.case for c in CASES}) == len(CASES)


@pytest.mark.parametrize("c", CASES, ids=[c.case for c in CASES])
def test_case(c: Case) -> None:
    got = _compose(c)
    assert sorted(ids(x) for x in got) == sorted(c.ids), c.case
    ego, target = list(c.persons.values())[0], list(c.persons.values())[-1]
    older = None if ego.birth == target.birth else target.birth < ego.birth  # type: ignore[operator]
    assert sorted(word(x, older) for x in got) == sorted(c.words)
    assert (len(got) == 1) == c.certain
    for name in SCOPES:
        if not got:
            continue
        inside = {scope(name).contains(x) for x in got}
        expect = c.scopes[name]
        assert (inside == {True} if expect == "in" else inside == {False} if expect == "out"
                else inside == {True, False}), (c.case, name)


SINGLE = [c for c in CASES if len(c.facts) == 1 and c.ids and c.case.startswith("d")]


@pytest.mark.parametrize("c", SINGLE, ids=[c.case for c in SINGLE])
def test_table_agrees_with_the_library(c: Case) -> None:
    """Where python3-relationship knows the word written in a 备案 row, its chain is the table's."""
    w = c.facts[0][2]
    lib = library_chains(w)
    if not lib:
        pytest.skip(f"python3-relationship does not know {w}")
    want = {ids(tuple(Step(s.kind, s.sex) for s in parse_ids(i))) for i in c.ids}
    have = {ids(tuple(Step(s.kind, s.sex) for s in x)) for x in lib}
    assert want <= have, (w, have)


REGIONAL = ["丈人", "小叔子", "姨父", "妯娌", "连襟", "丈母娘", "大舅子", "小姨子", "大伯子", "小姑子",
            "姥爷", "姥姥", "外公", "外婆", "婆婆", "公公", "儿媳妇", "老丈人", "弟妹", "姑妈", "舅妈", "婶婶"]


@pytest.mark.parametrize("w", REGIONAL)
def test_regional_and_old_words_are_known(w: str) -> None:
    assert readings(w)
