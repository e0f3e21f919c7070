"""A user's session: the library API with the role's limits and the audit log built in.

The app and the CLI act through a :class:`Session` for everything a role limits
or the audit must see: searches, queries, exports, reveals and judgements. A
session never shows personal data unmasked: the one way to an unmasked value is
:meth:`Session.reveal` — one field of one person, by an investigator, with a
reason, audited (the value itself is never logged).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from qinyou import api
from qinyou.access import audit
from qinyou.access.records import masked_rows
from qinyou.access.roles import Principal
from qinyou.errors import AccessError, QueryError, QinyouError
from qinyou.explore.card import Card
from qinyou.explore.evidence import Evidence
from qinyou.explore.export import ledger_bytes, table_csv, table_xlsx, write_table
from qinyou.explore.findings import FindingPage, Filters
from qinyou.graph.privacy import Masking
from qinyou.graph.paging import Page
from qinyou.graph.result import GNode, GRel, Result, graph_elements
from qinyou.graph.model import schema
from qinyou.graph.store import GraphStore
from qinyou.queries.catalog import SavedQuery, get_query
from qinyou.settings import Settings

#: the fields of a person that may be revealed, and the store property behind each
REVEALABLE = {"idno": "p.idno", "name": "p.name"}
FIELD_ZH = {"idno": "身份证号", "name": "姓名"}
MIN_REASON = 4
#: export formats: the app's two, and JSON Lines for streamed exports (``qinyou query --out x.jsonl``)
FORMATS = ("csv", "xlsx", "json")


@dataclass
class Answer:
    """A query's answer as a session shows it: masked rows, and masked graph elements to draw."""

    query: SavedQuery | None
    columns: list[str]
    rows: list[dict[str, Any]]
    nodes: dict[str, GNode]
    rels: dict[str, GRel]
    #: where these rows start in the whole answer, and whether more follow (a page of it)
    offset: int = 0
    more: bool = False

    @property
    def total(self) -> int | None:
        """The whole answer's row count, once its last page is shown."""
        return None if self.more else self.offset + len(self.rows)


def flat(value: Any) -> Any:
    """A masked cell for a table: lists and dicts (nodes, paths, evidence) as their text."""
    return str(value) if isinstance(value, (list, dict)) else value


class Session:
    """``principal`` acting on the store of ``settings``; ``trainer`` is the user's own switch
    (a trainer's role, and ``QINYOU_TRAINER``, force it on)."""

    def __init__(self, settings: Settings, principal: Principal, trainer: bool = False) -> None:
        self.settings = settings
        self.principal = principal
        self._trainer = trainer

    @property
    def trainer(self) -> bool:
        return self.principal.trainer or self.settings.trainer or self._trainer

    def masking(self, store: GraphStore | None = None) -> Masking:
        """Masked always (notice-style in trainer mode); never revealing."""
        return api.masking(self.settings, reveal=False, trainer=self.trainer, store=store)

    def log(self, action: str, params: Mapping[str, Any], ok: bool = True) -> None:
        audit.record(self.settings.audit_path, self.principal.user, self.principal.role, action, params, ok)

    def _require(self, action: str, params: Mapping[str, Any]) -> None:
        try:
            self.principal.require(action)
        except AccessError:
            self.log(action, {**params, "refused": "role"}, ok=False)
            raise

    # -- looking -------------------------------------------------------------------------------

    def search(self, text: str, limit: int = 50, store: GraphStore | None = None) -> list[GNode]:
        """Matches with their properties masked as this session shows them (the node id kept, to
        open a card by); the search is audited."""
        hits = api.search(text, self.settings, limit, store=store)
        self.log("search", {"text": text, "hits": len(hits)})
        m, sch = self.masking(store), schema()
        return [GNode(h.key, h.label, {**m.props(h.label, h.props, sch), "id": h.id}) for h in hits]

    def card(self, person_id: str, store: GraphStore | None = None) -> Card:
        return api.person_card(person_id, self.settings, self.masking(store), store=store)

    def evidence(self, source: str, store: GraphStore | None = None) -> Evidence:
        return api.evidence(source, self.settings, self.masking(store), store=store)

    def findings(self, filters: Filters | None = None, offset: int = 0, limit: int = 50,
                 found: list[dict[str, Any]] | None = None, store: GraphStore | None = None) -> FindingPage:
        return api.findings(self.settings, filters, offset, limit, self.masking(store), found, store=store)

    # -- queries -------------------------------------------------------------------------------

    def _answer(self, query: SavedQuery | None, result: Any, private: Sequence[str],
                store: GraphStore | None) -> Answer:
        m, sch = self.masking(store), schema()
        nodes, rels = graph_elements(result)
        shown = {k: GNode(n.key, n.label, m.props(n.label, n.props, sch)) for k, n in nodes.items()}
        return Answer(query, list(result.columns), masked_rows(result, m, private), shown, rels)

    def query(self, name: str, params: Mapping[str, Any] | None = None,
              store: GraphStore | None = None) -> Answer:
        """A saved query, read-only, masked; its name and parameters are audited."""
        given = dict(params or {})
        try:
            query, result = api.run_query(name, given, self.settings, store=store)
        except QinyouError as exc:
            self.log("query", {"name": name, "params": given, "error": str(exc)}, ok=False)
            raise
        self.log("query", {"name": name, "params": given, "rows": len(result)})
        return self._answer(query, result, query.private, store)

    def cypher(self, text: str, store: GraphStore) -> Answer:
        """A read-only ad-hoc query (investigators and analysts), masked like any other; audited."""
        self._require("cypher", {"text": text})
        try:
            result = api.run_cypher(text, {}, store)
        except QinyouError as exc:
            self.log("cypher", {"text": text, "error": str(exc)}, ok=False)
            raise
        self.log("cypher", {"text": text, "rows": len(result)})
        return self._answer(None, result, (), store)

    def query_page(self, name: str, params: Mapping[str, Any] | None = None, offset: int = 0, size: int = 100,
                   store: GraphStore | None = None) -> Answer:
        """One page of a saved query (only it fetched from the store), masked; audited with its offset."""
        given = dict(params or {})
        try:
            query, page = api.query_page(name, given, self.settings, offset, size, store=store)
        except QinyouError as exc:
            self.log("query", {"name": name, "params": given, "offset": offset, "error": str(exc)}, ok=False)
            raise
        self.log("query", {"name": name, "params": given, "offset": offset, "rows": len(page), "more": page.more})
        return self._page(query, page, query.private, store)

    def cypher_page(self, text: str, store: GraphStore, offset: int = 0, size: int = 100) -> Answer:
        """One page of a read-only ad-hoc query (investigators and analysts), masked; audited."""
        self._require("cypher", {"text": text})
        try:
            page = api.cypher_page(text, store, offset, size)
        except QinyouError as exc:
            self.log("cypher", {"text": text, "offset": offset, "error": str(exc)}, ok=False)
            raise
        self.log("cypher", {"text": text, "offset": offset, "rows": len(page), "more": page.more})
        return self._page(None, page, (), store)

    def _page(self, query: SavedQuery | None, page: Page, private: Sequence[str],
              store: GraphStore | None) -> Answer:
        answer = self._answer(query, Result(page.columns, page.rows), private, store)
        answer.offset, answer.more = page.offset, page.more
        return answer

    # -- exports -------------------------------------------------------------------------------

    def export_query(self, name: str, params: Mapping[str, Any] | None, fmt: str, path: Path,
                     store: GraphStore | None = None) -> int:
        """A saved query's whole answer, masked, streamed chunk by chunk to ``path`` (CSV or .xlsx);
        audited with the row count. Returns the rows written."""
        given = dict(params or {})
        self._check_export(fmt, name, FORMATS)
        query = get_query(name)
        chunks = api.query_chunks(name, given, self.settings, store=store)
        return self._export(chunks, query.private, fmt, path, {"what": name, "params": given}, store)

    def export_cypher(self, text: str, fmt: str, path: Path, store: GraphStore) -> int:
        """A read-only ad-hoc query's whole answer, masked, streamed to ``path``; audited."""
        self._require("cypher", {"text": text})
        self._check_export(fmt, "cypher", FORMATS)
        return self._export(api.cypher_chunks(text, store), (), fmt, path, {"what": "cypher", "text": text}, store)

    def _export(self, chunks: Iterator[Result], private: Sequence[str], fmt: str, path: Path,
                logged: dict[str, Any], store: GraphStore | None) -> int:
        m = self.masking(store)
        try:
            first = next(chunks)  # a stream gives at least one chunk: its columns head the file

            def masked() -> Iterator[list[dict[str, Any]]]:
                for chunk in chain([first], chunks):
                    yield [{k: flat(v) for k, v in row.items()} for row in masked_rows(chunk, m, private)]

            rows = write_table(masked(), first.columns, fmt, path)
        except QinyouError as exc:
            self.log("export", {**logged, "format": fmt, "error": str(exc)[:200]}, ok=False)
            raise
        self.log("export", {**logged, "format": fmt, "rows": rows, "to": path.name})
        return rows

    def export_table(self, rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: str,
                     what: str) -> bytes:
        """A table (already masked by this session) as CSV or .xlsx bytes; audited."""
        self._check_export(fmt, what)
        data = table_csv(rows, columns) if fmt == "csv" else table_xlsx(rows, columns)
        self.log("export", {"what": what, "format": fmt, "rows": len(rows)})
        return data

    def export_ledger(self, findings: list[dict[str, Any]], fmt: str, what: str = "clue ledger") -> bytes:
        """The clue ledger of ``findings``, masked, as CSV or .xlsx bytes; audited."""
        self._check_export(fmt, what)
        data = ledger_bytes(findings, fmt, reveal=False)
        self.log("export", {"what": what, "format": fmt, "rows": len(findings),
                            "findings": [f.get("id") for f in findings[:50]]})
        return data

    def _check_export(self, fmt: str, what: str, formats: Sequence[str] = FORMATS[:2]) -> None:
        self._require("export", {"what": what, "format": fmt})
        if fmt not in formats:
            raise QueryError(f"export format must be {' or '.join(formats)}, not {fmt!r}")

    # -- loading ---------------------------------------------------------------------------------

    def ingest(self, files: Sequence[tuple[str, bytes]], kind: str | None = None,
               **progress: Any) -> api.IngestSummary:
        """Keep and load uploaded files (``qinyou ingest --keep --detect``) if the role may;
        audited with each file's name, size and counts (never its cells)."""
        params: dict[str, Any] = {"files": [{"name": name, "bytes": len(data)} for name, data in files],
                                  "kind": kind}
        self._require("ingest", params)
        try:
            summary = api.ingest_kept(files, self.settings, kind=kind, **progress)
        except QinyouError as exc:
            self.log("ingest", {**params, "error": str(exc)[:200]}, ok=False)
            raise
        self.log("ingest", {**params, "loaded": sum(r.loaded for r in summary.reports),
                            "rejected": sum(len(r.rejects) for r in summary.reports),
                            "changed": bool(summary.load.changed)})
        return summary

    # -- revealing and judging -----------------------------------------------------------------

    def reveal(self, person_id: str, field: str, reason: str, store: GraphStore | None = None) -> str:
        """One field of one person unmasked, for an investigator giving a reason; audited without the value."""
        params = {"person": person_id, "field": field, "reason": reason.strip()}
        self._require("reveal", params)
        if self.trainer:
            self.log("reveal", {**params, "refused": "trainer mode"}, ok=False)
            raise AccessError("nothing is revealed in trainer mode: switch it off first")
        if field not in REVEALABLE:
            raise AccessError(f"only {', '.join(REVEALABLE)} may be revealed, not {field!r}")
        if len(reason.strip()) < MIN_REASON:
            self.log("reveal", {**params, "refused": "no reason"}, ok=False)
            raise AccessError(f"a reveal needs a reason (at least {MIN_REASON} characters): why do you need it?")
        with api._reading(self.settings, store) as s:
            rows = s.read(f"MATCH (p:Person) WHERE p.id = $id RETURN {REVEALABLE[field]}", {"id": person_id},
                          name="reveal").rows
        if not rows:
            raise QueryError(f"no person with id {person_id}")
        value = rows[0][0]
        if value in (None, ""):
            self.log("reveal", {**params, "stored": False}, ok=False)
            raise QueryError(f"this person's {FIELD_ZH[field]} ({field}) is not stored: nothing to reveal"
                             + (" (QINYOU_STORE_IDNO is off: only the masked form is kept)" if field == "idno" else ""))
        self.log("reveal", params)
        return str(value)

    def unmasked(self, what: str, params: Mapping[str, Any], reason: str | None) -> None:
        """Allow the command line's ``--reveal`` (whole tables unmasked, written where the OS user
        holding the store's files asked): an investigator, outside trainer mode, giving a reason.
        Audited as a reveal; the app has no such door."""
        logged = {"what": what, **params, "reason": (reason or "").strip(), "bulk": True}
        self._require("reveal", logged)
        if self.trainer:
            self.log("reveal", {**logged, "refused": "trainer mode"}, ok=False)
            raise AccessError("nothing is revealed in trainer mode")
        if len((reason or "").strip()) < MIN_REASON:
            self.log("reveal", {**logged, "refused": "no reason"}, ok=False)
            raise AccessError(f"--reveal needs --reason (at least {MIN_REASON} characters): why do you need it?")
        self.log("reveal", logged)

    def judge(self, a: str, b: str, verdict: str, by: str | None = None) -> None:
        """An identity judgement, recorded as this user's (or ``by``, the command line's --by); audited."""
        params = {"a": a, "b": b, "verdict": verdict, "by": by or self.principal.user}
        self._require("judge", params)
        api.judge(a, b, verdict, by or self.principal.user, self.settings)
        self.log("judge", params)

    def undo_judgement(self, a: str, b: str) -> Any:
        self._require("judge", {"a": a, "b": b, "undo": True})
        gone = api.undo_judgement(a, b, self.settings)
        self.log("judge", {"a": a, "b": b, "undo": True, "verdict": gone.verdict})
        return gone

    def triage(self, finding: str, status: str, note: str = "", by: str | None = None) -> Any:
        """A triage decision on a finding, as this user's (or ``by``); audited with its note."""
        params = {"finding": finding, "status": status, "note": note, "by": by or self.principal.user}
        self._require("triage", params)
        decision = api.set_triage(finding, status, self.settings, note, by or self.principal.user)
        self.log("triage", params)
        return decision
