"""Opening a piece of evidence: a roster file and row, or a notice with the span marked.

A provenance string (:mod:`qinyou.graph.provenance`) names either a roster row
(``file#rN``) or a span of a notice's text (``doc#cS-E``). For a notice the
document text is read from its ``Document`` node and cut around the span; for a
roster row the file's ``Document`` node tells what kind of roster it is and how
many rows were loaded from it (the row's own values are the facts that cite it).
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from qinyou.graph.privacy import Masking
from qinyou.graph.provenance import parse_source
from qinyou.graph.store import GraphStore

DOCUMENT = "MATCH (d:Document) WHERE d.name = $name RETURN d.doc_kind, d.roster_kind, d.text, d.rows_loaded"
MENTIONED = "MATCH (p:Person)-[:MENTIONED_IN]->(d:Document) WHERE d.name = $name RETURN p.name"
#: characters of context shown either side of a span
CONTEXT = 160


@dataclass
class Evidence:
    """One opened piece of evidence."""

    source: str
    file: str
    row: int | None = None
    span: tuple[int, int] | None = None
    kind: str = ""              # notice / roster / "" when the document is unknown
    roster_kind: str = ""
    rows_loaded: int | None = None
    before: str = ""
    marked: str = ""
    after: str = ""

    @property
    def label(self) -> str:
        """``file 第N行`` or ``doc 第S–E字``, as the clue ledger writes it."""
        if self.row is not None:
            return f"{self.file} 第{self.row}行"
        if self.span is not None:
            return f"{self.file} 第{self.span[0]}–{self.span[1]}字"
        return self.file

    def html(self) -> str:
        """The notice excerpt with the span in ``<mark>``; every piece of text escaped."""
        return (html.escape(self.before) + "<mark>" + html.escape(self.marked) + "</mark>"
                + html.escape(self.after))


def open_evidence(store: GraphStore, source: str, masking: Masking | None = None) -> Evidence:
    """The evidence a provenance string points at (its document read from the store)."""
    m = masking or Masking()
    parsed = parse_source(source)
    ev = Evidence(source, str(parsed["source"]), row=parsed.get("row"))
    if "span" in parsed:
        ev.span = (int(parsed["span"][0]), int(parsed["span"][1]))
    rows = store.read(DOCUMENT, {"name": ev.file}, name="evidence").rows
    if not rows:
        return ev
    kind, roster_kind, text, loaded = rows[0]
    ev.kind, ev.roster_kind, ev.rows_loaded = str(kind or ""), str(roster_kind or ""), loaded
    if ev.span is not None and text:
        if m.trainer:  # masking keeps each name's length, so the span still points at the same words
            names = [str(n) for (n,) in store.read(MENTIONED, {"name": ev.file}, name="evidence").rows if n]
            text = m.text(text, [*names, *m.names])
        start, end = max(0, ev.span[0]), min(len(text), ev.span[1])
        lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
        ev.before = ("…" if lo else "") + text[lo:start]
        ev.marked = text[start:end]
        ev.after = text[end:hi] + ("…" if hi < len(text) else "")
    return ev
