"""Resolved identities kept beside an embedded store, keyed to the store's state (never stale).

Resolving identities on a county of a million people takes seconds (profiles of
every cadre sharing a surname with a notice person, the relatives of the
officials, the beneficiaries of their villages), and every ``qinyou detect`` of
the notice rules needs it. So the result of :func:`qinyou.identity.resolution.identities`
is kept in ``<db>-identities.json`` beside the store directory, with the *state* it
was computed from: the size and modification time of every file of the store
(LadybugDB writes its file or its write-ahead log on every committed change,
judgements and undos included), the store's write generation (``<db>-generation``,
bumped by every API write) and the automatic threshold. When any of these differs
the file is ignored and identities are computed again (and kept, when the
directory is writable). ``qinyou ingest`` and ``qinyou resolve`` compute it once
they are done, so the next ``detect`` finds it current. A Neo4j store has no such
file: identities are computed each time.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from qinyou.graph.store import GraphStore

FORMAT = "qinyou-identities/1"


def cache_path(directory: Path) -> Path:
    return directory.with_name(directory.name + "-identities.json")


def store_state(store: GraphStore, auto: float) -> str | None:
    """A digest of everything the identities depend on, or None when the store has no directory."""
    directory = getattr(store, "directory", None)
    if not isinstance(directory, Path) or not directory.is_dir():
        return None
    store.read("RETURN 1", name="identity cache")  # writes still pending in this process reach the files
    files = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in directory.iterdir()
                   if p.is_file() and not p.name.startswith("."))
    generation = directory.with_name(directory.name + "-generation")
    gen = generation.read_text(encoding="utf-8").strip() if generation.exists() else "0"
    text = json.dumps({"files": files, "generation": gen, "auto": auto}, sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def cached(store: GraphStore, auto: float, compute: Callable[[], dict[str, str]]) -> dict[str, str]:
    """The identities kept for the store's current state, else ``compute()`` (kept for next time)."""
    state = store_state(store, auto)
    if state is None:
        return compute()
    path = cache_path(getattr(store, "directory"))
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("format") == FORMAT and kept.get("state") == state:
            return {str(k): str(v) for k, v in kept["identities"].items()}
    except (OSError, ValueError, KeyError, AttributeError):
        pass  # missing, unreadable or of another format: compute
    found = compute()
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps({"format": FORMAT, "state": state, "identities": found}, ensure_ascii=False),
                       encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)  # a read-only place: identities are computed each time
    return found
