"""A notice file loads into a real embedded store; loading twice changes nothing."""
from __future__ import annotations

import json
from pathlib import Path

from qinyou.graph.embedded import EmbeddedStore
from qinyou.ingest.notices.graph import parse_date, read_notice_file

ITEMS = [
    {"id": "G1", "text": "一、青石县石门镇上湾村党支部书记周德明违规将其弟弟周德亮纳入低保，冒领低保金1.2万元。"
                         "2021年4月，周德明受到党内严重警告处分。"},
    {"id": "G2", "text": "村民小组长孙某某伙同会计李某截留补助款6000元，孙某某被开除党籍。"},
    {"id": "G3", "text": 42},
]


def test_notice_file_into_store(tmp_path: Path) -> None:
    path = tmp_path / "notices.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in ITEMS), encoding="utf-8")
    batch, report = read_notice_file(path)
    assert report.read == 3 and report.loaded == 2 and report.rejected == 1
    store = EmbeddedStore(tmp_path / "db")
    try:
        store.load(batch)
        first = store.counts()
        assert first["nodes"]["Document"] == 2 and first["nodes"]["Case"] == 2
        assert first["relationships"]["KIN"] == 1 and first["nodes"]["Penalty"] == 2
        assert first["relationships"]["PART_OF"] >= 2
        batch2, _ = read_notice_file(path)
        store.load(batch2)
        assert store.counts() == first
    finally:
        store.close()


def test_batch_has_provenance_and_kin_terms(tmp_path: Path) -> None:
    path = tmp_path / "G1.txt"
    path.write_text(str(ITEMS[0]["text"]), encoding="utf-8")
    batch, _ = read_notice_file(path)
    nodes = batch.node_frames()
    persons = nodes["Person"]
    assert set(persons["name"]) >= {"周德明", "周德亮"}
    assert all(src.startswith("G1#c") for srcs in persons["sources"] for src in srcs)
    kin = batch.rel_frames()[("KIN", "Person", "Person")]
    assert list(kin["relation"]) == ["弟弟"] and list(kin["relation_raw"]) == ["弟弟"]  # the standard word
    assert list(kin["legal_scope"]) == [True]
    assert bool(kin["legal_scope"].iloc[0]) is True
    pen = nodes["Penalty"]
    assert pen["date_text"].iloc[0] == "2021年4月" and str(pen["date"].iloc[0]) == "2021-04-01"
    places = nodes["Place"]
    assert "青石县/石门镇/上湾村" in set(places["path"])


def test_parse_date() -> None:
    assert str(parse_date("2019年10月9日")) == "2019-10-09"
    assert parse_date("14日") is None and parse_date(None) is None


def test_notice_kin_is_read_from_the_cadres_side(tmp_path: Path) -> None:
    """A cadre's 侄子 is kin but outside the 低保 备案 scope, in notices as in rosters."""
    path = tmp_path / "G2.txt"
    path.write_text("石门镇上湾村党支部书记周德明违规将其侄子周某某纳入低保，受到党内警告处分。", encoding="utf-8")
    batch, _ = read_notice_file(path)
    kin = batch.rel_frames()[("KIN", "Person", "Person")]
    assert list(kin["relation"]) == ["侄子"] and list(kin["legal_scope"]) == [False]
