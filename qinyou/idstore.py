"""The store's id scheme and ID key: found, recorded, and checked on every open.

A store records how its person ids were made in one ``StoreMeta`` node (the id
scheme of :mod:`qinyou.graph.idkey` and the ID key's fingerprint). Opening a
store whose ids were made another way gives one line saying what to do
(:class:`qinyou.errors.IdSchemeError`), so new ids are never mixed with ids of
another key or of the earlier plain hash:

* a store from before keyed ids (roster persons carry ``idno`` but no
  ``idno_masked``) — scheme 1;
* a store stamped with another key's fingerprint, or whose key file is gone.

``qinyou rebuild`` (:func:`qinyou.api.rebuild`) reads the input files again into
a fresh store with this installation's key.
"""
from __future__ import annotations

from qinyou.errors import IdSchemeError, QinyouError
from qinyou.graph.batch import GraphBatch
from qinyou.graph.idkey import SCHEME, IdKey, load_key
from qinyou.graph.store import GraphStore
from qinyou.settings import Settings

META_NAME = "ids"
META = "MATCH (m:StoreMeta) RETURN m.id_scheme, m.key_fingerprint"
#: a roster person of the earlier scheme: the raw number, no masked form
OLD_PERSON = "MATCH (p:Person) WHERE p.idno IS NOT NULL AND p.idno_masked IS NULL RETURN p.id LIMIT 1"
ANY_IDNO = "MATCH (p:Person) WHERE p.idno IS NOT NULL RETURN p.id LIMIT 1"
REBUILD = "rebuild it with `qinyou rebuild PATH...` (the input files; see docs/identity.md)"


def installation_key(settings: Settings, create: bool) -> IdKey | None:
    """This installation's ID key (:attr:`Settings.id_key_path`), created there if ``create``."""
    return load_key(settings.id_key_path, create, settings.store_idno)


def stored_scheme(store: GraphStore) -> tuple[int, str] | None:
    """``(id scheme, key fingerprint)`` the store records, or None when it records none."""
    try:
        rows = store.read(META, name="id scheme").rows
    except QinyouError:  # a store from before StoreMeta: no such table
        return None
    return (int(rows[0][0]), str(rows[0][1])) if rows else None


def _has_old_persons(store: GraphStore) -> bool:
    try:
        return bool(store.read(OLD_PERSON, name="id scheme").rows)
    except QinyouError:  # no idno_masked column at all (an embedded store of the earlier schema)
        try:
            return bool(store.read(ANY_IDNO, name="id scheme").rows)
        except QinyouError:
            return False


def check(store: GraphStore, settings: Settings) -> None:
    """Refuse a store whose person ids were made with another key or scheme (one clear line)."""
    where = settings.store_label
    recorded = stored_scheme(store)
    if recorded is None:
        if _has_old_persons(store):
            raise IdSchemeError(f"this store was built before ID numbers were keyed (id scheme 1); {REBUILD}",
                                store=where)
        return
    scheme, fingerprint = recorded
    if scheme != SCHEME:
        raise IdSchemeError(f"this store's ids follow id scheme {scheme}, this qinyou makes scheme {SCHEME}; "
                            f"{REBUILD}", store=where)
    key = installation_key(settings, create=False)
    if key is None:
        raise IdSchemeError(f"the ID key this store was built with (fingerprint {fingerprint}) is missing at "
                            f"{settings.id_key_path}: restore it from your backup, set QINYOU_ID_KEY_FILE, "
                            f"or {REBUILD}", store=where)
    if key.fingerprint != fingerprint:
        raise IdSchemeError(f"this store was built with another ID key (fingerprint {fingerprint}, the key at "
                            f"{settings.id_key_path} is {key.fingerprint}): set QINYOU_ID_KEY_FILE to the key "
                            f"it was built with, or {REBUILD}", store=where)


def stamp_batch(key: IdKey) -> GraphBatch:
    """The batch that records the id scheme and ``key``'s fingerprint (loading it twice changes nothing)."""
    batch = GraphBatch()
    batch.node("StoreMeta", "qinyou", name=META_NAME, id_scheme=SCHEME, key_fingerprint=key.fingerprint)
    return batch
