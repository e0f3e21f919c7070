"""Golden tests on synthetic notice sentences (written for this project) and rule unit tests."""
from __future__ import annotations

import pytest

from qinyou.ingest.notices.extractor import extract
from qinyou.ingest.notices.money import find_amounts, parse_amount
from qinyou.ingest.notices.penalties import is_severe, penalty_class

ITEM = ("一、青石县石门镇上湾村党支部书记周德明违规为亲属办理低保问题。2018年3月至2020年6月，"
        "周德明利用职务便利，违规将其弟弟周德亮纳入农村低保，并以他人名义冒领低保金1.2万余元。"
        "2021年4月，周德明受到党内严重警告处分，违纪资金已全部收缴。")


@pytest.fixture(scope="module")
def item() -> dict:
    return extract("T1", ITEM)


def test_subject_post_and_place(item: dict) -> None:
    zhou = next(p for p in item["persons"] if p["name"] == "周德明")
    assert zhou["role"] == "subject"
    assert zhou["posts"] == [{"title": "党支部书记", "org": "上湾村", "span": [11, 16]}]
    assert ITEM[11:16] == "党支部书记"
    assert zhou["place"] == {"province": None, "city": None, "county": "青石县", "town": "石门镇",
                             "village": "上湾村"}
    s, e = zhou["spans"][0]
    assert ITEM[s:e] == "周德明"


def test_kin_attached_to_official(item: dict) -> None:
    assert {"official": "周德明", "relative": "周德亮", "relation": "弟弟"} in \
        [{k: v for k, v in x.items() if k != "span"} for x in item["kin"]]
    rel = next(p for p in item["persons"] if p["name"] == "周德亮")
    assert rel["role"] == "relative"


def test_violations_money_penalty_period(item: dict) -> None:
    assert "优亲厚友" in item["violations"] and "虚报冒领" in item["violations"]
    assert [a["value_yuan"] for a in item["amounts"]] == [12000]
    assert item["punishments"][0]["person"] == "周德明"
    assert item["punishments"][0]["penalty"] == "党内严重警告"
    assert item["punishments"][0]["date"] == "2021年4月"
    assert item["period"] == "2018年3月至2020年6月"
    assert item["recovered"] is True


def test_masked_names_and_boundary() -> None:
    r = extract("T2", "现任北坡村村委委员韩某平道：“这笔钱是大家商量着领的。”村民马某某表示不知情。")
    names = {p["name"]: p for p in r["persons"]}
    assert "韩某平" in names and names["韩某平"]["role"] == "subject"
    assert "马某某" in names and names["马某某"]["role"] == "other"


def test_joined_names_same_surname_not_kin() -> None:
    r = extract("T3", "原村支书何远山与原村主任何远水，因骗取危房改造补助金被查处。")
    assert {p["name"] for p in r["persons"]} == {"何远山", "何远水"}
    assert r["kin"] == []


def test_name_glued_to_post_and_nonhan_name() -> None:
    r = extract("T4", "村委副主任莫松林和驻村工作队队员、村会计扎西多吉，在危房改造中收取好处费。")
    names = {p["name"] for p in r["persons"]}
    assert "莫松林" in names
    assert "扎西多吉" in names


def test_nonofficial_kin_is_ignored() -> None:
    r = extract("T5", "村民孙某夫妇领取低保，孙某说她丈夫已经去世。村主任冯某某未及时核查。")
    assert r["kin"] == []


def test_traditional_text_keeps_script() -> None:
    r = extract("T6", "東林縣扶貧辦主任劉志剛受到黨內警告處分，涉及資金4.5萬餘元。")
    p = r["persons"][0]
    assert p["name"] == "劉志剛"
    assert p["posts"][0]["title"].endswith("扶貧辦主任")
    assert r["punishments"][0]["penalty"] == "黨內警告"
    assert r["amounts"][0]["text"] == "4.5萬餘元" and r["amounts"][0]["value_yuan"] == 45000


def test_proposed_and_criminal() -> None:
    r = extract("T7", "经查，村会计钱某拟给予开除党籍处分；村民小组长赵某被判处有期徒刑三年。")
    pens = {(x["person"], x["penalty"]): x for x in r["punishments"]}
    assert pens[("钱某", "开除党籍")].get("proposed") is True
    assert ("赵某", "判处有期徒刑三年") in pens


@pytest.mark.parametrize("text,value", [
    ("2.3万元", 23000), ("6230元", 6230), ("4.61萬餘元", None), ("十余万元", 100000),
    ("5千元", 5000), ("400多块", 400), ("11万多元", 110000), ("十几万元", 100000), ("20多户", None)])
def test_parse_amount(text: str, value: int | None) -> None:
    assert parse_amount(text) == value  # traditional is converted before parsing


def test_counts_are_not_money() -> None:
    assert find_amounts("向20多户危改户索取，涉及180人、40台农机") == []
    assert [a.value_yuan for a in find_amounts("共计1000元，另有1000元")] == [1000]


@pytest.mark.parametrize("pen,cls,severe", [
    ("党内警告", "party", False), ("开除党籍", "party", True), ("行政撤职", "administrative", True),
    ("诫勉谈话", "light", False), ("有期徒刑9年", "criminal", True), ("留党察看一年", "party", True)])
def test_penalty_class(pen: str, cls: str, severe: bool) -> None:
    assert penalty_class(pen) == cls
    assert is_severe(pen) is severe
