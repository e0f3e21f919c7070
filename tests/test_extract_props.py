"""Property tests: extraction succeeds on any text and returns a valid record.

They call ``extract_facts``, which raises, so an internal failure fails the test
(``extract`` would turn it into an error record, which is what ingest wants).
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qinyou.ingest.notices.extractor import extract, extract_facts

KEYS = {"id", "persons", "kin", "violations", "amounts", "punishments", "recovered", "period"}
NOTICE_ALPHABET = "王某村党支部书记主任受到处分万元余多其弟妻亲属县镇乡，。、；：“”()0123456789年月日至被给予开除党籍"


def _valid(rec: dict, doc_id: str, text: str) -> None:
    assert rec["id"] == doc_id
    assert "error" not in rec
    assert KEYS <= set(rec)
    for p in rec["persons"]:
        assert p["role"] in ("subject", "relative", "accomplice", "other")
        for s, e in p["spans"]:
            assert 0 <= s < e <= len(text)
            assert text[s:e] == p["name"]
    for a in rec["amounts"]:
        assert isinstance(a["value_yuan"], int) and a["text"] in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_unicode(text: str) -> None:
    _valid(extract_facts("X", text), "X", text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=NOTICE_ALPHABET, max_size=200))
def test_notice_like_text(text: str) -> None:
    _valid(extract_facts("N", text), "N", text)


@settings(max_examples=20, deadline=None)
@given(st.binary(max_size=200))
def test_binary_looking_text(data: bytes) -> None:
    text = data.decode("latin-1")
    _valid(extract_facts("B", text), "B", text)


def test_empty_and_large() -> None:
    _valid(extract_facts("E", ""), "E", "")
    big = ("某县某镇某村党支部书记王某某违规将其弟纳入低保，骗取资金2.3万元，受到党内警告处分。" * 25000)[:1_000_000]
    rec = extract_facts("L", big)
    _valid(rec, "L", big)


def test_not_a_string_gives_error_record() -> None:
    with pytest.raises(TypeError):
        extract_facts("Z", None)  # type: ignore[arg-type]
    rec = extract("Z", None)  # type: ignore[arg-type]
    assert rec == {"id": "Z", "error": "TypeError: text must be a string"}


# notice-shaped fragments that reach the open patterns of issue 16 (units, tenure prefixes,
# pronouns, referrals, function characters in place names), joined in any order
FRAGMENTS = ["一、", "永和县", "向阳村", "时任", "原", "镇", "村委会", "综合股股长", "种植合作社负责人", "帮扶干部",
             "刘某", "刘某某", "张大年", "郝建国、晋长顺", "三人", "其胞弟", "他们", "二人", "分别", "受到", "给予其",
             "党内警告", "严重警告", "处分", "处理和", "移送县人民检察院", "判处有期徒刑二年，缓刑三年", "并处罚金人民币1万元",
             "分管民政工作的", "副镇长", "第三村民小组组长", "2019年5月，", "，", "。", "；", "、", "的", "未", "一次性",
             "低保户", "其他村干部", "批评教育", "1.2万元", "至", "和", "“", "”"]


def _consistent(rec: dict, text: str) -> None:
    names = {p["name"] for p in rec["persons"]}
    for u in rec["punishments"]:
        assert u["person"] in names and u["penalty"] in text
    for k in rec["kin"]:
        assert k["official"] in names and k["relation"] in text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_notice_fragments_in_any_order(parts: list[str]) -> None:
    text = "".join(parts)
    rec = extract_facts("F", text)
    _valid(rec, "F", text)
    _consistent(rec, text)
