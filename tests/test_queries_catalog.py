"""Saved queries: headers, parameters, dialect variants, read-only."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qinyou.errors import QueryError
from qinyou.queries.catalog import QUERY_DIR, get_query, load_queries, looks_like_write, parse_query

QUERIES = sorted(load_queries())


def test_there_is_a_saved_query_for_each_findings_rule() -> None:
    rules = {"kin_benefit", "self_benefit", "deceased_paid", "duplicate_benefit", "repeat_offender",
             "post_after_punishment"}
    assert rules <= set(QUERIES)


@pytest.mark.parametrize("name", QUERIES)
def test_header_params_match_placeholders_in_every_dialect(name: str) -> None:
    query = get_query(name)
    declared = {p.name for p in query.params}
    for dialect in query.texts:
        assert query.placeholders(dialect) == declared, (name, dialect)


@pytest.mark.parametrize("name", QUERIES)
def test_saved_queries_do_not_write(name: str) -> None:
    query = get_query(name)
    for text in query.texts.values():
        assert not looks_like_write(text)


def test_bind_coerces_and_rejects() -> None:
    query = get_query("kin_benefit")
    bound = query.bind({"legal_only": "false", "limit": "5", "since": "2023-01-01"})
    assert bound == {"place": "", "programme": "", "since": dt.date(2023, 1, 1), "until": dt.date(2999, 12, 31),
                     "legal_only": False, "limit": 5}
    with pytest.raises(QueryError, match="must be a date"):
        query.bind({"until": "去年"})
    with pytest.raises(QueryError, match="must be a int"):
        query.bind({"limit": "many"})
    with pytest.raises(QueryError, match="unknown parameter"):
        query.bind({"village'; DROP": "x"})


def test_unknown_query_is_a_clear_error() -> None:
    with pytest.raises(QueryError, match="qinyou queries"):
        get_query("no_such_query")


def test_write_detection_ignores_strings_and_comments() -> None:
    assert looks_like_write("MATCH (n) DETACH DELETE n")
    assert looks_like_write("match (n) set n.x = 1")
    assert not looks_like_write("MATCH (n) WHERE n.name = 'CREATE' RETURN n // SET")


@pytest.mark.parametrize("header,error", [
    ("// name: q\n// title: t\n// description: d\n// params: x: string\n", "header lacks"),
    ("// name: other\n// title: t\n// description: d\n// params: -\n// returns: table\n", "file name"),
    ("// name: q\n// title: t\n// description: d\n// params: x: text\n// returns: table\n", "bad param"),
    ("// name: q\n// title: t\n// description: d\n// params: -\n// returns: chart\n", "table or graph"),
])
def test_malformed_headers_name_the_file(tmp_path: Path, header: str, error: str) -> None:
    path = tmp_path / "q.cypher"
    path.write_text(header + "MATCH (n) RETURN n\n", encoding="utf-8")
    with pytest.raises(QueryError, match=error) as info:
        parse_query(path)
    assert "q.cypher" in str(info.value)


def test_variant_is_picked_for_its_dialect() -> None:
    query = parse_query(QUERY_DIR / "deceased_paid.cypher")
    assert "reduce(" in query.text_for("neo4j")
    assert "list_reduce" in query.text_for("ladybug")
    assert query.text_for("other") == query.text_for("neo4j")
