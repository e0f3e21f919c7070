"""Kinship from household structure: golden cases, and the KIN links a roster makes."""
from __future__ import annotations

from pathlib import Path

import pytest

from qinyou.ingest.kinship import HEAD_RELATIONS, household_relation, normalise
from qinyou.ingest.rosters import read_roster


@pytest.mark.parametrize("a, b, term, legal", [
    ("户主", "配偶", "配偶", True),
    ("户主", "子", "子女", True),
    ("子", "户主", "父", True),
    ("子", "女", "兄弟姐妹", True),
    ("户主", "弟", "兄弟姐妹", True),
    ("子", "弟", "父母的兄弟姐妹", True),
    ("弟", "子", "兄弟姐妹的子女", True),
    ("配偶", "弟", "配偶的兄弟姐妹", True),
    ("户主", "孙子", "孙子女", True),
    ("孙女", "配偶", "祖父母", True),
    ("儿媳", "户主", "公公", True),
    ("配偶", "母亲", "岳父", True),
])
def test_household_relation_golden(a: str, b: str, term: str, legal: bool) -> None:
    got = household_relation(HEAD_RELATIONS[a][0], HEAD_RELATIONS[b][0])
    assert got is not None and (got.canonical, got.legal) == (term, legal)


def test_no_relation_is_invented() -> None:
    assert household_relation("child_spouse", "grandchild") is None
    assert normalise("朋友") is None
    assert normalise("表哥").legal is False


def test_roster_household_links(tmp_path: Path) -> None:
    from qinyou.ingest.rosters.idno import check_digit

    def idno(body: str) -> str:
        return body + check_digit(body)
    head, wife, son, brother, lodger = (idno(f"45273119{y}0101{s:03d}") for y, s in
                                        (("70", 11), ("72", 22), ("95", 31), ("75", 41), ("60", 51)))
    rows = ["户号,姓名,身份证号,与户主关系,村(社区),乡镇(街道),县(市、区)",
            f"001,王大,{head},户主,柳溪村,青石镇,东岭县", f"001,李二,{wife},妻,柳溪村,青石镇,东岭县",
            f"001,王三,{son},长子,柳溪村,青石镇,东岭县", f"001,王四,{brother},弟,柳溪村,青石镇,东岭县",
            f"001,赵五,{lodger},借住,柳溪村,青石镇,东岭县"]
    path = tmp_path / "hh.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    batch, report = read_roster(path)
    assert report.loaded == 5 and report.rejected == 0
    people = batch.node_frames()["Person"].set_index("idno")["id"]
    kin = batch.rel_frames()[("KIN", "Person", "Person")]
    links = {(f, t): r for f, t, r in zip(kin["from"], kin["to"], kin["relation"])}
    assert links[(people[head], people[brother])] == "兄弟姐妹"
    assert links[(people[son], people[brother])] == "父母的兄弟姐妹"
    assert links[(people[son], people[head])] == "父"
    assert links[(people[wife], people[brother])] == "配偶的兄弟姐妹"
    assert not any(people[lodger] in k for k in links)  # unknown relation: member, not kin
    assert len(links) == 12  # 4 related members, both directions
    assert set(kin["basis"]) == {"household"} and all(kin["legal_scope"])
    rel = kin[(kin["from"] == people[head]) & (kin["to"] == people[brother])].iloc[0]
    assert rel["relation_raw"] == "户主→弟" and rel["sources"] == ["hh.csv#r2", "hh.csv#r5"]
