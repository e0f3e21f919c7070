"""Keyed person ids (issue 14): ids say nothing about ID numbers, stores refuse another key or scheme.

Every test runs on the embedded store, and on a real Neo4j in the Neo4j tier
(tests/conftest.py). Expected ids are computed here from the definition
(HMAC-SHA256 of the 18-character number with the key, first 20 hex digits),
not by the code under test.
"""
from __future__ import annotations

import dataclasses
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from conftest import neo4j_scratch_settings, wipe_neo4j
from idkeys import SECRET
from storedump import everything
from qinyou import api
from qinyou.errors import IdSchemeError
from qinyou.graph.batch import GraphBatch
from qinyou.graph.embedded import EmbeddedStore
from qinyou.graph.idkey import IdKey, load_key
from qinyou.graph.judgements import Judgement, judgement_batch
from qinyou.ingest.synth import generate
from qinyou.rebuild import rebuild
from qinyou.settings import Settings, load
from qinyou.stores import open_store

NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9X](?![0-9X])")


def keyed(secret: bytes, number: str) -> str:
    return "Person:" + hmac.new(secret, number.encode("ascii"), hashlib.sha256).hexdigest()[:20]


def test_person_id_is_the_hmac_of_the_number() -> None:
    key = IdKey(SECRET)
    for number in ("11010119900307451X", "350102199001011234"):
        assert key.person_id(number) == keyed(SECRET, number)
    assert key.person_id("11010119900307451X") == "Person:" + hmac.new(
        bytes(range(32)), b"11010119900307451X", "sha256").hexdigest()[:20]
    assert IdKey(bytes(32)).person_id("11010119900307451X") != key.person_id("11010119900307451X")


def test_the_key_file_is_private_and_never_printed(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "id.key"
    key = load_key(path, create=True)
    assert key is not None and path.stat().st_mode & 0o777 == 0o600
    secret = path.read_text().strip()
    assert len(bytes.fromhex(secret)) == 32
    assert secret not in repr(key) and secret not in str(key)
    again = load_key(path, create=True)
    assert again is not None and again.fingerprint == key.fingerprint
    assert load_key(tmp_path / "none.key", create=False) is None
    with pytest.raises(TypeError):
        import pickle
        pickle.dumps(key)


# -- on both stores -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("keyed") / "files"
    generate(out, 4, 7)
    return out


def cells_text(folder: Path) -> str:
    """All the text of the county's roster files (CSV as written, workbooks cell by cell)."""
    parts = []
    for f in sorted(folder.rglob("*")):
        if f.suffix == ".csv":
            parts.append(f.read_text(encoding="utf-8", errors="replace"))
        elif f.suffix in (".xlsx", ".xls"):
            for sheet in pd.read_excel(f, sheet_name=None, header=None, dtype=str).values():
                parts.append("\n".join(" ".join(map(str, row)) for row in sheet.itertuples(index=False)))
    # full-width digits and a lower-case x are read as the same number (GB 11643 allows neither)
    return unicodedata.normalize("NFKC", "\n".join(parts)).replace("x", "X")


def numbers_in(folder: Path) -> set[str]:
    """Every 18-character ID number written in the county's roster files."""
    return set(NUMBER.findall(cells_text(folder)))


def eighteen(old: str) -> str:
    """An old 15-digit number in the 18-character form (GB 11643: century 19, ISO 7064 MOD 11-2 check)."""
    body = old[:6] + "19" + old[6:]
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


@pytest.fixture(params=["embedded", "neo4j"])
def make_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """``make(name, key_file)`` → settings of a fresh store (Neo4j: the scratch database, emptied)."""
    if request.param == "neo4j":
        base = neo4j_scratch_settings()
        wipe_neo4j(base)

        def make(name: str, key_file: Path, **kw: object) -> Settings:
            return dataclasses.replace(base, id_key_file=key_file, **kw)  # type: ignore[arg-type]
        yield make
        wipe_neo4j(base)
    else:
        def make(name: str, key_file: Path, **kw: object) -> Settings:
            return load(store="embedded", db_path=tmp_path / name, id_key_file=key_file, **kw)
        yield make


def dump(settings: Settings) -> list[str]:
    with open_store(settings, read_only=True) as store:
        return everything(store)


def test_ids_are_keyed_and_no_raw_number_is_stored(make_settings, county: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings("a", tmp_path / "a.key")
    api.ingest([county], settings)
    key = load_key(tmp_path / "a.key", create=False)
    assert key is not None
    numbers = numbers_in(county)
    assert len(numbers) > 100
    rows = dump(settings)
    text = "\n".join(rows)
    leaked = [n for n in numbers if n in text or n[:17] in text]
    assert leaked == []  # no property of any node or relationship holds a number (nor its first 17 digits)
    with open_store(settings, read_only=True) as store:
        people = {pid: masked for pid, masked in store.read(
            "MATCH (p:Person) WHERE p.idno_masked IS NOT NULL RETURN p.id, p.idno_masked").rows}
    old_form = set(re.findall(r"(?<![0-9])[0-9]{15}(?![0-9X])", cells_text(county)))
    assert not [n for n in old_form if n in text]  # nor an old 15-digit form as written
    written = {keyed(key_secret(tmp_path / "a.key"), n): n for n in numbers | {eighteen(o) for o in old_form}}
    assert set(people) <= set(written)  # every roster person's id is the keyed hash of a number read
    for pid, masked in people.items():
        assert masked == written[pid][:6] + "********" + written[pid][-4:]
    for n in numbers:
        old = "Person:" + hashlib.blake2b(f"idno\x1f{n}".encode(), digest_size=10).hexdigest()
        assert old not in people  # the earlier plain hash, which anyone can compute from the number


def key_secret(path: Path) -> bytes:
    return bytes.fromhex(path.read_text().strip())


def test_same_key_same_store_other_key_other_ids(make_settings, county: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings("a", tmp_path / "a.key")
    api.ingest([county], settings)
    first = dump(settings)
    again = api.ingest([county], settings)
    assert sum(again.load.created.values()) == 0
    assert dump(settings) == first  # loading twice changes nothing
    ids_a = roster_ids(settings)
    if settings.store == "neo4j":
        wipe_neo4j(settings)
    other = make_settings("b", tmp_path / "b.key")
    api.ingest([county], other)
    ids_b = roster_ids(other)
    assert len(ids_a) == len(ids_b) > 100 and not ids_a & ids_b  # two keys: no id in common


def roster_ids(settings: Settings) -> set[str]:
    with open_store(settings, read_only=True) as store:
        return {r[0] for r in store.read("MATCH (p:Person) WHERE p.idno_masked IS NOT NULL RETURN p.id").rows}


def test_another_key_is_refused_in_one_line(make_settings, county: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings("a", tmp_path / "a.key")
    api.ingest([county], settings)
    before = dump(settings)
    other = dataclasses.replace(settings, id_key_file=tmp_path / "b.key")
    with pytest.raises(IdSchemeError, match="missing"):  # no key at all: ingest does not make one for a built store
        api.ingest([county], other)
    assert not (tmp_path / "b.key").exists()
    load_key(tmp_path / "b.key", create=True)  # another installation's key
    with pytest.raises(IdSchemeError) as err:
        api.ingest([county], other)
    assert "another ID key" in str(err.value) and "qinyou rebuild" in str(err.value)
    assert "\n" not in str(err.value)
    with pytest.raises(IdSchemeError):
        api.search("王", other)
    missing = dataclasses.replace(settings, id_key_file=tmp_path / "gone.key")
    (tmp_path / "b.key").unlink()
    with pytest.raises(IdSchemeError) as err:
        api.stats(missing)
    assert "missing" in str(err.value)
    assert not (tmp_path / "gone.key").exists()  # reading never creates a key
    assert dump(settings) == before  # nothing was mixed in


def old_scheme_batch() -> GraphBatch:
    """Two roster persons as stores before keyed ids kept them: the plain hash, the raw number, no masked form."""
    batch = GraphBatch()
    rows = []
    for n, name in (("11010119900307451X", "王建国"), ("350102199001011234", "李四")):
        rows.append({"id": "Person:" + hashlib.blake2b(f"idno\x1f{n}".encode(), digest_size=10).hexdigest(),
                     "idno": n, "name": name, "sources": ["old.csv#r2"]})
    batch.add_nodes("Person", pd.DataFrame(rows))
    return batch


def test_a_store_of_the_old_scheme_is_refused(make_settings, county: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings("old", tmp_path / "a.key")
    with open_store(settings, check_ids=False) as store:
        store.load(old_scheme_batch())
    with pytest.raises(IdSchemeError) as err:
        api.ingest([county], settings)
    assert "before ID numbers were keyed" in str(err.value) and "qinyou rebuild" in str(err.value)
    with pytest.raises(IdSchemeError):
        api.stats(settings)


def test_rebuild_equals_a_fresh_ingest_and_keeps_judgements(make_settings, county: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    key_file = tmp_path / "a.key"
    # the reference: a fresh ingest with key A (Neo4j has one database: dumped, then emptied)
    fresh = make_settings("fresh", key_file)
    api.ingest([county], fresh)
    reference = dump(fresh)
    if fresh.store == "neo4j":
        wipe_neo4j(fresh)
    # a store of the old scheme holding a judgement between two roster persons (by number) ...
    settings = make_settings("old", key_file)
    numbers = sorted(numbers_in(county))[:2]
    with open_store(settings, check_ids=False) as store:
        store.load(old_scheme_batch())
        old_ids = {r[1]: r[0] for r in store.read("MATCH (p:Person) RETURN p.id, p.idno").rows}
    with open_store(settings, check_ids=False) as store:
        a, b = sorted(old_ids.values())
        store.load(judgement_batch(Judgement(a, b, "different", "tester", "2026-01-01T00:00:00+00:00")))
    with pytest.raises(IdSchemeError):
        api.stats(settings)
    done = rebuild([county], settings, clear_neo4j=True)
    # ... the two old persons are not in the county: their judgement cannot be kept
    assert done.judgements_kept == 0 and done.judgements_dropped == 1
    assert dump(settings) == reference
    if settings.store == "embedded":
        assert done.moved_to is not None and done.moved_to.exists()
    # a judgement between two county persons is carried over to their new ids
    secret = key_secret(key_file)
    with open_store(settings) as store:
        x, y = sorted(keyed(secret, n) for n in numbers)
        store.load(judgement_batch(Judgement(x, y, "same", "tester", "2026-01-02T00:00:00+00:00")))
    judged = dump(settings)
    (tmp_path / "b.key").write_text(bytes(range(100, 132)).hex())
    moved = dataclasses.replace(settings, id_key_file=tmp_path / "b.key")
    with pytest.raises(IdSchemeError):
        api.stats(moved)
    done = rebuild([county], moved, clear_neo4j=True)
    # without stored numbers the old ids of roster persons cannot be mapped: dropped, and said so
    assert done.judgements_kept == 0 and done.judgements_dropped == 1
    assert len(dump(moved)) == len(reference)
    assert judged != reference


def test_search_by_number_and_masked_fragment(make_settings, county: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings("a", tmp_path / "a.key")
    api.ingest([county], settings)
    number = sorted(numbers_in(county))[0]
    hits = api.search(number, settings)
    assert [h.id for h in hits] == [keyed(key_secret(tmp_path / "a.key"), number)]
    assert hits[0].props.get("idno") is None and hits[0].props["idno_masked"] == number[:6] + "********" + number[-4:]
    tail = api.search(number[-4:], settings)
    assert hits[0].id in {h.id for h in tail}
    middle = api.search(number[8:14], settings)  # birth date digits: hidden in the masked form
    assert hits[0].id not in {h.id for h in middle if h.label == "Person"}
    card = api.person_card(hits[0].id, settings, api.masking(settings, reveal=True))
    assert card.idno == number[:6] + "********" + number[-4:] and "not stored" in card.idno_note


def test_raw_numbers_are_kept_when_asked(make_settings, county: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings("a", tmp_path / "a.key", store_idno=True)
    api.ingest([county], settings)
    number = sorted(numbers_in(county))[0]
    hits = api.search(number, settings)
    card = api.person_card(hits[0].id, settings, api.masking(settings, reveal=True))
    assert card.idno == number and card.idno_note == ""
    masked = api.person_card(hits[0].id, settings, api.masking(settings))
    assert masked.idno == number[:6] + "********" + number[-4:]


def test_the_embedded_store_of_an_earlier_schema_is_refused_by_id_scheme(county: Path, tmp_path: Path) -> None:
    """A store written before ``idno_masked`` and ``StoreMeta`` existed (the earlier Person table)."""
    from qinyou.graph.model import schema

    sch = schema()
    person = sch.nodes["Person"]
    old_person = dataclasses.replace(person, props={k: v for k, v in person.props.items() if k != "idno_masked"})
    old = dataclasses.replace(sch, nodes={k: (old_person if k == "Person" else v)
                                          for k, v in sch.nodes.items() if k != "StoreMeta"})
    with EmbeddedStore(tmp_path / "db", sch=old) as store:
        store.load(old_scheme_batch())
    settings = load(store="embedded", db_path=tmp_path / "db", id_key_file=tmp_path / "a.key")
    with pytest.raises(IdSchemeError) as err:
        api.ingest([county], settings)
    assert "before ID numbers were keyed" in str(err.value)
    done = rebuild([county], settings)
    assert done.moved_to is not None
    fresh = load(store="embedded", db_path=tmp_path / "fresh", id_key_file=tmp_path / "a.key")
    api.ingest([county], fresh)
    assert dump(settings) == dump(fresh)
