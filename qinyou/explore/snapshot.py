"""The findings snapshot: every rule's findings, stored beside the store and keyed to its state.

Detection over a county of a million people takes half a minute or more, so
the Findings page does not run it: ``qinyou detect`` (all rules) and an ingest
from the app write the findings to ``<db>-findings.jsonl`` beside the store
directory, and the page reads that file, filters and pages it.

The file's first line is a header naming the *store state* it was computed
from (:func:`store_state`): the store's write generation (a counter the API
bumps after every write that changed the graph: an ingest that created or
updated something, a judgement, an undo) and a digest of the node and
relationship counts (which also catches a store replaced or rebuilt by other
means). When the state differs the snapshot is *stale*: the page says so and
offers to run detection again; it never shows stale findings as current.

Each stored finding is the unmasked dict of :meth:`qinyou.detect.Finding.as_dict`
plus ``places``: the place paths (``县/乡镇/村``) of the people, households and
cases the finding is about, which the place filter matches by name.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qinyou.detect import Finding, detect
from qinyou.errors import InputError
from qinyou.graph.store import GraphStore
from qinyou.settings import Settings

FORMAT = "qinyou-findings/1"
#: the scope the snapshot is computed with (the page's and ``qinyou detect``'s default)
SCOPE = "dibao"
PLACE_QUERIES: dict[str, tuple[str, ...]] = {
    "Person": (
        "UNWIND $ids AS x MATCH (p:Person {id: x})-[:MEMBER_OF]->(:Household)-[:LOCATED_IN]->(pl:Place) "
        "RETURN x, pl.path",
        "UNWIND $ids AS x MATCH (p:Person {id: x})-[:HOLDS]->(:Post)-[:IN_ORG]->(:Org)-[:LOCATED_IN]->(pl:Place) "
        "RETURN x, pl.path",
        "UNWIND $ids AS x MATCH (p:Person {id: x})-[:LOCATED_IN]->(pl:Place) RETURN x, pl.path",
    ),
    "Household": ("UNWIND $ids AS x MATCH (h:Household {id: x})-[:LOCATED_IN]->(pl:Place) RETURN x, pl.path",),
    "Case": ("UNWIND $ids AS x MATCH (c:`Case` {id: x})-[:LOCATED_IN]->(pl:Place) RETURN x, pl.path",),
}


def snapshot_path(settings: Settings) -> Path:
    """``<db>-findings.jsonl`` beside the store directory (kept when the store is rebuilt)."""
    return settings.db_path.with_name(settings.db_path.name + "-findings.jsonl")


def generation_path(settings: Settings) -> Path:
    """``<db>-generation``: the store's write generation, one integer."""
    return settings.db_path.with_name(settings.db_path.name + "-generation")


def generation(settings: Settings) -> int:
    path = generation_path(settings)
    try:
        return int(path.read_text(encoding="utf-8").strip() or 0)
    except FileNotFoundError:
        return 0
    except ValueError as exc:
        raise InputError(f"the store's generation file is not a number: {path}") from exc


def bump_generation(settings: Settings) -> int:
    """Record that the store changed (every API write that changed the graph calls this)."""
    new = generation(settings) + 1
    path = generation_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(f"{new}\n", encoding="utf-8")
    os.replace(tmp, path)
    return new


def store_state(settings: Settings, store: GraphStore) -> str:
    """``g<generation>-<digest of counts>``: what a snapshot is keyed to."""
    counts = store.counts()
    digest = hashlib.blake2b(json.dumps(counts, sort_keys=True).encode(), digest_size=6).hexdigest()
    return f"g{generation(settings)}-{digest}"


@dataclass
class Snapshot:
    """A snapshot as read: ``state`` is ``current``, ``stale`` or ``missing``."""

    state: str
    header: dict[str, Any] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return self.state == "current"


def places_of(store: GraphStore, found: Iterable[Finding]) -> dict[str, list[str]]:
    """Finding id → the place paths of the nodes it names (one ``UNWIND`` lookup per label and query)."""
    by_label: dict[str, set[str]] = defaultdict(set)
    wanted: dict[str, list[str]] = {}
    for f in found:
        wanted[f.id] = list(f.identities)
        for ident in f.identities:
            label = str(ident).split(":", 1)[0]
            if label in PLACE_QUERIES:
                by_label[label].add(str(ident))
    paths: dict[str, set[str]] = defaultdict(set)
    for label, ids in by_label.items():
        for query in PLACE_QUERIES[label]:
            for x, path in store.read(query, {"ids": sorted(ids)}, name="snapshot places").rows:
                if path:
                    paths[str(x)].add(str(path))
    return {fid: sorted({p for i in idents for p in paths.get(i, ())}) for fid, idents in wanted.items()}


def build(settings: Settings, store: GraphStore,
          on_step: Callable[[str], None] | None = None) -> Snapshot:
    """Run every rule on ``store`` and write the snapshot (atomically); returns it."""
    state = store_state(settings, store)
    started = time.perf_counter()
    if on_step:
        on_step("detect")
    found = detect(store, None, None, SCOPE)
    if on_step:
        on_step("places")
    places = places_of(store, found)
    findings = [{**f.as_dict(reveal=True), "places": places.get(f.id, [])} for f in found]
    header = {"format": FORMAT, "store_state": state, "scope": SCOPE, "findings": len(findings),
              "seconds": round(time.perf_counter() - started, 1),
              "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    write(snapshot_path(settings), header, findings)
    return Snapshot("current", header, findings)


def write(path: Path, header: dict[str, Any], findings: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for f in findings:
            out.write(json.dumps(f, ensure_ascii=False, default=str) + "\n")
    os.replace(tmp, path)


def read_header(path: Path) -> dict[str, Any] | None:
    """The header line, or ``None`` when there is no snapshot."""
    try:
        with path.open(encoding="utf-8") as fh:
            first = fh.readline()
    except FileNotFoundError:
        return None
    try:
        header = json.loads(first)
    except ValueError as exc:
        raise InputError(f"not a findings snapshot: {path}") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InputError(f"not a findings snapshot (format {FORMAT}): {path}")
    return header


def _findings(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        fh.readline()
        for n, line in enumerate(fh, 2):
            if line.strip():
                try:
                    yield json.loads(line)
                except ValueError as exc:
                    raise InputError(f"findings snapshot line {n} is damaged: run `qinyou detect` again",
                                     file=str(path), row=n) from exc


def load(settings: Settings, state: str) -> Snapshot:
    """The snapshot, marked ``current`` when it was computed from ``state``, else ``stale``;
    ``missing`` (and empty) when there is none."""
    path = snapshot_path(settings)
    header = read_header(path)
    if header is None:
        return Snapshot("missing")
    verdict = "current" if header.get("store_state") == state else "stale"
    return Snapshot(verdict, header, list(_findings(path)))

