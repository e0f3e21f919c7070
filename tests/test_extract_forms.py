"""Issue 16, round 3: the forms real notices use for periods, penalties, posts and places.

Every sentence here was written for this project (the forms were seen in public notices; no
notice text is copied). Each test runs ``extract_facts`` and checks what a reader would write down.
"""
from __future__ import annotations

from typing import Any

from qinyou.ingest.notices.extractor import extract_facts


def _period(text: str) -> Any:
    return extract_facts("F", text)["period"]


def _puns(text: str) -> set[tuple[str, str]]:
    return {(u["person"], u["penalty"]) for u in extract_facts("F", text)["punishments"]}


def _posts(text: str) -> dict[str, list[str]]:
    return {p["name"]: [q["title"] for q in p["posts"]] for p in extract_facts("F", text)["persons"]}


def _places(text: str) -> dict[str, dict[str, str]]:
    return {p["name"]: {k: v for k, v in p["place"].items() if v} for p in extract_facts("F", text)["persons"]}


# --- period: open starts, parts of a year, numerals, relative dates ---------------------------
def test_period_open_start_since() -> None:
    assert _period("2015年8月以来，上坪村党支部书记陈国庆先后违规为本人及2个儿子办理低保。"
                   "陈国庆受到撤销党内职务处分。") == "2015年8月以来"
    assert _period("上坪村会计周某2013年以来多次虚报低保人数，受到党内警告处分。") == "2013年以来"


def test_period_open_start_from() -> None:
    assert _period("自2015年起，红岭村会计周某某截留私分低保金1.2万元。") == "2015年起"
    # an appointment is not a period
    assert _period("2013年2月起任红岭村会计的周某某，2016年虚报低保户3户。") == "2016年"


def test_period_season_month_and_numerals() -> None:
    assert _period("2017年春，石桥镇民政办工作人员张平审核把关不严。") == "2017年春"
    assert _period("2017年9月份，上坪村组长潘某冒领其已故母亲的低保金1.1万元。") == "2017年9月份"
    assert _period("二〇一六年五月，石桥镇副镇长韩某某违规审批低保。") == "二〇一六年五月"


def test_period_lax_checking_is_misconduct_not_discovery() -> None:
    # 在核查中把关不严 is what was done wrong; 在检查中发现 is how it came to light
    assert _period("2018年上半年，石桥镇扶贫专干罗某某在核查中把关不严。") == "2018年上半年"
    assert _period("2019年5月，县纪委在检查中发现，2017年上坪村会计虚报低保。") == "2017年"


def test_period_records_looked_through_are_not_periods() -> None:
    assert _period("调查组查阅了2012年以来的低保发放清册，发现会计吕某2014年冒领低保金。") == "2014年"


def test_period_relative_date_only_when_no_year_is_written() -> None:
    assert _period("去年3月，上坪村会计吕某冒领低保金6000元。") == "去年3月"
    assert _period("去年3月，县纪委收到举报。2016年，上坪村会计吕某冒领低保金6000元。") == "2016年"


# --- class 5: outcomes and who they are given to -------------------------------------------
def test_referral_by_transfer_is_a_criminal_outcome() -> None:
    assert _puns("上坪村会计王某某挪用低保金5万元，已被开除党籍，其涉嫌犯罪问题已移交司法机关处理。") == {
        ("王某某", "开除党籍"), ("王某某", "移交司法机关")}


def test_respective_penalties_after_a_leading_respectively() -> None:
    assert _puns("上坪村党支部书记王某某、会计李某某违规办理低保。县纪委分别给予王某某、李某某党内严重警告、"
                 "政务记过处分。") == {("王某某", "党内严重警告"), ("李某某", "政务记过")}


def test_penalty_given_to_the_holder_of_a_title_named_again() -> None:
    assert _puns("上坪村党支部书记王某某违规为其弟办理低保。2020年5月，该村党支部书记受到党内警告处分。") == {
        ("王某某", "党内警告")}


# --- class 1 / 2: post heads and a tenure word inside the title -----------------------------
def test_open_head_longer_than_a_listed_one() -> None:
    assert _posts("石桥镇财政所出纳员熊某某挪用补助资金。")["熊某某"] == ["财政所出纳员"]


def test_tenure_word_inside_a_title_of_an_unlisted_unit() -> None:
    assert _posts("3月2日，平川县石桥镇农经站原站长冯大勇被开除党籍。")["冯大勇"] == ["农经站站长"]


# --- class 6: a verb glued to a place's left edge ------------------------------------------
def test_giving_verb_is_not_part_of_a_place() -> None:
    places = _places("县纪委给予红岭村党支部书记、村委会主任严某某党内严重警告处分。")
    assert places["严某某"] == {"village": "红岭村"}


# --- class 7: violations said in other words --------------------------------------------------
def _viol(text: str) -> list[str]:
    return list(extract_facts("F", text)["violations"])


def test_dereliction_in_paraphrase() -> None:
    assert "失职失责" in _viol("上坪村党支部书记王某某对群众反映的低保问题不闻不问，放任问题长期存在。")
    assert "失职失责" in _viol("上坪村党支部书记王某某在评议中对申请人收入不掌握、不核实，致使2户不符合条件的家庭纳入低保。")


def test_knowing_approval_without_the_word_ineligible() -> None:
    assert "违规审批" in _viol("石桥镇民政所所长赵某某在明知钱某家庭有车有房的情况下，仍签字同意其享受低保。")


def test_fees_taken_from_the_people_served() -> None:
    assert "吃拿卡要" in _viol("上坪村党支部书记王某某以“工作经费”为由，向危房改造户每户收取500元。")


def test_money_meant_for_households_kept_back() -> None:
    assert "截留私分" in _viol("上坪村村委会主任孙某某将本应发放给5户贫困户的奖补资金1.5万元留在村里。")


def test_signing_for_others_and_money_moved_to_ones_own_card() -> None:
    assert "弄虚作假" in _viol("上坪村党支部书记王某某指使村文书在评议会议记录上代替村民签名。")
    assert "贪污侵占" in _viol("上坪村党支部书记王某某多次将村民的低保金转存至其本人的银行卡，共计6.3万元。")


def test_agreeing_on_one_story_is_obstruction() -> None:
    assert "对抗组织审查" in _viol("上坪村组长吴某某在组织调查期间与他人串通，统一口径，隐瞒事实。")


def test_receiving_against_the_rules_is_undue_benefit() -> None:
    assert "违规享受" in _viol("2018年3月，上坪村村委会主任严某某违规领取低保金。")
    assert "违规享受" not in _viol("石桥镇民政办主任严某某审核不严，造成2万元低保金被违规领取。")


# --- class 2: a tenure prefix between two places of a chain ----------------------------------
def test_tenure_prefix_inside_a_place_chain() -> None:
    assert _places("平川县石桥镇原上坪村党支部书记汤某某违规办理低保。")["汤某某"] == {
        "county": "平川县", "town": "石桥镇", "village": "上坪村"}


def test_order_to_write_a_self_criticism_as_written() -> None:
    assert _puns("平川县民政局社会救助股股长吴明军对低保审核把关不严，受到诫勉谈话，并被责令其作出书面检查。") == {
        ("吴明军", "诫勉谈话"), ("吴明军", "责令其作出书面检查")}


def test_title_lists_before_a_shared_penalty() -> None:
    assert _puns("平川县石桥镇党委书记余长江、镇长马文斌被警告处分，余长江、马文斌、镇纪委书记方志远三人被免职。") == {
        ("余长江", "警告"), ("马文斌", "警告"), ("余长江", "免职"), ("马文斌", "免职"), ("方志远", "免职")}


# --- class 8: a surname that also starts a common word, right after a post --------------------
def test_name_with_a_word_surname_after_a_post() -> None:
    assert _posts("上坪村党支部书记向前进违规为其妻子办理低保。") == {"向前进": ["党支部书记"]}
    assert _posts("上坪村村委会主任和平安将低保金据为己有。") == {"和平安": ["村委会主任"]}


def test_a_common_word_after_a_post_is_not_a_name() -> None:
    assert "谈话" not in _posts("石桥镇民政办主任谈话，上坪村会计李某某违规办理低保。")


def test_period_of_a_budget_year() -> None:
    assert _period("2017年度，上坪村会计李某冒领低保金。") == "2017年度"
    assert _period("2016年度工作考核中，2015年上坪村会计李某冒领低保金。") == "2015年"
