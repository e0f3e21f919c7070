"""The embedded store against a real LadybugDB in a temporary directory."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from qinyou.graph.batch import GraphBatch
from qinyou.graph.ids import norm_text
from qinyou.graph.embedded import EmbeddedStore
from qinyou.graph.store_lock import LOCK_FILE
from qinyou.errors import ReadOnlyError, StoreInUseError, StoreUnavailableError
from idkeys import TEST_KEY


def small_batch() -> GraphBatch:
    batch = GraphBatch(id_key=TEST_KEY)
    head = batch.node("Person", "hh.csv#r3", idno="110101199003074514", name="王建国")
    brother = batch.node("Person", "hh.csv#r4", idno="11010119900307451X", name="王建民")
    village = batch.node("Place", "hh.csv#r3", path="东岭县/石桥镇/上坪村", name="上坪村", level="village")
    town = batch.node("Place", "hh.csv#r3", path="东岭县/石桥镇", name="石桥镇", level="town")
    household = batch.node("Household", "hh.csv#r3", hh_no="H001", head_name="王建国")
    batch.rel("PART_OF", "Place", village, "Place", town, "hh.csv#r3")
    batch.rel("LOCATED_IN", "Household", household, "Place", village, "hh.csv#r3")
    batch.rel("MEMBER_OF", "Person", head, "Household", household, "hh.csv#r3", relation_to_head="户主")
    batch.rel("MEMBER_OF", "Person", brother, "Household", household, "hh.csv#r4", relation_to_head="弟")
    batch.rel("KIN", "Person", head, "Person", brother, "hh.csv#r4", relation="兄弟姐妹", legal_scope=True,
              basis="household")
    return batch


def test_loading_twice_changes_nothing(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path) as store:
        first = store.load(small_batch())
        counts = store.counts()
        second = store.load(small_batch())
        assert first.changed > 0 and second.changed == 0
        assert store.counts() == counts
        assert counts["nodes"]["Person"] == 2 and counts["relationships"]["KIN"] == 1


def test_a_second_source_is_added_to_provenance(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path) as store:
        store.load(small_batch())
        extra = GraphBatch(id_key=TEST_KEY)
        extra.node("Person", "dibao.csv#r7", idno="11010119900307451X", name="王建民", gender="男")
        report = store.load(extra)
        assert report.updated["Person"] == 1 and report.created["Person"] == 0
        row = store.read("MATCH (p:Person {idno: $i}) RETURN p.sources, p.gender",
                         {"i": "11010119900307451X"}).rows[0]
        assert row == [["hh.csv#r4", "dibao.csv#r7"], "男"]


def _later_batch() -> GraphBatch:
    """Meets small_batch() again: a person with a new source and property, a KIN with a new source."""
    batch = GraphBatch(id_key=TEST_KEY)
    brother = batch.node("Person", ["dibao.csv#r7", "hh.csv#r4"], raw=["15位身份证号"], idno="11010119900307451X",
                         gender="男")
    head = batch.node("Person", "dibao.csv#r6", idno="110101199003074514", name="王建国")
    batch.node("Person", "hh.csv#r4", idno="110101199003074514")  # no news: nothing changes
    batch.rel("KIN", "Person", head, "Person", brother, "dibao.csv#r7", relation="兄弟姐妹", basis="household")
    return batch


def _everything(store: EmbeddedStore) -> list[list[object]]:
    rows = store.read("MATCH (p:Person) RETURN p.id, p.name, p.gender, p.sources, p.raw ORDER BY p.id").rows
    rows += store.read("MATCH (a)-[k:KIN]->(b) RETURN a.id, b.id, k.relation, k.legal_scope, k.sources").rows
    return rows


def test_waiting_elements_fold_as_separate_loads_would(tmp_path: Path) -> None:
    """New elements wait for one bulk copy; meeting them again folds exactly like a store update."""
    with EmbeddedStore(tmp_path / "waiting") as store:
        first = store.load(small_batch())
        second = store.load(_later_batch())  # both batches still waiting
        assert store._pending
        waited = _everything(store)
    with EmbeddedStore(tmp_path / "stored") as store:
        store.load(small_batch())
    with EmbeddedStore(tmp_path / "stored") as store:
        assert not store._pending
        stored_second = store.load(_later_batch())  # the first batch is stored: updates
        stored = _everything(store)
    assert waited == stored
    assert second.updated == stored_second.updated == {"Person": 2, "KIN": 1}
    assert first.created["Person"] == 2 and not second.created.get("Person")
    brother = next(r for r in waited if r[0] != "" and r[2] == "男")
    assert brother[3] == ["hh.csv#r4", "dibao.csv#r7"] and brother[1] == "王建民" and brother[4] == ["15位身份证号"]


def _third_batch() -> GraphBatch:
    """Meets what _later_batch() folded: once more a new source for the brother and for the KIN."""
    batch = GraphBatch(id_key=TEST_KEY)
    brother = batch.node("Person", "kin.xlsx#r3", idno="11010119900307451X", name="王建明")
    head = batch.node("Person", "hh.csv#r4", idno="110101199003074514")
    batch.rel("KIN", "Person", head, "Person", brother, "kin.xlsx#r3", relation="兄弟姐妹", basis="declared")
    return batch


def test_elements_met_twice_while_waiting_fold_once_each_time(tmp_path: Path) -> None:
    """A waiting element folded by a second load is folded again, from its folded state, by a third."""
    with EmbeddedStore(tmp_path / "waiting") as store:
        reports = [store.load(b()) for b in (small_batch, _later_batch, _third_batch)]
        waited = _everything(store)
        counts = store.counts()
    stored_reports = []
    for make in (small_batch, _later_batch, _third_batch):
        with EmbeddedStore(tmp_path / "stored") as store:
            stored_reports.append(store.load(make()))
    with EmbeddedStore(tmp_path / "stored") as store:
        assert _everything(store) == waited and store.counts() == counts
    assert [r.updated for r in reports] == [r.updated for r in stored_reports]
    assert reports[2].updated == {"Person": 1, "KIN": 1}
    brother = next(r for r in waited if r[0] != "" and r[2] == "男")
    assert brother[3] == ["hh.csv#r4", "dibao.csv#r7", "kin.xlsx#r3"] and brother[1] == "王建明"
    kin = [r for r in waited if r[2] == "兄弟姐妹"]
    assert len(kin) == 1 and kin[0][4][-1] == "kin.xlsx#r3"


def test_reads_cannot_write(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path) as store:
        store.load(small_batch())
        with pytest.raises(ReadOnlyError):
            store.read("MATCH (p:Person) SET p.name = 'x' RETURN p", name="evil")
        assert store.read("MATCH (p:Person) WHERE p.name = 'x' RETURN count(p)").rows == [[0]]
    with EmbeddedStore(tmp_path, read_only=True) as ro:
        with pytest.raises(ReadOnlyError):
            ro.read("CREATE (:Place {id: 'z', name: 'z'})", name="evil")


def test_read_only_store_needs_a_built_graph(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailableError, match="qinyou ingest"):
        EmbeddedStore(tmp_path / "nothing", read_only=True)


def test_a_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    EmbeddedStore(tmp_path).close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from qinyou.graph.embedded import EmbeddedStore
        s = EmbeddedStore({str(tmp_path)!r})
        print("ready", flush=True)
        sys.stdin.readline()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreInUseError, match="in use"):
            EmbeddedStore(tmp_path)
    finally:
        if holder.stdin:
            holder.stdin.close()
        holder.wait(timeout=30)
    # once the other writer is gone the store opens and still holds its data
    with EmbeddedStore(tmp_path) as store:
        assert store.counts()["nodes"]["Person"] == 0
    time.sleep(0)


def test_every_waiting_row_is_copied(tmp_path: Path) -> None:
    """Waiting tables grow in chunks (one per load); the copy must take every row of every chunk."""
    numbers = ["110101199003074514", "11010119900307451X", "110105194912310021", "11010519491231002X",
               "110101198001010016", "110101198001010024"]
    with EmbeddedStore(tmp_path) as store:
        ids = []
        for i, number in enumerate(numbers):  # one load per person: six chunks of one row
            batch = GraphBatch(id_key=TEST_KEY)
            ids.append(batch.node("Person", f"p.csv#r{i + 2}", idno=number))
            if i:
                batch.rel("KIN", "Person", ids[0], "Person", ids[i], f"p.csv#r{i + 2}", relation="子女")
            store.load(batch)
        counts = store.counts()
    assert counts["nodes"]["Person"] == 6 and counts["relationships"]["KIN"] == 5


@pytest.mark.parametrize("name", ["plain", "县 数据", "o'brien \\ 目录"])
def test_bulk_copy_leaves_no_spill_files(tmp_path: Path, name: str) -> None:
    """Waiting tables go through Parquet files beside the store (or memory, when the path cannot be quoted)."""
    with EmbeddedStore(tmp_path / name) as store:
        store.load(small_batch())
        store.load(_later_batch())
        assert store.counts()["nodes"]["Person"] == 2
        assert store.read("MATCH (p:Person {idno: $i}) RETURN p.sources", {"i": "11010119900307451X"}).rows \
            == [[["hh.csv#r4", "dibao.csv#r7"]]]
    assert sorted(p.name for p in (tmp_path / name).iterdir()) == [LOCK_FILE, "graph.lbug"]


def test_a_stored_relationship_is_found_by_its_normalised_identity(tmp_path: Path) -> None:
    """Ids normalise identity properties (spaces, full width): so does matching against stored relationships."""
    def kin(source: str, relation: str) -> GraphBatch:
        batch = GraphBatch(id_key=TEST_KEY)
        head = batch.node("Person", "hh.csv#r3", idno="110101199003074514")
        brother = batch.node("Person", "hh.csv#r4", idno="11010119900307451X")
        batch.rel("KIN", "Person", head, "Person", brother, source, relation=relation, basis="household")
        return batch

    with EmbeddedStore(tmp_path) as store:
        store.load(kin("hh.csv#r4", "兄弟姐妹"))
    with EmbeddedStore(tmp_path) as store:
        again = store.load(kin("kin.xlsx#r9", " 兄弟 姐妹"))  # the same id: a new source, not a new tie
        assert again.created.get("KIN", 0) == 0 and again.updated.get("KIN") == 1
        rows = store.read("MATCH (a)-[k:KIN]->(b) RETURN k.relation, k.sources").rows
    assert len(rows) == 1 and rows[0][1] == ["hh.csv#r4", "kin.xlsx#r9"]
    assert norm_text(rows[0][0]) == "兄弟姐妹"


def test_copy_files_of_a_killed_flush_are_cleared_by_the_next_writer(tmp_path: Path) -> None:
    EmbeddedStore(tmp_path).close()
    stale = tmp_path / ".copy-killed"
    stale.mkdir()
    (stale / "0.parquet").write_bytes(b"half written")
    with EmbeddedStore(tmp_path, read_only=True):
        assert stale.exists()  # a reader leaves the writer's files alone
    with EmbeddedStore(tmp_path) as store:
        assert not stale.exists()
        store.load(small_batch())


def _raw_batches() -> list[GraphBatch]:
    """One person met three times: with a raw text, with another, with none; a case met twice."""
    out = []
    for src, raw, violations in (("pay.csv#r2", ["110101900307451"], ["虚报冒领"]), ("hh.csv#r9", ["王 建民"], []),
                                 ("dibao.csv#r4", [], None)):
        b = GraphBatch(id_key=TEST_KEY)
        b.node("Person", src, raw=raw, idno="11010119900307451X", name="王建民")
        b.node("Case", src, doc="n1", item="1", title="案", **({"violations": violations} if violations is not None else {}))
        out.append(b)
    return out


@pytest.mark.parametrize("waiting", [True, False])
def test_raw_texts_are_unioned_and_an_empty_list_keeps_the_stored_one(tmp_path: Path, waiting: bool) -> None:
    """Raw texts are evidence like sources: a later row adds its own, never replaces; an empty list is no value."""
    if waiting:  # one writer: later batches meet the rows waiting for the bulk copy
        with EmbeddedStore(tmp_path) as store:
            for batch in _raw_batches():
                store.load(batch)
    else:  # a writer per batch: later batches meet stored rows
        for batch in _raw_batches():
            with EmbeddedStore(tmp_path) as store:
                store.load(batch)
    with EmbeddedStore(tmp_path, read_only=True) as store:
        row = store.read("MATCH (p:Person) RETURN p.sources, p.raw").rows
        case = store.read("MATCH (c:`Case`) RETURN c.violations").rows
    assert row == [[["pay.csv#r2", "hh.csv#r9", "dibao.csv#r4"], ["110101900307451", "王 建民"]]]
    assert case == [[["虚报冒领"]]]
