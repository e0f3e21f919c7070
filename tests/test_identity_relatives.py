"""Relatives named in notices, resolved against roster persons who are not cadres (issue 14).

A small county written by hand: cadre 杨春 of 前堡村; the rosters make 杨建民 his 弟弟
(household) and 杨志强, 杨志刚 his sons. Traps: another 杨建民 on 低保 in 铁堡村 (same
name, another village), 杨建国 on 低保 in 前堡村 (fits 杨某某, not kin), 杨丽华 on 低保
in 前堡村 (a woman: never a 弟). One notice names 其弟杨某某, one 其儿子杨某某 (two sons
fit: it must wait), one 其弟杨建民 in full.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qinyou.graph.batch import GraphBatch
from qinyou.graph.embedded import EmbeddedStore
from qinyou.graph.judgements import Verdicts
from qinyou.graph.provenance import row_source, span_source
from qinyou.identity.relatives import relation_fits, sex_of_relation
from qinyou.identity.resolution import AUTO_BY, resolve, stored_judgements, undo
from storedump import everything
from idkeys import TEST_KEY

COUNTY, TOWN = "东岭县", "东岭县/石口镇"
QIANBAO, TIEBAO = f"{TOWN}/前堡村", f"{TOWN}/铁堡村"
PEOPLE = {  # key: name, ID number (17th digit odd = 男), village
    "cadre": ("杨春", "452731197001010011", QIANBAO),
    "brother": ("杨建民", "452731197501010031", QIANBAO),
    "son1": ("杨志强", "452731199501010051", QIANBAO),
    "son2": ("杨志刚", "452731199701010071", QIANBAO),
    "namesake": ("杨建民", "452731197601010091", TIEBAO),
    "villager": ("杨建国", "452731197701010113", QIANBAO),
    "woman": ("杨丽华", "452731197801010122", QIANBAO),
}
ON_DIBAO = ("brother", "son1", "son2", "namesake", "villager", "woman")
KIN = (("brother", "弟弟"), ("son1", "儿子"), ("son2", "儿子"))
NOTICES = {"D1": ("弟", "杨某某"), "D2": ("儿子", "杨某某"), "D3": ("弟", "杨建民")}


def county_batch() -> GraphBatch:
    b = GraphBatch(id_key=TEST_KEY)
    src = row_source("households.csv", 2)
    place = {p: b.node("Place", src, name=p.rsplit("/", 1)[-1], level=lvl, path=p)
             for p, lvl in ((COUNTY, "county"), (TOWN, "town"), (QIANBAO, "village"), (TIEBAO, "village"))}
    pid = {}
    for row, (key, (name, idno, village)) in enumerate(PEOPLE.items(), 2):
        s = row_source("households.csv", row)
        pid[key] = b.node("Person", s, name=name, idno=idno, gender="男" if int(idno[16]) % 2 else "女")
        hh = b.node("Household", s, hh_no=f"H{row}", head=pid[key], head_name=name)
        b.rel("MEMBER_OF", "Person", pid[key], "Household", hh, s, relation_to_head="户主")
        b.rel("LOCATED_IN", "Household", hh, "Place", place[village], s)
        if key in ON_DIBAO:
            ben = b.node("Benefit", row_source("dibao.csv", row), holder=hh, programme="农村低保",
                         start_date=dt.date(2019, 1, 1))
            b.rel("RECEIVES", "Household", hh, "Benefit", ben, row_source("dibao.csv", row))
    s = row_source("cadres.xlsx", 2)
    post = b.node("Post", s, holder=pid["cadre"], title="村委会主任", org="前堡村村委", start_date=dt.date(2016, 1, 1))
    org = b.node("Org", s, name="前堡村村委", place_path=QIANBAO)
    b.rel("HOLDS", "Person", pid["cadre"], "Post", post, s)
    b.rel("IN_ORG", "Post", post, "Org", org, s)
    b.rel("LOCATED_IN", "Org", org, "Place", place[QIANBAO], s)
    for key, word in KIN:
        b.rel("KIN", "Person", pid["cadre"], "Person", pid[key], row_source("households.csv", 2),
              relation=word, basis="household")
    for doc, (written_rel, kin_name) in NOTICES.items():
        text = (f"一、东岭县石口镇前堡村村委会主任杨春优亲厚友问题。2020年至2021年，杨春在担任村委会主任期间，"
                f"违规将其{written_rel}{kin_name}纳入农村低保。2022年3月，杨春受到党内警告处分。")
        whole = span_source(doc, 0, len(text))
        b.node("Document", whole, name=doc, doc_kind="notice", text=text)
        case = b.node("Case", whole, doc=doc, item="1", title="杨春优亲厚友问题", period="2020年至2021年")
        at = text.index("杨春")
        official = b.node("Person", span_source(doc, at, at + 2), name="杨春", scope=doc, masked=False)
        b.rel("INVOLVED_IN", "Person", official, "Case", case, span_source(doc, at, at + 2), role="subject")
        b.rel("LOCATED_IN", "Person", official, "Place", place[QIANBAO], span_source(doc, at, at + 2))
        p = b.node("Post", span_source(doc, at - 5, at), holder=official, title="村委会主任")
        b.rel("HOLDS", "Person", official, "Post", p, span_source(doc, at - 5, at))
        k = text.index("其" + written_rel)
        ksrc = span_source(doc, k, k + 1 + len(written_rel) + len(kin_name))
        rel = b.node("Person", ksrc, name=kin_name, scope=doc, masked="某" in kin_name)
        b.rel("INVOLVED_IN", "Person", rel, "Case", case, ksrc, role="relative")
        b.rel("KIN", "Person", official, "Person", rel, ksrc, relation="弟弟" if written_rel == "弟" else written_rel,
              relation_raw=written_rel, basis="notice")
    return b


@pytest.fixture()
def store(tmp_path: Path) -> EmbeddedStore:
    s = EmbeddedStore(tmp_path / "db")
    s.load(county_batch())
    yield s
    s.close()


def _ids(store: EmbeddedStore) -> dict[str, str]:
    rows = store.read("MATCH (p:Person) RETURN p.id, p.idno, p.scope, p.name").rows
    out = {f"{scope}:{name}": pid for pid, idno, scope, name in rows if scope}
    out.update({key: pid for pid, idno, _, _ in rows for key, (_, number, _) in PEOPLE.items() if idno == number})
    return out


def test_relation_words_and_their_sex() -> None:
    assert relation_fits("儿子", "侄子或儿子") and not relation_fits("弟弟", "儿子")
    assert (sex_of_relation("弟弟"), sex_of_relation("妻子"), sex_of_relation("配偶")) == ("男", "女", None)


def test_the_cadres_brother_is_joined_and_the_traps_are_not(store: EmbeddedStore) -> None:
    ids = _ids(store)
    result = resolve(store)
    v = Verdicts(stored_judgements(store))
    assert v.between(ids["D1:杨春"], ids["cadre"]) == "same"
    assert v.between(ids["D1:杨某某"], ids["brother"]) == "same"  # masked, but the rosters say 弟弟
    assert v.between(ids["D3:杨建民"], ids["brother"]) == "same"
    for notice in ("D1:杨某某", "D2:杨某某", "D3:杨建民"):
        assert v.between(ids[notice], ids["namesake"]) != "same"  # same name, another village
        assert v.between(ids[notice], ids["villager"]) != "same"  # fits, on 低保, but not his kin
    pairs = {frozenset(c.pair) for c in result.candidates}
    assert frozenset((ids["D1:杨某某"], ids["woman"])) not in pairs  # a 弟 is a man
    best = next(c for c in result.judged if ids["brother"] in c.pair and ids["D1:杨某某"] in c.pair)
    assert [f.name for f in best.comparison.agreed()][:3] == ["name", "kin", "sex"]
    assert all(c.comparison.score >= 0.98 for c in result.judged)


def test_a_masked_son_fitting_two_sons_waits_for_review(store: EmbeddedStore) -> None:
    ids = _ids(store)
    result = resolve(store)
    son = ids["D2:杨某某"]
    assert all(son not in c.pair for c in result.judged)
    waiting = {x for c in result.pending if son in c.pair for x in c.pair} - {son}
    assert {ids["son1"], ids["son2"]} <= waiting
    reasons = [f.detail for c in result.pending if son in c.pair for f in c.comparison.agreed()]
    assert any("儿子" in r for r in reasons)


def test_relative_judgements_are_reversible(store: EmbeddedStore) -> None:
    before = everything(store)
    resolve(store)
    autos = [j for j in stored_judgements(store) if j.judged_by == AUTO_BY]
    assert len(autos) >= 3
    for j in autos:
        undo(store, j.a, j.b)
    assert everything(store) == before
