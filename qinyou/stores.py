"""The one place a store is chosen and opened (the API floor, above both stores).

``graph.store`` only defines the interface; the stores import it, and this
module imports the stores, so no floor reaches up to choose.
"""
from __future__ import annotations

from collections.abc import Callable

from qinyou.errors import ConfigError, SchemaError
from qinyou.idstore import check
from qinyou.graph.store import GraphStore
from qinyou.settings import STORES, Settings

Opener = Callable[[Settings, bool], GraphStore]


def _embedded(settings: Settings, read_only: bool) -> GraphStore:
    from qinyou.graph.embedded import EmbeddedStore  # imported when chosen: a CLI call pays for one store only

    return EmbeddedStore(settings.db_path, read_only=read_only)


def _neo4j(settings: Settings, read_only: bool) -> GraphStore:
    from qinyou.graph.neo4j_store import Neo4jStore

    return Neo4jStore.from_settings(settings, read_only=read_only)


#: store name (``QINYOU_STORE``) → how to open it; every name in settings.STORES has one
OPENERS: dict[str, Opener] = {"embedded": _embedded, "neo4j": _neo4j}
assert set(OPENERS) == set(STORES), "settings.STORES and stores.OPENERS disagree"


def open_store(settings: Settings, read_only: bool = False, check_ids: bool = True) -> GraphStore:
    """Create the store the settings name (the embedded one by default).

    A store whose person ids were made with another ID key or an earlier id
    scheme is refused with one line saying what to do (:func:`qinyou.idstore.check`);
    ``check_ids=False`` is for ``qinyou rebuild``, which reads such a store on purpose.
    """
    opener = OPENERS.get(settings.store)
    if opener is None:
        raise ConfigError(f"QINYOU_STORE must be one of {', '.join(STORES)}, not {settings.store!r}")
    try:
        store = opener(settings, read_only)
    except SchemaError:
        if read_only or not check_ids:
            raise
        with opener(settings, True) as old:  # an embedded store of an earlier schema: is it the id scheme?
            check(old, settings)
        raise
    if check_ids:
        try:
            check(store, settings)
        except BaseException:
            store.close()
            raise
    return store
