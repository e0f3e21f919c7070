"""Identity: masked names as partial identities, scored candidates with reasons, judgements
that are transitive and reversible, on a real embedded store built here.

The county below has the traps investigators meet: two cadres called 王建国 in two
villages of one town, three cadres surnamed 赵 in one town, one cadre named in
full in one notice and masked in another.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qinyou.graph.batch import GraphBatch
from qinyou.graph.embedded import EmbeddedStore
from qinyou.graph.judgements import Judgement, Verdicts, judgement_batch
from qinyou.graph.provenance import row_source, span_source
from qinyou.identity.candidates import automatic, candidates
from qinyou.identity.names import NamePattern
from qinyou.identity.profile import Profile, compare
from qinyou.identity.reading import read_profiles
from qinyou.identity.resolution import resolve, stored_judgements, undo
from storedump import everything
from idkeys import TEST_KEY

# (one way of writing, another, could they be one person?) — written from the masking convention
NAME_CASES = [
    ("王建国", "王建国", True), ("王建国", "王建军", False), ("王某", "王建国", True), ("王某", "王军", True),
    ("王某", "汪军", False), ("王某某", "王建国", True), ("王某某", "王军", False), ("王某某", "王某", True),
    ("黄某聪", "黄德聪", True), ("黄某聪", "黄德明", False), ("黄某聪", "黄某某", True), ("黄某聪", "黄某", True),
    ("黄某聪", "黄聪", False), ("黃某聰", "黄德聪", True), ("欧阳某某", "欧阳建华", True), ("欧阳某", "欧某某", False),
    ("王 建 国", "王建国", True), ("王建国", "王建", False), ("李某某", "王某某", False), ("某某", "王某", False),
]


@pytest.mark.parametrize(("x", "y", "same"), NAME_CASES)
def test_masked_names_never_match_what_they_contradict(x: str, y: str, same: bool) -> None:
    a, b = NamePattern.parse(x), NamePattern.parse(y)
    assert a.matches(b) is same and b.matches(a) is same


def _p(pid: str, kind: str, name: str, village: str | None, town: str = "石口镇", posts: tuple[str, ...] = (),
       years: tuple[int, ...] = (), doc: str | None = None, kin: tuple[str, ...] = ()) -> Profile:
    places = [("county", "东岭县"), ("town", town)] + ([("village", village)] if village else [])
    return Profile(pid, kind, NamePattern.parse(name), doc=doc, places=tuple(places), posts=frozenset(posts),
                   years=frozenset(years), relatives=frozenset(kin))


def test_features_say_what_agreed_and_what_did_not() -> None:
    a = _p("n1", "notice", "王建国", "前堡村", posts=("原村党支部书记",), years=(2022,), doc="D1", kin=("王建民",))
    b = _p("r1", "roster", "王建国", "铁堡村", posts=("党支部书记",), years=(2018, 2022), kin=("王建民",))
    found = compare(a, b)
    assert found is not None
    assert [f.name for f in found.agreed()] == ["name", "town", "county", "post", "dates", "relatives"]
    assert [(f.name, f.detail) for f in found.disagreed()] == [("village", "village 前堡村 ≠ 铁堡村")]
    assert found.score < 0.5
    assert compare(a, _p("r2", "roster", "王建军", "前堡村")) is None  # names contradict: not a candidate


def test_same_name_in_two_villages_is_never_linked_blindly() -> None:
    r1 = _p("r1", "roster", "王建国", "前堡村", posts=("党支部书记",), years=(2020, 2021, 2022))
    r2 = _p("r2", "roster", "王建国", "铁堡村", posts=("党支部书记",), years=(2020, 2021, 2022))
    with_village = _p("n1", "notice", "王建国", "前堡村", posts=("党支部书记",), years=(2021,), doc="D1")
    town_only = _p("n2", "notice", "王建国", None, posts=("党支部书记",), years=(2021,), doc="D2")
    found = candidates([r1, r2, with_village, town_only])
    auto = {c.pair for c in automatic(found)}
    assert auto == {("n1", "r1")}
    assert ("n1", "r2") not in {c.pair for c in found}  # a village that disagrees scores below the floor
    assert {c.pair for c in found if "n2" in c.pair and c.b.kind == "roster"} == {("n2", "r1"), ("n2", "r2")}


def test_a_masked_name_fitting_several_cadres_waits() -> None:
    cadres = [_p(f"r{i}", "roster", name, village, posts=("村委会委员",), years=(2021,))
              for i, (name, village) in enumerate([("赵永利", "前堡村"), ("赵姣巧", "铁堡村"), ("赵明", "青岩村")])]
    masked_town = _p("n1", "notice", "赵某某", None, posts=("村委会委员",), years=(2021,), doc="D1")
    masked_village = _p("n2", "notice", "赵某某", "铁堡村", posts=("委员",), years=(2021,), doc="D2")
    found = candidates([*cadres, masked_town, masked_village])
    with_cadres = {c.pair for c in found if "n1" in c.pair and "n2" not in c.pair}
    assert with_cadres == {("n1", "r0"), ("n1", "r1")}  # 赵明 is too short for 赵某某
    assert {c.pair for c in automatic(found)} == {("n2", "r1")}


def test_full_in_one_notice_masked_in_another_joins_through_the_roster() -> None:
    cadre = _p("r1", "roster", "黄德聪", "高湖村", posts=("党支部书记",), years=(2019, 2020, 2021))
    full = _p("n1", "notice", "黄德聪", "高湖村", posts=("党支部书记",), years=(2020,), doc="D1")
    masked = _p("n2", "notice", "黃某聰", "高湖村", posts=("原党支部书记",), years=(2021,), doc="D2")
    auto = automatic(candidates([cadre, full, masked]))
    verdicts = Verdicts(Judgement(c.a.id, c.b.id, "same", "auto", "t") for c in auto)
    assert verdicts.between("n1", "n2") == "same"


def test_judgements_are_transitive_both_ways() -> None:
    js = [Judgement("a", "b", "different", "li", "2024-01-01"), Judgement("b", "c", "same", "wang", "2024-01-02"),
          Judgement("c", "d", "same", "wang", "2024-01-03"), Judgement("d", "e", "unsure", "li", "2024-01-04")]
    v = Verdicts(js)
    assert [v.between("a", x) for x in "bcde"] == ["different", "different", "different", None]
    assert v.between("b", "d") == "same"
    later = Verdicts([*js, Judgement("c", "b", "unsure", "wang", "2024-02-01")])  # the later one is in force
    assert later.between("a", "c") is None and later.between("b", "d") is None


# -- a real store ------------------------------------------------------------------------------

CADRES = [  # name, idno, village, post, start
    ("王建国", "452731198001010011", "前堡村", "党支部书记", dt.date(2017, 1, 1)),
    ("王建国", "452731198202020027", "铁堡村", "党支部书记", dt.date(2018, 1, 1)),
    ("黄德聪", "452731197503030035", "高湖村", "村委会主任", dt.date(2016, 1, 1)),
]
NOTICES = [  # doc, name, masked, place path, post, penalty year
    ("D1", "王建国", False, "东岭县/石口镇/前堡村", "村党支部书记", 2022),
    ("D2", "黄德聪", False, "东岭县/石口镇/高湖村", "村委会主任", 2021),
    ("D3", "黄某聪", True, "东岭县/石口镇/高湖村", "原村委会主任", 2023),
    ("D3", "王建国", False, "东岭县/石口镇", "党支部书记", 2023),
]


def county_batch() -> GraphBatch:
    b = GraphBatch(id_key=TEST_KEY)
    src = row_source("cadres.xlsx", 2)
    paths = {"东岭县": "county", "东岭县/石口镇": "town", **{f"东岭县/石口镇/{v}": "village" for *_, v, _, _ in CADRES}}
    place = {p: b.node("Place", src, name=p.rsplit("/", 1)[-1], level=lvl, path=p) for p, lvl in paths.items()}
    for row, (name, idno, village, title, start) in enumerate(CADRES, 2):
        s = row_source("cadres.xlsx", row)
        pid = b.node("Person", s, name=name, idno=idno)
        post = b.node("Post", s, holder=pid, title=title, org=f"{village}村委", start_date=start)
        org = b.node("Org", s, name=f"{village}村委", place_path=f"东岭县/石口镇/{village}")
        b.rel("HOLDS", "Person", pid, "Post", post, s)
        b.rel("IN_ORG", "Post", post, "Org", org, s)
        b.rel("LOCATED_IN", "Org", org, "Place", place[f"东岭县/石口镇/{village}"], s)
    for i, (doc, name, masked, path, title, year) in enumerate(NOTICES):
        s = span_source(doc, 10 * i, 10 * i + 3)
        pid = b.node("Person", s, name=name, scope=doc, masked=masked)
        case = b.node("Case", s, doc=doc, item="1", title=f"{name}问题", period=f"{year - 1}年")
        post = b.node("Post", s, holder=pid, title=title)
        pen = b.node("Penalty", s, person=pid, case_ref=case, penalty="党内警告", date=dt.date(year, 5, 1))
        b.rel("INVOLVED_IN", "Person", pid, "Case", case, s, role="subject")
        b.rel("HOLDS", "Person", pid, "Post", post, s)
        b.rel("PENALISED", "Person", pid, "Penalty", pen, s)
        b.rel("LOCATED_IN", "Person", pid, "Place", place[path], s)
    return b


@pytest.fixture()
def store(tmp_path: Path) -> EmbeddedStore:
    s = EmbeddedStore(tmp_path / "db")
    s.load(county_batch())
    yield s
    s.close()


def _by_doc(store: EmbeddedStore) -> dict[tuple[str | None, str], str]:
    return {(p.doc, p.name.text): p.id for p in read_profiles(store, today=dt.date(2024, 6, 1))}


def test_resolve_judges_the_unique_and_leaves_the_trap(store: EmbeddedStore) -> None:
    ids = _by_doc(store)
    result = resolve(store)
    judged = {tuple(sorted((c.a.id, c.b.id))) for c in result.judged}
    assert tuple(sorted((ids[("D1", "王建国")], store.read(
        "MATCH (p:Person) WHERE p.idno = '452731198001010011' RETURN p.id").rows[0][0]))) in judged
    assert all(ids[("D3", "王建国")] not in pair for pair in judged)  # town only: two cadres fit
    assert {ids[("D3", "王建国")]} <= {x for c in result.pending for x in c.pair}
    v = Verdicts(stored_judgements(store))
    assert v.between(ids[("D2", "黄德聪")], ids[("D3", "黄某聪")]) == "same"
    again = resolve(store)
    assert again.judged == [] and [c.pair for c in again.pending] == [c.pair for c in result.pending]


def test_judge_judge_again_undo_restores_the_store(store: EmbeddedStore) -> None:
    ids = _by_doc(store)
    a, b = sorted((ids[("D3", "王建国")], ids[("D1", "王建国")]))
    before = everything(store)
    store.load(judgement_batch(Judgement(a, b, "same", "李明", "2024-06-01T10:00:00.000001+00:00", 0.9)))
    first = everything(store)
    assert len(first) == len(before) + 1
    store.load(judgement_batch(Judgement(a, b, "different", "王芳", "2024-06-02T10:00:00.000001+00:00")))
    assert Verdicts(stored_judgements(store)).between(a, b) == "different"
    assert undo(store, b, a).judged_by == "王芳"
    assert everything(store) == first
    assert undo(store, a, b).verdict == "same"
    assert everything(store) == before
    with pytest.raises(Exception, match="no judgement"):
        undo(store, a, b)


@pytest.mark.parametrize("module", ["qinyou.identity.names", "qinyou.identity.profile", "qinyou.graph.judgements",
                                    "qinyou.graph.networks"])
def test_doctests(module: str) -> None:
    import doctest
    import importlib

    failed, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failed == 0
