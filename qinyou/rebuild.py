"""``qinyou rebuild``: a store of another ID key or id scheme read again into a fresh one.

Ids made with another key (or by the plain hash of scheme 1) cannot be turned
into this installation's ids without the ID numbers, and a store keeps the
numbers only on request, so the store is rebuilt from the input files:

1. the identity judgements (``SAME_AS``) are read from the old store, with the
   ID numbers of their roster ends where the old store kept them;
2. the embedded store's directory is moved aside to
   ``<db>.before-rebuild-<UTC time>`` (kept: delete it yourself once the new
   store is checked); a Neo4j database is emptied;
3. the paths are ingested with this installation's key (the result equals a
   fresh ingest);
4. each judgement whose two persons are in the new store is recorded again
   (a roster person's new id from the number; a notice person keeps its id);
   the others are counted as dropped.
"""
from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from qinyou.api import IngestSummary, ingest
from qinyou.errors import ConfigError, StoreUnavailableError
from qinyou.graph.judgements import Judgement, judgement_batch
from qinyou.graph.store import GraphStore, Progress
from qinyou.idstore import installation_key
from qinyou.identity.resolution import stored_judgements
from qinyou.settings import Settings
from qinyou.stores import open_store

NUMBERS = "MATCH (p:Person) WHERE p.id IN $ids RETURN p.id, p.idno, p.idno_masked"
EXISTING = "MATCH (p:Person) WHERE p.id IN $ids RETURN p.id"


@dataclass
class Rebuilt:
    ingest: IngestSummary = field(default_factory=IngestSummary)
    moved_to: Path | None = None
    cleared: int = 0
    judgements_kept: int = 0
    judgements_dropped: int = 0


def _old_judgements(store: GraphStore) -> tuple[list[Judgement], dict[str, str | None]]:
    """The judgements, and for each judged person its ID number (None: a roster person without one)."""
    judged = stored_judgements(store)
    ids = sorted({x for j in judged for x in (j.a, j.b)})
    numbers: dict[str, str | None] = {}
    if ids:
        try:
            rows = store.read(NUMBERS, {"ids": ids}, name="rebuild").rows
        except Exception:  # noqa: BLE001 - a scheme-1 embedded store has no idno_masked column
            rows = [[pid, idno, None] for pid, idno in
                    store.read("MATCH (p:Person) WHERE p.id IN $ids RETURN p.id, p.idno", {"ids": ids}).rows]
        for pid, idno, masked in rows:
            if idno:
                numbers[pid] = str(idno)
            elif masked:
                numbers[pid] = None
    return judged, numbers


def rebuild(paths: Iterable[Path], settings: Settings, kind: str | None = None, mapping: Path | None = None,
            on_file: Callable[[Path, int, int], None] | None = None, progress: Progress | None = None,
            clear_neo4j: bool = False) -> Rebuilt:
    """Ingest ``paths`` into a fresh store with this installation's key, keeping what judgements it can."""
    paths = list(paths)
    out = Rebuilt()
    key = installation_key(settings, create=True)
    assert key is not None
    judged: list[Judgement] = []
    numbers: dict[str, str | None] = {}
    try:
        with open_store(settings, read_only=True, check_ids=False) as old:
            judged, numbers = _old_judgements(old)
    except StoreUnavailableError:
        if settings.store == "neo4j":
            raise
    if settings.store == "neo4j":
        if not clear_neo4j:
            raise ConfigError(f"rebuilding empties the Neo4j database {settings.neo4j_database}: "
                              "pass --yes to go ahead")
        with open_store(settings, check_ids=False) as old:
            out.cleared = old.clear()  # type: ignore[attr-defined]
    elif settings.db_path.exists():
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        out.moved_to = settings.db_path.with_name(f"{settings.db_path.name}.before-rebuild-{stamp}")
        shutil.move(str(settings.db_path), str(out.moved_to))
    out.ingest = ingest(paths, settings, kind=kind, mapping=mapping, on_file=on_file, progress=progress)

    def new_id(pid: str) -> str | None:
        if pid not in numbers:
            return pid  # a notice person: its id is the notice and the name, not the number
        number = numbers[pid]
        return key.person_id(number) if number else None

    with open_store(settings) as store:
        mapped = [(j, new_id(j.a), new_id(j.b)) for j in judged]
        wanted = sorted({x for _, a, b in mapped for x in (a, b) if x})
        present = {r[0] for r in store.read(EXISTING, {"ids": wanted}, name="rebuild").rows} if wanted else set()
        for j, a, b in mapped:
            if a is not None and b is not None and a in present and b in present:
                store.load(judgement_batch(Judgement(a, b, j.verdict, j.judged_by, j.judged_at, j.score)))
                out.judgements_kept += 1
            else:
                out.judgements_dropped += 1
    return out
