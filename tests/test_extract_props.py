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
