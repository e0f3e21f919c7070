"""The library API: what the CLI and the app both call.

Every app action has a function here and a CLI command over it.
"""
from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qinyou.graph.model import schema
from qinyou.graph.result import Result
from qinyou.graph.store import GraphStore, LoadReport, Progress
from qinyou.stores import open_store
from qinyou.idstore import installation_key, stamp_batch
from qinyou.ingest.dispatch import read_inputs
from qinyou.ingest.report import FileReport
from qinyou.compat import release_memory
from qinyou.errors import QueryError, ReadOnlyError
from qinyou.settings import Settings
from qinyou.queries.catalog import SavedQuery, get_query, load_queries, looks_like_write
from qinyou.resources import data_path
from qinyou.graph.judgements import Judgement
from qinyou.identity.resolution import Resolution, identities, resolve, undo
from qinyou.identity.network import OffenderReport, offenders, person_history
from qinyou.graph.networks import Event
from qinyou.graph.privacy import Masking
from qinyou.graph.result import GNode, GRel
from qinyou.explore import card, findings as findings_mod, kinpath, loadreport, snapshot, status as status_mod, triage, uploads
from qinyou.explore.card import Card
from qinyou.explore.evidence import Evidence, open_evidence
from qinyou.explore.findings import FindingPage, Filters
from qinyou.explore.kinpath import KinAnswer
from qinyou.explore.status import StoreStatus
from qinyou.explore.walk import Stop, walk

if TYPE_CHECKING:
    from qinyou.graph.neo4j_import import ImportFiles

CORPUS_DIR = data_path("qinyou.corpus")


@contextmanager
def _reading(settings: Settings, store: GraphStore | None) -> Iterator[GraphStore]:
    """The caller's open store, or one opened read-only for this call."""
    if store is not None:
        yield store
        return
    with open_store(settings, read_only=True) as own:
        yield own


@dataclass
class IngestSummary:
    reports: list[FileReport] = field(default_factory=list)
    load: LoadReport = field(default_factory=LoadReport)
    #: where the inputs were kept beside the store (the app's uploads, ``ingest --keep``)
    kept: list[Path] = field(default_factory=list)
    #: the findings snapshot after the load, when asked for (``ingest --detect``, the app)
    snapshot: snapshot.Snapshot | None = None


def ingest(paths: Iterable[Path], settings: Settings, kind: str | None = None,
           mapping: Path | None = None, on_file: Callable[[Path, int, int], None] | None = None,
           progress: Progress | None = None) -> IngestSummary:
    """Read inputs file by file and merge each into the store (idempotent).

    Loading per file keeps memory bounded by the largest file; a person met
    again in a later file gains that file's provenance through the store's
    merge, so the result is the same as one big load. Roster persons' ids are keyed
    with this installation's ID key (created on first use, :mod:`qinyou.idstore`),
    which the store records.
    """
    summary = IngestSummary()
    with open_store(settings) as store:  # refuses a store of another ID key or id scheme
        key = installation_key(settings, create=True)  # created only once the store is known to want it
        assert key is not None
        store.load(stamp_batch(key))
        for file_batch, report in read_inputs(paths, kind=kind, mapping=mapping, on_file=on_file,
                                              read_ahead_setting=settings.read_ahead, key=key):
            summary.reports.append(report)
            loaded = store.load(file_batch, progress=progress, consume=True)  # let go table by table
            del file_batch
            release_memory()
            for kind_name, n in loaded.created.items():
                summary.load.add(kind_name, n, loaded.updated.get(kind_name, 0))
    if summary.load.changed:
        snapshot.bump_generation(settings)  # the findings snapshot of the old state is now stale
        keep_identities(settings)
    return summary


def keep_identities(settings: Settings) -> None:
    """Resolve identities for the store as it now is and keep them beside it (:mod:`qinyou.identity.cache`),
    so the notice rules of the next ``detect`` need not resolve them again."""
    if settings.store == "embedded":
        with open_store(settings, read_only=True) as store:
            identities(store)


def ingest_kept(files: Iterable[tuple[str, bytes]] | Iterable[Path], settings: Settings, kind: str | None = None,
                mapping: Path | None = None, on_file: Callable[[Path, int, int], None] | None = None, progress: Progress | None = None,
                detect: bool = True, on_step: Callable[[str], None] | None = None) -> IngestSummary:
    """What the Ingest page does (``qinyou ingest --keep --detect``): keep the files beside the
    store, load them, and bring the findings snapshot up to date unless it already is.

    ``files`` are uploads (``(name, bytes)``) or paths. The store is opened for writing, so no
    other process may hold it (the app releases its own read handle first).
    """
    items = list(files)
    kept = (keep_uploads(items, settings) if items and isinstance(items[0], tuple)  # type: ignore[arg-type]
            else keep_files(items, settings))  # type: ignore[arg-type]
    summary = ingest(kept, settings, kind=kind, mapping=mapping, on_file=on_file, progress=progress)
    summary.kept = kept
    if detect:
        summary.snapshot = refresh_findings_snapshot(settings, on_step=on_step)
    return summary


def refresh_findings_snapshot(settings: Settings, store: GraphStore | None = None,
                              on_step: Callable[[str], None] | None = None) -> snapshot.Snapshot:
    """The findings snapshot, rebuilt only when it is missing or stale."""
    with _reading(settings, store) as s:
        now = snapshot.load(settings, snapshot.store_state(settings, s))
        return now if now.current else snapshot.build(settings, s, on_step)


def ingest_problems(summary: IngestSummary, shown: Masking, which: str = "rejects", source: str | None = None,
                    offset: int = 0, limit: int = 50) -> loadreport.RowPage:
    """One page of an ingest's rejected rows (or warnings) with reasons; raw cells hidden unless revealed
    (``qinyou ingest --rejects FILE`` / ``--warnings FILE`` write them all)."""
    return loadreport.problem_rows(summary.reports, shown, which, source, offset, limit)


def keep_uploads(files: Iterable[tuple[str, bytes]], settings: Settings) -> list[Path]:
    """Store uploaded files beside the store (``<db>-uploads/<digest>/<name>``) so evidence stays real."""
    return [uploads.keep_bytes(settings, name, data) for name, data in files]


def keep_files(paths: Iterable[Path], settings: Settings) -> list[Path]:
    """Copy input files (directories walked) beside the store as an upload is kept (``ingest --keep``)."""
    from qinyou.ingest.dispatch import expand

    return [uploads.keep_file(settings, p) for p in expand(paths)]


def store_state(settings: Settings, store: GraphStore | None = None) -> str:
    """The store's state (write generation and counts digest) that a findings snapshot is keyed to."""
    with _reading(settings, store) as s:
        return snapshot.store_state(settings, s)


def findings_snapshot(settings: Settings, store: GraphStore | None = None) -> snapshot.Snapshot:
    """The stored findings and whether they are ``current``, ``stale`` or ``missing`` for the store now."""
    with _reading(settings, store) as s:
        return snapshot.load(settings, snapshot.store_state(settings, s))


def build_findings_snapshot(settings: Settings, store: GraphStore | None = None,
                            on_step: Callable[[str], None] | None = None) -> snapshot.Snapshot:
    """Run every rule and store the findings beside the store (``qinyou detect`` does this too)."""
    with _reading(settings, store) as s:
        return snapshot.build(settings, s, on_step)


def stats(settings: Settings) -> dict[str, dict[str, int]]:
    """Node and relationship counts per type."""
    with open_store(settings, read_only=True) as store:
        return store.counts()


def apply_schema(settings: Settings) -> dict[str, int]:
    """Create the store's tables / constraints and indexes now; on Neo4j also finish a bulk import
    (absent list properties become empty lists). Returns what was filled, per ``Type.property``."""
    with open_store(settings) as store:
        store.ensure_schema()
        complete = getattr(store, "complete_import", None)
        return complete() if complete else {}


def export_neo4j_import(settings: Settings, directory: Path) -> ImportFiles:
    """Write the graph as header + CSV files for ``neo4j-admin database import full``."""
    from qinyou.graph.neo4j_import import write_import  # brings the Neo4j driver: only when asked

    with open_store(settings, read_only=True) as store:
        return write_import(store, directory)


def queries() -> list[SavedQuery]:
    return list(load_queries().values())


def run_query(name: str, params: dict[str, Any] | None, settings: Settings,
              store: GraphStore | None = None) -> tuple[SavedQuery, Result]:
    """Run a saved query read-only with parameters bound from its header."""
    query = get_query(name)
    bound = query.bind(params)
    if store is None:
        with open_store(settings, read_only=True) as own:
            return query, _run(own, query, bound)
    return query, _run(store, query, bound)


def _run(store: GraphStore, query: SavedQuery, bound: dict[str, Any]) -> Result:
    text = query.text_for(store.dialect)
    if looks_like_write(text):
        raise ReadOnlyError("saved queries are read-only: this one contains a write clause", query=query.name)
    return store.read(text, bound, name=query.name)


def run_cypher(text: str, params: dict[str, Any], store: GraphStore, name: str = "ad hoc") -> Result:
    """Run a read-only ad-hoc query (the app's query box); writes are refused."""
    if looks_like_write(text):
        raise ReadOnlyError("queries here are read-only", query=name)
    if not text.strip():
        raise QueryError("empty query", query=name)
    return store.read(text, params, name=name)


def demo_paths() -> list[Path]:
    """The demo corpus shipped with the project: rosters and notices."""
    return [CORPUS_DIR / "rosters", CORPUS_DIR / "notices"]


def build_demo(settings: Settings, force: bool = False,
               on_file: Callable[[Path, int, int], None] | None = None) -> IngestSummary | None:
    """Build the demo graph into the embedded store unless one is there already."""
    from qinyou.graph.embedded import DB_FILE

    target = settings.db_path / DB_FILE
    if target.exists() and not force:
        return None
    if force and settings.db_path.exists():
        shutil.rmtree(settings.db_path)
    return ingest(demo_paths(), settings, on_file=on_file)


def schema_summary() -> dict[str, Any]:
    """The schema as plain data (for `qinyou schema` and the app legend)."""
    sch = schema()
    return {
        "nodes": [{"name": n.name, "label_zh": n.label_zh, "color": n.color, "caption": n.caption,
                   "identity": [list(a) for a in n.identity], "description": n.description,
                   "properties": {p.name: p.type for p in n.props.values()}} for n in sch.nodes.values()],
        "relationships": [{"name": r.name, "label_zh": r.label_zh, "color": r.color,
                           "ends": [list(e) for e in r.ends], "description": r.description,
                           "properties": {p.name: p.type for p in r.props.values()}} for r in sch.rels.values()],
    }




def judge(a: str, b: str, verdict: str, judged_by: str, settings: Settings,
          score: float | None = None) -> None:
    """Record that persons ``a`` and ``b`` are (or are not) one person; never merges."""
    from qinyou.graph.judgements import Judgement, judgement_batch, now

    if not judged_by.strip():
        raise QueryError("a judgement needs the name of who judged (--by)")
    with open_store(settings) as store:
        found = store.read("MATCH (p:Person) WHERE p.id IN $ids RETURN p.id", {"ids": [a, b]}, name="judge")
        missing = sorted({a, b} - {row[0] for row in found.rows})
        if missing:
            raise QueryError(f"no person with id {', '.join(missing)}")
        store.load(judgement_batch(Judgement(a, b, verdict, judged_by.strip(), now(), score)))
    snapshot.bump_generation(settings)


def judgements(settings: Settings) -> tuple[list[set[str]], list[tuple[str, str]]]:
    """Clusters of persons judged the same (transitively) and contradicted pairs."""
    from qinyou.graph.judgements import Judgement, resolve

    with open_store(settings, read_only=True) as store:
        rows = store.read("MATCH (a:Person)-[j:SAME_AS]->(b:Person) RETURN a.id, b.id, j.verdict, "
                          "j.judged_by, j.judged_at, j.score", name="judgements").rows
    return resolve(Judgement(*row) for row in rows)


def resolve_identities(settings: Settings, write: bool = True) -> Resolution:
    """Score identity candidates; write the automatic "same" judgements (unless ``write`` is false)."""
    with open_store(settings, read_only=not write) as store:
        done = resolve(store, write=write)
    if write:
        snapshot.bump_generation(settings)
        keep_identities(settings)
    return done


def undo_judgement(a: str, b: str, settings: Settings) -> Judgement:
    """Delete the latest judgement between ``a`` and ``b`` (the store is as before it)."""
    with open_store(settings) as store:
        undone = undo(store, a, b)
    snapshot.bump_generation(settings)
    return undone


def repeat_offenders(settings: Settings, store: GraphStore | None = None) -> OffenderReport:
    """Offenders by resolved identity, co-offender groups, villages and towns ranked by cases."""
    with _reading(settings, store) as s:
        return offenders(s)


def history_of(person: str, settings: Settings, store: GraphStore | None = None) -> list[Event]:
    """A person's posts, cases and penalties (and those of everyone judged the same), in date order."""
    with _reading(settings, store) as s:
        return person_history(s, person)


def pending_identities(settings: Settings, store: GraphStore | None = None) -> Resolution:
    """Identity candidates scored without writing anything: ``pending`` is the review queue."""
    with _reading(settings, store) as s:
        return resolve(s, write=False)


# -- the app's pages (each also a CLI command) ---------------------------------------------

def masking(settings: Settings, reveal: bool = False, trainer: bool = False,
            store: GraphStore | None = None) -> Masking:
    """How to show personal data: trainer mode (forced by ``QINYOU_TRAINER``) masks everything,
    including the names notices print inside case titles and texts."""
    trainer = trainer or settings.trainer
    return Masking(reveal=reveal, trainer=trainer, names=notice_names(settings, store) if trainer else ())


def notice_names(settings: Settings, store: GraphStore | None = None) -> list[str]:
    """Every person name a notice mentions (what trainer mode masks inside notice texts)."""
    with _reading(settings, store) as s:
        rows = s.read("MATCH (p:Person)-[:MENTIONED_IN]->(d:Document) RETURN DISTINCT p.name",
                      name="notice names").rows
    return sorted({str(n) for (n,) in rows if n})


def search(text: str, settings: Settings, limit: int = 50, store: GraphStore | None = None) -> list[GNode]:
    """Persons, places and cases matching a name, masked name (王某某), ID fragment, village or case.

    A full, valid ID number is hashed with the installation's ID key and looked up
    exactly; a fragment matches only the visible parts of the masked form."""
    from qinyou.graph.explore import nodes_of, search as search_nodes
    from qinyou.ingest.rosters.idno import validate_one

    number, problem = validate_one(text.strip()) if 15 <= len(text.strip()) <= 20 else ("", "short")
    person_id = None
    if number and not problem:
        key = installation_key(settings, create=False)
        person_id = key.person_id(number) if key else ""
    with _reading(settings, store) as s:
        return nodes_of(search_nodes(s, text, limit, person_id=person_id))


def person_card(person_id: str, settings: Settings, shown: Masking | None = None,
                store: GraphStore | None = None) -> Card:
    """A person's card: posts, household, relatives, benefits, payments, deaths, cases, penalties."""
    with _reading(settings, store) as s:
        return card.person_card(s, person_id, shown or masking(settings))


def evidence(source: str, settings: Settings, shown: Masking | None = None,
             store: GraphStore | None = None) -> Evidence:
    """Open a provenance string: the roster file and row, or the notice text with the span marked."""
    with _reading(settings, store) as s:
        return open_evidence(s, source, shown or masking(settings))


def all_findings(settings: Settings, filters: Filters | None = None,
                 store: GraphStore | None = None) -> list[dict[str, Any]]:
    """Every finding of the rules, place and scope of ``filters`` (unmasked: mask before showing)."""
    with _reading(settings, store) as s:
        return findings_mod.all_findings(s, filters or Filters())


def findings(settings: Settings, filters: Filters | None = None, offset: int = 0, limit: int = 50,
             shown: Masking | None = None, found: list[dict[str, Any]] | None = None,
             store: GraphStore | None = None) -> FindingPage:
    """One page of findings under ``filters``, masked, each with its triage status and note."""
    filters = filters or Filters()
    if found is None:
        found = all_findings(settings, filters, store)
    return findings_mod.select(found, filters, triage.current(settings.triage_path),
                               shown or masking(settings), offset, limit)


def set_triage(finding: str, status: str, settings: Settings, note: str = "", by: str = "") -> triage.Decision:
    """Record a triage decision (open / confirmed / dismissed, with a note) on a finding id."""
    return triage.record(settings.triage_path, finding, status, note, by)


def triage_history(settings: Settings) -> list[triage.Decision]:
    """Every triage decision, oldest first."""
    return triage.history(settings.triage_path)


def neighbourhood(node_ids: list[str], settings: Settings, hops: int = 1, per_node: int = 12,
                  expanded: list[str] | None = None, store: GraphStore | None = None
                  ) -> tuple[dict[str, GNode], dict[str, GRel]]:
    """Nodes and relationships around nodes, at most ``per_node`` per node with an "and N more" stub."""
    from qinyou.graph.explore import capped_neighbourhood

    with _reading(settings, store) as s:
        return capped_neighbourhood(s, node_ids, hops, per_node, expanded or [])


def kin_path(a: str, b: str, settings: Settings, shown: Masking | None = None,
             store: GraphStore | None = None) -> KinAnswer:
    """How ``b`` is related to ``a``: the kin path and its composed relation word."""
    with _reading(settings, store) as s:
        return kinpath.kin_path(s, a, b, shown or masking(settings))


def store_status(settings: Settings) -> StoreStatus:
    """Embedded or Neo4j, reachable or not, counts; never raises for a missing or unreachable store."""
    return status_mod.store_status(settings)


def training_walk(settings: Settings, per_rule: int = 2, store: GraphStore | None = None) -> list[Stop]:
    """The trainer's guided walk through the case patterns of the store, masked notice-style."""
    return walk(all_findings(settings, None, store), per_rule)
