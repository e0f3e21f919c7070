"""Generalisation traps: synthetic notice sentences written for this project (not from any source)."""
from __future__ import annotations

from qinyou.ingest.notices.extractor import extract


def _persons(r: dict) -> dict:
    return {p["name"]: p for p in r["persons"]}


def _posts(p: dict) -> list:
    return [(q["title"], q["org"]) for q in p["posts"]]


def _puns(r: dict) -> set:
    return {(u["person"], u["penalty"]) for u in r["punishments"]}


def test_city_suffix_before_place_is_not_mayor() -> None:
    r = extract("G1", "工作组先后走访了平川市长岗村、河西区新民村等地，了解低保政策落实情况。")
    assert r["persons"] == []


def test_mayor_title_still_found() -> None:
    r = extract("G2", "平川市市长韩立新多次到贫困村调研。")
    assert _posts(_persons(r)["韩立新"]) == [("市长", "平川市")]


def test_verb_object_is_not_a_name() -> None:
    r = extract("G3", "县民政局工作人员向村民宣传新出台的救助政策，并向干部群众宣传新开通的举报电话。")
    assert r["persons"] == []


def test_numbered_item_heading() -> None:
    r = extract("G4", "一、东岭县石桥镇上坪村党支部书记王建华优亲厚友问题。2019年，王建华违规将其妻弟纳入低保。"
                      "2021年3月，王建华受到党内警告处分，违纪资金已收缴。")
    wang = _persons(r)["王建华"]
    assert wang["role"] == "subject"
    assert _posts(wang) == [("党支部书记", "上坪村")]
    assert wang["place"] == {"province": None, "city": None, "county": "东岭县", "town": "石桥镇",
                             "village": "上坪村"}
    assert [(k["official"], k["relative"], k["relation"]) for k in r["kin"]] == [("王建华", None, "妻弟")]
    assert "优亲厚友" in r["violations"]
    assert r["punishments"][0]["date"] == "2021年3月"
    assert r["recovered"] is True and r["period"] == "2019年"


def test_respectively_pairs_penalties_in_order() -> None:
    r = extract("G5", "（二）南溪县原扶贫办主任刘志远、时任副主任陈国庆失职失责问题。刘志远、陈国庆在审核扶贫项目时"
                      "把关不严，分别受到党内严重警告、党内警告处分。")
    assert _puns(r) == {("刘志远", "党内严重警告"), ("陈国庆", "党内警告")}
    assert _posts(_persons(r)["刘志远"]) == [("扶贫办主任", "南溪县")]
    assert r["violations"] == ["失职失责"]


def test_criminal_referral_and_amount_with_yu() -> None:
    r = extract("G6", "三、清河县白沙镇民政办副主任赵某某虚报冒领问题。2017年至2019年，赵某某以其岳母名义冒领低保金"
                      "2万余元。赵某某被开除党籍，移送司法机关，后被判处有期徒刑二年。")
    assert _posts(_persons(r)["赵某某"]) == [("民政办副主任", "白沙镇")]
    assert _puns(r) == {("赵某某", "开除党籍"), ("赵某某", "移送司法机关"), ("赵某某", "判处有期徒刑二年")}
    assert [(a["text"], a["value_yuan"]) for a in r["amounts"]] == [("2万余元", 20000)]
    assert r["period"] == "2017年至2019年"
    assert "虚报冒领" in r["violations"]


def test_traditional_item() -> None:
    r = extract("G7", "四、龍山縣石門鎮東坡村村委會主任黃德勝截留危房改造補助資金問題。黃德勝截留補助資金3.6萬餘元，"
                      "受到黨內嚴重警告處分。")
    huang = _persons(r)["黃德勝"]
    assert _posts(huang) == [("村委會主任", "東坡村")]
    assert huang["place"]["county"] == "龍山縣"
    assert _puns(r) == {("黃德勝", "黨內嚴重警告")}
    assert r["amounts"][0]["value_yuan"] == 36000 and r["violations"] == ["截留私分"]


def test_policy_text_listing_violation_types_is_not_a_case() -> None:
    r = extract("G8", "各地要坚决查处贪污侵占、截留私分、虚报冒领、优亲厚友等问题，2019年至2021年开展专项治理工作。")
    assert r["persons"] == [] and r["violations"] == [] and r["period"] is None


def test_unnamed_group_case_keeps_violations() -> None:
    r = extract("G9", "某县民政局3名工作人员虚报冒领低保金，均受到党内警告处分。")
    assert "虚报冒领" in r["violations"]


def test_discipline_official_and_coordinated_staff_are_not_subjects() -> None:
    r = extract("G10", "县纪委第三纪检监察室主任杨文博和工作人员苏晓，近日到东坪村走访低保户。")
    ps = _persons(r)
    assert ps["杨文博"]["role"] == "other" and ps["苏晓"]["role"] == "other"


def test_party_committee_title_keeps_its_place() -> None:
    r = extract("G11", "西山县委书记周立平要求严肃查处。桂林市委常委、纪委书记吕文山作出批示。")
    assert _posts(_persons(r)["周立平"]) == [("县委书记", "西山县")]
    assert ("市委常委", "桂林市") in _posts(_persons(r)["吕文山"])


def test_unnamed_office_between_place_and_title() -> None:
    r = extract("G12", "对北湖街道社会救助办工作人员邓某、南山街道社区建设办公室民政助理卢某某予以通报。")
    ps = _persons(r)
    assert _posts(ps["邓某"]) == [("社会救助办工作人员", "北湖街道")]
    assert _posts(ps["卢某某"]) == [("社区建设办公室民政助理", "南山街道")]


def test_amounts_with_duo_and_yu() -> None:
    r = extract("G13", "经查，村会计钱某某多次收取群众好处费400多元，村委会主任孙某某向危改户索要3千余元。")
    assert [(a["text"], a["value_yuan"]) for a in r["amounts"]] == [("400多元", 400), ("3千余元", 3000)]
    assert {p["name"] for p in r["persons"]} == {"钱某某", "孙某某"}
    assert r["violations"] == ["吃拿卡要"]


def test_meeting_and_document_dates_are_not_periods() -> None:
    r = extract("G14", "2020年4月，县纪委印发实施方案。2018年5月至2019年2月，村支书冯某某套取危房改造补助1.5万元。")
    assert r["period"] == "2018年5月至2019年2月"
