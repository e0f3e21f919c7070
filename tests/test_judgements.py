"""Identity judgements: stored, reversible, transitive when read — on a real store."""
from __future__ import annotations

from pathlib import Path

import pytest

from qinyou.graph.batch import GraphBatch
from qinyou.graph.embedded import EmbeddedStore
from qinyou import api
from qinyou.errors import QueryError
from qinyou.settings import load


@pytest.fixture()
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    batch = GraphBatch()
    for doc in ("N1", "N2", "N3"):
        batch.node("Person", f"{doc}#c0-3", scope=doc, name="王某某", masked=True)
    with EmbeddedStore(tmp_path) as store:
        store.load(batch)
    return load(db_path=tmp_path)


def ids(settings) -> list[str]:  # type: ignore[no-untyped-def]
    with EmbeddedStore(settings.db_path, read_only=True) as store:
        return sorted(r[0] for r in store.read("MATCH (p:Person) RETURN p.id").rows)


def test_same_is_transitive_and_undo_is_a_later_judgement(settings) -> None:  # type: ignore[no-untyped-def]
    a, b, c = ids(settings)
    api.judge(a, b, "same", "li", settings, 0.9)
    api.judge(b, c, "same", "li", settings)
    clusters, conflicts = api.judgements(settings)
    assert clusters == [{a, b, c}] and conflicts == []
    import time
    time.sleep(1.1)  # judgement times have one-second resolution
    api.judge(c, b, "unsure", "wang", settings)
    clusters, _ = api.judgements(settings)
    assert clusters == [{a, b}]
    with EmbeddedStore(settings.db_path, read_only=True) as store:
        assert store.counts()["nodes"]["Person"] == 3  # nothing merged
        assert store.counts()["relationships"]["SAME_AS"] == 3  # history kept


def test_judging_an_unknown_person_fails(settings) -> None:  # type: ignore[no-untyped-def]
    a = ids(settings)[0]
    with pytest.raises(QueryError, match="no person"):
        api.judge(a, "Person:nope", "same", "li", settings)
