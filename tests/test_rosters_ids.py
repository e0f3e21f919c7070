"""Vectorised ids are exactly the ids of graph.batch.node_id / rel_id."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings, strategies as st

from qinyou.graph.batch import node_id, rel_id
from qinyou.graph.column_ids import node_ids, rel_ids

texts = st.one_of(st.none(), st.just(""), st.text(max_size=8),
                  st.sampled_from(["王建国", " 王 建国", "ＡＢ１", "2019-03-01", "Person:abc", "a\x1fb"]))


@settings(max_examples=60)
@given(st.lists(st.tuples(texts, texts), min_size=1, max_size=20))
def test_household_ids_follow_identity_alternatives(rows: list[tuple[str | None, str | None]]) -> None:
    frame = pd.DataFrame(rows, columns=["hh_no", "head"], dtype=object)
    usable = [r for r in rows if any(str(x or "").strip() for x in r)]
    if len(usable) != len(rows):
        return  # rows lacking every identity raise in both helpers
    got = node_ids("Household", {"hh_no": frame["hh_no"], "head": frame["head"]})
    want = [node_id("Household", {"hh_no": a, "head": b}) for a, b in rows]
    assert got.tolist() == want


@settings(max_examples=40)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=5).filter(str.strip), st.floats(0, 1e6, allow_nan=False),
                          st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))), min_size=1, max_size=10))
def test_payment_ids_with_floats_and_dates(rows: list[tuple[str, float, dt.date]]) -> None:
    frame = pd.DataFrame(rows, columns=["payee", "amount_yuan", "date"])
    frame["programme"] = "农村低保"
    frame["date"] = frame["date"].map(dt.date.isoformat)
    got = node_ids("Payment", {c: frame[c] for c in ("payee", "programme", "date", "amount_yuan")})
    want = [node_id("Payment", r) for r in frame.to_dict("records")]
    assert got.tolist() == want


def test_person_and_rel_ids() -> None:
    people = node_ids("Person", {"scope": pd.Series(["D1", "D2"]), "name": pd.Series(["王某", "李某"])})
    assert people.tolist() == [node_id("Person", {"scope": "D1", "name": "王某"}),
                               node_id("Person", {"scope": "D2", "name": "李某"})]
    rel = pd.Series(["配偶", None])
    got = rel_ids("KIN", people, people[::-1].reset_index(drop=True), {"relation": rel})
    assert got.tolist() == [rel_id("KIN", people[0], people[1], {"relation": "配偶"}),
                            rel_id("KIN", people[1], people[0], {"relation": None})]
    assert rel_ids("HOLDS", people, people).tolist() == [rel_id("HOLDS", p, p, {}) for p in people]
