"""One test per failure class of issue 16 (extraction on notices it was never tuned on).

Every sentence here was written for this project; none is copied from a notice. Each test runs
``extract_facts`` (which raises) and checks the facts a reader of the sentence would write down.
"""
from __future__ import annotations

from typing import Any

from qinyou.ingest.notices.extractor import extract_facts


def _people(r: dict[str, Any]) -> dict[str, Any]:
    return {p["name"]: p for p in r["persons"]}


def _posts(p: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(q["title"], q["org"]) for q in p["posts"]]


def _puns(r: dict[str, Any]) -> set[tuple[str, str]]:
    return {(u["person"], u["penalty"]) for u in r["punishments"]}


def _kin(r: dict[str, Any]) -> set[tuple[str, str | None, str]]:
    return {(k["official"], k["relative"], k["relation"]) for k in r["kin"]}


# 1. post titles are an open pattern: a unit not in any list, then a post head
def test_open_unit_before_a_post_head() -> None:
    r = extract_facts("C1", "经查，平川县林草局综合股股长高远山在发放护林补助时虚报人数，套取资金3万元。")
    p = _people(r)["高远山"]
    assert p["role"] == "subject"
    assert _posts(p) == [("林草局综合股股长", "平川县")]


def test_post_after_the_name() -> None:
    r = extract_facts("C2b", "经查，张国富，男，中共党员，东岭县石桥镇上坪村党支部书记。王建设系上坪村村委会主任。"
                             "周小平身为石桥镇扶贫站站长，却伙同他人套取扶贫资金。李明华（石桥镇民政办主任）审核把关不严。")
    people = _people(r)
    assert _posts(people["张国富"]) == [("党支部书记", "上坪村")]
    assert _posts(people["王建设"]) == [("村委会主任", "上坪村")]
    assert _posts(people["周小平"]) == [("扶贫站站长", "石桥镇")]
    assert _posts(people["李明华"]) == [("民政办主任", "石桥镇")]


def test_village_committee_written_with_one_village_character() -> None:
    r = extract_facts("C2c", "石桥镇党委秘书张德明和上坪村民兵营长李大牛、上坪村民委员会主任王大山违规领取补助。")
    people = _people(r)
    assert _posts(people["张德明"]) == [("党委秘书", "石桥镇")]
    assert _posts(people["李大牛"]) == [("民兵营长", "上坪村")]
    assert _posts(people["王大山"]) == [("村民委员会主任", "上坪村")]


def test_open_head_person_in_charge_of_a_cooperative() -> None:
    r = extract_facts("C2", "2019年，白石乡红岭村村干部蒋立和种植合作社负责人丁全胜挪用产业扶贫资金8万元。")
    people = _people(r)
    assert _posts(people["蒋立"]) == [("村干部", "红岭村")]
    assert ("种植合作社负责人", None) in _posts(people["丁全胜"])


# 2. a tenure prefix before a level character is not a place
def test_tenure_prefix_is_not_a_place() -> None:
    r = extract_facts("C3", "2016年，青山镇发生一起套取补助问题。时任镇民政办主任柳成荫明知申报材料虚假仍予审批。"
                            "时任新村村主任的何德旺负责收集材料。")
    people = _people(r)
    assert people["柳成荫"]["place"]["town"] == "青山镇"
    assert people["何德旺"]["place"]["village"] == "新村"
    names = {v for p in r["persons"] for v in p["place"].values() if v}
    assert not any(n.startswith(("时任", "任")) for n in names)


# 3. kin without an explicit possessor belongs to the clause's subject official
def test_kin_without_possessor_defaults_to_the_subject_official() -> None:
    r = extract_facts("C4", "东坡县柳河镇石门村党支部书记王大成在分配危房改造指标时，违规将2个指标分给不符合条件的"
                            "胞兄王某等2户，每户获得补助1.5万元。")
    assert ("王大成", "王某", "胞兄") in _kin(r)
    assert _people(r)["王某"]["role"] == "relative"


def test_kin_of_a_beneficiary_is_not_an_officials_kin() -> None:
    r = extract_facts("C5", "低保户陈阿婆的儿子在外务工多年，家中收入较高。村委会主任李长河未入户核实，致使其继续享受低保。")
    assert r["kin"] == []


def test_kin_of_joint_subjects_and_of_a_name_before_with() -> None:
    r = extract_facts("C5b", "白石村党支部书记唐华、村委会主任邓勇违规将各自亲属纳入低保。"
                             "赵家村村委会主任赵刚与其妻子王某共同虚报冒领危房改造补助2万元。")
    assert _kin(r) == {("唐华", None, "亲属"), ("邓勇", None, "亲属"), ("赵刚", "王某", "妻子")}


def test_kin_in_parentheses_after_the_official() -> None:
    r = extract_facts("C5c", "2018年，柳溪村村委会主任罗平（其弟罗安为该村低保户）违规审核低保申请。")
    assert _kin(r) == {("罗平", "罗安", "弟")}


# 4. masked names do not swallow the next character
def test_masked_name_stops_before_an_adverb_or_possessive() -> None:
    r = extract_facts("C6", "村会计郑某还多次虚报低保户数。郑某的妻子也被纳入低保。余某不知情。")
    names = {p["name"] for p in r["persons"]}
    assert "郑某" in names and "郑某还" not in names and "郑某的" not in names


def test_full_name_stops_before_a_negation() -> None:
    r = extract_facts("C6c", "低保户李大妈的女儿在县城工作，村主任陈志未如实核查。")
    assert "陈志" in _people(r) and r["kin"] == []


def test_masked_name_stops_before_negation_numeral_and_penalty() -> None:
    r = extract_facts("C6b", "2019年，红旗镇向阳村村委会主任刘某未如实上报收入，刘某一次性领取危房改造补助1.8万元。"
                             "2020年8月，刘某党内警告处分。")
    names = {p["name"] for p in r["persons"]}
    assert names == {"刘某"}
    assert _posts(_people(r)["刘某"]) == [("村委会主任", "向阳村")]


# 5. outcomes outside the old penalty list
def test_criminal_sentence_with_probation_and_fine() -> None:
    r = extract_facts("C7", "2021年3月，柳林乡原副乡长孟广田被开除党籍；同年9月，其因犯贪污罪被判处有期徒刑二年，"
                            "缓刑三年，并处罚金人民币10万元。")
    assert _puns(r) == {("孟广田", "开除党籍"), ("孟广田", "判处有期徒刑二年，缓刑三年"),
                        ("孟广田", "罚金人民币10万元")}


def test_referral_bare_warning_and_pronoun_recipient() -> None:
    r = extract_facts("C8", "南岭县纪委查实，湾头村报账员谭秋生虚报冒领低保金1.2万元。县纪委给予他严重警告处分，"
                            "并将其涉嫌犯罪问题移送南岭县人民检察院。")
    assert _puns(r) == {("谭秋生", "严重警告"), ("谭秋生", "移送南岭县人民检察院")}


def test_unsaid_subject_of_an_outcome_sentence() -> None:
    r = extract_facts("C8b", "三、平安县石桥镇民政办主任李大勇违规审批问题。李大勇明知申请人不符合条件仍予审批。"
                             "2020年6月，受到党内警告处分。其他相关人员受到批评教育。")
    assert {(u["person"], u["penalty"], u["date"]) for u in r["punishments"]} == {("李大勇", "党内警告", "2020年6月")}


def test_other_cadres_outcome_is_not_the_named_persons() -> None:
    r = extract_facts("C9", "2020年5月，河口镇党委给予沙坪村党支部书记邱正明党内警告处分，对其他村干部进行批评教育。")
    assert _puns(r) == {("邱正明", "党内警告")}


def test_respectively_with_two_outcome_kinds() -> None:
    r = extract_facts("C10", "柳川乡党委书记钟鸣和纪委书记魏长青因履职不力，分别受到诫勉谈话处理和党内警告处分。")
    assert _puns(r) == {("钟鸣", "诫勉谈话"), ("魏长青", "党内警告")}
    assert _posts(_people(r)["魏长青"]) == [("纪委书记", "柳川乡")]


def test_plural_pronoun_takes_the_subjects_named_before() -> None:
    r = extract_facts("C10b", "四、青溪县三河镇扶贫工作站站长黎明、副站长秦川虚报冒领问题。二人以虚构贫困户名义套取资金4.6万元。"
                              "2019年5月，他们分别受到开除党籍和党内严重警告处分。")
    assert {(u["person"], u["penalty"], u["date"]) for u in r["punishments"]} == {
        ("黎明", "开除党籍", "2019年5月"), ("秦川", "党内严重警告", "2019年5月")}


def test_names_met_only_in_the_outcome_sentence() -> None:
    r = extract_facts("C10c", "经研究，决定给予张建华党内警告处分，给予李卫东诫勉谈话处理。2019年3月，孙小兵、周大海被开除党籍。"
                              "县纪委对赵国强、钱明亮分别给予党内严重警告、党内警告处分。")
    assert _puns(r) == {("张建华", "党内警告"), ("李卫东", "诫勉谈话"), ("孙小兵", "开除党籍"), ("周大海", "开除党籍"),
                        ("赵国强", "党内严重警告"), ("钱明亮", "党内警告")}


# 6. place boundaries
def test_place_names_with_a_function_character() -> None:
    r = extract_facts("C11b", "五、永和县槐树乡前进村原村委会委员邵立新侵占集体资金问题。邵立新将土地流转收入5.3万元据为己有。")
    p = _people(r)["邵立新"]
    assert p["place"]["county"] == "永和县" and p["place"]["town"] == "槐树乡" and p["place"]["village"] == "前进村"

def test_place_after_a_preposition_and_inside_a_chain() -> None:
    r = extract_facts("C11", "在对柳树湾村原村干部罗大有等3人的处分决定宣布后，群众拍手称快。"
                             "江南市安平区青石乡新村党支部书记伍德全也受到查处。")
    people = _people(r)
    assert people["罗大有"]["place"]["village"] == "柳树湾村"
    assert people["伍德全"]["place"]["county"] == "安平区"
    assert people["伍德全"]["place"]["village"] == "新村"


def test_modifier_between_place_and_post_and_a_known_county() -> None:
    r = extract_facts("C11c", "三、安化县东坪镇分管民政工作的副镇长陈光明审核把关不严问题。陈光明受到政务警告处分。")
    p = _people(r)["陈光明"]
    assert _posts(p) == [("副镇长", "东坪镇")]
    assert p["place"]["county"] == "安化县" and p["place"]["town"] == "东坪镇"


def test_community_after_a_sub_district_and_a_village_group() -> None:
    r = extract_facts("C11d", "江南区福建园街道白沙社区居委会主任黄秀兰、巴东县沿渡河镇石喊村第三村民小组组长谭传武均受到党内警告处分。")
    people = _people(r)
    assert people["黄秀兰"]["place"]["village"] == "白沙社区"
    assert people["黄秀兰"]["place"]["province"] is None  # 福建 inside 福建园 is not the province
    assert people["谭传武"]["place"]["village"] == "石喊村第三村民小组"


def test_numbered_list_keeps_each_items_chain() -> None:
    r = extract_facts("C11e", "一、山西省河曲县鹿固乡辉塔村党支部原书记刘大雄骗取补助问题。"
                              "二、四川省乐至县中天镇原副镇长陈德明协助他人骗取资金问题。"
                              "三、云南省宣威市龙潭镇陆泉村村委会原副主任范开元违规收费问题。")
    people = _people(r)
    assert people["刘大雄"]["place"]["city"] is None  # no city from another item between 省 and 县
    assert people["陈德明"]["place"]["county"] == "乐至县"
    assert people["范开元"]["place"]["county"] == "宣威市"  # a 市 right above a town is county-level


def test_village_committee_shares_the_village_character_and_is_not_discipline() -> None:
    r = extract_facts("C11f", "梅岭镇下河村委会原主任何振炎、时任村监委主任骆国平挪用群众补助资金9600元。")
    people = _people(r)
    assert _posts(people["何振炎"]) == [("村委会主任", "下河村")]
    assert people["骆国平"]["role"] == "subject"


def test_development_zone_is_a_town() -> None:
    r = extract_facts("C12", "吉安县白马工业园区原民政助理韩冬梅以各种名义索要低保户好处费共计2万元。")
    p = _people(r)["韩冬梅"]
    assert p["place"]["town"] == "白马工业园区"


# 7. violations said in other words, and violation types named only as categories
def test_violation_paraphrases() -> None:
    r = extract_facts("C16", "2017年，石门村党支部书记刘大海虚构12户贫困户名单，冒名顶替领取补助，"
                             "还向农户收取感谢费3000元。镇民政办主任钱进未认真核实，致使资金被骗领。")
    assert {"虚报冒领", "弄虚作假", "吃拿卡要", "失职失责"} <= set(r["violations"])


def test_violation_types_in_a_roundup_sentence_are_not_this_cases() -> None:
    r = extract_facts("C17", "县纪委近日通报了5起贪污、挪用扶贫资金方面的典型案件。其中，石门村报账员孙平虚报危房改造户3户，"
                             "套取补助资金2.4万元。")
    assert "挪用资金" not in r["violations"] and "虚报冒领" in r["violations"]


def test_one_case_introduced_by_a_colon_keeps_its_labels() -> None:
    r = extract_facts("C18", "近日，柳江县纪委监委通报一起典型问题：百朋镇怀洪村原村委会主任覃某某利用职务便利，"
                             "以虚报人数的方式套取扶贫项目资金5.2万元，用于个人开支。")
    assert {"虚报冒领", "贪污侵占"} <= set(r["violations"])


# 8. names without a cue word
def test_names_listed_after_one_post_hold_it() -> None:
    r = extract_facts("C13", "县纪委监委对石湾村村干部郝建国、晋长顺、孙明亮三人在低保评定中优亲厚友问题立案审查。")
    people = _people(r)
    for name in ("郝建国", "晋长顺", "孙明亮"):
        assert _posts(people[name]) == [("村干部", "石湾村")], name


def test_name_after_a_post_at_the_start_followed_by_an_adverb() -> None:
    r = extract_facts("C14", "乡长扎西顿珠一直不明白，低保金为什么发到了去世的人名下。")
    assert "扎西顿珠" in _people(r)


# the misconduct period as an open span
def test_period_from_a_start_until_now() -> None:
    r = extract_facts("C15", "经查，石门村会计王大勇从2016年开始持续至今私分低保金。")
    assert r["period"] == "2016年开始持续至今"


# round 2 (issue 16): violations in other words
def test_dereliction_in_paraphrase() -> None:
    r = extract_facts("C31", "2019年，河口镇民政助理汤小川对低保审核不负责任，没有入户核实申请人家庭情况。")
    assert "失职失责" in r["violations"]


def test_knowingly_processing_an_ineligible_applicant() -> None:
    r = extract_facts("C32", "2018年，东岭村会计白冬生清楚村民马某家庭收入不符合低保条件，仍在审核表上签字。")
    assert "违规审批" in r["violations"]


def test_redistribution_verbs() -> None:
    r = extract_facts("C33", "2014年，高坡村村委会主任陆长明将上级下拨的救灾物资分给未受灾的村民。")
    assert "违规分配" in r["violations"]


def test_concealment_as_falsification() -> None:
    r = extract_facts("C34", "2013年，平安村报账员宋小林不如实上报村集体收入，谎报困难户人数。")
    assert "弄虚作假" in r["violations"]


def test_false_claims_without_the_word_false_claim() -> None:
    r = extract_facts("C35", "2016年，梅林村党支部书记方大成虚构8户危房改造户，为同一农户重复申报补助。")
    assert "虚报冒领" in r["violations"]


def test_giving_a_share_of_spoils_is_not_redistribution() -> None:
    r = extract_facts("C36", "2015年，南溪村组长韦大同将多算的补偿款领到自己名下，随后从此笔款中分给同伙1万元。")
    assert "违规分配" not in r["violations"]


def test_masked_name_right_after_a_post_with_a_weak_surname() -> None:
    r = extract_facts("C37", "2015年，马鞍村委会主任洪某虚报冒领低保金2万元。2018年6月，给予洪某党内严重警告处分。")
    assert "洪某" in _people(r) and ("洪某", "党内严重警告") in _puns(r)


# round 2: outcomes outside the penalty list, pronoun recipients
def test_reduced_rank_cancelled_pension_and_expulsion_in_other_words() -> None:
    r = extract_facts("C38", "2021年5月，桥头乡财政所所长方某被开除党籍，降为一级科员，取消其退休待遇。"
                             "白沙村会计董小山被清除出党。")
    assert {("方某", "降为一级科员"), ("方某", "取消其退休待遇"), ("董小山", "清除出党")} <= _puns(r)


def test_pronoun_inside_the_removal_phrase() -> None:
    r = extract_facts("C39", "2019年，东山村党支部书记龙某某违规发放补贴。县纪委责令其辞去村党支部书记职务。")
    assert ("龙某某", "责令其辞去村党支部书记职务") in _puns(r)


def test_probation_term_in_digits_pay_grade_and_contract() -> None:
    r = extract_facts("C40", "2018年，西坪村村委会主任杜某某和会计冉某某私分救灾款。他们均受到留党察看1年处分。"
                             "杜某某还被降低工资档次，解除聘用合同。")
    assert {("杜某某", "留党察看1年"), ("冉某某", "留党察看1年"), ("杜某某", "降低工资档次"),
            ("杜某某", "解除聘用合同")} <= _puns(r)


# round 2: the misconduct period, not the date the case came to light
def test_period_skips_the_complaint_and_inspection_dates() -> None:
    r = extract_facts("C41", "2020年6月，县委第二巡视组在巡视中发现，沙河村会计尹某某私分补助款。"
                             "2017年，尹某某将3万元补助款私分。")
    assert r["period"] == "2017年"
    r = extract_facts("C42", "2019年4月，县纪委接到群众举报，反映东坡村会计谭某某侵占集体资金。"
                             "2016年，谭某某将村集体收入2万元据为己有。")
    assert r["period"] == "2016年"


def test_period_with_years_written_once_or_listed() -> None:
    assert extract_facts("C43", "经查，2014至2016年，石岭村会计何大江虚报冒领低保金。")["period"] == "2014至2016年"
    assert extract_facts("C44", "2014年、2015年和2016年，石岭村会计何大江多次虚报危房改造户。")["period"] \
        == "2014年、2015年和2016年"


# round 2: town and district names with an inner level character
def test_town_names_with_an_inner_level_character() -> None:
    r = extract_facts("C45", "2019年，桂阳县樟市镇桐木村原党支部书记欧某某侵占补助资金。")
    assert _people(r)["欧某某"]["place"]["town"] == "樟市镇"
    assert _people(r)["欧某某"]["place"]["village"] == "桐木村"
    r = extract_facts("C46", "2016年，梅县区城东镇乡村振兴办主任华某某失职失责。")
    assert _people(r)["华某某"]["place"]["county"] == "梅县区"
    assert _people(r)["华某某"]["place"]["town"] == "城东镇"
    r = extract_facts("C47", "2018年，新村镇三村村委会主任章某某虚报冒领补助款。")
    assert _people(r)["章某某"]["place"]["town"] == "新村镇"
    assert _people(r)["章某某"]["place"]["village"] == "三村"


def test_count_sentence_that_is_the_whole_item_drops_only_the_categories() -> None:
    r = extract_facts("C48", "“石岭村会计何某某挪用救灾补助款，已移送县人民检察院”，县纪委近日通报了6起贪污、"
                             "侵占扶贫资金方面的典型案件")
    assert "挪用资金" in r["violations"] and "贪污侵占" not in r["violations"]


def test_masked_name_before_a_modal_verb() -> None:
    r = extract_facts("C49", "石岭村组长邝某担任组长以来，每次邝某会把补偿款扣下一部分，用于个人支出。")
    assert set(_people(r)) == {"邝某"}


def test_period_skips_the_investigation_date() -> None:
    r = extract_facts("C50", "2020年4月，县纪委监委对石岭村反映的问题进行调查核实。2015年，石岭村会计何大江"
                             "将收到的3笔补偿款据为己有。")
    assert r["period"] == "2015年"


def test_more_violation_cues_in_other_words() -> None:
    cases = {
        "贪污侵占": "2016年，青山村报账员鲁大友将5户农户的补助款转入自己的银行卡，归其个人所有。",
        "吃拿卡要": "2017年，青山村党支部书记鲁大友在办理危房改造时故意刁难农户，并接受申请人宴请。",
        "挪用资金": "2018年，青山村会计鲁大友借用村集体资金8万元用于自家生意周转。",
        "违规审批": "2019年，东湖乡民政所所长包大成未经民主评议就将3户村民纳入低保，并擅自签字。",
        "对抗组织审查": "调查期间，青山村会计鲁大友通风报信，干扰组织调查。",
        "虚报冒领": "2015年，青山村会计鲁大友虚设5个护林员岗位骗补，共计3万元。",
        "违规享受": "2016年，青山村党支部书记鲁大友自己也享受了低保。",
    }
    for label, sentence in cases.items():
        assert label in extract_facts("C51", sentence)["violations"], label


def test_bribe_taking_and_slogans_are_not_demands_on_the_people() -> None:
    r = extract_facts("C52", "有的干部“雁过拔毛”。2016年，东湖乡副乡长包大成因受贿问题被开除党籍。")
    assert "吃拿卡要" not in r["violations"]
