"""Each mention recogniser of the notice extractor on its own (sentences written for the project)."""
from __future__ import annotations

from qinyou.ingest.notices.clauses import clause_start, sentence_bounds
from qinyou.ingest.notices.mentions import find_mentions
from qinyou.ingest.notices.names import masked_at
from qinyou.ingest.notices.penalties import find_penalties, penalty_class
from qinyou.ingest.notices.places import find_places
from qinyou.ingest.notices.posts import find_titles, unit_named


def _titles(text: str) -> list[str]:
    return [t.raw for t in find_titles(text)]


def test_titles_open_units_and_listed_units() -> None:
    assert _titles("县林草局综合股原股长") == ["县林草局综合股原股长"]  # the holder step cuts at the place
    assert _titles("种植合作社负责人") == ["种植合作社负责人"]
    assert _titles("镇农业站工作人员") == ["镇农业站工作人员"]
    assert _titles("党员干部") == []  # 干部 needs a unit before it
    assert unit_named("种植合作社负责人") and not unit_named("纪委书记")


def test_titles_do_not_swallow_places_or_function_words() -> None:
    # the unit starts after the place suffix and after 和
    assert _titles("白沙村党支部书记和种植合作社负责人") == ["村党支部书记", "种植合作社负责人"]


def test_places_chain_tenure_and_soft_stops() -> None:
    names = [(m.name, m.level) for m in find_places("五、永和县槐树乡前进村").mentions]
    assert names == [("永和县", "county"), ("槐树乡", "town"), ("前进村", "village")]
    after = [(m.name, m.level) for m in find_places("石桥镇。时任新村村主任").mentions]
    assert ("新村", "village") in after and not any(n.startswith("时任") for n, _ in after)
    assert [m.name for m in find_places("群众向村委会反映").mentions] == []


def test_places_with_inner_level_characters_and_street_suffix() -> None:
    def names(t: str) -> list[tuple[str, str]]:
        return [(m.name, m.level) for m in find_places(t).mentions]
    assert names("山西省乡宁县昌宁镇") == [("山西省", "province"), ("乡宁县", "county"), ("昌宁镇", "town")]
    assert names("衡阳县西渡镇市场村") == [("衡阳县", "county"), ("西渡镇", "town"), ("市场村", "village")]
    assert names("福州市台江区瀛洲街") == [("福州市", "city"), ("台江区", "county"), ("瀛洲街", "town")]
    assert names("在街上走") == []
    assert names("和峰村村委会主任") == [("和峰村", "village")]  # 和 opening a clause begins a name
    assert names("青石县和田镇和峰村") == [("青石县", "county"), ("和田镇", "town"), ("和峰村", "village")]
    assert names("贫困户和村干部") == []
    assert names("上坪村民委员会主任") == [("上坪村", "village")]  # 村民委员会 shares the village's 村
    assert names("发放给村民") == [] and names("贫困村民") == []


def test_masked_names_stop_at_adverbs_and_penalties() -> None:
    for text, name in (("刘某未如实上报", "刘某"), ("刘某一次性领取", "刘某"), ("刘某党内警告", "刘某"),
                       ("龚某康道", "龚某康"), ("王某某的妻子", "王某某")):
        m = masked_at(text, 0)
        assert m is not None and m.name == name, text


def test_name_mentions_by_cue() -> None:
    text = "村干部郝建国、晋长顺、孙明亮三人违规操作。2018年5月张大年利用职务便利套取资金。"
    names = [m.name for m in find_mentions(text, find_titles(text))]
    assert names[:4] == ["郝建国", "晋长顺", "孙明亮", "张大年"]


def test_penalties_open_outcomes() -> None:
    text = "被判处有期徒刑二年，缓刑三年，并处罚金人民币10万元，移送南岭县人民检察院，撤销其村党支部书记职务，给予严重警告处分"
    found = [p.text for p in find_penalties(text)]
    assert found == ["判处有期徒刑二年，缓刑三年", "罚金人民币10万元", "移送南岭县人民检察院", "撤销其村党支部书记职务", "严重警告"]
    assert penalty_class("移送南岭县人民检察院") == "criminal"
    assert penalty_class("降低岗位等级") == "organisational"


def test_sentence_and_clause_bounds() -> None:
    s = "甲受到处分。乙，丙受到警告；丁无事"
    assert sentence_bounds(s, 8) == (6, 13)
    assert clause_start(s, 6, 16) == 14
