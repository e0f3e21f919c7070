"""Kinship from household structure: golden cases, and the KIN links a roster makes."""
from __future__ import annotations

from pathlib import Path

import pytest

from qinyou.ingest.kinship import normalise
from qinyou.ingest.rosters import read_roster
from idkeys import TEST_KEY


def test_notice_words_still_normalised() -> None:
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
    batch, report = read_roster(path, key=TEST_KEY)
    assert report.loaded == 5 and report.rejected == 0
    people = batch.node_frames()["Person"].set_index("idno")["id"]
    kin = batch.rel_frames()[("KIN", "Person", "Person")]
    links = {(f, t): r for f, t, r in zip(kin["from"], kin["to"], kin["relation"])}
    # the word the first would use for the second, sex- and age-aware
    assert links[(people[head], people[brother])] == "弟弟"
    assert links[(people[brother], people[head])] == "哥哥"
    assert links[(people[son], people[brother])] == "叔父"
    assert links[(people[son], people[head])] == "父亲"
    assert links[(people[son], people[wife])] == "母亲"
    assert links[(people[wife], people[brother])] == "夫弟"
    assert links[(people[brother], people[wife])] == "嫂子"
    assert links[(people[brother], people[son])] == "侄子"
    assert report.warnings and report.warnings[0].row == 6 and "借住" in report.warnings[0].reason
    assert report.summary().endswith("1 relation words not recognised")
    assert not any(people[lodger] in k for k in links)  # unknown relation: member, not kin
    assert len(links) == 12  # 4 related members, both directions
    assert set(kin["basis"]) == {"household"}
    in_scope = dict(zip(zip(kin["from"], kin["to"]), kin["legal_scope"]))
    assert in_scope[(people[son], people[brother])] is True        # 叔父: parents' sibling
    assert in_scope[(people[brother], people[son])] is False       # 侄子: sibling's child, outside 低保 scope
    rel = kin[(kin["from"] == people[head]) & (kin["to"] == people[brother])].iloc[0]
    assert rel["relation_raw"] == "户主→弟" and rel["sources"] == ["hh.csv#r2", "hh.csv#r5"]
