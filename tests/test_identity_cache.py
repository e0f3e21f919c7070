"""Identities kept beside the store are used only for the state they were computed from (never stale)."""
from __future__ import annotations

from pathlib import Path

import pytest

from qinyou.graph.embedded import EmbeddedStore
from qinyou.graph.judgements import Judgement, judgement_batch
from qinyou.identity.cache import cache_path, cached
from qinyou.identity.resolution import AUTO, identities, resolve, undo
from test_identity_relatives import _ids, store  # noqa: F401  (the hand-written county's store)


def _fail() -> dict[str, str]:
    raise AssertionError("computed again although the kept identities are current")


def test_kept_identities_follow_every_change(store: EmbeddedStore, tmp_path: Path) -> None:
    ids = _ids(store)
    first = identities(store)
    assert cache_path(tmp_path / "db").exists()
    assert first[ids["D1:杨某某"]] == ids["brother"] == first[ids["D3:杨建民"]]
    assert cached(store, AUTO, _fail) == first  # current: read, not computed
    a, b = sorted((ids["D1:杨某某"], ids["brother"]))
    store.load(judgement_batch(Judgement(a, b, "different", "李明", "2030-01-01T00:00:00.000001+00:00")))
    after = identities(store)
    assert ids["D1:杨某某"] not in after  # the person's "different" is in force at once
    assert cached(store, AUTO, _fail) == after
    undo(store, a, b)
    assert identities(store) == first
    assert cached(store, 0.5, lambda: {}) == {}  # another threshold is another state


def test_resolve_then_identities_agree_with_a_fresh_computation(store: EmbeddedStore) -> None:
    before = identities(store)
    resolve(store)  # writes the automatic judgements: the store changed, the kept file is stale
    assert identities(store) == before
    cache_path(store.directory).write_text("{not json", encoding="utf-8")
    assert identities(store) == before  # an unreadable file is computed again
