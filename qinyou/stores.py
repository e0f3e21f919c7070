"""The one place a store is chosen and opened (the API floor, above both stores).

``graph.store`` only defines the interface; the stores import it, and this
module imports the stores, so no floor reaches up to choose.
"""
from __future__ import annotations

from collections.abc import Callable

from qinyou.errors import ConfigError
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


def open_store(settings: Settings, read_only: bool = False) -> GraphStore:
    """Create the store the settings name (the embedded one by default)."""
    opener = OPENERS.get(settings.store)
    if opener is None:
        raise ConfigError(f"QINYOU_STORE must be one of {', '.join(STORES)}, not {settings.store!r}")
    return opener(settings, read_only)
