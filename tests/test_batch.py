"""GraphBatch: schema-checked, consolidating batches."""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, strategies as st
import pytest

from qinyou.graph.batch import GraphBatch, consolidate, node_id
from qinyou.errors import SchemaError
from idkeys import TEST_KEY


def test_row_facts_fold_into_one_node_with_both_sources() -> None:
    batch = GraphBatch(id_key=TEST_KEY)
    a = batch.node("Person", "a.csv#r2", idno="110101199003074514", name="王建国")
    b = batch.node("Person", "b.csv#r9", idno="110101199003074514", gender="男")
    assert a == b
    frame = batch.node_frames()["Person"]
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["sources"] == ["a.csv#r2", "b.csv#r9"]
    assert row["name"] == "王建国" and row["gender"] == "男"


def test_unknown_property_and_wrong_ends_are_refused() -> None:
    batch = GraphBatch(id_key=TEST_KEY)
    with pytest.raises(SchemaError):
        batch.node("Person", "a#r1", idno="x", salary=3)
    with pytest.raises(SchemaError):
        batch.rel("KIN", "Person", "p1", "Household", "h1", "a#r1", relation="弟")


def test_frames_and_rows_consolidate_together() -> None:
    batch = GraphBatch(id_key=TEST_KEY)
    pid = TEST_KEY.person_id("110101199003074514")
    batch.add_nodes("Person", pd.DataFrame({"id": [pid], "name": ["王建国"], "sources": [["x.csv#r3"]]}))
    batch.node("Person", "n1#c0-3", idno="110101199003074514")
    frame = batch.node_frames()["Person"]
    assert len(frame) == 1 and sorted(frame.iloc[0]["sources"]) == ["n1#c0-3", "x.csv#r3"]


def test_frame_without_sources_is_refused() -> None:
    with pytest.raises(SchemaError):
        GraphBatch(id_key=TEST_KEY).add_nodes("Person", pd.DataFrame({"id": ["p"]}))


def test_consolidate_keeps_unique_rows_untouched() -> None:
    frame = pd.DataFrame({"id": ["a", "b"], "sources": [["s#r1"], ["s#r2"]]})
    assert consolidate([frame]).equals(frame)


def test_arrow_held_provenance_folds_with_python_lists() -> None:
    """Roster frames hold provenance as Arrow lists, notice rows as Python lists: both fold alike."""
    import pyarrow as pa

    from qinyou.graph.embedded import to_arrow
    from qinyou.graph.folding import as_lists, fold

    a, b = "110101199003074514", "11010119900307451X"
    ids = {n: TEST_KEY.person_id(n) for n in (a, b)}
    roster = pd.DataFrame({"id": [ids[a], ids[b], ids[a]], "idno": [a, b, a], "name": [None, "B", "A"],
                           "sources": as_lists(pd.Series(["r.csv#r2", "r.csv#r3", "r.csv#r4"]))})
    folded = fold(roster)
    assert isinstance(folded["sources"].dtype, pd.ArrowDtype)
    assert dict(zip(folded["idno"], folded["sources"].tolist())) == {a: ["r.csv#r2", "r.csv#r4"], b: ["r.csv#r3"]}
    table = to_arrow(folded, {"id": "string", "sources": "string[]"})
    assert table.column("sources").type == pa.list_(pa.string())
    assert table.column("sources").to_pylist() == folded["sources"].tolist()

    batch = GraphBatch(id_key=TEST_KEY)
    batch.add_nodes("Person", folded)
    batch.node("Person", "n1#c0-3", idno=a, name="王建国")
    person = batch.node_frames()["Person"].set_index("idno")
    assert len(person) == 2
    assert person.loc[a, "sources"] == ["r.csv#r2", "r.csv#r4", "n1#c0-3"]
    assert person.loc[a, "name"] == "A"  # the first non-null, as for Python lists
    assert person.loc[b, "sources"] == ["r.csv#r3"]


def test_taken_frames_hand_out_what_the_frames_are_and_empties_the_batch() -> None:
    def build() -> GraphBatch:
        batch = GraphBatch(id_key=TEST_KEY)
        head = batch.node("Person", "hh.csv#r3", idno="110101199003074514", name="王建国")
        batch.add_nodes("Person", pd.DataFrame({"id": [head], "gender": ["男"], "sources": [["dibao.csv#r2"]]}))
        brother = batch.node("Person", "hh.csv#r4", idno="11010119900307451X")
        batch.rel("KIN", "Person", head, "Person", brother, "hh.csv#r4", relation="兄弟姐妹", basis="household")
        return batch

    batch = build()
    expected = [*build().node_frames().items(), *build().rel_frames().items()]
    looked = list(batch.frames())  # without take, the batch keeps everything
    assert [k for k, _ in looked] == [k for k, _ in expected] and len(batch) == len(build())
    taken = list(batch.frames(take=True))
    assert [k for k, _ in taken] == [k for k, _ in expected]
    for (_, got), (_, want) in zip(taken, expected):
        pd.testing.assert_frame_equal(got, want)
    assert not batch.node_frames() and not batch.rel_frames() and len(batch) == 0
    person = dict(taken)["Person"].set_index("idno")
    # frames first, then the row-by-row facts
    assert person.loc["110101199003074514", "sources"] == ["dibao.csv#r2", "hh.csv#r3"]
    assert person.loc["110101199003074514", "gender"] == "男"


def test_a_pickled_batch_keeps_which_frames_are_folded() -> None:
    """The unique-frame promise travels with the frames (another process reads ahead), not by id()."""
    import pickle

    folded = pd.DataFrame({"id": ["a", "b"], "sources": [["f#r1"], ["f#r2"]]})
    repeats = pd.DataFrame({"id": ["c", "c"], "name": [None, "C"], "sources": [["f#r3"], ["f#r4"]]})
    batch = GraphBatch(id_key=TEST_KEY)
    batch.add_nodes("Place", folded, unique=True)
    batch.add_nodes("Org", repeats)
    copy = pickle.loads(pickle.dumps(batch))
    assert len(copy._unique) == 1 and id(copy._node_frames["Place"][0]) in copy._unique
    assert copy.node_frames()["Org"].to_dict("records") == [{"id": "c", "name": "C", "sources": ["f#r3", "f#r4"]}]


@given(st.lists(st.tuples(st.integers(0, 3), st.one_of(st.none(), st.just(float("nan")), st.sampled_from(["a", "b"])),
                          st.one_of(st.none(), st.just(float("nan")), st.floats(-2, 2))), min_size=1, max_size=25))
def test_first_valid_answers_as_groupby_first(rows: list[tuple[int, object, float | None]]) -> None:
    from qinyou.graph.folding import first_valid

    codes = pd.factorize(np.array([r[0] for r in rows]))[0]
    frame = pd.DataFrame({"t": pd.Series([r[1] for r in rows], dtype=object),
                          "f": pd.Series([r[2] for r in rows], dtype=float)})
    want = frame.groupby(codes, sort=True).first()
    for col in frame.columns:
        got = first_valid(codes, frame[col], int(codes.max()) + 1)
        assert got.dtype == want[col].dtype
        assert [repr(v) for v in got.tolist()] == [repr(v) for v in want[col].tolist()]
