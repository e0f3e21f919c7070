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
